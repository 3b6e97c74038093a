"""Random products, Fuss-Catalan moments and density, and the tanh mean-field tools, against
Monte Carlo, combinatorics, quadrature and finite differences."""

import numpy as np
import pytest
from scipy.integrate import quad

from exactdln import random_matrices as rm
from exactdln.initialisations import random_orthogonal


def test_fuss_catalan_moments_are_the_known_numbers():
    assert [rm.fuss_catalan_moment(1, j) for j in range(5)] == [1, 1, 2, 5, 14]  # Catalan
    assert [rm.fuss_catalan_moment(2, j) for j in range(5)] == [1, 1, 3, 12, 55]
    assert all(rm.fuss_catalan_moment(k, 2) == k + 1 for k in range(1, 30))
    with pytest.raises(ValueError, match="j must be"):
        rm.fuss_catalan_moment(2, -1)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_fuss_catalan_density_has_the_fuss_catalan_moments(k):
    """Moments of the parametrised density, integrated over phi (x'(phi) by central differences)."""

    def x_of(phi):
        return np.sin((k + 1) * phi) ** (k + 1) / (np.sin(phi) * np.sin(k * phi) ** k)

    def rho_of(phi):
        return np.sin(phi) ** 2 * np.sin(k * phi) ** (k - 1) / (np.pi * np.sin((k + 1) * phi) ** k)

    def moment(j):
        h = 1e-6

        def integrand(phi):
            return x_of(phi) ** j * rho_of(phi) * abs(x_of(phi + h) - x_of(phi - h)) / (2 * h)

        return quad(integrand, 1e-9, np.pi / (k + 1) - 1e-9, limit=400, epsabs=1e-12)[0]

    for j in range(4):
        assert moment(j) == pytest.approx(rm.fuss_catalan_moment(k, j), rel=1e-5)
    x, rho = rm.fuss_catalan_density(k, 50)
    assert np.all(np.diff(x) > 0) and x[-1] < (k + 1) ** (k + 1) / k**k and np.all(rho >= 0)


def test_gaussian_product_sigma4_matches_monte_carlo_at_small_n():
    rng = np.random.default_rng(0)
    n, k, draws = 3, 2, 40000
    g = rng.standard_normal((draws, k, n, n)) / np.sqrt(n)
    a = g[:, 1] @ g[:, 0]
    sigma4 = np.einsum("dij,dij->d", a @ np.swapaxes(a, 1, 2), a @ np.swapaxes(a, 1, 2)) / n
    stderr = sigma4.std() / np.sqrt(draws)
    assert abs(sigma4.mean() - rm.gaussian_product_sigma4(k, n)) < 4 * stderr
    assert rm.gaussian_product_sigma4(k, n) > k + 1  # finite-n excess
    assert rm.gaussian_product_sigma4(5, 10**6) == pytest.approx(6.0, rel=1e-4)


def test_product_spectra_gaussian_and_orthogonal():
    spec = rm.product_spectrum(200, 3, "gaussian", 4, seed=1)
    assert spec.singular_values.shape == (4, 200) and spec.eigenvalues.dtype.kind == "c"
    assert np.mean(spec.singular_values**2) == pytest.approx(1.0, abs=0.05)
    assert np.mean(spec.singular_values**4) == pytest.approx(rm.gaussian_product_sigma4(3, 200), rel=0.1)
    radii = np.array([0.25, 0.5, 0.75])
    empirical = np.mean(np.abs(spec.eigenvalues).ravel()[None] <= radii[:, None], axis=1)
    np.testing.assert_allclose(empirical, rm.product_eigenvalue_radial_cdf(radii, 3), atol=0.03)
    orth = rm.product_spectrum(50, 40, "orthogonal", 2, seed=2)
    np.testing.assert_allclose(orth.singular_values, 1.0, atol=1e-12)
    np.testing.assert_allclose(np.abs(orth.eigenvalues), 1.0, atol=1e-12)
    with pytest.raises(ValueError, match="kind must be one of"):
        rm.product_spectrum(5, 2, "uniform", 1, seed=0)
    with pytest.raises(ValueError, match="r must be"):
        rm.product_eigenvalue_radial_cdf(-0.1, 2)


def _multiplied_out(factors):
    out = factors[0]
    for f in factors[1:]:
        out = f @ out
    return out


@pytest.mark.parametrize(("n", "k"), [(30, 4), (20, 40), (40, 99)])
def test_product_log_singular_values_resolve_what_the_multiplied_product_loses(n, k):
    """Independent references: the singular values of the product multiplied out are exact to
    rounding relative to the largest, so they check the top of the spectrum; those of the inverse,
    ``F_1^{-1} ... F_k^{-1}``, multiplied out, are ``1 / sigma`` in reverse order, so their top
    checks the bottom of the spectrum, which the product multiplied out has lost; and the sum of
    the logarithms is ``sum_j ln |det F_j|``."""
    rng = np.random.default_rng(n + k)
    factors = [rng.standard_normal((n, n)) / np.sqrt(n) for _ in range(k)]
    got = rm.product_log_singular_values(factors)
    assert np.all(np.diff(got) <= 0)
    top = np.log(np.linalg.svd(_multiplied_out(factors), compute_uv=False))
    resolved = top > top[0] - np.log(1e8)  # singular values above 1e-8 of the largest
    np.testing.assert_allclose(got[resolved], top[resolved], atol=1e-6)
    inverse = np.log(
        np.linalg.svd(_multiplied_out([np.linalg.inv(f) for f in factors[::-1]]), compute_uv=False)
    )
    resolved_inv = inverse > inverse[0] - np.log(1e8)
    np.testing.assert_allclose(got[::-1][resolved_inv], -inverse[resolved_inv], atol=1e-6)
    dets = sum(np.linalg.slogdet(f)[1] for f in factors)
    assert got.sum() == pytest.approx(dets, rel=1e-10, abs=1e-8)
    if k >= 40:  # the multiplied-out product's smallest singular values are rounding noise
        assert top[-1] - got[-1] > np.log(1e10) and got[0] - got[-1] > np.log(1e30)


def test_product_log_singular_values_of_two_by_two_products_exactly():
    """For 2 x 2 factors sigma_1 sigma_2 = |det| and sigma_1 is the norm of the product, which a
    product renormalised at every step keeps to rounding: both singular values are known even
    where sigma_2 / sigma_1 is 1e-90."""
    rng = np.random.default_rng(5)
    factors = [rng.standard_normal((2, 2)) for _ in range(300)]
    got = rm.product_log_singular_values(factors)
    log_det = sum(np.linalg.slogdet(f)[1] for f in factors)
    a, log_scale = np.eye(2), 0.0
    for f in factors:
        a = f @ a
        norm = np.linalg.norm(a, 2)
        a, log_scale = a / norm, log_scale + np.log(norm)
    log_s1 = log_scale + np.log(np.linalg.norm(a, 2))
    assert got[0] == pytest.approx(log_s1, rel=1e-12)
    assert got[1] == pytest.approx(log_det - log_s1, rel=1e-10)
    assert got[0] - got[1] > np.log(1e80)


def test_product_log_singular_values_checks():
    with pytest.raises(ValueError, match="at least one"):
        rm.product_log_singular_values([])
    with pytest.raises(ValueError, match=r"factors\[1\] must be"):
        rm.product_log_singular_values([np.eye(3), np.eye(2)])
    with pytest.raises(ValueError, match="singular"):
        rm.product_log_singular_values([np.eye(3), np.diag([1.0, 1.0, 0.0])])
    single = np.random.default_rng(0).standard_normal((6, 6))
    np.testing.assert_allclose(
        rm.product_log_singular_values([single]), np.log(np.linalg.svd(single, compute_uv=False)), rtol=1e-12
    )


@pytest.mark.parametrize("k", [1, 5, 99])
def test_fuss_catalan_log10_density_is_the_density_of_log10_sigma(k):
    """Against :func:`fuss_catalan_density` (its moments tested above) by a change of variables:
    unit mass, the mean of sigma^2 equal to 1 and of sigma^4 equal to k + 1, integrated in log10
    sigma; and its far tail reaches tiny singular values for large k."""
    ell, dens = rm.fuss_catalan_log10_density(k, 4000)
    assert np.all(np.diff(ell) > 0) and np.all(dens >= 0)

    def integral(f):
        return np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(ell))

    assert integral(dens) == pytest.approx(1.0, abs=2e-3)
    assert integral(dens * 10 ** (2 * ell)) == pytest.approx(1.0, rel=2e-3)
    assert integral(dens * 10 ** (4 * ell)) == pytest.approx(k + 1, rel=2e-3)
    x, rho = rm.fuss_catalan_density(k, 400)
    inside = (np.log10(x) / 2 > ell[0]) & (np.log10(x) / 2 < ell[-1])
    np.testing.assert_allclose(
        np.interp(0.5 * np.log10(x[inside]), ell, dens), 2 * np.log(10) * x[inside] * rho[inside], rtol=1e-2
    )
    if k == 99:
        assert ell[0] < -100


def test_tanh_variance_map_against_monte_carlo_and_limits():
    z = np.random.default_rng(3).standard_normal(2_000_000)
    for q in (1e-3, 0.5, 4.0, 400.0):
        mc = np.mean(np.tanh(np.sqrt(q) * z) ** 2)
        assert rm.tanh_variance_map(q, 1.0) == pytest.approx(mc, rel=4e-3)
    q = np.array([1e-6, 1e6])
    out = rm.tanh_variance_map(q, 1.3)
    assert out[0] == pytest.approx(1.3**2 * 1e-6, rel=1e-5)  # linear regime: g^2 q (1 - 2q)
    assert out[1] == pytest.approx(1.3**2, rel=1e-3)  # saturated: g^2
    assert rm.tanh_variance_map([[0.0]], 2.0).shape == (1, 1)
    with pytest.raises(ValueError, match="q must be"):
        rm.tanh_variance_map(-1.0)


def test_tanh_fixed_point():
    assert rm.tanh_fixed_point(0.9) == 0.0 and rm.tanh_fixed_point(1.0) == 0.0
    for g in (1.01, 1.2, 2.0, 5.0):
        q = rm.tanh_fixed_point(g)
        assert q > 0 and float(rm.tanh_variance_map(q, g)) == pytest.approx(q, rel=1e-11)
        # stable: the map's slope at the fixed point is below one
        h = 1e-5 * q
        slope = (rm.tanh_variance_map(q + h, g) - rm.tanh_variance_map(q - h, g)) / (2 * h)
        assert 0 < slope < 1
    # near the edge of chaos q_inf ~ (1 - 1/g^2) / 2 (the map is g^2 (q - 2 q^2 + ...))
    assert rm.tanh_fixed_point(1.001) == pytest.approx(0.5 * (1 - 1 / 1.001**2), rel=0.02)


def test_tanh_jacobian_matches_finite_differences():
    rng = np.random.default_rng(4)
    n, g = 12, 1.1
    weights = [random_orthogonal(n, rng) for _ in range(5)]
    x1 = 1.5 * rng.standard_normal(n)
    jac = rm.tanh_jacobian(x1, weights, g)
    errors = []
    for h in (1e-3, 1e-4, 1e-5):
        fd = np.empty((n, n))
        for j in range(n):
            e = np.zeros(n)
            e[j] = h
            fd[:, j] = (rm.tanh_forward(x1 + e, weights, g)[-1] - rm.tanh_forward(x1 - e, weights, g)[-1]) / (
                2 * h
            )
        errors.append(np.max(np.abs(fd - jac)))
    assert errors[1] < 1e-7 and errors[0] / errors[1] > 50  # second-order convergence
    # its factors multiply to it, and their singular values are its own
    factors = rm.tanh_jacobian_factors(x1, weights, g)
    np.testing.assert_allclose(_multiplied_out(factors), jac, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(
        rm.product_log_singular_values(factors), np.log(np.linalg.svd(jac, compute_uv=False)), rtol=1e-9
    )
    acts = rm.tanh_forward(x1, weights, g)
    assert acts.shape == (6, n) and np.allclose(acts[1], g * weights[0] @ np.tanh(x1))
    # orthogonal weights preserve the norm: q^{l+1} = g^2 mean tanh(x^l)^2 exactly
    assert np.mean(acts[2] ** 2) == pytest.approx(g * g * np.mean(np.tanh(acts[1]) ** 2), rel=1e-12)
    with pytest.raises(ValueError, match="every layer must be"):
        rm.tanh_forward(x1, [np.eye(n + 1)], g)
