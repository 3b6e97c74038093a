"""Figure 6B–C: singular values and eigenvalues of products of random matrices.

The end-to-end map ``W_k ... W_1`` of a deep linear network at initialisation, for ``k``
independent ``n x n`` factors: Gaussian with entries of variance ``1/n`` (norm-preserving on
average, yet the product's singular values spread over many decades as ``k`` grows) or Haar
orthogonal (the product is orthogonal). Measured against the known limits
(:mod:`exactdln.random_matrices`): mean ``sigma^2 = 1``, mean ``sigma^4 = k + 1`` as
``n -> inf`` (exactly :func:`~exactdln.random_matrices.gaussian_product_sigma4` at finite
``n``), the Fuss–Catalan density, and ``P(|lambda| <= r) = r^{2/k}`` for the eigenvalues.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...random_matrices import (
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
    singular values are below double precision's resolution), and ``orthogonal_samples``
    orthogonal products for every ``k`` in ``orthogonal_depths``.

    Returns ``gaussian_sv_<k>``, ``gaussian_ev_<k>`` (``(samples, n)``), ``orthogonal_sv_<k>``,
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
    return out


def measure(d: dict, radii) -> dict:
    """Per ``k``: the measured mean ``sigma^4`` (``gaussian_product_sigma4``, a flat map ``k<k>``),
    its ``n -> inf`` limit ``k + 1``, the exact finite-``n`` expectation, its standard error over
    the products, the mean ``sigma^2``, and the largest gap between the empirical
    ``P(|lambda| <= r)`` and ``r^{2/k}`` over ``radii``; for orthogonal products the largest
    ``|sigma - 1|`` and ``||lambda| - 1|``."""
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
        "orthogonal_product_max_dev": orth_sv,
        "orthogonal_product_eigenvalue_max_dev": orth_ev,
        "product_n": n,
    }
