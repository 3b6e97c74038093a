"""Independent references for the tests: a high-precision ODE integration of the weights.

The reference integrates the gradient flow of docs/mathematics.md §1 on the weights themselves
(not the Riccati equation and not the closed form), with scipy's DOP853.
"""

from __future__ import annotations

import numpy as np

from exactdln.ode import integrate_weights  # noqa: F401  (re-exported for the tests)


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
