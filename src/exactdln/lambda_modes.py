"""Lambda-balanced networks in closed form (Dominé et al. 2025; docs/mathematics.md §7).

A two-layer linear network whose start is lambda-balanced, ``W2^T W2 - W1 W1^T = lam I``,
keeps that balance under gradient flow. For task-aligned starts every mode moves on its
own (:func:`lambda_mode_strength`, and its inverse :func:`lambda_mode_time`); for any
lambda-balanced network with ``n_hidden = min(n_in, n_out)`` both hidden representations
follow from the network function alone (:func:`representations_from_network_function`).
"""

from __future__ import annotations

import numpy as np

from ._checks import positive_float
from .initialisations import balance_factors


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
    with np.errstate(over="ignore"):
        tt = t * (scale / tau)  # scaled time; inf where it overflows (then u = its limit)
    return scale * _scaled_strength(tt, s / scale, u0 / scale, abs(lam) / scale)


def _scaled_strength(tt: np.ndarray, s_: float, u_: float, l_: float) -> np.ndarray:
    """:func:`lambda_mode_strength` in units where ``max(|lam|, s, |u0|) = 1`` (``s_``, ``u_``,
    ``l_ = |lam|``), at scaled times ``tt`` (``inf`` allowed)."""
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
    return u


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


def representations_from_network_function(network_function, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Both hidden representations of a lambda-balanced network from its function alone.

    For ``W2^T W2 - W1 W1^T = lam I`` and ``n_hidden = min(n_in, n_out) = r``
    (Dominé et al. 2025), write ``W2 W1 = U S V^T`` (reduced SVD, ``r``
    singular values). Then at every time of training, not only at convergence,

        W2 W2^T = U diag((sqrt(lam^2 + 4 S^2) + lam) / 2) U^T,
        W1^T W1 = V diag((sqrt(lam^2 + 4 S^2) - lam) / 2) V^T.

    (Each hidden direction carries one mode with ``a b = s`` and
    ``a^2 - b^2 = lam``; the diagonals are ``a^2`` and ``b^2``, evaluated
    without cancellation by :func:`exactdln.initialisations.balance_factors`.)
    With ``lam = 0`` they are ``U S U^T`` and ``V S V^T``. The balance and the
    width are not checked (they cannot be, from the function alone): for
    ``n_hidden > r`` the extra hidden units carry ``lam`` outside the
    function's singular directions and these formulas no longer hold.

    ``network_function`` is ``(..., n_out, n_in)`` (leading axes, e.g. time,
    broadcast); returns ``(w1tw1 (..., n_in, n_in), w2w2t (..., n_out, n_out))``.

    Raises ``ValueError`` for non-finite input, a non-finite ``lam``, or
    when the representation is not determined by the function: a zero
    singular value together with ``lam < 0`` and ``n_in > r`` (the input
    direction that carries ``|lam|`` is then free) or ``lam > 0`` and
    ``n_out > r`` (likewise on the output side).
    """
    w = np.asarray(network_function, dtype=float)
    if w.ndim < 2 or not np.all(np.isfinite(w)):
        raise ValueError(f"network_function must be a finite (..., n_out, n_in) array, got shape {w.shape}")
    lam = float(lam)
    if not np.isfinite(lam):
        raise ValueError(f"lam must be finite, got {lam!r}")
    n_out, n_in = w.shape[-2:]
    r = min(n_in, n_out)
    u, s, vt = np.linalg.svd(w, full_matrices=False)
    free_side = (lam < 0 and n_in > r) or (lam > 0 and n_out > r)
    if free_side and s.size:
        tol = 8 * max(n_in, n_out) * np.finfo(float).eps * np.maximum(s[..., 0], abs(lam))
        if np.any(s[..., -1] <= tol):
            side = "input (W1^T W1)" if lam < 0 else "output (W2 W2^T)"
            raise ValueError(
                f"the network function has a zero singular value, so with lam = {lam:g} the {side} "
                f"representation of a network with n_in={n_in}, n_hidden={r}, n_out={n_out} is not "
                "determined by it"
            )
    a, b = balance_factors(s, lam)
    w2w2t = (u * a[..., None, :] ** 2) @ np.swapaxes(u, -1, -2)
    w1tw1 = (np.swapaxes(vt, -1, -2) * b[..., None, :] ** 2) @ vt
    return w1tw1, w2w2t
