"""Part V's scaling exponents: log-log slopes with a standard error over seeds, and a power-law check.

Every slope Part V quotes is the least-squares slope of ``log y`` against
``log x`` on the points of a fit range (widths from ``fit_min_width``, output
scales from ``fit_min_scale``, ...). :func:`fit` adds what a slope needs to be read:

- ``slope``: of the seed mean of ``y``, as every slope of Part V;
- ``stderr``: with one value per seed, the standard error over seeds of the
  slopes fitted to each seed's values alone (the seeds of different ``x`` are
  independent draws, so each seed's points are an independent sample of the
  curve);
- ``power_law``: whether the points follow one: at least :data:`MIN_POINTS`
  points in the fit range, and the slopes fitted to the lower and the upper
  half of the range (``ceil((n + 1) / 2)`` points each, so that they share
  the middle point, or two for an even number ``n``) differ by at most
  ``tolerance`` times ``max(1, |slope|)`` (relative for steep slopes: a mean
  squared quantity has twice the slopes of its root), and so does the slope's
  standard error (the seeds must agree on it). A curve that levels off or
  bends fails, and so do seeds that scatter by orders of magnitude; the paper
  then says "no power law" instead of quoting the slope.
"""

from __future__ import annotations

import numpy as np

from ...fits import loglog_slope

MIN_POINTS = 4
TOLERANCE = 0.25  # the default of `tolerance` (the workflow passes shemur2024.power_law_tolerance)


def halves(n: int) -> tuple[slice, slice]:
    """The lower and upper halves of ``n`` sorted points, each ``ceil((n + 1) / 2)`` long (overlapping)."""
    k = (n + 2) // 2
    return slice(0, k), slice(n - k, n)


def fit(x, y, *, fit_min: float, tolerance: float = TOLERANCE) -> dict:
    """Slope of ``log y`` against ``log x`` over the points with ``x >= fit_min``.

    ``y`` is ``(N,)`` (one value per ``x``) or ``(N, S)`` (one per seed; the fitted
    curve is the seed mean of ``y``). Returns ``slope``, ``stderr`` (None
    without seeds), ``n_points``, ``half_slopes`` (lower, upper; None below
    :data:`MIN_POINTS` points) and ``power_law`` (module docstring).
    Non-positive values of ``y`` are not allowed.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if y.shape[0] != x.size or y.ndim not in (1, 2):
        raise ValueError(f"y must be (N,) or (N, S) for N = {x.size} points, got {y.shape}")
    if not np.all(np.isfinite(y)) or np.any(y <= 0):
        raise ValueError("y must be finite and positive for a log-log slope")
    keep = x >= fit_min
    x, y = x[keep], y[keep]
    n = int(x.size)
    if n < 2:
        raise ValueError(f"fewer than two points are >= fit_min={fit_min}")
    curve = y if y.ndim == 1 else y.mean(axis=1)
    slope = loglog_slope(x, curve)
    stderr = None
    if y.ndim == 2 and y.shape[1] > 1:
        per_seed = np.array([loglog_slope(x, y[:, s]) for s in range(y.shape[1])])
        stderr = float(per_seed.std(ddof=1) / np.sqrt(per_seed.size))
    half_slopes, power_law = None, False
    if n >= MIN_POINTS:
        lo, hi = halves(n)
        half_slopes = [loglog_slope(x[lo], curve[lo]), loglog_slope(x[hi], curve[hi])]
        allowed = tolerance * max(1.0, abs(slope))
        power_law = bool(abs(half_slopes[0] - half_slopes[1]) <= allowed and (stderr or 0.0) <= allowed)
    return {
        "slope": float(slope),
        "stderr": stderr,
        "n_points": n,
        "half_slopes": half_slopes,
        "power_law": power_law,
    }


def named(result: dict) -> dict:
    """The entries of a :func:`fit` result that are set, for ``numbers.json`` (``slope``, ``stderr``,
    ``power_law``, ``half_slopes``; no None, which has no macro)."""
    keys = ("slope", "stderr", "power_law", "half_slopes")
    return {k: result[k] for k in keys if result[k] is not None}
