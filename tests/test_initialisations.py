"""Initialisations: exact balance, requested structure, dimension checks, seeds."""

import numpy as np
import pytest

import exactdln as ed

DIMS = [(3, 6, 7), (7, 4, 3), (5, 5, 5), (4, 2, 6), (2, 9, 2), (1, 1, 1)]


@pytest.mark.parametrize("dims", DIMS)
@pytest.mark.parametrize("scale", [1e-4, 0.1, 3.0])
def test_zero_balanced_is_balanced(dims, scale):
    w1, w2 = ed.initialisations.zero_balanced(*dims, scale, seed=0)
    assert w1.shape == (dims[1], dims[0]) and w2.shape == (dims[2], dims[1])
    d = w2.T @ w2 - w1 @ w1.T
    assert np.linalg.norm(d) <= 1e-13 * (np.linalg.norm(w1) ** 2 + np.linalg.norm(w2) ** 2)
    lam, imbalance = ed.measure_balance(w1, w2)
    assert lam == 0.0 and imbalance < 1e-14
    # docs/mathematics.md §2: rank(W1 W1^T) <= min(n_in, n_out)
    assert np.linalg.matrix_rank(w1 @ w1.T, tol=1e-10 * scale**2) <= min(dims[0], dims[2])


@pytest.mark.parametrize("lam", [-2.0, -0.3, 0.5, 4.0])
def test_lambda_balanced_is_lambda_balanced(lam):
    dims = (6, 4, 6)
    w1, w2 = ed.initialisations.lambda_balanced(*dims, scale=0.2, lam=lam, seed=1)
    assert np.allclose(w2.T @ w2 - w1 @ w1.T, lam * np.eye(4), atol=1e-12 * max(1, abs(lam)))
    measured, imbalance = ed.measure_balance(w1, w2)
    assert np.isclose(measured, lam, rtol=1e-12) and imbalance < 1e-13


def test_lambda_balanced_keeps_the_gaussian_product_spectrum():
    n_in, h, n_out, scale = 5, 4, 3, 0.3
    rng = np.random.default_rng(7)
    g1 = scale * rng.standard_normal((h, n_in))
    g2 = scale * rng.standard_normal((n_out, h))
    w1, w2 = ed.initialisations.lambda_balanced(n_in, h, n_out, scale, 0.0, seed=7)
    assert np.allclose(np.linalg.svd(w2 @ w1, compute_uv=False), np.linalg.svd(g2 @ g1, compute_uv=False))


def test_impossible_lambda_dimensions_are_rejected():
    with pytest.raises(ValueError, match=r"lam=0\.5 > 0 needs n_hidden <= n_out"):
        ed.initialisations.lambda_balanced(5, 4, 3, 0.1, 0.5, seed=0)
    with pytest.raises(ValueError, match=r"lam=-0\.5 < 0 needs n_hidden <= n_in"):
        ed.initialisations.lambda_balanced(3, 4, 5, 0.1, -0.5, seed=0)
    with pytest.raises(ValueError, match="lam must be finite"):
        ed.initialisations.lambda_balanced(3, 3, 3, 0.1, np.nan, seed=0)


def test_aligned_has_the_requested_strengths():
    task = ed.tasks.random_regression(4, 3, 8, seed=0)
    u, _, vt = np.linalg.svd(task.sigma_yx)
    strengths = np.array([0.5, 0.1, 1e-3])
    for lam in (0.0, 1.5):
        w1, w2 = ed.initialisations.aligned(task.sigma_yx, 3, strengths, seed=2, lam=lam)
        assert np.allclose(w2 @ w1, (u * strengths) @ vt[:3], atol=1e-14)
        assert np.allclose(w2.T @ w2 - w1 @ w1.T, lam * np.eye(3), atol=1e-13)


def test_gaussian_and_seeds():
    a = ed.initialisations.gaussian(3, 4, 2, 0.5, seed=3)
    b = ed.initialisations.gaussian(3, 4, 2, 0.5, seed=np.random.default_rng(3))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert abs(np.std(ed.initialisations.gaussian(50, 60, 40, 0.5, seed=0)[0]) - 0.5) < 0.02
    with pytest.raises(ValueError, match="n_hidden must be a positive integer"):
        ed.initialisations.gaussian(3, 0, 2, 0.5, seed=0)
    with pytest.raises(ValueError, match="std must be"):
        ed.initialisations.gaussian(3, 2, 2, -1.0, seed=0)
    q = ed.initialisations.random_orthogonal(5, seed=0)
    assert np.allclose(q @ q.T, np.eye(5), atol=1e-14)
