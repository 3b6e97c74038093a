"""kernel_distance and representations_from_network_function against independent references:
known values, the cosine definition, an independent DOP853 integration of the weights, and
balanced weights built by hand."""

import numpy as np
import pytest
from reference import integrate_weights

import exactdln as ed
from exactdln.measures import kernel_distance, representations_from_network_function


def test_kernel_distance_known_values():
    k = np.array([[2.0, 1.0], [1.0, 2.0]])
    assert kernel_distance(k, 3 * k) == pytest.approx(0.0, abs=1e-16)
    assert kernel_distance(np.diag([1.0, 0.0]), np.diag([0.0, 1.0])) == pytest.approx(1.0, rel=1e-15)
    assert kernel_distance(np.eye(2), np.diag([1.0, 0.0])) == pytest.approx(1 - 1 / np.sqrt(2), rel=1e-14)
    assert kernel_distance(np.eye(2), -np.eye(2)) == pytest.approx(2.0)


def test_kernel_distance_is_one_minus_the_cosine_and_broadcasts_over_time():
    rng = np.random.default_rng(0)
    k0 = rng.standard_normal((6, 6))
    kt = rng.standard_normal((5, 6, 6))
    cos = np.einsum("ij,tij->t", k0, kt) / (np.linalg.norm(k0) * np.linalg.norm(kt, axis=(1, 2)))
    np.testing.assert_allclose(kernel_distance(k0, kt), 1 - cos, rtol=1e-13)
    np.testing.assert_allclose(
        kernel_distance(kt, kt[::-1]), [kernel_distance(a, b) for a, b in zip(kt, kt[::-1], strict=True)]
    )
    assert kernel_distance(k0, kt).shape == (5,)
    assert kernel_distance(kt[:, None], kt[None]).shape == (5, 5)


def test_kernel_distance_keeps_precision_for_nearly_unchanged_kernels():
    """1 - cos(theta) = 2 sin^2(theta / 2): tiny for the lazy regime, where 1 - cos rounds to 0."""
    a = np.diag([1.0, 0.0, 0.0])
    for theta in (1e-3, 1e-6, 1e-10):
        b = np.diag([np.cos(theta), np.sin(theta), 0.0])
        assert kernel_distance(a, 5 * b) == pytest.approx(2 * np.sin(theta / 2) ** 2, rel=1e-9)
    tiny, huge = 1e-200 * np.eye(3), 1e200 * np.diag([1.0, 1.0, 1.0 + 1e-8])
    assert kernel_distance(tiny, huge) == pytest.approx(1e-16 / 9, rel=1e-6)  # no under- or overflow


@pytest.mark.parametrize(
    ("k0", "kt", "match"),
    [
        (np.zeros((2, 2)), np.eye(2), "all-zero"),
        (np.eye(2), np.eye(3), "equal trailing shapes"),
        (np.ones(3), np.ones(3), "equal trailing shapes"),
        (np.eye(2), np.array([[np.nan, 0], [0, 1]]), "finite"),
    ],
)
def test_kernel_distance_refuses_bad_input(k0, kt, match):
    with pytest.raises(ValueError, match=match):
        kernel_distance(k0, kt)


SHAPES = [(3, 3, 3), (5, 3, 3), (3, 3, 5), (6, 2, 2), (2, 2, 6), (1, 1, 1), (4, 1, 1)]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("lam", [-5.0, -0.3, 0.0, 0.7, 5.0])
def test_representations_along_an_independent_integration_of_the_weights(shape, lam):
    """Integrate the weights' gradient flow (DOP853, rtol 1e-12) from a random lambda-balanced start,
    then compare both representations with the formulas applied to the integrated W2 W1."""
    n_in, n_hidden, n_out = shape
    rng = np.random.default_rng(abs(hash((shape, lam))) % 2**32)
    task = ed.tasks.random_regression(n_in, n_out, 2 * n_in + 2, seed=rng)
    w1, w2 = ed.initialisations.lambda_balanced(n_in, n_hidden, n_out, 0.8, lam, rng)
    times = np.array([0.0, 0.05, 0.3, 1.0, 4.0])
    qqt = integrate_weights(w1, w2, task.sigma_yx, times)
    w1tw1, w2w2t = representations_from_network_function(qqt[:, n_in:, :n_in], lam)
    scale = np.linalg.norm(qqt, axis=(-2, -1))[:, None, None]
    np.testing.assert_array_less(np.abs(w1tw1 - qqt[:, :n_in, :n_in]) / scale, 1e-9)
    np.testing.assert_array_less(np.abs(w2w2t - qqt[:, n_in:, n_in:]) / scale, 1e-9)


def test_representations_of_hand_built_balanced_weights():
    """W1 = R diag(b) V^T, W2 = U diag(a) R^T with a b = s, a^2 - b^2 = lam, written out directly."""
    rng = np.random.default_rng(3)
    u, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    v, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    r, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    s = np.array([3.0, 1.0, 0.2, 1e-3])
    for lam in (-40.0, -1.0, 0.0, 2.0, 1e4):
        root = np.sqrt(lam**2 + 4 * s**2)
        if lam >= 0:  # the larger factor first (the other by division): no cancellation
            a = np.sqrt((root + lam) / 2)
            b = s / a
        else:
            b = np.sqrt((root - lam) / 2)
            a = s / b
        assert np.allclose(a**2 - b**2, lam, rtol=1e-14, atol=1e-14)
        w1 = r @ np.diag(b) @ v[:, :4].T
        w2 = u @ np.diag(a) @ r.T
        got1, got2 = representations_from_network_function(w2 @ w1, lam)
        np.testing.assert_allclose(got1, w1.T @ w1, atol=1e-12 * max(1, abs(lam)))
        np.testing.assert_allclose(got2, w2 @ w2.T, atol=1e-12 * max(1, abs(lam)))


def test_representations_refuse_what_the_function_does_not_determine():
    w = np.zeros((2, 5))
    w[0, 0] = 1.0  # rank 1 of 2: which input direction carries |lam| is free when lam < 0
    with pytest.raises(ValueError, match="not determined"):
        representations_from_network_function(w, -1.0)
    w1tw1, w2w2t = representations_from_network_function(w, 1.0)  # lam > 0: the output side is complete
    np.testing.assert_allclose(w2w2t, np.diag([(np.sqrt(5) + 1) / 2, 1.0]))
    expected = np.zeros((5, 5))
    expected[0, 0] = (np.sqrt(5) - 1) / 2
    np.testing.assert_allclose(w1tw1, expected, atol=1e-15)
    with pytest.raises(ValueError, match="finite"):
        representations_from_network_function(np.full((2, 2), np.nan), 1.0)
    with pytest.raises(ValueError, match="lam must be finite"):
        representations_from_network_function(np.eye(2), np.inf)
