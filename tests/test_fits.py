"""Sigmoid and exponential curve fits (exactdln.fits) on curves of known shape."""

import numpy as np
import pytest

from exactdln import saxe_sigmoid
from exactdln.fits import exponential, fit_exponential, fit_sigmoid, local_loglog_slopes, sigmoid

T = np.linspace(0.0, 40.0, 401)


def test_exact_sigmoid_is_recovered():
    y = sigmoid(T, 0.1, 2.0, 12.0, 1.5)
    fit = fit_sigmoid(T, y)
    assert fit.residual < 1e-8
    np.testing.assert_allclose(fit.params, (0.1, 2.0, 12.0, 1.5), rtol=1e-6)


def test_exact_exponential_is_recovered():
    y = exponential(T, 1.0, -0.8, 5.0)
    fit = fit_exponential(T, y)
    assert fit.residual < 1e-8
    np.testing.assert_allclose(fit.params, (1.0, -0.8, 5.0), rtol=1e-6)


def test_saxe_small_start_is_sigmoidal_not_exponential():
    # a decoupled mode from a small start (docs/mathematics.md §4): logistic in time, with a long plateau
    y = saxe_sigmoid(T, s=0.6, u0=1e-4)
    assert fit_sigmoid(T, y).residual < 1e-3
    assert fit_exponential(T, y).residual > 0.05


def test_saxe_large_start_is_near_exponential():
    # from a start near the target the same mode relaxes almost exponentially
    y = saxe_sigmoid(T, s=0.6, u0=0.5)
    assert fit_exponential(T, y).residual < 0.02


@pytest.mark.parametrize(
    ("t", "y", "match"),
    [
        (T, np.ones_like(T), "constant"),
        (T[:3], T[:3], "length >= 5"),
        (T[::-1], T, "increasing"),
        (T, np.where(T > 5, np.nan, T), "finite"),
    ],
)
def test_bad_curves_are_refused(t, y, match):
    with pytest.raises(ValueError, match=match):
        fit_sigmoid(t, y)


def test_local_loglog_slopes_of_a_power_law_and_of_a_bend():
    x = np.array([1.0, 2.0, 8.0, 16.0])
    np.testing.assert_allclose(local_loglog_slopes(x, 3 * x**-4), [-4, -4, -4], rtol=1e-12)
    bent = local_loglog_slopes(x, x**-1 + x**-3)  # from slope -3 towards -1 (by hand: ln(5/8)/ln 2)
    np.testing.assert_allclose(bent[0], np.log((0.5 + 0.125) / 2) / np.log(2), rtol=1e-12)
    assert bent[0] < bent[1] < bent[2] < -1
