"""Infinite-width closures of the learning rules of :mod:`exactdln.learning_rules`.

Bordelon & Pehlevan (2022): at infinite width the output of a network trained
with any of the rules obeys ``df/dt = K Delta`` with the effective NTK
``K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l`` (docs/mathematics.md §9). The lazy-limit
kernels (``gamma0 -> 0``) are in :mod:`exactdln.lazy_kernels`; this module holds the
**infinite-width closures** that exist for linear networks: two-layer gradient descent
on one item (:func:`two_layer_gd_closure`, and its map onto
:class:`~exactdln.exact.ExactSolution`, :func:`two_layer_gd_exact`), two-layer rho-FA
(:func:`two_layer_fa_closure`), two-layer error-modulated Hebb
(:func:`two_layer_hebb_closure`), the final feature-kernel change of each
(:func:`final_feature_change`), and deep linear rho-FA and DFA on whitened items
(:func:`deep_linear_closure`).

Conventions are those of :mod:`exactdln.learning_rules`: ``L`` hidden layers,
flow time ``t``, loss ``1/2 sum_mu Delta_mu^2``, input kernel ``K_x = x . x' / D``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from ._checks import positive_float, positive_int, times_array
from .exact import ExactSolution
from .ode import integrate
from .rule_networks import check_rho

# ---------------------------------------------------------------------------- two-layer closures


@dataclass(frozen=True)
class ScalarClosure:
    """Infinite-width trajectory of a two-layer linear network on one item (or whitened items
    along the target direction): ``times (T,)``, the error ``delta (T,)``, the feature kernel
    ``h (T,)`` (``H_y = y^T Phi_1 y / |y|^2``, 1 at the start) and ``g_tilde (T,)`` (``G~_1``)."""

    times: np.ndarray
    delta: np.ndarray
    h: np.ndarray
    g_tilde: np.ndarray


def _scalar_args(y, gamma0):
    y = float(y)
    if not np.isfinite(y):
        raise ValueError(f"y must be finite, got {y!r}")
    return y, positive_float("gamma0", gamma0)


#: The rules with a two-layer closure on one item (:func:`two_layer_closure`).
FEATURE_RULES = ("gd", "fa", "hebb")


def _two_layer_system(rule: str, y: float, gamma0: float, rho, factor: float = 2.0):
    """``(rhs, initial state, readout)`` of a two-layer closure; ``readout(states (T, n))`` gives
    ``(delta, h, g_tilde)``."""
    if rule == "gd":

        def rhs(_, s):
            return [-factor * np.sqrt(1 + gamma0**2 * (y - s[0]) ** 2) * s[0]]

        def readout(states):
            h = np.sqrt(1 + gamma0**2 * (y - states[:, 0]) ** 2)
            return states[:, 0], h, h.copy()

        return rhs, [y], readout
    if rule == "fa":

        def rhs(_, s):
            return [gamma0 * y - s[0] ** 3 / 2 - (1 + rho) * s[0]]

        def readout(states):
            a = states[:, 0]
            return y - a * (1 + rho + a**2 / 2) / gamma0, 1 + a**2, rho + a**2 / 2

        return rhs, [0.0], readout
    if rule == "hebb":

        def rhs(_, s):
            d, h = s
            return [-(h + gamma0 * d * (y - d)) * d, 2 * gamma0 * d * d * h]

        def readout(states):
            d = states[:, 0]
            return d, states[:, 1], gamma0 * d * (y - d)

        return rhs, [y, 1.0], readout
    raise ValueError(f"rule must be one of {FEATURE_RULES}, got {rule!r}")


def two_layer_closure(
    rule: str, y: float, gamma0: float, times, rho: float | None = None, rtol: float = 1e-12
):
    """The two-layer closure of ``rule`` (``"gd"``, ``"fa"`` with ``rho``, ``"hebb"``) at ``times``.

    Dispatches to :func:`two_layer_gd_closure`, :func:`two_layer_fa_closure` or
    :func:`two_layer_hebb_closure`. Raises ``ValueError`` for another rule.
    """
    if rule == "gd":
        check_rho(rule, rho)
        return two_layer_gd_closure(y, gamma0, times, rtol=rtol)
    if rule == "fa":
        return two_layer_fa_closure(y, gamma0, rho, times, rtol=rtol)
    if rule == "hebb":
        check_rho(rule, rho)
        return two_layer_hebb_closure(y, gamma0, times, rtol=rtol)
    raise ValueError(f"rule must be one of {FEATURE_RULES}, got {rule!r}")


def _closure(rule, y, gamma0, times, rho, rtol, factor=2.0) -> ScalarClosure:
    y, gamma0 = _scalar_args(y, gamma0)
    times, _ = times_array(times, "times")
    rhs, y0, readout = _two_layer_system(rule, y, gamma0, rho, factor)
    return ScalarClosure(times, *readout(integrate(rhs, y0, times, rtol=rtol, atol=rtol * 1e-3)))


def two_layer_gd_closure(
    y: float, gamma0: float, times, factor: float = 2.0, rtol: float = 1e-12
) -> ScalarClosure:
    """Two-layer linear network trained by gradient descent on one item with ``|x|^2 = D``.

    With ``H = |w|^2/N = |h|^2/N`` and ``c = w . h / N = gamma0 f``, the flow conserves
    ``H^2 - c^2 = 1``, so ``df/dt = 2 H Delta`` and

        dDelta/dt = -2 sqrt(1 + gamma0^2 (y - Delta)^2) Delta,   Delta(0) = y,

    the eNTK being ``K = G_1 Phi_0 + Phi_1 = 2 H``. Bordelon & Pehlevan's Eq. 7 prints
    this without the factor 2; ``factor`` sets it (``factor=1`` is the printed form) so
    both can be compared with networks. Integrated with DOP853 at ``rtol``. Returns
    ``h = g_tilde = H = sqrt(1 + gamma0^2 (y - Delta)^2)`` beside ``delta``.
    """
    return _closure("gd", y, gamma0, times, None, rtol, positive_float("factor", factor))


def gd_exact_solution(y: float, gamma0: float) -> ExactSolution:
    """The scalar lambda-balanced network that *is* the two-layer GD closure.

    ``u = w2 w1`` with ``w1 = 0``, ``w2 = sqrt(2)`` (so ``lam = w2^2 - w1^2 = 2``) on the
    1x1 task ``sigma_yx = gamma0 y``, ``tau = 1``: its exact solution (docs/mathematics.md §2) obeys
    ``du/dt = (w1^2 + w2^2)(s - u) = sqrt(lam^2 + 4 u^2)(s - u)``, which is the closure
    with ``u = gamma0 f`` (``c``), ``s - u = gamma0 Delta`` and ``H = (w1^2 + w2^2)/2``
    (``H^2 - c^2 = lam^2/4 = 1``). Time is not rescaled.
    """
    y, gamma0 = _scalar_args(y, gamma0)
    return ExactSolution(np.zeros((1, 1)), np.full((1, 1), np.sqrt(2.0)), np.array([[gamma0 * y]]))


def two_layer_gd_exact(y: float, gamma0: float, times) -> ScalarClosure:
    """:func:`two_layer_gd_closure` evaluated through :func:`gd_exact_solution` (no ODE solver)."""
    y, gamma0 = _scalar_args(y, gamma0)
    times, _ = times_array(times, "times")
    qqt = gd_exact_solution(y, gamma0).qqt(times)
    delta = y - qqt[:, 1, 0] / gamma0
    h = 0.5 * (qqt[:, 0, 0] + qqt[:, 1, 1])
    return ScalarClosure(times, delta, h, h.copy())


def two_layer_fa_closure(y: float, gamma0: float, rho: float, times, rtol: float = 1e-12) -> ScalarClosure:
    """Two-layer linear rho-FA on one item: the hidden weights move only along ``z~``.

    With ``a = gamma0 integral_0^t Delta``: ``h = h_0 + a z~``,
    ``w = w_0 + a h_0 + a^2 z~ / 2``, hence ``H_y = 1 + a^2``, ``G~ = rho + a^2/2``,
    ``f = a (1 + rho + a^2/2) / gamma0`` and

        da/dt = gamma0 y - a^3/2 - (1 + rho) a,   a(0) = 0.
    """
    return _closure("fa", y, gamma0, times, check_rho("fa", rho), rtol)


def two_layer_hebb_closure(y: float, gamma0: float, times, rtol: float = 1e-12) -> ScalarClosure:
    """Two-layer linear error-modulated Hebb on one item (Bordelon & Pehlevan's Eq. 8).

    ``dh/dt = gamma0 Delta^2 h`` and ``dw/dt = gamma0 Delta h`` give

        dDelta/dt = -[H + gamma0 Delta (y - Delta)] Delta,   dH/dt = 2 gamma0 Delta^2 H,

    from ``Delta(0) = y``, ``H(0) = 1``; ``G~_1 = Delta w . h / N = gamma0 Delta (y - Delta)``.
    """
    return _closure("hebb", y, gamma0, times, None, rtol)


def convergence_time(
    rule: str, y: float, gamma0: float, rho: float | None = None, tol: float = 1e-8
) -> float:
    """First time at which the two-layer closure's error ``|Delta|`` falls to ``tol |y|``.

    One DOP853 integration (rtol 1e-10) stopped by an event. Raises ``ValueError`` for a
    bad rule or ``tol`` outside (0, 1), and ``RuntimeError`` if it does not happen by t = 1e6.
    """
    y, gamma0 = _scalar_args(y, gamma0)
    rho = check_rho(rule, rho) if rule in FEATURE_RULES else rho
    tol = positive_float("tol", tol)
    if tol >= 1:
        raise ValueError(f"tol must be in (0, 1), got {tol!r}")
    if y == 0.0:
        return 0.0
    rhs, y0, readout = _two_layer_system(rule, y, gamma0, rho)

    def event(_, s):
        return abs(readout(np.asarray(s)[None, :])[0][0]) - tol * abs(y)

    event.terminal = True
    sol = solve_ivp(rhs, (0.0, 1e6), y0, method="DOP853", rtol=1e-10, atol=1e-14, events=event)
    if not sol.t_events[0].size:
        raise RuntimeError(f"{rule} closure at gamma0={gamma0}: |Delta| stays above {tol} |y| until t = 1e6")
    return float(sol.t_events[0][0])


def final_feature_change(rule: str, gamma0: float, y: float = 1.0, rho: float | None = None) -> float:
    """``Delta H_y = H_y(inf) - H_y(0)`` of a two-layer linear network at infinite width.

    GD: ``sqrt(1 + gamma0^2 y^2) - 1``. rho-FA: ``a*^2`` with ``a*^3/2 + (1 + rho) a* = gamma0 |y|``
    (``a*`` ~ ``(2 gamma0 |y|)^(1/3)`` for large ``gamma0``). Hebb: ``H(Delta = 0) - 1`` from
    ``dH/dDelta = -2 gamma0 Delta H / (H + gamma0 Delta (|y| - Delta))`` integrated from
    ``Delta = |y|`` to 0 (DOP853, rtol 1e-12; the time never enters).
    """
    if rule not in FEATURE_RULES:
        raise ValueError(f"rule must be one of {FEATURE_RULES}, got {rule!r}")
    rho = check_rho(rule, rho)
    gamma0 = positive_float("gamma0", gamma0)
    y = abs(float(y))
    if not np.isfinite(y):
        raise ValueError(f"y must be finite, got {y!r}")
    if y == 0.0:
        return 0.0
    if rule == "gd":
        return float(np.hypot(1.0, gamma0 * y) - 1.0)
    if rule == "fa":
        target = gamma0 * y
        a = brentq(lambda a: a**3 / 2 + (1 + rho) * a - target, 0.0, target, xtol=1e-300, rtol=1e-15)
        return float(a * a)
    sol = solve_ivp(
        lambda d, h: [-2 * gamma0 * d * h[0] / (h[0] + gamma0 * d * (y - d))],
        (y, 0.0),
        [1.0],
        method="DOP853",
        rtol=1e-12,
        atol=1e-14,
    )
    if not sol.success:
        raise RuntimeError(f"Hebb feature-change integration failed: {sol.message}")
    return float(sol.y[0, -1] - 1.0)


# ---------------------------------------------------------------------------- deep linear FA / DFA


@dataclass(frozen=True)
class DeepLinearClosure:
    """Infinite-width trajectory of a deep linear rho-FA or DFA network on whitened items.

    ``times (T,)``; ``s (T, P)``: ``S = integral Delta``; ``outputs (T, P)``: ``f = kappa S``;
    ``loss (T,)``: ``1/2 |y - f|^2``; ``kappa (T,)``; ``g_tilde (T, L)``: ``G~_1 .. G~_L``;
    ``phi_rank_one (T, L + 1)``: ``V_l`` with ``Phi_l = I + V_l S S^T``; ``ntk (T, P, P)``:
    ``K = sum_l G~_{l+1} Phi_l`` (``G~_{L+1} = 1``); ``fields (T, L)``: the state ``M_0 .. M_{L-1}``.
    """

    times: np.ndarray
    s: np.ndarray
    outputs: np.ndarray
    loss: np.ndarray
    kappa: np.ndarray
    g_tilde: np.ndarray
    phi_rank_one: np.ndarray
    ntk: np.ndarray
    fields: np.ndarray


def _fa_gram(depth: int, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """``C[j, k, k'] = sum_{i=max(k,k')}^{j} rho^(2i - k - k')`` (1-based ``j, k, k' <= L``, zero-padded)
    and ``omega_k = rho^(L + 1 - k)``."""
    c = np.zeros((depth + 1, depth + 1, depth + 1))
    for j in range(1, depth + 1):
        for k in range(1, j + 1):
            for kk in range(1, j + 1):
                c[j, k, kk] = sum(rho ** (2 * i - k - kk) for i in range(max(k, kk), j + 1))
    omega = np.array([0.0] + [rho ** (depth + 1 - k) for k in range(1, depth + 1)])
    return c, omega


def _closure_rates(m: np.ndarray, gamma0: float, gram: np.ndarray, omega: np.ndarray):
    """``c_0 .. c_L``, ``alpha_0 .. alpha_L`` and ``kappa`` from the fields ``M_0 .. M_{L-1}``."""
    depth = m.size
    c = np.zeros(depth + 1)
    alpha = np.zeros(depth + 1)  # alpha_k = gamma0 (1 + c_{k-1}), k = 1..L: h-directions
    mu = np.concatenate([[0.0], gamma0 * m])  # mu_k = gamma0 M_{k-1}: accumulated-update directions
    for layer in range(1, depth + 1):
        alpha[layer] = gamma0 * (1 + c[layer - 1])
        c[layer] = mu[: layer + 1] @ gram[layer, : layer + 1, : layer + 1] @ alpha[: layer + 1]
    kappa = 1 + c[depth] + alpha[1:] @ omega[1:] / gamma0
    return c, alpha, kappa


def _closure_terms(m: np.ndarray, gamma0: float, gram: np.ndarray, omega: np.ndarray):
    """``c_0 .. c_L``, ``kappa``, ``V_0 .. V_L`` and ``G~_1 .. G~_L`` from the fields ``M_0 .. M_{L-1}``."""
    depth = m.size
    c, alpha, kappa = _closure_rates(m, gamma0, gram, omega)
    mu = np.concatenate([[0.0], gamma0 * m])
    v = np.array([alpha[: k + 1] @ gram[k, : k + 1, : k + 1] @ alpha[: k + 1] for k in range(depth + 1)])
    g_tilde = np.zeros(depth)
    for start in range(1, depth + 1):
        beta = np.zeros(depth + 1)
        beta[start] = 1.0
        for j in range(start, depth):
            beta[j + 1] = gamma0 * (mu[: j + 1] @ gram[j, : j + 1, : j + 1] @ beta[: j + 1])
        g_tilde[start - 1] = beta @ omega + gamma0 * (mu @ gram[depth] @ beta)
    return c, kappa, v, g_tilde


def deep_linear_closure(
    y,
    *,
    gamma0: float,
    depth: int,
    times,
    rule: str = "fa",
    rho: float | None = None,
    rtol: float = 1e-10,
) -> DeepLinearClosure:
    """Infinite-width closure of a deep linear network trained with rho-FA or DFA on whitened items.

    Items with ``x_mu . x_nu / D = delta_mu,nu`` (``P <= D``). Because the pseudo-gradients
    ``b_l = g~_l`` of a linear network are fixed vectors, ``W_l(t) = W_l(0) + gamma0/sqrt(N)
    b_{l+1} A_l(t)^T`` and every hidden field is ``h_l,mu = chi_l,mu + S_mu v_l(t)`` with
    ``S = integral_0^t Delta`` and ``v_l = sum_k alpha_k P_{l<-k} b_k`` (``P_{l<-k}`` the product of
    initial weights). The output is ``f_mu = kappa(t) S_mu``; the state is ``S (P)`` and the
    per-layer fields ``M_0 .. M_{L-1}``, ``P + L`` ODEs:

        dS/dt = y - kappa S,   dM_k/dt = (1 + c_k) S . Delta,
        c_l = gamma0^2 sum_{k,k' <= l} M_{k-1} (1 + c_{k'-1}) C^l_{k k'},   c_0 = 0,
        kappa = 1 + c_L + sum_k (1 + c_{k-1}) omega_k,

    with the infinite-width overlaps ``C^l_{k k'} = P_{l<-k} b_k . P_{l<-k'} b_k' / N =
    sum_{i=max(k,k')}^{l} rho^(2i - k - k')`` and ``omega_k = w_L(0) . P_{L<-k} b_k / N =
    rho^(L + 1 - k)`` (DFA: ``C = I``, ``omega = 0``, i.e. the ``rho = 0`` case). The
    gradient-alignment kernels are ``G~_l = sum_k beta_k omega_k + gamma0 m_L . r_L / N``
    for the forward image ``r`` of ``b_l`` through the current weights, and
    ``Phi_l = I + V_l S S^T``; ``kappa = 1 + sum_l G~_l`` is an identity the result obeys.
    For ``L = 1`` this is :func:`two_layer_fa_closure` (``a = gamma0 S``).
    Derived for this package; checked against wide networks in the tests and in Figure 4
    of Part IV. ``y`` is ``(P,)``; DOP853 at ``rtol``.
    """
    if rule not in ("fa", "dfa"):
        raise ValueError(f"the deep linear closure covers rules 'fa' and 'dfa', got {rule!r}")
    rho = check_rho(rule, rho)
    y = np.asarray(y, dtype=float)
    if y.ndim != 1 or y.size == 0 or not np.all(np.isfinite(y)):
        raise ValueError(f"y must be a finite 1-D array of targets, got shape {y.shape}")
    gamma0 = positive_float("gamma0", gamma0)
    depth = positive_int("depth", depth)
    times, _ = times_array(times, "times")
    gram, omega = _fa_gram(depth, 0.0 if rule == "dfa" else rho)
    p = y.size

    def rhs(_, state):
        s, m = state[:p], state[p:]
        c, _, kappa = _closure_rates(m, gamma0, gram, omega)
        delta = y - kappa * s
        return np.concatenate([delta, (1 + c[:depth]) * (s @ delta)])

    states = integrate(rhs, np.zeros(p + depth), times, rtol=rtol, atol=rtol * 1e-3)
    s, m = states[:, :p], states[:, p:]
    terms = [_closure_terms(row, gamma0, gram, omega) for row in m]
    kappa = np.array([t[1] for t in terms])
    v = np.array([t[2] for t in terms])
    g_tilde = np.array([t[3] for t in terms])
    f = kappa[:, None] * s
    gt_all = np.concatenate([g_tilde, np.ones((times.size, 1))], axis=1)  # G~_1 .. G~_L, G~_{L+1} = 1
    eye = np.eye(p)
    ss = s[:, :, None] * s[:, None, :]
    ntk = np.sum(gt_all, axis=1)[:, None, None] * eye + np.sum(gt_all * v, axis=1)[:, None, None] * ss
    return DeepLinearClosure(
        times=times,
        s=s,
        outputs=f,
        loss=0.5 * np.sum((y - f) ** 2, axis=1),
        kappa=kappa,
        g_tilde=g_tilde,
        phi_rank_one=v,
        ntk=ntk,
        fields=m,
    )
