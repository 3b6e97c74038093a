"""Reference integration of the gradient flow on the weights (SPEC §1), for checking.

Independent of the closed form in :mod:`exactdln.exact`: the workflow uses it to
measure the exact solution's accuracy, the tests to check it.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.integrate import solve_ivp


def integrate_weights(w1, w2, sigma_yx, times, tau=1.0, sigma_xx=None, rtol=1e-12):
    """``QQ^T`` at ``times`` from integrating the weights' gradient flow ``tau dW/dt = -dL/dW``.

    An independent reference for :class:`exactdln.ExactSolution`: it integrates
    SPEC §1 on ``w1`` and ``w2`` themselves (not the Riccati equation, not the
    closed form) with scipy's DOP853 at relative tolerance ``rtol``.
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
    # Integrate interval by interval and take the state at each interval's end:
    # solve_ivp's t_eval would use DOP853's 7th-order dense output, whose
    # interpolation error (up to 1e-8 seen here) exceeds the step error.
    states = [y0]
    y = y0
    for t0, t1 in itertools.pairwise(times):
        if t1 > t0:
            sol = solve_ivp(rhs, (t0, t1), y, method="DOP853", rtol=rtol, atol=rtol * 1e-4 * scale)
            if not sol.success:
                raise RuntimeError(f"DOP853 failed between t={t0} and t={t1}: {sol.message}")
            y = sol.y[:, -1]
        states.append(y)
    out = []
    for y in states:
        a = y[:split].reshape(h, n_in)
        b = y[split:].reshape(n_out, h)
        q = np.vstack([a.T, b])
        out.append(q @ q.T)
    return np.array(out)
