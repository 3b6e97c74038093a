"""Figure 6B–C: singular values and eigenvalues of products of random matrices.

The end-to-end map ``W_k ... W_1`` of a deep linear network at initialisation, for ``k``
independent ``n x n`` factors: Gaussian with entries of variance ``1/n`` (norm-preserving on
average, yet the product's singular values spread over many decades as ``k`` grows) or Haar
orthogonal (the product is orthogonal). Measured against the known limits
(:mod:`exactdln.random_matrices`): mean ``sigma^2 = 1``, mean ``sigma^4 = k + 1`` as
``n -> inf`` (exactly :func:`~exactdln.random_matrices.gaussian_product_sigma4` at finite
``n``), the Fuss–Catalan density, and ``P(|lambda| <= r) = r^{2/k}`` for the eigenvalues.
The singular values are computed from the factors to high relative accuracy
(:func:`~exactdln.random_matrices.product_log_singular_values`): those of deep products spread
over far more decades than double precision resolves in the product multiplied out.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...random_matrices import (
    fuss_catalan_log10_density,
    fuss_catalan_moment,
    gaussian_product_sigma4,
    product_eigenvalue_radial_cdf,
    product_spectrum,
)


def run(
    *,
    n: int,
    depths,
    n_samples: int,
    extra_depths,
    extra_samples: int,
    orthogonal_depths,
    orthogonal_samples: int,
    seed: int,
) -> dict:
    """Spectra of random products: ``n_samples`` Gaussian products for every ``k`` in ``depths``
    (the moment checks), ``extra_samples`` for every ``k`` in ``extra_depths`` (shown only: for
    large ``k`` the mean of ``sigma^4`` is dominated by rare large singular values, and most
    singular values lie below double precision relative to the largest), and
    ``orthogonal_samples`` orthogonal products for every ``k`` in ``orthogonal_depths``.

    Returns ``gaussian_log10_sv_<k>``, ``gaussian_sv_<k>`` (``10**`` the former; 0 below double
    precision's range), ``gaussian_ev_<k>`` (``(samples, n)``), ``orthogonal_sv_<k>``,
    ``orthogonal_ev_<k>``, and ``depths``, ``extra_depths``, ``orthogonal_depths``, ``n``.
    """
    n = positive_int("n", n)
    plan = [("gaussian", int(k), n_samples) for k in depths]
    plan += [("gaussian", int(k), extra_samples) for k in extra_depths]
    plan += [("orthogonal", int(k), orthogonal_samples) for k in orthogonal_depths]
    seeds = np.random.SeedSequence(seed).spawn(len(plan))
    out: dict = {
        "n": n,
        "depths": np.asarray(depths),
        "extra_depths": np.asarray(extra_depths),
        "orthogonal_depths": np.asarray(orthogonal_depths),
    }
    for (kind, k, samples), s in zip(plan, seeds, strict=True):
        spec = product_spectrum(n, k, kind, samples, np.random.default_rng(s))
        out[f"{kind}_sv_{k}"], out[f"{kind}_ev_{k}"] = spec.singular_values, spec.eigenvalues
        if kind == "gaussian":
            out[f"{kind}_log10_sv_{k}"] = spec.log10_singular_values
    return out


def fuss_catalan_distance(log10_sv, k: int) -> float:
    """Kolmogorov–Smirnov distance between the empirical distribution of ``log10_sv`` (any shape)
    and the Fuss–Catalan law of order ``k`` (:func:`~exactdln.random_matrices.fuss_catalan_log10_density`,
    integrated by the trapezoid rule)."""
    ell, dens = fuss_catalan_log10_density(int(k), 4000)
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (dens[1:] + dens[:-1]) * np.diff(ell))])
    cdf /= cdf[-1]
    x = np.sort(np.asarray(log10_sv, dtype=float).ravel())
    model = np.interp(x, ell, cdf, left=0.0, right=1.0)
    upper = np.arange(1, x.size + 1) / x.size
    return float(max(np.max(upper - model), np.max(model - (upper - 1.0 / x.size))))


def measure(d: dict, radii) -> dict:
    """Per ``k``: the measured mean ``sigma^4`` (``gaussian_product_sigma4``, a flat map ``k<k>``),
    its ``n -> inf`` limit ``k + 1``, the exact finite-``n`` expectation, its standard error over
    the products, the mean ``sigma^2``, and the largest gap between the empirical
    ``P(|lambda| <= r)`` and ``r^{2/k}`` over ``radii``; for orthogonal products the largest
    ``|sigma - 1|`` and ``||lambda| - 1|``. For every Gaussian ``k`` (``extra_depths`` too): the
    Kolmogorov–Smirnov distance of ``log10 sigma`` from the Fuss–Catalan law
    (:func:`fuss_catalan_distance`), the decades its singular values span, and the fraction of
    them below ``1e-16`` times the largest of their product (what multiplying the product out
    would lose to rounding)."""
    n = int(d["n"])
    sigma4, limit, exact, stderr, sigma2, ev_gap = {}, {}, {}, {}, {}, {}
    radii = np.asarray(radii, dtype=float)
    for k in d["depths"]:
        sv = d[f"gaussian_sv_{k}"]
        per_sample = np.mean(sv**4, axis=1)
        key = f"k{k}"
        sigma4[key] = float(per_sample.mean())
        limit[key] = float(fuss_catalan_moment(int(k), 2))
        exact[key] = gaussian_product_sigma4(int(k), n)
        stderr[key] = float(per_sample.std(ddof=1) / np.sqrt(per_sample.size))
        sigma2[key] = float(np.mean(sv**2))
        modulus = np.abs(d[f"gaussian_ev_{k}"]).ravel()
        empirical = np.mean(modulus[None, :] <= radii[:, None], axis=1)
        ev_gap[key] = float(np.max(np.abs(empirical - product_eigenvalue_radial_cdf(radii, int(k)))))
    fc_distance, decades, below = {}, {}, {}
    for k in [*d["depths"], *d["extra_depths"]]:
        logs = d[f"gaussian_log10_sv_{k}"]
        fc_distance[f"k{k}"] = fuss_catalan_distance(logs, int(k))
        decades[f"k{k}"] = float(np.max(logs) - np.min(logs))
        below[f"k{k}"] = float(np.mean(logs < logs[:, :1] - 16.0))
    orth_sv = max(float(np.max(np.abs(d[f"orthogonal_sv_{k}"] - 1.0))) for k in d["orthogonal_depths"])
    orth_ev = max(
        float(np.max(np.abs(np.abs(d[f"orthogonal_ev_{k}"]) - 1.0))) for k in d["orthogonal_depths"]
    )
    return {
        "gaussian_product_sigma4": sigma4,
        "gaussian_product_sigma4_limit": limit,
        "gaussian_product_sigma4_finite_n": exact,
        "gaussian_product_sigma4_stderr": stderr,
        "gaussian_product_sigma2": sigma2,
        "gaussian_product_eigenvalue_cdf_gap": ev_gap,
        "gaussian_product_fuss_catalan_distance": fc_distance,
        "gaussian_product_log10_decades": decades,
        "gaussian_product_below_precision_fraction": below,
        "orthogonal_product_max_dev": orth_sv,
        "orthogonal_product_eigenvalue_max_dev": orth_ev,
        "product_n": n,
    }
