"""The output reduction (exactdln.output_reduction) against the full network, step by step."""

import numpy as np
import pytest

from exactdln.output_reduction import reduce_outputs
from exactdln.simulation import train_nonlinear


@pytest.mark.parametrize("activation", ["linear", "tanh", "relu"])
@pytest.mark.parametrize(("n_out", "n_items", "n_hidden"), [(40, 6, 5), (3, 6, 5), (30, 4, 8)])
def test_reduce_outputs_is_exact(activation, n_out, n_items, n_hidden):
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, n_items))
    y = rng.choice([-1.0, 1.0], size=(n_out, n_items))
    w1 = 0.3 * rng.standard_normal((2, n_hidden, 4))
    w2 = 0.3 * rng.standard_normal((2, n_out, n_hidden))
    w2_red, y_red, basis = reduce_outputs(w2, y)
    assert w2_red.shape == (2, basis.shape[1] + n_hidden, n_hidden)
    full = train_nonlinear(w1, w2, x, y, activation=activation, eta=0.05, n_steps=60, record=20)
    small = train_nonlinear(w1, w2_red, x, y_red, activation=activation, eta=0.05, n_steps=60, record=20)
    np.testing.assert_allclose(small.w1, full.w1, atol=1e-12)
    np.testing.assert_allclose(small.loss(), full.loss(), rtol=1e-12)
    r = basis.shape[1]
    np.testing.assert_allclose(small.w2[..., :r, :], basis.T @ full.w2, atol=1e-12)
