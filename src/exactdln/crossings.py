"""When a quantity first reaches a level: on recorded curves, and on continuous functions.

- :func:`level_crossing`: the first time a recorded curve reaches a level, interpolated
  linearly between the two records that bracket it (simulations, recorded solutions);
- :func:`first_root_on_grid`: the first root of a continuous function (an exact solution
  at any time), bracketed by the first sign change on a grid, refined by Brent's method;
- :func:`root_expanding`: the root of a function that is positive at ``lo`` and eventually
  not, bracketed by growing the upper end until it changes sign, refined by Brent's method.

Every measure of a learning, crossing or escape time in the package is one of these.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq

#: scipy's default relative tolerance of ``brentq``.
BRENT_RTOL = 4 * np.finfo(float).eps


def level_crossing(times, values, level, *, axis: int = -1, never: float = np.nan) -> np.ndarray:
    """First time recorded ``values`` reach ``level`` from below (``>=``), linearly interpolated.

    ``times (T,)`` is strictly increasing; ``values`` has ``T`` records along ``axis``;
    ``level`` broadcasts against ``values`` without that axis. Where the first record is
    already at or above the level the result is ``times[0]``; where no record reaches it,
    ``never`` (NaN by default). Otherwise the crossing is interpolated linearly between the
    last record below the level and the first at or above it. For a decreasing quantity
    (a loss falling to a level) pass ``-values`` and ``-level``.

    Returns an array of the shape of ``values`` without ``axis``. Raises ``ValueError``
    when ``times`` does not increase or does not match ``values``.
    """
    times = np.asarray(times, dtype=float)
    values = np.moveaxis(np.asarray(values, dtype=float), axis, -1)
    if times.ndim != 1 or values.shape[-1:] != times.shape or np.any(np.diff(times) <= 0):
        raise ValueError(
            f"times must be increasing (T,) and values must have T records along axis {axis}; "
            f"got {times.shape} and {values.shape}"
        )
    level = np.broadcast_to(np.asarray(level, dtype=float), values.shape[:-1])[..., None]
    reached = values >= level
    k = np.argmax(reached, axis=-1)[..., None]
    k0 = np.maximum(k - 1, 0)
    v0, v1 = np.take_along_axis(values, k0, -1), np.take_along_axis(values, k, -1)
    weight = np.where(v1 > v0, (level - v0) / np.where(v1 > v0, v1 - v0, 1.0), 1.0)
    t = times[k0] + np.clip(weight, 0.0, 1.0) * (times[k] - times[k0])
    t = np.where(k == 0, times[0], t)[..., 0]
    return np.where(reached.any(axis=-1), t, never)


def first_root_on_grid(
    f: Callable,
    grid,
    *,
    xtol: float = 0.0,
    rel_xtol: float = 0.0,
    rtol: float = BRENT_RTOL,
    maxiter: int = 200,
    vectorised: bool = True,
    values=None,
) -> float:
    """First root of a continuous ``f`` over an increasing ``grid``, to Brent's tolerance.

    ``f`` is evaluated on the grid (in one call when ``vectorised``, else point by point);
    the first grid interval on which its sign differs from the sign at ``grid[0]``
    brackets the root, which ``brentq`` then refines (``xtol + rel_xtol * hi`` absolute,
    ``rtol`` relative, ``hi`` the bracket's upper end); ``f`` must also accept a float
    there; ``values``, when given, are ``f``'s values on the grid, already computed. Returns
    ``grid[0]`` when ``f(grid[0]) == 0``. Raises ``ValueError`` when ``f``
    keeps its sign on the grid (no root bracketed).
    """
    grid = np.asarray(grid, dtype=float)
    if grid.ndim != 1 or grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise ValueError(f"grid must be an increasing 1-D array of at least two points, got {grid!r}")
    if values is None:
        values = f(grid) if vectorised else [f(float(g)) for g in grid]
    values = np.asarray(values, dtype=float)
    if values.shape != grid.shape:
        raise ValueError(f"values must be f on the grid, shape {grid.shape}, got {values.shape}")
    sign = np.sign(values[0])
    if sign == 0:
        return float(grid[0])
    change = np.flatnonzero(np.sign(values[1:]) != sign)
    if change.size == 0:
        raise ValueError(f"no sign change of f on [{grid[0]:g}, {grid[-1]:g}]")
    lo, hi = grid[change[0]], grid[change[0] + 1]
    tol = xtol + rel_xtol * hi
    return float(brentq(lambda t: float(f(t)), lo, hi, xtol=tol, rtol=rtol, maxiter=maxiter))


def root_expanding(
    f: Callable,
    lo: float,
    hi: float,
    *,
    grow: Callable[[float], float] = lambda hi: 2.0 * hi,
    xtol: float,
    rtol: float = BRENT_RTOL,
    maxiter: int = 200,
    max_grow: int = 2000,
) -> float:
    """Root of ``f`` with ``f(lo) > 0``: ``hi`` is replaced by ``grow(hi)`` while ``f(hi) > 0``,
    then ``brentq`` refines the bracket ``[lo, hi]`` (``xtol`` absolute, ``rtol`` relative).

    For a function that decreases through zero (a loss falling to a target, a time that
    shrinks as a rate grows). Raises ``ValueError`` when no sign change is found within
    ``max_grow`` growths.
    """
    for _ in range(max_grow):
        if not f(hi) > 0:
            return float(brentq(f, lo, hi, xtol=xtol, rtol=rtol, maxiter=maxiter))
        hi = grow(hi)
    raise ValueError(f"f stays positive up to {hi:g}: no root bracketed")
