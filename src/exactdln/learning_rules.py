"""Wide networks trained by gradient descent and by biologically plausible learning rules.

The model of Bordelon & Pehlevan (2022), in the mean-field (rich) parameterisation
with richness ``gamma0``. A network has ``L = depth`` hidden layers of ``N = width``
units and ``L + 1`` trained weight layers:

    h1 = W0 x / sqrt(D),   h_{l+1} = W_l a_l / sqrt(N),   f = w_L . a_L / (gamma0 N),

with ``a_l = phi(h_l)`` (``phi`` linear, tanh or ReLU), and, for gated linear
networks (GLN), ``a_l = phi'(m_l) * h_l`` with fixed gates ``m_l = M_l x / sqrt(D)``.
Every weight starts with independent N(0, 1) entries. With ``Delta_mu = y_mu - f_mu``,
the readout always follows its true gradient and the hidden weights follow a
rule-specific *pseudo-gradient* ``g~``:

    dw_L/dt = gamma0 sum_mu Delta_mu a_L,mu,
    dW_l/dt = (gamma0 / sqrt(N_l)) sum_mu Delta_mu g~_{l+1,mu} a_l,mu^T     (a_0 = x, N_0 = D).

True gradients (``g_l = gamma0 N df/dh_l``): ``g_L = phi'(h_L) * w_L``,
``g_l = phi'(h_l) * (W_l^T g_{l+1}) / sqrt(N)``. The rules (:data:`RULES`):

- ``"gd"``: ``g~ = g`` (backpropagation with the current weights). This is gradient
  flow ``d theta/dt = -gamma0^2 N dL/d theta`` on ``L = 1/2 sum_mu Delta_mu^2``.
- ``"fa"`` (rho-FA): backpropagation through fixed feedback weights,
  ``g~_L = phi'(h_L) * z~``, ``g~_l = phi'(h_l) * (W~_l^T g~_{l+1}) / sqrt(N)`` with
  ``z~ = rho w_L(0) + sqrt(1 - rho^2) zeta`` and ``W~_l = rho W_l(0) + sqrt(1 - rho^2) B_l``
  (``zeta``, ``B_l`` independent N(0, 1)); ``rho = 1`` backpropagates through the
  *initial* weights.
- ``"dfa"``: ``g~_l = phi'(h_l) * z~_l`` with fixed random ``z~_l`` per layer.
- ``"hebb"`` (error-modulated Hebbian): ``g~_l,mu = Delta_mu a_l,mu``, so that
  ``dW_l/dt`` is ``sum_mu Delta_mu^2 a_{l+1,mu} a_l,mu^T`` up to the factor.
- ``"gln"``: gradient descent on the gated linear network (``phi'`` of the gates
  replaces ``phi'(h)`` in the backward pass).

The output then evolves under the effective NTK (eNTK) of the rule,

    df_mu/dt = sum_nu K_mu,nu Delta_nu,   K = Phi_L + sum_{l=0}^{L-1} G~_{l+1} * Phi_l,

with the feature kernels ``Phi_l = a_l . a_l' / N_l`` (``Phi_0 = x . x' / D``) and the
gradient-alignment kernels ``G~_l[mu, nu] = g_l,mu . g~_l,nu / N`` (true gradient of item
``mu`` against the pseudo-gradient of item ``nu``; ``K`` need not be symmetric).
:func:`kernels` computes them; :func:`train` records them over training.

Time is the flow time of ``d theta/dt`` above: a forward-Euler step of size ``dt``
is one full-batch update with learning rate ``dt`` (``t = dt * step``, as
everywhere in the package); ``method="rk4"`` integrates the same flow at fourth
order. Everything is batched over a leading *seed* axis ``S`` of independent
networks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.linalg.blas import dgemm

from ._checks import as_matrix, positive_float, positive_int
from ._progress import Progress

#: The learning rules of :func:`train`.
RULES = ("gd", "fa", "dfa", "hebb", "gln")

#: Nonlinearities ``name -> (phi, phi')``.
ACTIVATIONS = {
    "linear": (lambda h: h, lambda h: np.ones_like(h)),
    "tanh": (np.tanh, lambda h: 1.0 - np.tanh(h) ** 2),
    "relu": (lambda h: np.maximum(h, 0.0), lambda h: (h > 0.0).astype(float)),
}

#: Integration methods of :func:`train`.
METHODS = ("euler", "rk4")

# Weight matrices up to this many entries are updated through a temporary; larger ones in
# place by BLAS (a rank-P update of an N x N matrix is memory-bound).
_SMALL = 2**16


def _check_rule(rule: str) -> str:
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    return rule


def _check_activation(activation: str) -> str:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    return activation


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
        A key of :data:`RULES` and of :data:`ACTIVATIONS`.
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
    activation = _check_activation(activation)
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
        half = n // 2
        weights[0][:, half:] = weights[0][:, :half]
        weights[-1][:, half:] = -weights[-1][:, :half]
        if rule == "fa":
            feedback[-1][:, half:] = -feedback[-1][:, :half]
        elif rule == "dfa":
            feedback[0][:, :, half:] = -feedback[0][:, :, :half]
        elif rule == "gln":
            feedback[0][:, :, half:] = feedback[0][:, :, :half]
    return RuleNetworks(rule, activation, gamma0, rho, tuple(weights), tuple(feedback))


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


# A velocity is stored factored: the hidden weights move by rank-P matrices U_l V_l^T
# (U_l = gamma0/sqrt(N_l) g~_{l+1} Delta, V_l = a_l), so intermediate Runge-Kutta stages
# and the update itself never materialise an N x N increment except in place.
@dataclass(frozen=True)
class _Velocity:
    u: list[np.ndarray]  # per hidden weight layer: (S, N, P)
    v: list[np.ndarray]  # per hidden weight layer: (D, P) for W0 (shared), (S, N, P) for the others
    readout: np.ndarray  # (S, N)


def _product(m: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``m @ a`` for a batch ``m (S, N, M)``; one BLAS call when ``a (M, P)`` is shared by the batch."""
    if a.ndim == 2:
        return (m.reshape(-1, m.shape[-1]) @ a).reshape(*m.shape[:-1], a.shape[-1])
    return m @ a


class _Weights:
    """Base weights plus a linear combination of factored velocities (one Runge-Kutta stage)."""

    def __init__(self, base: list[np.ndarray], terms: tuple[tuple[float, _Velocity], ...] = ()) -> None:
        self.base = base
        self.terms = terms

    def shifted(self, coef: float, vel: _Velocity) -> _Weights:
        return _Weights(self.base, ((coef, vel),))

    def matvec(self, layer: int, a: np.ndarray) -> np.ndarray:
        out = _product(self.base[layer], a)
        for coef, vel in self.terms:
            out = out + coef * _product(vel.u[layer], np.swapaxes(vel.v[layer], -1, -2) @ a)
        return out

    def rmatvec(self, layer: int, g: np.ndarray) -> np.ndarray:
        out = np.swapaxes(self.base[layer], -1, -2) @ g
        for coef, vel in self.terms:
            out = out + coef * (vel.v[layer] @ (np.swapaxes(vel.u[layer], -1, -2) @ g))
        return out

    def readout(self) -> np.ndarray:
        out = self.base[-1]
        for coef, vel in self.terms:
            out = out + coef * vel.readout
        return out


@dataclass(frozen=True)
class _Pass:
    """Forward quantities of one evaluation, batched over seeds."""

    h: list[np.ndarray]  # h_1 .. h_L, each (S, N, P)
    a: list[np.ndarray]  # a_1 .. a_L, each (S, N, P)
    d: list[np.ndarray]  # phi'(h_l), or the gates' phi'(m_l) for GLN, each (S, N, P)
    f: np.ndarray  # (S, P)
    readout: np.ndarray  # w_L (S, N)


def _forward(net: RuleNetworks, weights: _Weights, x: np.ndarray) -> _Pass:
    phi, dphi = ACTIVATIONS[net.activation]
    n, d = net.width, net.n_in
    h = [weights.matvec(0, x) / np.sqrt(d)]
    a, ds = [], []
    for layer in range(net.depth):
        if net.rule == "gln":
            gate = dphi(net.feedback[0][:, layer] @ x / np.sqrt(d))
            ds.append(gate)
            a.append(gate * h[layer])
        else:
            ds.append(dphi(h[layer]))
            a.append(phi(h[layer]))
        if layer + 1 < net.depth:
            h.append(weights.matvec(layer + 1, a[layer]) / np.sqrt(n))
    w_out = weights.readout()
    f = np.einsum("sn,snp->sp", w_out, a[-1]) / (net.gamma0 * n)
    return _Pass(h, a, ds, f, w_out)


def _true_gradients(net: RuleNetworks, weights: _Weights, fp: _Pass) -> list[np.ndarray]:
    """``g_1 .. g_L`` (each ``(S, N, P)``), ``g_l = gamma0 N df/dh_l``."""
    n = net.width
    g = [np.empty(0)] * net.depth
    g[-1] = fp.d[-1] * fp.readout[:, :, None]
    for layer in range(net.depth - 2, -1, -1):
        g[layer] = fp.d[layer] * weights.rmatvec(layer + 1, g[layer + 1]) / np.sqrt(n)
    return g


def _pseudo_gradients(
    net: RuleNetworks, weights: _Weights, fp: _Pass, delta: np.ndarray, g_true=None
) -> list[np.ndarray]:
    """``g~_1 .. g~_L`` of the rule (each ``(S, N, P)``)."""
    n = net.width
    if net.rule in ("gd", "gln"):
        return g_true if g_true is not None else _true_gradients(net, weights, fp)
    if net.rule == "dfa":
        return [fp.d[layer] * net.feedback[0][:, layer, :, None] for layer in range(net.depth)]
    if net.rule == "hebb":
        return [a * delta[:, None, :] for a in fp.a]
    # rho-FA: backpropagation through the fixed feedback weights
    gt = [np.empty(0)] * net.depth
    gt[-1] = fp.d[-1] * net.feedback[-1][:, :, None]
    for layer in range(net.depth - 2, -1, -1):
        back = np.swapaxes(net.feedback[layer], -1, -2) @ gt[layer + 1]
        gt[layer] = fp.d[layer] * back / np.sqrt(n)
    return gt


def _velocity(net: RuleNetworks, weights: _Weights, x: np.ndarray, y: np.ndarray) -> _Velocity:
    """``d theta / dt`` of every trained weight, factored (see :class:`_Velocity`)."""
    fp = _forward(net, weights, x)
    delta = y[None, :] - fp.f
    gt = _pseudo_gradients(net, weights, fp, delta)
    n, d = net.width, net.n_in
    u = [
        net.gamma0 / np.sqrt(d if layer == 0 else n) * gt[layer] * delta[:, None, :]
        for layer in range(net.depth)
    ]
    v = [x, *fp.a[:-1]]
    return _Velocity(u, v, net.gamma0 * np.einsum("snp,sp->sn", fp.a[-1], delta))


def _dense(vel: _Velocity) -> list[np.ndarray]:
    """A factored velocity as full arrays shaped like the weights."""
    return [u @ np.swapaxes(v, -1, -2) for u, v in zip(vel.u, vel.v, strict=True)] + [vel.readout]


def _add_in_place(base: list[np.ndarray], steps: list[tuple[float, _Velocity]]) -> None:
    """``base += sum_i coef_i * velocity_i`` without forming N x N temporaries (BLAS dgemm, beta = 1)."""
    for layer, w in enumerate(base[:-1]):
        u = np.concatenate([c * vel.u[layer] for c, vel in steps], axis=-1)
        vs = [np.broadcast_to(vel.v[layer], (w.shape[0], *vel.v[layer].shape[-2:])) for _, vel in steps]
        v = np.concatenate(vs, axis=-1)
        if w[0].size <= _SMALL:  # a thin matrix (e.g. W0 with few inputs): a temporary is cheap
            w += u @ np.swapaxes(v, -1, -2)
            continue
        for s in range(w.shape[0]):
            target = w[s].T  # Fortran-ordered view: dgemm updates it in place
            out = dgemm(1.0, v[s], u[s], trans_b=True, beta=1.0, c=target, overwrite_c=True)
            if not np.shares_memory(out, w):  # pragma: no cover - BLAS made a copy
                w[s] = out.T
    for c, vel in steps:
        base[-1] += c * vel.readout


def velocity(net: RuleNetworks, x, y) -> list[np.ndarray]:
    """The rule's weight velocities ``d theta/dt``, shaped like ``net.weights``.

    For ``rule="gd"`` (and ``"gln"``) this is ``-gamma0^2 N dL/d theta`` with
    ``L = 1/2 sum_mu (y_mu - f_mu)^2``. ``x`` is ``(D, P)``, ``y`` is ``(P,)``.
    """
    x, y = _check_data(net, x, y)
    return _dense(_velocity(net, _Weights(list(net.weights)), x, y))


def outputs(net: RuleNetworks, x) -> np.ndarray:
    """Network outputs ``f`` on the items ``x (D, P)``, shape ``(S, P)``."""
    x, _ = _check_data(net, x, None)
    return _forward(net, _Weights(list(net.weights)), x).f


def loss(net: RuleNetworks, x, y) -> np.ndarray:
    """``1/2 sum_mu (y_mu - f_mu)^2`` per network, shape ``(S,)`` (the objective of ``"gd"``)."""
    x, y = _check_data(net, x, y)
    return 0.5 * np.sum((y[None, :] - _forward(net, _Weights(list(net.weights)), x).f) ** 2, axis=-1)


@dataclass(frozen=True)
class Kernels:
    """The kernels of a batch of networks on ``P`` items.

    ``phi (S, L + 1, P, P)``: feature kernels ``Phi_0 .. Phi_L``;
    ``g (S, L, P, P)`` and ``g_tilde (S, L, P, P)``: ``G_l = g_l . g_l' / N`` and
    ``G~_l = g_l . g~_l' / N`` for ``l = 1 .. L``; ``ntk (S, P, P)``: the eNTK
    ``K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l``; ``outputs (S, P)``;
    ``preactivations`` ``(S, L, N, P)`` (``h_1 .. h_L``; empty unless requested).
    """

    phi: np.ndarray
    g: np.ndarray
    g_tilde: np.ndarray
    ntk: np.ndarray
    outputs: np.ndarray
    preactivations: np.ndarray


def _kernels(
    net: RuleNetworks, weights: list[np.ndarray], x: np.ndarray, y: np.ndarray, keep_h: bool
) -> Kernels:
    w = _Weights(weights)
    fp = _forward(net, w, x)
    delta = y[None, :] - fp.f
    g = _true_gradients(net, w, fp)
    gt = _pseudo_gradients(net, w, fp, delta, g_true=g)
    n, s = net.width, net.n_seeds
    phi0 = np.broadcast_to(x.T @ x / net.n_in, (s, x.shape[1], x.shape[1]))
    phi = np.stack([phi0] + [np.swapaxes(a, -1, -2) @ a / n for a in fp.a], axis=1)
    gg = np.stack([np.swapaxes(v, -1, -2) @ v / n for v in g], axis=1)
    ggt = np.stack([np.swapaxes(v, -1, -2) @ u / n for v, u in zip(g, gt, strict=True)], axis=1)
    ntk = phi[:, -1] + np.sum(ggt * phi[:, :-1], axis=1)
    h = np.stack(fp.h, axis=1) if keep_h else np.empty((s, 0, n, x.shape[1]))
    return Kernels(phi, gg, ggt, ntk, fp.f, h)


def kernels(net: RuleNetworks, x, y, preactivations: bool = False) -> Kernels:
    """Feature, gradient and gradient-alignment kernels and the eNTK at the current weights.

    ``x (D, P)``, ``y (P,)`` (the targets matter only for Hebb, whose pseudo-gradient
    carries the error). With ``preactivations=True`` the ``h_l`` are returned too.
    The eNTK satisfies ``df/dt = K (y - f)`` along the rule's flow.
    """
    x, y = _check_data(net, x, y)
    return _kernels(net, list(net.weights), x, y, preactivations)


@dataclass(frozen=True)
class RuleTrajectory:
    """Kernels and outputs of a batch of networks recorded during training.

    ``times (T,)``; ``outputs (T, S, P)``; ``phi (T, S, L + 1, P, P)``;
    ``g``, ``g_tilde (T, S, L, P, P)``; ``ntk (T, S, P, P)``; ``y (P,)``;
    ``final``: the trained networks (``None`` from :func:`train_linear_feedback`);
    ``preactivations (S, L, N, P)`` at the end (empty from :func:`train_linear_feedback`).
    """

    times: np.ndarray
    outputs: np.ndarray
    phi: np.ndarray
    g: np.ndarray
    g_tilde: np.ndarray
    ntk: np.ndarray
    y: np.ndarray
    final: RuleNetworks | None
    preactivations: np.ndarray

    def loss(self) -> np.ndarray:
        """``1/2 sum_mu Delta_mu^2`` at each record, ``(T, S)``."""
        return 0.5 * np.sum((self.y - self.outputs) ** 2, axis=-1)


def _overflow(step: int, dt: float) -> FloatingPointError:
    return FloatingPointError(f"the outputs overflowed at step {step} (t = {step * dt:g}): lower dt")


def _schedule(dt, n_steps, record, method) -> tuple[float, int, np.ndarray]:
    dt = positive_float("dt", dt)
    n_steps = 0 if n_steps == 0 else positive_int("n_steps", n_steps)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if record is None:
        return dt, n_steps, np.arange(n_steps + 1)
    steps = np.unique(np.asarray(record, dtype=int))
    if steps.size == 0 or steps[0] < 0 or steps[-1] > n_steps:
        raise ValueError(f"record must hold steps in [0, {n_steps}], got {record!r}")
    return dt, n_steps, steps


def train(
    net: RuleNetworks,
    x,
    y,
    *,
    dt: float,
    n_steps: int,
    record=None,
    method: str = "euler",
    progress: bool = False,
) -> RuleTrajectory:
    """Train every network of ``net`` with its rule on the items ``x (D, P)``, targets ``y (P,)``.

    ``method="euler"`` takes full-batch steps ``theta += dt * d theta/dt`` (gradient
    descent with learning rate ``dt`` for ``"gd"``); ``"rk4"`` integrates the same
    flow with the classical fourth-order Runge–Kutta scheme (error ``O(dt^4)``, four
    velocity evaluations per step). Times are ``t = dt * step``. ``record`` lists the
    steps at which the kernels are recorded (default: every step). The weights of
    ``net`` are not modified; the trained networks are ``result.final``.

    Raises ``ValueError`` on bad shapes, non-finite data, ``dt <= 0``, an unknown
    method or record steps outside ``[0, n_steps]``, and ``FloatingPointError`` if the
    outputs overflow (``dt`` too large for the flow's fastest rate).
    """
    x, y = _check_data(net, x, y)
    dt, n_steps, steps = _schedule(dt, n_steps, record, method)
    base = [np.array(w, dtype=float, order="C") for w in net.weights]
    weights = _Weights(base)
    records: list[Kernels] = []
    bar = Progress(n_steps, f"{net.rule} ({net.activation}, N={net.width}, {method})", progress)
    k = 0
    for step in range(n_steps + 1):
        if k < steps.size and steps[k] == step:
            records.append(_kernels(net, base, x, y, keep_h=False))
            if not np.all(np.isfinite(records[-1].outputs)):
                raise _overflow(step, dt)
            k += 1
        if step == n_steps:
            break
        v1 = _velocity(net, weights, x, y)
        if method == "euler":
            _add_in_place(base, [(dt, v1)])
        else:
            v2 = _velocity(net, weights.shifted(0.5 * dt, v1), x, y)
            v3 = _velocity(net, weights.shifted(0.5 * dt, v2), x, y)
            v4 = _velocity(net, weights.shifted(dt, v3), x, y)
            _add_in_place(base, [(dt / 6, v1), (dt / 3, v2), (dt / 3, v3), (dt / 6, v4)])
        bar.update(step + 1)
    final = net.with_weights(base)
    end = _kernels(final, base, x, y, keep_h=True)
    return RuleTrajectory(
        times=dt * steps,
        outputs=np.stack([r.outputs for r in records]),
        phi=np.stack([r.phi for r in records]),
        g=np.stack([r.g for r in records]),
        g_tilde=np.stack([r.g_tilde for r in records]),
        ntk=np.stack([r.ntk for r in records]),
        y=y,
        final=final,
        preactivations=end.preactivations,
    )


# ---------------------------------------------------------------------------- linear FA / DFA, reduced
def _feedback_vectors(net: RuleNetworks) -> list[np.ndarray]:
    """The fixed pseudo-gradients ``b_1 .. b_L`` (each ``(S, N)``) of a linear FA or DFA network."""
    if net.rule == "dfa":
        return [net.feedback[0][:, layer] for layer in range(net.depth)]
    b = [np.empty(0)] * net.depth
    b[-1] = net.feedback[-1]
    for layer in range(net.depth - 2, -1, -1):
        b[layer] = np.einsum("sij,si->sj", net.feedback[layer], b[layer + 1]) / np.sqrt(net.width)
    return b


@dataclass(frozen=True)
class LinearFeedbackReduction:
    """The exact low-dimensional form of a batch of linear FA or DFA networks on fixed items.

    Built by :func:`reduce_linear_feedback`; integrate it with :func:`train_reduced`.
    ``grams``: per hidden layer ``l`` the Gram matrices ``E_l^T E_l / N``, ``(S, P + l, P + l)``;
    ``omega (S, P + L)``: ``w_L(0) . E_L / N``; ``kx (P, P)``: ``x . x' / D``; ``gamma0``.
    Reductions of networks of the same depth, ``gamma0`` and items (any width) can be
    joined with :func:`stack_reductions` and integrated as one batch.
    """

    grams: tuple[np.ndarray, ...]
    omega: np.ndarray
    kx: np.ndarray
    gamma0: float

    @property
    def depth(self) -> int:
        return len(self.grams)

    @property
    def n_seeds(self) -> int:
        return self.omega.shape[0]


def reduce_linear_feedback(net: RuleNetworks, x) -> LinearFeedbackReduction:
    """The reduced form of linear FA or DFA networks on the items ``x (D, P)``.

    See :func:`train_linear_feedback`.

    Costs ``O(N^2 (P + L))`` per layer and network; raises ``ValueError`` if the networks
    are not linear FA or DFA networks, or for bad ``x``.
    """
    if net.activation != "linear" or net.rule not in ("fa", "dfa"):
        raise ValueError(
            f"the reduced simulation needs linear FA or DFA networks, got rule {net.rule!r}, "
            f"activation {net.activation!r}; use train()"
        )
    x, _ = _check_data(net, x, None)
    n, d, depth = net.width, net.n_in, net.depth
    b = _feedback_vectors(net)
    basis = np.concatenate([net.weights[0] @ x / np.sqrt(d), b[0][:, :, None]], axis=-1)
    grams = []
    for layer in range(depth):
        grams.append(np.swapaxes(basis, -1, -2) @ basis / n)
        if layer + 1 < depth:
            image = net.weights[layer + 1] @ basis / np.sqrt(n)
            basis = np.concatenate([image, b[layer + 1][:, :, None]], axis=-1)
    omega = np.einsum("snr,sn->sr", basis, net.weights[-1]) / n
    return LinearFeedbackReduction(tuple(grams), omega, x.T @ x / d, net.gamma0)


def stack_reductions(reductions) -> LinearFeedbackReduction:
    """Join reductions (same depth, ``gamma0`` and items) along the seed axis.

    Raises ``ValueError`` if they differ in depth, ``gamma0`` or items.
    """
    reductions = list(reductions)
    if not reductions:
        raise ValueError("stack_reductions needs at least one reduction")
    first = reductions[0]
    for r in reductions[1:]:
        if r.depth != first.depth or r.gamma0 != first.gamma0 or not np.array_equal(r.kx, first.kx):
            raise ValueError("reductions to stack must share depth, gamma0 and items")
    grams = tuple(np.concatenate([r.grams[layer] for r in reductions]) for layer in range(first.depth))
    omega = np.concatenate([r.omega for r in reductions])
    return LinearFeedbackReduction(grams, omega, first.kx, first.gamma0)


def train_reduced(
    red: LinearFeedbackReduction,
    y,
    *,
    dt: float,
    n_steps: int,
    record=None,
    method: str = "rk4",
    progress: bool = False,
) -> RuleTrajectory:
    """Integrate a :class:`LinearFeedbackReduction` with targets ``y (P,)``.

    See :func:`train_linear_feedback`; arguments as :func:`train`.
    """
    y = np.asarray(y, dtype=float)
    p = red.kx.shape[0]
    if y.shape != (p,) or not np.all(np.isfinite(y)):
        raise ValueError(f"y must be a finite array of shape ({p},), got {y.shape}")
    dt, n_steps, steps = _schedule(dt, n_steps, record, method)
    depth, g0, grams, omega, kx = red.depth, red.gamma0, red.grams, red.omega, red.kx
    s_count = red.n_seeds
    eye = np.broadcast_to(np.eye(p), (s_count, p, p))

    def coefficients(state):
        """Coefficients ``c_l (S, P + l, P)`` of the hidden fields, and the outputs ``(S, P)``."""
        s_int, alphas = state
        cs = [np.concatenate([eye, g0 * (s_int @ kx)[:, None, :]], axis=1)]
        for layer in range(1, depth):
            row = np.einsum("sr,srq->sq", alphas[layer - 1], grams[layer - 1])
            top = g0 * np.einsum("sr,srp->sp", row, cs[-1])
            cs.append(np.concatenate([cs[-1], top[:, None, :]], axis=1))
        readout = omega + g0 * np.einsum("sr,srq->sq", alphas[-1], grams[-1])
        return cs, np.einsum("sr,srp->sp", readout, cs[-1]) / g0

    def rate(state):
        cs, f = coefficients(state)
        delta = y[None, :] - f
        return delta, [np.einsum("srp,sp->sr", c, delta) for c in cs]

    def shift(state, coef, vel):
        return (state[0] + coef * vel[0], [a + coef * v for a, v in zip(state[1], vel[1], strict=True)])

    def record_now(state):
        cs, f = coefficients(state)
        phis = [np.broadcast_to(kx, (s_count, p, p))]
        phis += [np.swapaxes(c, -1, -2) @ gr @ c for c, gr in zip(cs, grams, strict=True)]
        readout = omega + g0 * np.einsum("sr,srq->sq", state[1][-1], grams[-1])
        gt = np.zeros((s_count, depth))
        for start in range(depth):  # the image of b_{start+1} under the current weights
            r = np.zeros((s_count, p + start + 1))
            r[:, -1] = 1.0
            for layer in range(start + 1, depth):
                top = g0 * np.einsum("sr,srq,sq->s", state[1][layer - 1], grams[layer - 1], r)
                r = np.concatenate([r, top[:, None]], axis=1)
            gt[:, start] = np.einsum("sr,sr->s", readout, r)
        gtk = np.broadcast_to(gt[:, :, None, None], (s_count, depth, p, p))
        phis = np.stack(phis, axis=1)
        ntk = phis[:, -1] + np.sum(gtk * phis[:, :-1], axis=1)
        return f, phis, gtk, ntk

    state = (np.zeros((s_count, p)), [np.zeros((s_count, p + layer + 1)) for layer in range(depth)])
    recs = []
    bar = Progress(n_steps, f"linear FA/DFA (reduced, {s_count} networks, {method})", progress)
    k = 0
    for step in range(n_steps + 1):
        if k < steps.size and steps[k] == step:
            recs.append(record_now(state))
            if not np.all(np.isfinite(recs[-1][0])):
                raise _overflow(step, dt)
            k += 1
        if step == n_steps:
            break
        v1 = rate(state)
        if method == "euler":
            state = shift(state, dt, v1)
        else:
            v2 = rate(shift(state, 0.5 * dt, v1))
            v3 = rate(shift(state, 0.5 * dt, v2))
            v4 = rate(shift(state, dt, v3))
            for coef, vel in ((dt / 6, v1), (dt / 3, v2), (dt / 3, v3), (dt / 6, v4)):
                state = shift(state, coef, vel)
        bar.update(step + 1)
    f, phis, gtk, ntk = (np.stack(z) for z in zip(*recs, strict=True))
    return RuleTrajectory(
        times=dt * steps,
        outputs=f,
        phi=phis,
        g=np.full(gtk.shape, np.nan),
        g_tilde=gtk,
        ntk=ntk,
        y=y,
        final=None,
        preactivations=np.empty((s_count, 0, 0, p)),
    )


def train_linear_feedback(
    net: RuleNetworks,
    x,
    y,
    *,
    dt: float,
    n_steps: int,
    record=None,
    method: str = "rk4",
    progress: bool = False,
) -> RuleTrajectory:
    """The same trajectory as :func:`train` for *linear* FA or DFA networks, at a fraction of the cost.

    In a linear network the pseudo-gradients ``b_l = g~_l`` of FA and DFA do not change
    (``b_L = z~``, ``b_l = W~_l^T b_{l+1} / sqrt(N)`` for FA, ``b_l = z~_l`` for DFA), so every
    update of ``W_l`` is ``b_{l+1}`` times a vector and, exactly at every width,

        W_l(t) = W_l(0) + gamma0/sqrt(N) b_{l+1} A_l(t)^T,   A_l = integral sum_mu Delta_mu a_l,mu.

    Hence every hidden field lies in a fixed subspace: ``h_l,mu = E_l c_l,mu`` with
    ``E_1 = [W0 x / sqrt(D), b_1]`` and ``E_{l+1} = [W_l(0) E_l / sqrt(N), b_{l+1}]``
    (``P + l`` columns). After forming the ``E_l`` once (:func:`reduce_linear_feedback`,
    ``O(N^2 (P + L))`` per layer), the flow is integrated for the coefficients
    ``A_l = E_l alpha_l`` using only the Gram matrices ``E_l^T E_l / N`` (:func:`train_reduced`)
    — the same flow, with the same ``dt`` and method as :func:`train`, so the two agree to
    rounding error (tested). ``G~_l = w_L(t) . r_L / N`` with ``r`` the image of ``b_l`` under
    the current weights (the same for every item). The true-gradient kernels ``G_l`` are not
    computed (``nan``), nor the trained weights (``final = None``).

    Raises ``ValueError`` if the networks are not linear FA or DFA networks, and as :func:`train`.
    """
    red = reduce_linear_feedback(net, x)
    return train_reduced(red, y, dt=dt, n_steps=n_steps, record=record, method=method, progress=progress)


def task_alignment(kernel, y) -> np.ndarray:
    """Kernel–task alignment ``A(K, y y^T) = y^T K y / (||K||_F ||y||^2)``, over leading axes.

    ``kernel`` is ``(..., P, P)`` (need not be symmetric), ``y`` is ``(P,)``.
    Raises ``ValueError`` for a zero ``y`` or mismatched shapes.
    """
    k = np.asarray(kernel, dtype=float)
    y = np.asarray(y, dtype=float)
    if k.ndim < 2 or k.shape[-2:] != (y.size, y.size) or y.ndim != 1:
        raise ValueError(f"kernel must be (..., P, P) with P = y.size = {y.size}, got {k.shape}")
    yy = float(y @ y)
    if yy == 0.0:
        raise ValueError("y is zero: the alignment is undefined")
    return np.einsum("...ij,i,j->...", k, y, y) / (np.linalg.norm(k, axis=(-2, -1)) * yy)
