"""High-precision ODE integration: the independent reference of the closed forms.

:func:`integrate` is the one integrator every reference in the package uses (DOP853,
restarted at every output time); :func:`integrate_weights` applies it to the gradient
flow on the weights themselves (docs/mathematics.md §1), to measure the exact solution's
accuracy.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def integrate(rhs, y0, times, *, rtol: float, atol: float, t0: float = 0.0) -> np.ndarray:
    """States of ``dy/dt = rhs(t, y)``, ``y(t0) = y0``, at sorted ``times``: ``(T, n)``.

    Integrated with scipy's DOP853 from one output time to the next, each stretch a
    fresh ``solve_ivp`` call that starts from the previous end state: the value at an
    output time is the integrator's own step result, never its dense-output
    interpolant (whose error, up to 1e-8 seen here, exceeds the step error at tight
    tolerances). A time equal to the previous one (or to ``t0``) repeats the state.

    Parameters
    ----------
    rhs : callable
        ``rhs(t, y) -> dy/dt`` for a 1-D state ``y``.
    y0 : array (n,)
        State at ``t0``.
    times : array (T,)
        Sorted, finite output times ``>= t0``.
    rtol, atol : float
        DOP853's relative and absolute tolerances.

    Raises
    ------
    ValueError
        For times that are not sorted, not finite or before ``t0``.
    RuntimeError
        When DOP853 fails on a stretch (the message names it).
    """
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or not np.all(np.isfinite(times)) or np.any(np.diff(times) < 0):
        raise ValueError("times must be a sorted, finite 1-D array")
    if times.size and times[0] < t0:
        raise ValueError(f"times must start at or after t0 = {t0!r}, got {times[0]!r}")
    state = np.asarray(y0, dtype=float)
    out, now = [], t0
    for t1 in times:
        if t1 > now:
            sol = solve_ivp(rhs, (now, t1), state, method="DOP853", rtol=rtol, atol=atol)
            if not sol.success:
                raise RuntimeError(f"DOP853 failed between t={now} and t={t1}: {sol.message}")
            state, now = sol.y[:, -1], t1
        out.append(state)
    return np.array(out)


def integrate_weights(w1, w2, sigma_yx, times, tau=1.0, sigma_xx=None, rtol=1e-12):
    """``QQ^T`` at ``times`` from integrating the weights' gradient flow ``tau dW/dt = -dL/dW``.

    An independent reference for :class:`exactdln.ExactSolution`: it integrates
    docs/mathematics.md §1 on ``w1`` and ``w2`` themselves (not the Riccati equation,
    not the closed form) with :func:`integrate` at relative tolerance ``rtol``.
    ``times`` must be sorted, finite and start at 0. Returns
    ``(T, n_in + n_out, n_in + n_out)``, ``Q = [w1^T; w2]``. Cost grows with the
    time span and the tolerance; use it to check, not to compute.
    """
    w1 = np.asarray(w1, dtype=float)
    w2 = np.asarray(w2, dtype=float)
    h, n_in = w1.shape
    n_out = w2.shape[0]
    sxx = np.eye(n_in) if sigma_xx is None else sigma_xx
    split = h * n_in

    def rhs(_, y):
        a = y[:split].reshape(h, n_in)
        b = y[split:].reshape(n_out, h)
        err = sigma_yx - b @ a @ sxx
        return np.concatenate([(b.T @ err).ravel(), (err @ a.T).ravel()]) / tau

    y0 = np.concatenate([w1.ravel(), w2.ravel()])
    scale = max(np.abs(y0).max(), 1e-300)
    times = np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)) or np.any(np.diff(times) < 0):
        raise ValueError("times must be a non-empty, sorted, finite 1-D array")
    if times[0] != 0:
        raise ValueError(f"times must start at 0, got {times[0]!r}")
    out = []
    for y in integrate(rhs, y0, times, rtol=rtol, atol=rtol * 1e-4 * scale):
        q = np.vstack([y[:split].reshape(h, n_in).T, y[split:].reshape(n_out, h)])
        out.append(q @ q.T)
    return np.array(out)
