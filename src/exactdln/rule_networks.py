"""The networks of Bordelon & Pehlevan (2022) and their learning rules: definitions and starts.

A batch of ``S`` networks with ``L`` hidden layers of width ``N``, in the mean-field (rich)
parameterisation with richness ``gamma0``, together with the fixed feedback weights their
rule needs (:class:`RuleNetworks`, drawn by :func:`init_networks`). The model, the rules
and their dynamics are described in :mod:`exactdln.learning_rules`, which trains them
(docs/mathematics.md §9).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import activations
from ._checks import as_matrix, positive_float, positive_int

#: The learning rules of :func:`train`.
RULES = ("gd", "fa", "dfa", "hebb", "gln")


def _check_rule(rule: str) -> str:
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    return rule


def check_rho(rule: str, rho) -> float | None:
    """``rho`` as a float in [0, 1] for ``rule="fa"``; ``None`` for every other rule.

    Raises ``ValueError`` if FA gets no ``rho`` or one outside [0, 1], or if
    another rule gets one (it would be silently ignored).
    """
    if rule == "fa":
        if rho is None:
            raise ValueError("rule 'fa' needs rho, the feedback-feedforward correlation in [0, 1]")
        r = float(rho)
        if not np.isfinite(r) or not 0.0 <= r <= 1.0:
            raise ValueError(f"rho must be in [0, 1], got {rho!r}")
        return r
    if rho is not None:
        raise ValueError(f"rho is only used by rule 'fa', got rho={rho!r} for rule {rule!r}")
    return None


@dataclass(frozen=True)
class RuleNetworks:
    """A batch of ``S`` independent mean-field networks of one learning rule.

    Attributes
    ----------
    rule, activation : str
        A key of :data:`RULES` and one of :data:`exactdln.activations.NAMES`.
    gamma0 : float
        Richness: ``f = w_L . a_L / (gamma0 N)``; small ``gamma0`` is lazy.
    rho : float or None
        Feedback correlation of rho-FA (``None`` for the other rules).
    weights : tuple of arrays
        ``(W0 (S, N, D), W1 ... W_{L-1} (S, N, N), w_L (S, N))``: the trained weights.
    feedback : tuple of arrays
        The rule's fixed arrays: FA ``(W~_1 ... W~_{L-1} (S, N, N), z~ (S, N))``;
        DFA ``(z~ (S, L, N),)``; GLN ``(M (S, L, N, D),)`` (gate weights); GD and
        Hebb ``()``.
    """

    rule: str
    activation: str
    gamma0: float
    rho: float | None
    weights: tuple[np.ndarray, ...]
    feedback: tuple[np.ndarray, ...]

    @property
    def depth(self) -> int:
        """Number of hidden layers ``L`` (``L + 1`` trained weight layers)."""
        return len(self.weights) - 1

    @property
    def width(self) -> int:
        return self.weights[0].shape[1]

    @property
    def n_in(self) -> int:
        return self.weights[0].shape[2]

    @property
    def n_seeds(self) -> int:
        return self.weights[0].shape[0]

    def with_weights(self, weights) -> RuleNetworks:
        """The same networks (rule, feedback) with other trained weights."""
        return replace(self, weights=tuple(weights))


def init_networks(
    rule: str,
    *,
    n_in: int,
    width: int,
    depth: int,
    n_seeds: int,
    seed: int,
    activation: str = "linear",
    gamma0: float = 1.0,
    rho: float | None = None,
    first: int = 0,
    paired: bool = False,
) -> RuleNetworks:
    """``n_seeds`` networks with independent N(0, 1) weights (and the rule's fixed feedback).

    Network ``k`` (``k = first, ..., first + n_seeds - 1``) draws its forward weights
    ``W0, ..., W_{L-1}, w_L`` from the first child of stream ``k`` of
    ``SeedSequence(seed)`` and its feedback from the second: networks of *different
    rules* (and different ``rho``) built from the same ``seed`` share their forward
    weights and feedback noise (common random numbers), and network ``k`` is the same
    whether it is drawn alone (``first=k, n_seeds=1``) or in a batch. ``seed`` must be
    an int (a Generator cannot be spawned reproducibly).

    ``paired=True`` (two-layer networks, ``depth=1``, even ``width``) uses the doubling
    trick (Chizat, Oyallon & Bach 2019): hidden unit ``i + N/2`` copies the input weights (and
    GLN gate weights) of unit ``i`` and has the opposite readout ``-w_i`` and readout
    feedback (``-z~_i`` for FA and DFA). The output is then exactly ``f = 0`` at the start,
    as at infinite width, instead of ``O(1 / (gamma0 sqrt(N)))``, which otherwise
    dominates the finite-width error at small ``gamma0``; the infinite-width limit is
    unchanged.

    Raises ``ValueError`` for an unknown rule or activation, non-positive sizes or
    ``gamma0``, or ``rho`` missing/out of [0, 1] for FA (or given for another rule).
    """
    rule = _check_rule(rule)
    activation = activations.check(activation)
    rho = check_rho(rule, rho)
    d, n = positive_int("n_in", n_in), positive_int("width", width)
    depth, n_seeds = positive_int("depth", depth), positive_int("n_seeds", n_seeds)
    gamma0 = positive_float("gamma0", gamma0)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if isinstance(first, bool) or not isinstance(first, int | np.integer) or first < 0:
        raise ValueError(f"first must be a non-negative int, got {first!r}")
    if paired and (depth != 1 or n % 2):
        raise ValueError(f"paired=True needs depth 1 and an even width, got depth {depth}, width {n}")
    streams = np.random.SeedSequence(int(seed)).spawn(int(first) + n_seeds)[int(first) :]
    shapes = [(n, d)] + [(n, n)] * (depth - 1) + [(n,)]
    weights = [np.empty((n_seeds, *s)) for s in shapes]
    feedback: list[np.ndarray] = []
    if rule == "fa":
        feedback = [np.empty((n_seeds, n, n)) for _ in range(depth - 1)] + [np.empty((n_seeds, n))]
    elif rule == "dfa":
        feedback = [np.empty((n_seeds, depth, n))]
    elif rule == "gln":
        feedback = [np.empty((n_seeds, depth, n, d))]
    for s, stream in enumerate(streams):
        forward_stream, feedback_stream = stream.spawn(2)
        rng = np.random.default_rng(forward_stream)
        for w, shape in zip(weights, shapes, strict=True):
            w[s] = rng.standard_normal(shape)
        rng = np.random.default_rng(feedback_stream)
        if rule == "fa":
            sigma = np.sqrt(1.0 - rho * rho)
            for layer in range(depth - 1):
                feedback[layer][s] = rho * weights[layer + 1][s] + sigma * rng.standard_normal((n, n))
            feedback[-1][s] = rho * weights[-1][s] + sigma * rng.standard_normal(n)
        elif rule in ("dfa", "gln"):
            feedback[0][s] = rng.standard_normal(feedback[0].shape[1:])
    if paired:
        _mirror_halves(rule, weights, feedback)
    return RuleNetworks(rule, activation, gamma0, rho, tuple(weights), tuple(feedback))


def _mirror_halves(rule: str, weights: list[np.ndarray], feedback: list[np.ndarray]) -> None:
    """Make the second half of the hidden units mirror the first, in place: the same input
    weights, negated readout (and readout feedback), so that the outputs start at exactly 0."""
    half = weights[0].shape[1] // 2
    weights[0][:, half:] = weights[0][:, :half]
    weights[-1][:, half:] = -weights[-1][:, :half]
    if rule == "fa":
        feedback[-1][:, half:] = -feedback[-1][:, :half]
    elif rule == "dfa":
        feedback[0][:, :, half:] = -feedback[0][:, :, :half]
    elif rule == "gln":
        feedback[0][:, :, half:] = feedback[0][:, :, :half]


def fa_with_rho(net: RuleNetworks, rho: float) -> RuleNetworks:
    """The rho-FA networks with the same forward weights and feedback noise as ``net`` (rho = 0).

    ``net`` must be an FA network with ``rho = 0``, whose feedback *is* the noise
    ``(B_1, ..., B_{L-1}, zeta)``; the result has ``W~_l = rho W_l(0) + sqrt(1 - rho^2) B_l``
    and ``z~ = rho w_L(0) + sqrt(1 - rho^2) zeta`` from ``net``'s current weights, which
    is exactly :func:`init_networks` with the same seed and this ``rho`` when ``net`` is
    untrained. Saves drawing the ``N x N`` noise again for every ``rho`` of a sweep.
    Raises ``ValueError`` for another rule or ``net.rho != 0``.
    """
    if net.rule != "fa" or net.rho != 0.0:
        raise ValueError(
            f"fa_with_rho needs an FA network with rho = 0, got rule {net.rule!r}, rho {net.rho!r}"
        )
    rho = check_rho("fa", rho)
    sigma = np.sqrt(1.0 - rho * rho)
    forward = net.weights[1:]
    feedback = tuple(rho * w + sigma * b for w, b in zip(forward, net.feedback, strict=True))
    return replace(net, rho=rho, feedback=feedback)


def _check_data(net: RuleNetworks, x, y) -> tuple[np.ndarray, np.ndarray | None]:
    x = as_matrix("x", x)
    if x.shape[0] != net.n_in:
        raise ValueError(f"x has shape {x.shape}: expected ({net.n_in}, P), one column per item")
    if y is None:
        return x, None
    y = np.asarray(y, dtype=float)
    if y.shape != (x.shape[1],) or not np.all(np.isfinite(y)):
        raise ValueError(
            f"y must be a finite array of shape ({x.shape[1]},) (one target per item), got {y.shape}"
        )
    return x, y
