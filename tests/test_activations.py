"""The nonlinearities (exactdln.activations) against finite differences and numpy's own functions."""

import numpy as np
import pytest

from exactdln import activations
from exactdln.activations import NAMES

Z = np.linspace(-2.5, 2.5, 11) + 0.013  # no point at ReLU's kink


def test_derivatives_match_finite_differences():
    h = 1e-5
    for name in NAMES:
        vals = activations.derivatives(name, Z, 3)
        for k in range(3):
            up = activations.derivatives(name, Z + h, 3)[k]
            down = activations.derivatives(name, Z - h, 3)[k]
            np.testing.assert_allclose((up - down) / (2 * h), vals[k + 1], atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
def test_every_form_of_phi_and_its_derivative_agrees(name):
    reference = {"linear": Z, "tanh": np.tanh(Z), "relu": np.maximum(Z, 0.0)}[name]
    np.testing.assert_array_equal(activations.apply(name, Z), reference)
    np.testing.assert_allclose(activations.apply_inplace(name, Z.copy()), reference, rtol=0, atol=3e-16)
    phi, dphi = activations.derivatives(name, Z, 1)
    np.testing.assert_array_equal(phi, reference)
    np.testing.assert_array_equal(activations.derivative(name, Z), dphi)
    np.testing.assert_array_equal(activations.derivative_from_output(name, reference), dphi)
    fd = (activations.apply(name, Z + 1e-6) - activations.apply(name, Z - 1e-6)) / 2e-6
    np.testing.assert_allclose(dphi, fd, atol=1e-8)


def test_inplace_tanh_saturates_without_overflow_warnings():
    h = np.array([-800.0, -40.0, 0.0, 40.0, 800.0])
    out = activations.apply_inplace("tanh", h)
    assert out is h
    np.testing.assert_array_equal(out, [-1.0, -1.0, 0.0, 1.0, 1.0])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: activations.check("sigmoid"), "activation must be one of"),
        (lambda: activations.derivatives("softplus", Z), "activation must be one of"),
        (lambda: activations.derivatives("tanh", 0.0, 4), "order"),
    ],
)
def test_bad_input_raises_naming_the_problem(call, match):
    with pytest.raises(ValueError, match=match):
        call()
