"""Property-based exactness: hypothesis draws shapes, scales, lambda and tau.

Every drawn case is compared with the independent DOP853 integration of the
weights (tests/reference.py) at times from 0 to well past convergence (or, for
a run that stalls on a saddle, until rounding noise could let the ODE escape).
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import comparison_horizon, integrate_weights, relative_errors

import exactdln as ed

TOL = 1e-9


@st.composite
def cases(draw):
    n_in = draw(st.integers(1, 6))
    n_out = draw(st.integers(1, 6))
    n_hidden = draw(st.integers(1, 8))
    log_scale = draw(st.floats(-3.0, 0.0))
    lam = draw(st.sampled_from([0.0, 0.0, 1.0, -1.0])) * draw(st.floats(0.05, 2.0))
    if (lam > 0 and n_hidden > n_out) or (lam < 0 and n_hidden > n_in):
        lam = 0.0  # no lambda-balanced network of these dimensions exists
    tau = draw(st.floats(0.3, 3.0))
    seed = draw(st.integers(0, 2**31 - 1))
    return n_in, n_hidden, n_out, 10.0**log_scale, lam, tau, seed


@settings(max_examples=60, deadline=None, derandomize=True)
@given(cases())
def test_exact_matches_ode(case):
    n_in, n_hidden, n_out, scale, lam, tau, seed = case
    rng = np.random.default_rng(seed)
    task = ed.tasks.random_regression(n_in, n_out, n_in + 3, seed=rng)
    w1, w2 = ed.initialisations.lambda_balanced(n_in, n_hidden, n_out, scale, lam, rng)
    sol = ed.ExactSolution.from_task(w1, w2, task, tau=tau)
    t_end = comparison_horizon(sol, scale, tau, cap=5e3 * tau)
    times = np.concatenate([[0.0], np.geomspace(1e-3 * tau, t_end, 40)])
    ref = integrate_weights(w1, w2, task.sigma_yx, times, tau=tau)
    err = relative_errors(sol.qqt(times), ref)
    assert err.max() <= TOL, f"error {err.max():.3g} at t = {times[err.argmax()]:.4g}"
