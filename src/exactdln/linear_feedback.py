"""Linear FA and DFA networks, reduced exactly to a low-dimensional flow (docs/mathematics.md §9).

In a linear network the pseudo-gradients of feedback alignment (FA) and direct feedback
alignment (DFA) never change, so every hidden field stays in a fixed subspace of dimension
``P + l`` and the whole flow of :func:`exactdln.learning_rules.train` can be integrated on
Gram matrices of that size, at every width (:func:`train_linear_feedback`): the networks of
Part IV's deep linear FA figure at widths a full simulation could not afford.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._progress import Progress
from .learning_rules import RuleTrajectory, _overflow, _schedule
from .rule_networks import RuleNetworks, _check_data


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


class _ReducedFlow:
    """The flow of a :class:`LinearFeedbackReduction` with targets ``y``.

    The state is ``(s_int, alphas)``: the integrated errors ``int Delta dt (S, P)`` and, per
    hidden layer, the coefficients ``alpha_l (S, P + l + 1)`` of ``A_l = E_l alpha_l``.
    """

    def __init__(self, red: LinearFeedbackReduction, y: np.ndarray) -> None:
        self.red, self.y = red, y
        self.p = red.kx.shape[0]
        self.eye = np.broadcast_to(np.eye(self.p), (red.n_seeds, self.p, self.p))

    def start(self):
        s_count, p = self.red.n_seeds, self.p
        return (
            np.zeros((s_count, p)),
            [np.zeros((s_count, p + layer + 1)) for layer in range(self.red.depth)],
        )

    def coefficients(self, state):
        """Coefficients ``c_l (S, P + l, P)`` of the hidden fields, and the outputs ``(S, P)``."""
        red, (s_int, alphas) = self.red, state
        g0, grams = red.gamma0, red.grams
        cs = [np.concatenate([self.eye, g0 * (s_int @ red.kx)[:, None, :]], axis=1)]
        for layer in range(1, red.depth):
            row = np.einsum("sr,srq->sq", alphas[layer - 1], grams[layer - 1])
            top = g0 * np.einsum("sr,srp->sp", row, cs[-1])
            cs.append(np.concatenate([cs[-1], top[:, None, :]], axis=1))
        readout = red.omega + g0 * np.einsum("sr,srq->sq", alphas[-1], grams[-1])
        return cs, np.einsum("sr,srp->sp", readout, cs[-1]) / g0

    def rate(self, state):
        cs, f = self.coefficients(state)
        delta = self.y[None, :] - f
        return delta, [np.einsum("srp,sp->sr", c, delta) for c in cs]

    @staticmethod
    def shift(state, coef, vel):
        return (state[0] + coef * vel[0], [a + coef * v for a, v in zip(state[1], vel[1], strict=True)])

    def step(self, state, dt: float, method: str):
        """One forward-Euler or classical Runge–Kutta step of size ``dt``."""
        v1 = self.rate(state)
        if method == "euler":
            return self.shift(state, dt, v1)
        v2 = self.rate(self.shift(state, 0.5 * dt, v1))
        v3 = self.rate(self.shift(state, 0.5 * dt, v2))
        v4 = self.rate(self.shift(state, dt, v3))
        for coef, vel in ((dt / 6, v1), (dt / 3, v2), (dt / 3, v3), (dt / 6, v4)):
            state = self.shift(state, coef, vel)
        return state

    def record(self, state):
        """Outputs, feature kernels, ``G~`` (as ``(S, L, P, P)``) and the eNTK of one state."""
        red, p = self.red, self.p
        s_count, depth, g0, grams = red.n_seeds, red.depth, red.gamma0, red.grams
        cs, f = self.coefficients(state)
        phis = [np.broadcast_to(red.kx, (s_count, p, p))]
        phis += [np.swapaxes(c, -1, -2) @ gr @ c for c, gr in zip(cs, grams, strict=True)]
        readout = red.omega + g0 * np.einsum("sr,srq->sq", state[1][-1], grams[-1])
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

    See :func:`train_linear_feedback`; arguments as :func:`~exactdln.learning_rules.train`.
    """
    y = np.asarray(y, dtype=float)
    p = red.kx.shape[0]
    if y.shape != (p,) or not np.all(np.isfinite(y)):
        raise ValueError(f"y must be a finite array of shape ({p},), got {y.shape}")
    dt, n_steps, steps = _schedule(dt, n_steps, record, method)
    flow = _ReducedFlow(red, y)
    state = flow.start()
    recs = []
    bar = Progress(n_steps, f"linear FA/DFA (reduced, {red.n_seeds} networks, {method})", progress)
    k = 0
    for step in range(n_steps + 1):
        if k < steps.size and steps[k] == step:
            recs.append(flow.record(state))
            if not np.all(np.isfinite(recs[-1][0])):
                raise _overflow(step, dt)
            k += 1
        if step == n_steps:
            break
        state = flow.step(state, dt, method)
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
        preactivations=np.empty((red.n_seeds, 0, 0, p)),
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
