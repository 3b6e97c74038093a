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
``g_l = phi'(h_l) * (W_l^T g_{l+1}) / sqrt(N)``. The rules (:data:`exactdln.rule_networks.RULES`):

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

from dataclasses import dataclass

import numpy as np
from scipy.linalg.blas import dgemm

from . import activations
from ._checks import positive_float, positive_int
from ._progress import Progress
from .rule_networks import RuleNetworks, _check_data
from .schedules import record_steps

#: Integration methods of :func:`train`.
METHODS = ("euler", "rk4")

# Weight matrices up to this many entries are updated through a temporary; larger ones in
# place by BLAS (a rank-P update of an N x N matrix is memory-bound).
_SMALL = 2**16


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
    act = net.activation
    n, d = net.width, net.n_in
    h = [weights.matvec(0, x) / np.sqrt(d)]
    a, ds = [], []
    for layer in range(net.depth):
        if net.rule == "gln":
            gate = activations.derivative(act, net.feedback[0][:, layer] @ x / np.sqrt(d))
            ds.append(gate)
            a.append(gate * h[layer])
        else:
            a.append(activations.apply(act, h[layer]))
            ds.append(activations.derivative_from_output(act, a[layer]))
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
    ``G~_l = g_l . g~_l' / N`` for ``l = 1 .. L``; ``g_pseudo (S, L, P, P)``: the
    pseudo-gradients' own kernels ``g~_l . g~_l' / N`` (``= G_l`` for GD and GLN); ``ntk (S, P, P)``: the eNTK
    ``K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l``; ``outputs (S, P)``;
    ``preactivations`` ``(S, L, N, P)`` (``h_1 .. h_L``; empty unless requested).
    """

    phi: np.ndarray
    g: np.ndarray
    g_tilde: np.ndarray
    ntk: np.ndarray
    outputs: np.ndarray
    preactivations: np.ndarray
    g_pseudo: np.ndarray


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
    gp = gg if gt is g else np.stack([np.swapaxes(u, -1, -2) @ u / n for u in gt], axis=1)
    ntk = phi[:, -1] + np.sum(ggt * phi[:, :-1], axis=1)
    h = np.stack(fp.h, axis=1) if keep_h else np.empty((s, 0, n, x.shape[1]))
    return Kernels(phi, gg, ggt, ntk, fp.f, h, gp)


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
    ``preactivations (S, L, N, P)`` at the end (empty from :func:`train_linear_feedback`);
    ``g_pseudo (T, S, L, P, P)``: the pseudo-gradient kernels ``g~_l . g~_l' / N`` (``None``
    from :func:`train_linear_feedback`).
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
    g_pseudo: np.ndarray | None = None

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
    return dt, n_steps, record_steps(record, n_steps)


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
        g_pseudo=np.stack([r.g_pseudo for r in records]),
    )


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
