"""Independent references for the tests: a high-precision ODE integration of the weights.

The reference integrates the gradient flow of SPEC §1 on the weights themselves
(not the Riccati equation and not the closed form), with scipy's DOP853.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.integrate import solve_ivp


def integrate_weights(w1, w2, sigma_yx, times, tau=1.0, sigma_xx=None, rtol=1e-12):
    """``QQ^T`` at ``times`` (sorted, finite) from integrating ``tau dW/dt = -dL/dW``.

    Returns an array ``(T, n_in + n_out, n_in + n_out)``.
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
    # Integrate interval by interval and take the state at each interval's end:
    # solve_ivp's t_eval would use DOP853's 7th-order dense output, whose
    # interpolation error (up to 1e-8 seen here) exceeds the step error.
    states = [y0]
    y = y0
    for t0, t1 in itertools.pairwise(times):
        if t1 > t0:
            sol = solve_ivp(rhs, (t0, t1), y, method="DOP853", rtol=rtol, atol=rtol * 1e-4 * scale)
            assert sol.success, sol.message
            y = sol.y[:, -1]
        states.append(y)
    if times[0] > 0:
        raise ValueError("times must start at 0")
    out = []
    for y in states:
        a = y[:split].reshape(h, n_in)
        b = y[split:].reshape(n_out, h)
        q = np.vstack([a.T, b])
        out.append(q @ q.T)
    return np.array(out)


def relative_errors(values, reference):
    """Frobenius relative error at each time."""
    num = np.linalg.norm(values - reference, axis=(-2, -1))
    return num / np.linalg.norm(reference, axis=(-2, -1))


def comparison_horizon(sol, scale, tau=1.0, cap=np.inf):
    """How long to compare an exact solution with the ODE.

    For a run that converges: 3x (the slowest sigmoid transition plus 30 decay
    times), the slowest rate being the smallest growth rate or the smallest gap
    between distinct growth rates (a bottleneck relaxes at the gap between the
    last learned and the first unlearned mode); at most ``cap``. For a run that
    stalls on a saddle: 5 time constants of the fastest mode, before rounding
    noise could let the ODE escape.
    """
    rates = np.unique(sol.growth_rates[sol.growth_rates > 0])
    if sol.converges_to_optimum and rates.size:
        slow = min(rates.min(), np.diff(rates).min(initial=np.inf))
        return min(3 * tau * (np.log(1 / scale) / slow + 30 / slow), cap)
    return 5 * tau / max(rates.max(initial=1.0), 1.0)
