"""Closed-form limits the exact solution must recover (SPEC §4, §5), and the closed forms of
Saxe, McClelland & Ganguli (2014) for decoupled modes: learning times of deep
(:func:`deep_learning_time`) and unbalanced two-layer (:func:`hyperbolic_learning_time`) modes,
and the curvature that bounds the learning rate (:func:`deep_mode_curvature`)."""

from __future__ import annotations

import numpy as np

from ._checks import positive_float, positive_int


def saxe_sigmoid(t, s: float, u0: float, tau: float = 1.0) -> np.ndarray:
    """Saxe et al. (2014) mode strength from an aligned balanced start (SPEC §4).

    ``u(t) = s e^{2 s t / tau} / (e^{2 s t / tau} - 1 + s / u0)`` for a mode of
    singular value ``s > 0`` starting at strength ``u0 > 0``; ``t`` may be an
    array (``inf`` gives ``s``). Written with ``e^{-2 s t / tau}`` so that it
    never overflows.
    """
    s = positive_float("s", s)
    u0 = positive_float("u0", u0)
    tau = positive_float("tau", tau)
    decay = np.exp(-2.0 * s * np.asarray(t, dtype=float) / tau)
    return s / (1.0 + (s / u0 - 1.0) * decay)


def deep_mode_strength(t, s: float, u0: float, depth: int, tau: float = 1.0) -> np.ndarray:
    """Mode strength of a depth-``depth`` aligned balanced network (SPEC §5).

    Integrates ``tau du/dt = L u^{2 - 2/L} (s - u)`` with DOP853 at rtol 1e-12;
    for ``depth = 2`` this is :func:`saxe_sigmoid`. ``t`` is a sorted 1-D array.
    """
    from scipy.integrate import solve_ivp

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

    sol = solve_ivp(rhs, (0.0, t[-1]), [u0], method="DOP853", t_eval=t, rtol=1e-12, atol=1e-300)
    return sol.y[0]


# ---------------------------------------------------------------------------- lambda-balanced modes
def _mode_args(s, u0, lam, tau) -> tuple[float, float, float, float]:
    """Checked ``(s, u0, lam, tau)`` of a lambda-balanced mode (``s, tau > 0``; ``u0``, ``lam`` finite)."""
    s = positive_float("s", s)
    tau = positive_float("tau", tau)
    u0, lam = float(u0), float(lam)
    for name, value in (("u0", u0), ("lam", lam)):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    return s, u0, lam, tau


def _mode_times(t) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    if np.any(np.isnan(t)):
        raise ValueError("t contains nan")
    if np.any(t < 0):
        raise ValueError(f"t must be >= 0 (got minimum {t.min()!r}); time starts at 0")
    return t


def lambda_mode_strength(t, s: float, u0: float, lam: float, tau: float = 1.0) -> np.ndarray:
    """Strength of one task-aligned mode from a lambda-balanced aligned start (Dominé et al. 2025).

    A mode of singular value ``s > 0`` carried by one hidden unit with output
    weight ``a`` and input weight ``b`` (``u = a b``, ``a^2 - b^2 = lam``)
    obeys ``tau du/dt = sqrt(lam^2 + 4 u^2) (s - u)``, because
    ``a^2 + b^2 = sqrt(lam^2 + 4 u^2)``. Separating variables,

        t / tau = (1 / K) ln[G(u) / G(u0)],   G(u) = (lam^2 + 4 s u + K sqrt(lam^2 + 4 u^2)) / |s - u|,

    with ``K = sqrt(lam^2 + 4 s^2)`` (see :func:`lambda_mode_time`). This
    function inverts that relation in closed form: with
    ``w0 = 2 (s - u0) / (K + sqrt(lam^2 + 4 u0^2))`` (``|w0| < 1`` for
    ``lam != 0``), ``g = e^{-K t / tau}`` and ``D = K - 2 s w0``,

        s - u(t) = (s - u0) g K^2 (1 - w0^2) / [(D - g w0 (K - 2 s)) (D + g w0 (K + 2 s))],
        u(t) - u0 = (s - u0) (1 - g) (D^2 + lam^2 w0^2 g) / [same denominator].

    Every factor is evaluated as a sum of non-negative terms (the differences
    ``K - 2 s``, ``1 - w0``, ... in their cancellation-free forms, the
    products of ``lam^2`` rescaled where ``u0 < 0``), all quantities are first
    scaled by ``max(|lam|, s, |u0|)`` (the ODE is invariant under
    ``u, s, lam -> c u, c s, c lam``, ``t -> t / c``), and of three
    algebraically equal expressions for ``u`` the one with the smallest
    rounding bound is returned. Nothing overflows for any ``t`` (``inf``
    included) or ``lam``; the result is accurate to a few ulps relative to
    ``|u|`` except near a zero crossing, where it is accurate to a few ulps of
    ``max(s, |u0|)``.

    Special cases it covers: ``lam = 0`` is Saxe et al.'s sigmoid
    (:func:`saxe_sigmoid`) for ``u0 > 0``, the saddle ``u = 0`` for
    ``u0 = 0``, and a decay to the saddle, ``u -> 0^-`` (never crossing), for
    ``u0 < 0``; for ``lam != 0`` a negative mode crosses zero at
    ``t = tau ln(1 + K / |lam|) / K`` when ``u0 = -s`` (reversal learning);
    ``u0 > s`` decays to ``s``; ``u0 = s`` stays. Only ``|lam|`` matters (the
    ODE holds ``lam^2``). ``|lam|`` below about ``1e-150 max(s, |u0|)``
    behaves as ``lam = 0`` (its square underflows).

    Parameters
    ----------
    t : float or array of any shape
        Times in units of ``tau`` (``t = eta * step`` for gradient descent);
        ``inf`` gives the limit (``s``, or 0 when ``lam = 0`` and ``u0 <= 0``).
    s : float
        Singular value of the mode (> 0).
    u0 : float
        Initial strength ``u(0) = a(0) b(0)`` (any sign).
    lam : float
        Balance ``a^2 - b^2 = lam`` (``W2^T W2 - W1 W1^T = lam I``).
    tau : float
        Time constant (> 0).

    Returns
    -------
    array
        ``u(t)``, the shape of ``t``.

    Raises
    ------
    ValueError
        For ``s <= 0``, ``tau <= 0``, non-finite ``s``, ``u0``, ``lam`` or
        ``tau``, or ``t`` that is negative or nan.

    Examples
    --------
    >>> import numpy as np
    >>> from exactdln.limits import lambda_mode_strength, saxe_sigmoid
    >>> t = np.linspace(0.0, 5.0, 6)
    >>> bool(np.allclose(lambda_mode_strength(t, 1.0, 1e-3, 0.0), saxe_sigmoid(t, 1.0, 1e-3)))
    True
    >>> K = np.hypot(2.0, 2.0)  # lam = 2, s = 1: the reversed mode crosses zero here
    >>> float(abs(lambda_mode_strength(np.log(1 + K / 2.0) / K, 1.0, -1.0, 2.0))) < 1e-15
    True
    """
    s, u0, lam, tau = _mode_args(s, u0, lam, tau)
    t = _mode_times(t)
    scale = max(abs(lam), s, abs(u0))
    s_, u_, l_ = s / scale, u0 / scale, abs(lam) / scale
    with np.errstate(over="ignore"):
        tt = t * (scale / tau)  # scaled time; inf where it overflows (then u = its limit)
    if l_ == 0.0 and u_ == 0.0:
        return np.zeros_like(tt)
    ell = l_ * l_
    k = np.hypot(l_, 2.0 * s_)
    r0 = np.hypot(l_, 2.0 * u_)
    kp = k + 2.0 * s_
    w0 = 2.0 * (s_ - u_) / (k + r0)
    # 1 + w0 without cancellation: R0 - 2 u0 = lam^2 / (R0 + 2 u0) for u0 > 0
    one_plus = (kp + (r0 - 2.0 * u_ if u_ <= 0 else ell / (r0 + 2.0 * u_))) / (k + r0)
    if u_ < 0:
        # quantities divided by kappa = lam^2 (so that lam -> 0 has a limit): alpha = (1 - w0) / lam^2,
        # kd = (K - 2 s) / lam^2, lk = lam^2 / kappa
        log_kappa = 2.0 * np.log(l_) if l_ > 0 else -np.inf
        alpha = (1.0 / kp + 1.0 / (r0 - 2.0 * u_)) / (k + r0)
        kd, lk = 1.0 / kp, 1.0
    else:
        log_kappa = 0.0
        alpha = (ell / kp + r0 + 2.0 * u_) / (k + r0)
        kd, lk = ell / kp, ell
    dp = kd + 2.0 * s_ * alpha  # D / kappa
    kt = k * tt
    g = np.exp(-kt)
    h = -np.expm1(-kt)
    f1 = k * alpha + h * w0 * kd if w0 >= 0 else dp - g * w0 * kd  # first denominator factor / kappa
    if w0 >= 0:
        # second factor kappa D + g w0 (K + 2 s), divided by kappa D (where g <= kappa D) or by g
        with np.errstate(invalid="ignore"):
            log_y = -kt - (log_kappa + np.log(dp))  # log(g / (kappa D)); +inf when kappa D = 0
        small = log_y <= 0
        y = np.exp(np.minimum(log_y, 0.0))
        x = np.exp(-np.maximum(log_y, 0.0))
        q = f1 * np.where(small, 1.0 + w0 * kp * y, x + w0 * kp)
        rho = k * k * alpha * one_plus * np.where(small, y, 1.0) / q
        moved = h * np.where(small, dp + lk * w0 * w0 * y, dp * x + lk * w0 * w0) / q
        terms = (
            np.where(small, s_ * dp, s_ * dp * x),
            np.where(small, lk * w0 * g, ell * w0 * dp),
            np.where(small, s_ * lk * w0 * w0 * g * y, s_ * lk * w0 * w0 * g),
        )
    else:
        q = f1 * (k * one_plus - h * w0 * kp)
        rho = g * k * k * alpha * one_plus / q
        kappa_dp = np.exp(log_kappa) * dp
        moved = h * (kappa_dp * dp + lk * w0 * w0 * g) / q
        terms = (s_ * kappa_dp * dp * np.ones_like(g), ell * w0 * dp * g, s_ * lk * w0 * w0 * g * g)
    # three equal expressions for u; keep the one with the smallest rounding bound
    gap = s_ - u_
    from_target, bound_target = s_ - gap * rho, s_ + np.abs(gap * rho)
    from_start, bound_start = u_ + gap * moved, abs(u_) + np.abs(gap * moved)
    direct = (terms[0] - terms[1] - terms[2]) / q
    bound_direct = (np.abs(terms[0]) + np.abs(terms[1]) + np.abs(terms[2])) / q
    u = np.where(bound_target <= bound_start, from_target, from_start)
    u = np.where(bound_direct < np.minimum(bound_target, bound_start), direct, u)
    limit = s_ if np.isfinite(log_kappa) or u_ >= 0 else 0.0
    u = np.where(np.isinf(tt), limit, u)
    return scale * u


def _mode_log_n(u: np.ndarray, s: float, lam: float, k: float) -> tuple[np.ndarray, np.ndarray]:
    """``ln N(u)`` with ``N(u) = lam^2 + 4 s u + K sqrt(lam^2 + 4 u^2)``, split as ``(ln lam^2, rest)``.

    For ``u < 0`` the sum cancels; there ``N = lam^2 [1 + (lam^2 + 4 u^2 + 4 s^2) /
    (K R + 4 s |u|)]`` and the first part is ``ln lam^2`` (``-inf`` for ``lam = 0``), the
    second the log of the bracket. For ``u >= 0`` the first part is 0.
    """
    r = np.hypot(lam, 2.0 * u)
    neg = u < 0
    with np.errstate(divide="ignore"):
        log_lam2 = 2.0 * np.log(abs(lam)) if lam != 0 else -np.inf
        bracket = 1.0 + (lam * lam + 4.0 * u * u + 4.0 * s * s) / (k * r + 4.0 * s * np.abs(u))
        rest = np.where(neg, np.log(bracket), np.log(lam * lam + 4.0 * s * np.maximum(u, 0.0) + k * r))
    return np.where(neg, log_lam2, 0.0), rest


def lambda_mode_time(u, s: float, u0: float, lam: float, tau: float = 1.0) -> np.ndarray:
    """Time at which a lambda-balanced aligned mode reaches strength ``u`` (inverse of
    :func:`lambda_mode_strength`; Dominé et al. 2025).

    Integrating ``tau du/dt = sqrt(lam^2 + 4 u^2) (s - u)`` by separation of
    variables (``K = sqrt(lam^2 + 4 s^2)``):

        t(u) = (tau / K) ln[G(u) / G(u0)],   G(u) = (lam^2 + 4 s u + K sqrt(lam^2 + 4 u^2)) / |s - u|.

    ``lam = 0``, ``u0 > 0`` gives Saxe et al.'s ``(tau / 2 s) ln[u (s - u0) /
    (u0 (s - u))]``. Half-learning time: ``u = s / 2``; it stays finite as
    ``u0 -> 0`` when ``lam != 0`` and grows as ``ln(1 / u0) / (2 s)`` when
    ``lam = 0``. Zero crossing of a reversed mode (``u0 = -s``, ``u = 0``):
    ``tau ln(1 + K / |lam|) / K``.

    Parameters
    ----------
    u : float or array
        Target strengths, each between ``u0`` (inclusive, time 0) and ``s``
        (``u = s`` takes infinite time unless ``u0 = s``).
    s, u0, lam, tau : float
        As in :func:`lambda_mode_strength`.

    Returns
    -------
    array
        Times in units of ``tau``, the shape of ``u``; ``inf`` where the mode
        never gets there: ``u = s != u0``, and for ``lam = 0`` every ``u >= 0``
        from ``u0 < 0`` and every ``u != 0`` from ``u0 = 0`` (the saddle).

    Raises
    ------
    ValueError
        For invalid ``s``, ``u0``, ``lam``, ``tau`` (see :func:`lambda_mode_strength`),
        non-finite ``u``, or a ``u`` that is not between ``u0`` and ``s``
        (the flow moves monotonically from ``u0`` towards ``s``).
    """
    s, u0, lam, tau = _mode_args(s, u0, lam, tau)
    u = np.asarray(u, dtype=float)
    if not np.all(np.isfinite(u)):
        raise ValueError("u must be finite")
    lo, hi = min(u0, s), max(u0, s)
    if np.any((u < lo) | (u > hi)):
        bad = float(u[(u < lo) | (u > hi)].ravel()[0])
        raise ValueError(
            f"u = {bad!r} is not between u0 = {u0!r} and s = {s!r}: the mode moves monotonically from u0 to s"
        )
    scale = max(abs(lam), s, abs(u0))
    s_, u_, l_ = s / scale, u0 / scale, abs(lam) / scale
    v = u / scale
    k = np.hypot(l_, 2.0 * s_)
    a_v, b_v = _mode_log_n(v, s_, l_, k)
    a_0, b_0 = _mode_log_n(np.asarray(u_), s_, l_, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        # ln lam^2 cancels when both strengths are negative; infinite when only u0 is (lam = 0)
        log_n = np.where(a_v == a_0, 0.0, a_v - a_0) + b_v - b_0
        log_gap = np.log(abs(s_ - u_)) - np.log(np.abs(s_ - v))
        t = tau * (log_n + log_gap) / (k * scale)
    t = np.where(v == u_, 0.0, t)
    stalled = (l_ == 0.0) & (((u_ < 0) & (v >= 0)) | ((u_ == 0) & (v != 0)))
    t = np.where(stalled | ((v == s_) & (u_ != s_)), np.inf, t)
    return t


# ---------------------------------------------------------------------------- Saxe et al. (2014): depth
# Closed forms of the decoupled (aligned, balanced) mode dynamics of Saxe, McClelland & Ganguli
# (2014), used by Part III. Times are in units of ``tau`` (``t = eta * step`` for gradient descent).

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
    task-aligned start) obeys ``tau du/dt = D u^{2 - 2/D} (s - u)`` (SPEC §5; Saxe et al. 2014,
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
    from scipy.special import hyp2f1

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
    a0, af = u0[todo], uf[todo]
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
    out[todo] = tau * value
    return float(out[0]) if scalar else out


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
