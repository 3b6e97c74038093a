"""Figure 7: singular values of the end-to-end Jacobian of a deep tanh network with orthogonal weights.

One network ``x^{l+1} = g W_l tanh(x^l)`` with ``N_l`` layers of ``n`` units and Haar orthogonal
``W_l`` (shared by every gain, as the source uses a single network), evaluated at inputs of
population variance ``q1`` over a grid of gains ``g`` around the edge of chaos ``g = 1``
(:func:`~exactdln.random_matrices.tanh_jacobian_factors`; singular values from the factors,
:func:`~exactdln.random_matrices.product_log_singular_values`, resolved below double precision
relative to the largest). For comparison, the end-to-end map of a linear network of the same
depth with scaled Gaussian weights (the right column of Fig. 6B).
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...initialisations import random_orthogonal
from ...random_matrices import (
    product_log_singular_values,
    product_spectrum,
    tanh_forward,
    tanh_jacobian_factors,
)


def run(*, n: int, layers: int, gains, input_variances, seed: int, gaussian_samples: int) -> dict:
    """Jacobian singular values ``log10_sv (G, Q, n)`` (and ``sv``, their powers of ten) and layer
    variances ``q (G, Q, N_l)`` for every gain and input variance; ``gaussian_log10_sv``
    (``gaussian_samples, n``) of the linear Gaussian product (and ``gaussian_sv``); and
    ``first_layer_derivative (Q, n)``, ``tanh'(x^1)``, the first factor of every Jacobian (if the
    later layers were an isometry, the Jacobian's singular values would be these, times a
    constant)."""
    n = positive_int("n", n)
    layers = positive_int("layers", layers)
    w_seed, x_seed, g_seed = np.random.SeedSequence(seed).spawn(3)
    rng = np.random.default_rng(w_seed)
    weights = [random_orthogonal(n, rng) for _ in range(layers - 1)]
    z = np.random.default_rng(x_seed).standard_normal(n)
    z = z / np.sqrt(np.mean(z * z))  # population variance exactly 1
    log10_sv = np.empty((len(gains), len(input_variances), n))
    q = np.empty((len(gains), len(input_variances), layers))
    for i, g in enumerate(gains):
        for j, q1 in enumerate(input_variances):
            x1 = np.sqrt(q1) * z
            factors = tanh_jacobian_factors(x1, weights, g)
            log10_sv[i, j] = product_log_singular_values(factors) / np.log(10.0)
            q[i, j] = np.mean(tanh_forward(x1, weights, g) ** 2, axis=1)
    gaussian = product_spectrum(n, layers - 1, "gaussian", gaussian_samples, np.random.default_rng(g_seed))
    first = np.array([1.0 - np.tanh(np.sqrt(q1) * z) ** 2 for q1 in input_variances])
    return {
        "first_layer_derivative": first,
        "gains": np.asarray(gains, dtype=float),
        "input_variances": np.asarray(input_variances, dtype=float),
        "log10_sv": log10_sv,
        "sv": 10.0**log10_sv,
        "q": q,
        "gaussian_log10_sv": gaussian.log10_singular_values,
        "gaussian_sv": gaussian.singular_values,
        "n": n,
        "layers": layers,
    }


def spread(log10_sv, factor: float) -> tuple[float, float]:
    """``(fraction, width)``: the fraction of singular values (given as ``log10 sigma``) within
    ``factor`` of their median, and the 10–90% quantile range of ``log10 sigma`` (0 for an
    isometry)."""
    logs = np.asarray(log10_sv, dtype=float).ravel()
    med = np.median(logs)
    inside = np.mean(np.abs(logs - med) <= np.log10(factor))
    return float(inside), float(np.quantile(logs, 0.9) - np.quantile(logs, 0.1))


def measure(d: dict, factor: float) -> dict:
    """For every gain and input variance (``jacobian["g<g>"]["q<q1>"]``) and for the Gaussian linear
    product: the fraction of singular values within ``factor`` of their median, the 10–90% width
    of ``log10 sigma`` and the median singular value; the same spread measures for the first
    layer's derivatives ``tanh'(x^1)`` (``jacobian["first_layer"]["q<q1>"]``); and the range of
    ``log10 sigma`` over every Jacobian (``jacobian_log10_range``)."""
    out: dict = {}
    for i, g in enumerate(d["gains"]):
        out[f"g{g:g}"] = {}
        for j, q1 in enumerate(d["input_variances"]):
            frac, width = spread(d["log10_sv"][i, j], factor)
            out[f"g{g:g}"][f"q{q1:g}"] = {
                "within_factor": frac,
                "log10_width": width,
                "median": float(10.0 ** np.median(d["log10_sv"][i, j])),
            }
    for j, q1 in enumerate(d["input_variances"]):
        frac, width = spread(np.log10(d["first_layer_derivative"][j]), factor)
        out.setdefault("first_layer", {})[f"q{q1:g}"] = {"within_factor": frac, "log10_width": width}
    frac, width = spread(d["gaussian_log10_sv"], factor)
    out["gaussian_linear"] = {
        "within_factor": frac,
        "log10_width": width,
        "median": float(10.0 ** np.median(d["gaussian_log10_sv"])),
    }
    logs = d["log10_sv"]
    return {
        "jacobian": out,
        "jacobian_factor": factor,
        "jacobian_log10_range": [float(logs.min()), float(logs.max())],
    }
