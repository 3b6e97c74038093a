"""Figure 2c–e: the neural tangent kernel in the lazy limit ``|lam| -> inf``.

For ``n_hidden = min(n_in, n_out)`` both hidden representations are functions
of the network function ``W = U S V^T``:
``W1^T W1 = V (sqrt(lam^2 + 4 S^2) - lam) / 2 V^T`` and
``W2 W2^T = U (sqrt(lam^2 + 4 S^2) + lam) / 2 U^T``. For a square network
``U`` and ``V`` are complete, ``sqrt(lam^2 + 4 S^2) = |lam| + 2 S^2 / |lam| +
O(|lam|^-3)``, and the NTK ``I (x) X^T W1^T W1 X + W2 W2^T (x) X^T X`` is
``|lam| I (x) X^T X`` plus terms of order ``1 / |lam|`` that change during
learning. Hence, between ``t = 0`` and ``t = inf``, the absolute change
``||K(inf) - K(0)||_F`` falls as ``|lam|^-1``, the relative change as
``|lam|^-2`` and the kernel distance (one minus a cosine: quadratic in the
change orthogonal to ``K``) as ``|lam|^-4``. The terms linear in ``lam``
cancel between the two representations, so for square networks the NTK, and
every quantity here, is the same for ``+lam`` and ``-lam``.
"""

from __future__ import annotations

import numpy as np

from ...exact import ExactSolution
from ...fits import local_loglog_slopes, loglog_slope
from ...initialisations import lambda_balanced
from ...measures import kernel_distance
from ...tasks import random_regression
from .common import named, seeds_for, shape_of


def run(*, shapes, n_items: int, target_std: float, init_scale: float, lam_magnitudes, seed: int) -> dict:
    """NTK at ``t = 0`` and ``t = inf`` for every shape, ``|lam|`` and sign.

    Every shape has its own task and initial network function (from ``seed``
    and the dimensions); all ``lam`` of one shape share them. Returns
    ``names (S,)``, ``dims (S, 3)``, ``lam_magnitudes (M,)``, ``signs (2,) = [+1, -1]`` and
    ``(S, 2, M)`` arrays ``abs_change`` (``||K(inf) - K(0)||_F``),
    ``rel_change`` (divided by ``||K(0)||_F``), ``kernel_distance`` and
    ``converges``.
    """
    entries = named(shapes, "shapes")
    mags = np.asarray(lam_magnitudes, dtype=float)
    if mags.ndim != 1 or mags.size < 2 or np.any(mags <= 0) or not np.all(np.isfinite(mags)):
        raise ValueError(f"lam_magnitudes must hold at least two finite numbers > 0, got {lam_magnitudes!r}")
    signs = np.array([1.0, -1.0])
    shape3 = (len(entries), signs.size, mags.size)
    out = {k: np.empty(shape3) for k in ("abs_change", "rel_change", "kernel_distance")}
    converges = np.zeros(shape3, dtype=bool)
    for i, (name, dims) in enumerate(entries):
        n_in, n_hidden, n_out = shape_of(name, dims)
        task_rng, init_rng = seeds_for(seed, n_in, n_hidden, n_out)
        task = random_regression(n_in, n_out, n_items, task_rng, target_std)
        init_seed = int(init_rng.integers(2**31))
        for j, sign in enumerate(signs):
            for m, mag in enumerate(mags):
                w1, w2 = lambda_balanced(n_in, n_hidden, n_out, init_scale, sign * mag, init_seed)
                sol = ExactSolution.from_task(w1, w2, task)
                k0, kinf = sol.ntk(np.array([0.0, np.inf]), task.x)
                change = np.linalg.norm(kinf - k0)
                out["abs_change"][i, j, m] = change
                out["rel_change"][i, j, m] = change / np.linalg.norm(k0)
                out["kernel_distance"][i, j, m] = kernel_distance(k0, kinf)
                converges[i, j, m] = sol.converges_to_optimum
    return {
        "names": np.asarray([n for n, _ in entries]),
        "dims": np.asarray([shape_of(n, d) for n, d in entries]),
        "lam_magnitudes": mags,
        "signs": signs,
        "converges": converges,
        **out,
    }


# a power law is fitted only to at least this many points inside its regime
MIN_FIT_POINTS = 4


def fit_mask(fit_range, lam_magnitudes, what: str = "lam_magnitudes") -> np.ndarray:
    """Which of ``lam_magnitudes`` lie in ``fit_range``; raises if fewer than :data:`MIN_FIT_POINTS` do
    (the message calls the values ``what``)."""
    lo, hi = fit_range
    mags = np.asarray(lam_magnitudes, dtype=float)
    fit = (mags >= lo) & (mags <= hi)
    if np.count_nonzero(fit) < MIN_FIT_POINTS:
        raise ValueError(
            f"fit_range {list(fit_range)} holds fewer than {MIN_FIT_POINTS} of {what} {mags.tolist()}"
        )
    return fit


def measure(data: dict, fit_range, early_fit_range) -> dict:
    """Log–log slopes over ``|lam|`` in ``fit_range`` (both signs pooled) and the sign asymmetry.

    Per shape: ``abs_change_slope``, ``rel_change_slope``,
    ``kernel_distance_slope`` (theory -1, -2, -4) and, between neighbouring ``|lam|`` of all
    of them (``+lam``), ``abs_change_local_slopes`` and so on; ``abs_change_slope_early`` and so
    on, the same fits over ``early_fit_range``, where the laws have not set in (the range of an
    earlier version of the figure: what a fit there makes of them); ``sign_asymmetry`` (largest
    ``|kd(+lam) - kd(-lam)|``), ``sign_asymmetry_relative`` (divided by the
    kernel distance), ``converges`` (every start reaches the global minimum),
    ``square`` (``n_in = n_out``).
    """
    lo, hi = fit_range
    mags = data["lam_magnitudes"]
    fit = fit_mask(fit_range, mags)
    early = fit_mask(early_fit_range, mags)
    out: dict = {"fit_range": [float(lo), float(hi)], "early_fit_range": [float(v) for v in early_fit_range]}
    for i, name in enumerate(data["names"]):
        entry = {}
        for key in ("abs_change", "rel_change", "kernel_distance"):
            y = data[key][i][:, fit]
            x = np.broadcast_to(mags[fit], y.shape)
            entry[f"{key}_slope"] = loglog_slope(x.ravel(), y.ravel())
            entry[f"{key}_local_slopes"] = local_loglog_slopes(mags, data[key][i][0]).tolist()
            y = data[key][i][:, early]
            x = np.broadcast_to(mags[early], y.shape)
            entry[f"{key}_slope_early"] = loglog_slope(x.ravel(), y.ravel())
        kd = data["kernel_distance"][i]
        entry["sign_asymmetry"] = float(np.max(np.abs(kd[0] - kd[1])))
        entry["sign_asymmetry_relative"] = float(np.max(np.abs(kd[0] - kd[1]) / kd.max(axis=0)))
        entry["converges"] = bool(np.all(data["converges"][i]))
        entry["square"] = bool(data["dims"][i][0] == data["dims"][i][2])
        out[str(name)] = entry
    return out
