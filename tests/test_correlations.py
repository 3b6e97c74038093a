"""Exact derivative correlations (exactdln.correlations) against finite differences and closed forms."""

import numpy as np
import pytest

from exactdln.activations import NAMES
from exactdln.correlations import QUANTITIES, correlations, finite_difference_correlations
from exactdln.wide_networks import TwoLayer, init_mlp, init_two_layer


def points(d=4, k=3, seed=0):
    x = np.random.default_rng(seed).standard_normal((d, k))
    return x * np.sqrt(d) / np.linalg.norm(x, axis=0)


def rel_error(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


@pytest.mark.parametrize("activation", NAMES)
@pytest.mark.parametrize("width", [1, 7])
def test_exact_correlations_match_finite_differences(activation, width):
    """Every quantity agrees with central differences at step 1e-3 (errors ~ step^2 times the scale of the
    next derivatives, here below 5e-5, or rounding), also for inputs off the sphere |x|^2 = d."""
    x = points(k=3) * np.array([1.0, 1.7, 0.6])
    net = init_two_layer(4, width, 2, 5)
    exact = correlations(net, x, activation)
    fd = finite_difference_correlations(net, x, activation, 1e-3)
    for q in QUANTITIES:
        ref = getattr(exact, q)
        if not np.any(ref):
            assert activation != "tanh" and q == "c03"  # only C_{0,3} of piecewise-linear units vanishes
            assert np.max(np.abs(getattr(fd, q))) < 1e-6
            continue
        assert rel_error(getattr(fd, q), ref) < 1e-4, q


def test_step_study_second_order():
    """Dividing the step by 4 divides the finite-difference error by about 16 (tanh), so the agreement above
    is convergence to the exact value, not a coincidence at one step."""
    x = points(k=2, seed=3)
    net = init_two_layer(4, 3, 1, 8)
    exact = correlations(net, x, "tanh")
    coarse, fine = (finite_difference_correlations(net, x, "tanh", h) for h in (4e-2, 1e-2))
    for q in QUANTITIES:
        ratio = rel_error(getattr(coarse, q), getattr(exact, q)) / rel_error(
            getattr(fine, q), getattr(exact, q)
        )
        assert 10 < ratio < 22, q


def test_linear_network_closed_forms():
    """Linear units: C_{0,2}[mu, nu, rho] = (f(x_nu) G[rho, mu] + f(x_rho) G[nu, mu]) / m, C_{0,3} = 0, and
    the Hessian norm is |x| / sqrt(m d) (every neuron block is [[0, b], [b, 0]])."""
    d, m = 5, 6
    x = points(d, 4, 2) * np.array([1.0, 2.0, 0.5, 1.5])
    net = init_two_layer(d, m, 2, 3)
    c = correlations(net, x, "linear")
    f = net.outputs(x, "linear")
    g = x.T @ x / d
    expect = (f[:, None, :, None] * g.T[None, :, None, :] + f[:, None, None, :] * g.T[None, :, :, None]) / m
    np.testing.assert_allclose(c.c02, expect, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(c.c03, 0.0)
    np.testing.assert_allclose(
        c.hessian_norm, np.broadcast_to(np.linalg.norm(x, axis=0) / np.sqrt(m * d), (2, 4))
    )
    np.testing.assert_allclose(c.ntk, net.ntk(x, "linear"), rtol=1e-13)


def test_relu_hessian_norm_and_an_inactive_point():
    """ReLU: the Hessian norm is |x| / sqrt(m d) if some neuron is active at x, and 0 where none is."""
    w = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    net = TwoLayer(w, np.array([[2.0, -1.0]]))
    x = np.array([[1.0, -1.0], [0.5, -1.0]])  # point 0: both active; point 1: none
    c = correlations(net, x, "relu")
    np.testing.assert_allclose(c.hessian_norm[0], [np.linalg.norm(x[:, 0]) / 2.0, 0.0])
    np.testing.assert_array_equal(c.c02[0, 1], 0.0)  # no neuron active at x_1: f is locally zero


def test_doubling_start_cancels_c02_but_keeps_the_hessian():
    """Mirrored neurons (w, -a) cancel every odd-in-a term: C_{0,2} = 0, while each mirror pair has the same
    Hessian block norms, so the Hessian norm equals that of the half network times sqrt(1/2)."""
    x = points(k=3, seed=4)
    doubled = init_two_layer(4, 8, 2, 9, doubling=True)
    half = TwoLayer(doubled.w[:, :4], doubled.a[:, :4])
    cd, ch = correlations(doubled, x, "tanh"), correlations(half, x, "tanh")
    assert np.max(np.abs(cd.c02)) < 1e-16
    assert np.max(np.abs(ch.c02)) > 1e-3
    np.testing.assert_allclose(cd.hessian_norm, ch.hessian_norm / np.sqrt(2), rtol=1e-13)
    assert np.min(cd.c11) > 0  # the Hessian applied to a gradient does not vanish


def test_summary():
    c = correlations(init_two_layer(4, 5, 3, 0), points(k=2), "tanh")
    s = c.summary()
    assert set(s) == {"ntk_diag", "c02", "c11", "c03", "hessian_norm"}
    assert s["c02"] == pytest.approx(np.sqrt(np.mean(c.c02**2)))
    assert s["hessian_norm"] == pytest.approx(np.mean(c.hessian_norm))


def test_bad_input():
    with pytest.raises(ValueError, match="TwoLayer"):
        correlations(init_mlp(4, 3, 1, 0), points(), "tanh")
    with pytest.raises(ValueError, match="n_in=4"):
        correlations(init_two_layer(4, 3, 1, 0), points(d=3), "tanh")
    with pytest.raises(ValueError, match="activation"):
        correlations(init_two_layer(4, 3, 1, 0), points(), "gelu")
    with pytest.raises(ValueError, match="step"):
        finite_difference_correlations(init_two_layer(4, 3, 1, 0), points(), "tanh", 0.0)
