"""Decoupled modes of deep linear networks (Saxe, McClelland & Ganguli 2014; docs/mathematics.md §8).

From a balanced, task-aligned start every mode of a depth-``D`` linear network keeps equal
per-layer strengths ``a``, and its strength ``u = a^D`` obeys
``tau du/dt = D u^{2 - 2/D} (s - u)``. This module holds that mode's trajectory
(:func:`deep_mode_strength`, integrated), its learning time in closed form
(:func:`deep_learning_time`; :func:`hyperbolic_learning_time` for unequal two-layer
strengths), the curvature that bounds the learning rate (:func:`deep_mode_curvature`),
and gradient descent on the modes themselves (:func:`train_deep_modes`). Times are in
units of ``tau`` (``t = eta * step`` for gradient descent).
"""

from __future__ import annotations

import numpy as np
from scipy.special import hyp2f1

from ._checks import positive_float, positive_int
from .ode import integrate
from .schedules import record_steps


def deep_mode_strength(t, s: float, u0: float, depth: int, tau: float = 1.0) -> np.ndarray:
    """Mode strength of a depth-``depth`` aligned balanced network (docs/mathematics.md §5).

    Integrates ``tau du/dt = L u^{2 - 2/L} (s - u)`` with DOP853 at rtol 1e-12, restarted at
    every output time (:func:`exactdln.ode.integrate`); for ``depth = 2`` this is
    :func:`~exactdln.limits.saxe_sigmoid`. ``t`` is a sorted 1-D array of times ``>= 0``.
    """
    s = positive_float("s", s)
    u0 = positive_float("u0", u0)
    depth = positive_int("depth", depth)
    tau = positive_float("tau", tau)
    t = np.atleast_1d(np.asarray(t, dtype=float))
    if np.any(np.diff(t) < 0) or np.any(t < 0) or not np.all(np.isfinite(t)):
        raise ValueError("t must be a sorted 1-D array of finite times >= 0")
    power = 2.0 - 2.0 / depth

    def rhs(_, u):
        return depth * np.abs(u) ** power * (s - u) / tau

    return integrate(rhs, [u0], t, rtol=1e-12, atol=1e-300)[:, 0]


#: Gauss–Legendre nodes used by :func:`deep_learning_time` on short intervals, where the
#: difference of two closed-form values would cancel.
_SHORT_NODES = np.polynomial.legendre.leggauss(24)


#: An interval ``[u0, uf]`` is short when ``uf - u0 <= _SHORT * min(u0, s - uf)``.
_SHORT = 0.05


#: Within ``s * _NEAR_S`` of ``s`` the closed form's last stretch is integrated from its expansion
#: (relative error ``~_NEAR_S^2``): ``scipy.special.hyp2f1`` returns ``inf`` for ``z > 1 - 1e-14``.
_NEAR_S = 1e-8


def _depth_check(depth) -> int:
    if isinstance(depth, bool) or int(depth) != depth or int(depth) < 1:
        raise ValueError(f"depth (number of weight layers) must be a positive integer, got {depth!r}")
    return int(depth)


def deep_learning_time(s: float, u0, uf, depth: int, tau: float = 1.0):
    """Time for a decoupled mode of a ``depth``-layer linear network to grow from ``u0`` to ``uf``.

    The mode strength ``u`` (product of the ``depth`` equal per-layer strengths of a balanced,
    task-aligned start) obeys ``tau du/dt = D u^{2 - 2/D} (s - u)`` (docs/mathematics.md §5; Saxe et al. 2014,
    eq. 15 with ``D = N_l - 1``), so ``t = tau * int_{u0}^{uf} du / (D u^{2-2/D} (s - u))``:

    - ``D = 1`` (linear regression): ``t = tau ln[(s - u0) / (s - uf)]``;
    - ``D = 2``: ``t = tau / (2 s) ln[uf (s - u0) / (u0 (s - uf))]`` (their eq. 11);
    - ``D > 2``: ``t = (tau / D) [F(uf) - F(u0)]`` with
      ``F(u) = u^a / (a s) 2F1(1, a; a + 1; u / s)`` and ``a = 2/D - 1``
      (term-by-term integration of ``u^{a-1} / (s - u)``).

    Where ``uf - u0`` is small compared with the distance of the interval from ``0`` and
    ``s`` the difference ``F(uf) - F(u0)`` would cancel, so the integral is evaluated there by
    24-point Gauss–Legendre quadrature instead (exact to rounding on such intervals); within
    ``1e-8 s`` of ``s``, where ``2F1`` at ``z -> 1`` is singular in floating point, from the
    first-order expansion of ``u^{-(2-2/D)}`` around ``s`` (error ``~1e-16``). Near ``uf = s``
    the time itself is ill-conditioned: a relative change ``delta`` of ``s - uf`` changes it by
    ``delta / (D s^{2-2/D})`` in absolute terms.

    Parameters
    ----------
    s : float
        Singular value of the mode, ``> 0``.
    u0, uf : float or array
        Initial and final strengths (broadcast against each other); ``0 < u0 <= uf <= s``
        (``u0 < s`` any real number for ``depth = 1``).
    depth : int
        Number of weight layers ``D >= 1`` (``N_l - 1`` in Saxe et al.'s notation).
    tau : float
        Time constant; the result is in the units of ``tau``.

    Returns
    -------
    float or array
        The time, ``0`` where ``uf == u0`` and ``inf`` where ``uf == s`` (the fixed point is
        approached but never reached).

    Raises
    ------
    ValueError
        For ``s <= 0``, ``tau <= 0``, a depth that is not a positive integer, non-finite
        strengths, ``u0 <= 0`` (for ``depth >= 2``: ``u = 0`` is a fixed point), ``u0 >= s``,
        ``uf < u0`` (the strength only grows from below ``s``) or ``uf > s`` (never reached).
    """
    s = positive_float("s", s)
    tau = positive_float("tau", tau)
    depth = _depth_check(depth)
    u0, uf = np.broadcast_arrays(np.asarray(u0, dtype=float), np.asarray(uf, dtype=float))
    scalar = u0.ndim == 0
    u0, uf = np.atleast_1d(u0).astype(float), np.atleast_1d(uf).astype(float)
    if not (np.all(np.isfinite(u0)) and np.all(np.isfinite(uf))):
        raise ValueError("u0 and uf must be finite")
    if depth >= 2 and np.any(u0 <= 0):
        raise ValueError(f"u0 must be > 0 for depth {depth} (u = 0 is a fixed point), got min {u0.min()!r}")
    if np.any(u0 >= s):
        raise ValueError(
            f"u0 must be < s = {s!r} (the mode grows towards s from below), got max {u0.max()!r}"
        )
    if np.any(uf < u0):
        bad = int(np.argmax(uf < u0))
        raise ValueError(
            f"uf must be >= u0 (the strength grows monotonically): "
            f"uf = {uf.flat[bad]!r} < u0 = {u0.flat[bad]!r}"
        )
    if np.any(uf > s):
        raise ValueError(f"uf must be <= s = {s!r} (never reached beyond it), got max {uf.max()!r}")
    out = np.zeros(u0.shape)
    reached = uf == s
    out[reached] = np.inf
    todo = ~reached & (uf > u0)
    out[todo] = tau * _scaled_time(s, u0[todo], uf[todo], depth)
    return float(out[0]) if scalar else out


def _scaled_time(s: float, a0: np.ndarray, af: np.ndarray, depth: int) -> np.ndarray:
    """:func:`deep_learning_time` for ``tau = 1`` on checked strengths ``0 < a0 < af < s``
    (``a0`` any value below ``s`` for ``depth = 1``)."""
    width = af - a0
    short = width <= _SHORT * np.minimum(np.abs(a0) if depth >= 2 else np.inf, s - af)
    value = np.empty(a0.shape)
    if np.any(short):
        x, w = _SHORT_NODES
        lo, hi = a0[short, None], af[short, None]
        u = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
        integrand = 1.0 / (depth * np.abs(u) ** (2.0 - 2.0 / depth) * (s - u))
        value[short] = 0.5 * (hi[:, 0] - lo[:, 0]) * (integrand @ w)
    long_ = ~short
    lo, hi = a0[long_], af[long_]
    if depth == 1:
        value[long_] = np.log((s - lo) / (s - hi))
    elif depth == 2:
        value[long_] = (np.log(hi / lo) + np.log((s - lo) / (s - hi))) / (2.0 * s)
    else:
        a = 2.0 / depth - 1.0

        def big_f(u):
            return u**a / (a * s) * hyp2f1(1.0, a, a + 1.0, u / s)

        # within _NEAR_S of s, 2F1 at z -> 1 is singular in floating point: integrate the
        # last stretch from its expansion u^{-(2-2/D)} = s^{-(2-2/D)} (1 + (2 - 2/D) (s-u)/s + ...)
        edge = s * (1.0 - _NEAR_S)
        mid = np.minimum(hi, np.maximum(lo, edge))
        power = 2.0 - 2.0 / depth
        tail = (np.log((s - mid) / (s - hi)) + power * (hi - mid) / s) / (depth * s**power)
        value[long_] = np.where(mid > lo, (big_f(mid) - big_f(lo)) / depth, 0.0) + tail
    return value


def hyperbolic_learning_time(s: float, a0: float, b0: float, uf, tau: float = 1.0):
    """Time for the scalar two-layer mode ``(a, b)`` to bring ``ab`` from ``a0 b0`` to ``uf``.

    The decoupled mode of a two-layer network with unequal layer strengths obeys
    ``tau da/dt = b (s - ab)``, ``tau db/dt = a (s - ab)`` (Saxe et al. 2014, eq. 8), which
    conserves ``c0 = a^2 - b^2``. With ``a = sqrt(c0) cosh(theta/2)``,
    ``b = sqrt(c0) sinh(theta/2)`` (for ``a^2 > b^2``; swap ``a`` and ``b`` otherwise) one has
    ``ab = (c0/2) sinh(theta)`` and ``a^2 + b^2 = c0 cosh(theta)``, hence

    ``tau dtheta/dt = 2 s - c0 sinh(theta)``,

    ``t = tau / R [ln((R + c0 + 2 s x) / (R - c0 - 2 s x))]_{theta0}^{thetaf}``,
    ``R = sqrt(c0^2 + 4 s^2)``, ``x = tanh(theta/2) = b/a``.

    (Saxe et al.'s Appendix A, eqs. 25–26, print ``ab = c0 sinh(theta)`` and
    ``tau dtheta/dt = s - c0 sinh(theta)``: ``s`` lacks its factor 2; Part III checks both
    against an ODE integration.) Multiplying by the conjugate removes the cancellation near
    ``c0 = 0``; the form evaluated is
    ``t = tau / R [2 ln(a R + a c0 + 2 s b) - ln(s - ab)]_0^f``, which for ``a = b`` reduces to
    :func:`deep_learning_time` with ``depth = 2`` (eq. 11).

    Parameters
    ----------
    s : float
        Singular value of the mode, ``> 0``.
    a0, b0 : float
        Initial strengths with ``a0 + b0 > 0`` (the basin of ``ab = s``; the dynamics are
        symmetric under ``(a, b) -> (-a, -b)``, so negate both for ``a0 + b0 < 0``).
    uf : float or array
        Target products, between ``a0 b0`` (inclusive) and ``s`` (``s`` itself gives ``inf``);
        the product approaches ``s`` monotonically from either side.
    tau : float
        Time constant.

    Raises
    ------
    ValueError
        For ``s <= 0``, ``a0 + b0 <= 0`` (the start is not in the basin of ``ab = s``),
        non-finite values, or ``uf`` outside the interval from ``a0 b0`` to ``s``.
    """
    s = positive_float("s", s)
    tau = positive_float("tau", tau)
    a0, b0 = float(a0), float(b0)
    if not (np.isfinite(a0) and np.isfinite(b0)):
        raise ValueError(f"a0 and b0 must be finite, got {a0!r}, {b0!r}")
    if a0 + b0 <= 0:
        raise ValueError(
            f"a0 + b0 must be > 0 (the basin of ab = s), got a0 = {a0!r}, b0 = {b0!r}; "
            "negate both for the mirror-image basin"
        )
    if b0 * b0 > a0 * a0:  # the dynamics are symmetric in a and b
        a0, b0 = b0, a0
    uf_arr = np.asarray(uf, dtype=float)
    scalar = uf_arr.ndim == 0
    uf_arr = np.atleast_1d(uf_arr)
    u0 = a0 * b0
    lo, hi = min(u0, s), max(u0, s)
    if not np.all(np.isfinite(uf_arr)) or np.any(uf_arr < lo) or np.any(uf_arr > hi):
        raise ValueError(
            f"uf must lie between a0 b0 = {u0!r} and s = {s!r} (ab moves monotonically towards s), "
            f"got {uf_arr.min()!r} to {uf_arr.max()!r}"
        )
    c0 = a0 * a0 - b0 * b0
    root = np.hypot(c0, 2.0 * s)
    af = np.sqrt(0.5 * (c0 + np.hypot(c0, 2.0 * uf_arr)))
    bf = np.divide(uf_arr, af, out=np.zeros_like(uf_arr), where=af > 0)

    def potential(a, b, u):
        return 2.0 * np.log(a * root + a * c0 + 2.0 * s * b) - np.log(np.abs(s - u))

    out = np.full(uf_arr.shape, np.inf)
    finite = uf_arr != s
    out[finite] = tau / root * (potential(af[finite], bf[finite], uf_arr[finite]) - potential(a0, b0, u0))
    out[uf_arr == u0] = 0.0
    return float(out[0]) if scalar else out


def deep_mode_curvature(s: float, depth: int, tau: float = 1.0) -> float:
    """Largest Hessian eigenvalue of a decoupled mode's loss at its optimum, ``D s^{2 - 2/D} / tau``.

    For the balanced mode of a ``depth = D``-layer network with per-layer strengths
    ``a_1 = ... = a_D = a`` and loss ``(s - prod a_i)^2 / (2 tau)``, the Hessian's largest
    eigenvalue over the learning path ``a in [0, s^{1/D}]`` is reached at the optimum (Saxe et
    al. 2014, Appendix B, eq. 41). Gradient descent is stable near the optimum for
    ``eta < 2 / curvature``, so the best learning rate scales like ``1 / (D s^{2 - 2/D})``.
    """
    s = positive_float("s", s)
    depth = _depth_check(depth)
    return depth * s ** (2.0 - 2.0 / depth) / positive_float("tau", tau)


def train_deep_modes(s, u0, depth: int, *, eta, n_steps: int, record=None) -> tuple[np.ndarray, np.ndarray]:
    """Gradient descent on the decoupled modes of a balanced, task-aligned deep linear network.

    From a start built by :func:`~exactdln.initialisations.deep_decoupled` (whitened inputs),
    every layer of mode ``i`` carries the same strength ``a_i`` and full-batch gradient descent
    on the weight matrices keeps that form exactly (Saxe et al. 2014, Section 2): each mode
    follows the scalar map

    ``a <- a + eta (s - a^D) a^{D-1}``,   ``u = a^D``,

    which is what :func:`train_deep` computes on the full matrices (to rounding), at the cost
    of one scalar per mode. It is the forward-Euler discretisation of
    ``du/dt = D u^{2-2/D} (s - u)`` (:func:`~exactdln.limits.deep_mode_strength`), with
    ``t = eta * step``.

    Parameters
    ----------
    s : array (m,)
        Singular values of the modes (``>= 0``).
    u0 : float or array (m,)
        Initial strengths ``>= 0`` (``a_0 = u0^{1/D}``).
    depth : int
        Number of weight layers ``D``.
    eta : float or array
        Learning rate(s), ``> 0``; an array of shape ``E`` runs every rate at once.
    n_steps : int
        Number of updates.
    record : int or sequence of int, optional
        As in :func:`train_deep` (default: every step).

    Returns
    -------
    steps : array (T,)
        The recorded steps.
    u : array (T, *E, m)
        Mode strengths at each record (``inf``/``nan`` where a run diverged).
    """
    s = np.atleast_1d(np.asarray(s, dtype=float))
    if s.ndim != 1 or not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"s must be a 1-D array of finite values >= 0, got {s!r}")
    u0 = np.broadcast_to(np.asarray(u0, dtype=float), s.shape)
    if not np.all(np.isfinite(u0)) or np.any(u0 < 0):
        raise ValueError(f"u0 must be finite and >= 0, got {u0!r}")
    if isinstance(depth, bool) or int(depth) != depth or int(depth) < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    depth = int(depth)
    eta = np.asarray(eta, dtype=float)
    if not np.all(np.isfinite(eta)) or np.any(eta <= 0):
        raise ValueError(f"eta must be finite and > 0, got {eta!r}")
    n_steps = positive_int("n_steps", n_steps) if n_steps != 0 else 0
    steps = record_steps(record, n_steps)
    rate = eta[..., None]
    a = np.broadcast_to(u0 ** (1.0 / depth), (*eta.shape, s.size)).copy()
    out = np.empty((steps.size, *eta.shape, s.size))
    k_rec = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(n_steps + 1):
            if steps[k_rec] == step:
                out[k_rec] = a**depth
                k_rec += 1
                if k_rec == steps.size:
                    break
            power = a ** (depth - 1)
            a = a + rate * (s - power * a) * power
    return steps, out
