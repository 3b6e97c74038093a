"""Deep-network starts: Haar (semi-)orthogonal layers, scaled Gaussian layers, decoupled starts."""

import itertools

import numpy as np
import pytest

from exactdln.initialisations import deep_decoupled, deep_gaussian, deep_orthogonal, random_semi_orthogonal


@pytest.mark.parametrize(("rows", "cols"), [(5, 3), (3, 5), (4, 4), (1, 6)])
def test_random_semi_orthogonal(rows, cols):
    w = random_semi_orthogonal(rows, cols, seed=0)
    assert w.shape == (rows, cols)
    gram = w.T @ w if rows >= cols else w @ w.T
    np.testing.assert_allclose(gram, np.eye(min(rows, cols)), atol=1e-14)
    np.testing.assert_array_equal(w, random_semi_orthogonal(rows, cols, seed=np.random.default_rng(0)))


def test_random_semi_orthogonal_is_haar():
    """Without the sign fix, QR's first column has a positive first entry with probability ~1;
    a Haar column is symmetric: its first entry is positive half of the time, with E[w^2] = 1/n."""
    rng = np.random.default_rng(1)
    first = np.array([random_semi_orthogonal(6, 3, rng)[0, 0] for _ in range(4000)])
    assert abs(np.mean(first > 0) - 0.5) < 0.03
    assert np.mean(first**2) == pytest.approx(1 / 6, rel=0.06)


def test_deep_gaussian_variance_and_std():
    widths = [400, 300, 200, 10]
    ws = deep_gaussian(widths, seed=2)
    assert [w.shape for w in ws] == [(300, 400), (200, 300), (10, 200)]
    for w, fan_in in zip(ws, widths[:-1], strict=True):
        assert np.var(w) == pytest.approx(1 / fan_in, rel=0.05)
    small = deep_gaussian(widths, seed=2, std=0.01)
    assert np.std(small[1]) == pytest.approx(0.01, rel=0.02)
    assert np.var(deep_gaussian(widths, seed=2, gain=2.0)[0]) == pytest.approx(4 / 400, rel=0.05)
    with pytest.raises(ValueError, match="widths"):
        deep_gaussian([5], seed=0)
    with pytest.raises(ValueError, match="widths\\[1\\]"):
        deep_gaussian([5, 0, 3], seed=0)
    with pytest.raises(ValueError, match="std"):
        deep_gaussian([5, 3], seed=0, std=-1.0)


def test_deep_orthogonal_products_are_orthogonal():
    ws = deep_orthogonal([6] * 9, seed=3, gain=1.0)
    prod = np.eye(6)
    for w in ws:
        prod = w @ prod
    np.testing.assert_allclose(np.linalg.svd(prod, compute_uv=False), 1.0, atol=1e-13)
    gained = deep_orthogonal([4, 4, 4], seed=3, gain=1.5)
    np.testing.assert_allclose(np.linalg.svd(gained[1] @ gained[0], compute_uv=False), 2.25, atol=1e-13)


@pytest.mark.parametrize("widths", [[5, 7, 6, 4], [4, 4], [6, 3, 8, 5, 4]])
def test_deep_decoupled_start(widths):
    rng = np.random.default_rng(4)
    sigma_yx = rng.standard_normal((widths[-1], widths[0]))
    k = min(widths)
    u0 = np.linspace(0.3, 0.01, k)
    ws = deep_decoupled(sigma_yx, widths, u0, seed=5)
    prod = ws[0]
    for w in ws[1:]:
        prod = w @ prod
    u, _, vt = np.linalg.svd(sigma_yx)
    np.testing.assert_allclose(prod, u[:, :k] @ np.diag(u0) @ vt[:k], atol=1e-14)
    depth = len(ws)
    for a, b in itertools.pairwise(ws):  # balanced: W_{l+1}^T W_{l+1} = W_l W_l^T
        np.testing.assert_allclose(b.T @ b, a @ a.T, atol=1e-14)
    for w in ws:
        sv = np.linalg.svd(w, compute_uv=False)[:k]
        np.testing.assert_allclose(sv, np.sort(u0 ** (1 / depth))[::-1], rtol=1e-12)


def test_deep_decoupled_rejects_bad_input():
    sigma_yx = np.ones((3, 4))
    with pytest.raises(ValueError, match="must start with n_in = 4"):
        deep_decoupled(sigma_yx, [3, 5, 3], 0.1, seed=0)
    with pytest.raises(ValueError, match="u0 must be finite and >= 0"):
        deep_decoupled(sigma_yx, [4, 5, 3], -0.1, seed=0)
