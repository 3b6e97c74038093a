"""Helpers shared by Part III's experiments: configuration grids, stored task statistics, and the
merge of measurements into one mapping of numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from ..._checks import positive_float, positive_int


def log_grid(spec: Mapping) -> np.ndarray:
    """``n`` log-spaced values from ``low`` to ``high`` (a ``{low, high, n}`` configuration entry)."""
    low, high = positive_float("low", spec["low"]), positive_float("high", spec["high"])
    if high <= low:
        raise ValueError(f"a grid needs low < high, got {dict(spec)}")
    return np.geomspace(low, high, positive_int("n", spec["n"]))


def edge_statistics(etas, times) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per start (row of ``times (starts, R)`` at the sorted rates ``etas (R,)``): whether its best
    rate is the largest rate at which it settled (an optimum at the edge of stability), the
    relative step from its best rate to the next rate of the grid (how finely the grid places
    the best rate; 0 for the largest rate), and the largest rate at which it settled over its
    best rate."""
    etas = np.asarray(etas, dtype=float)
    times = np.asarray(times, dtype=float).reshape(-1, etas.size)
    best = np.argmin(times, axis=1)
    last = etas.size - 1 - np.argmax(np.isfinite(times)[:, ::-1], axis=1)
    nxt = np.minimum(best + 1, etas.size - 1)
    return best == last, etas[nxt] / etas[best] - 1.0, etas[last] / etas[best]


def statistics(data: Mapping, prefix: str) -> dict[str, np.ndarray]:
    """``sigma_xx``, ``sigma_yx``, ``sigma_yy`` stored under ``<prefix>_`` (see :func:`.mnist.prepare`)."""
    return {k: np.asarray(data[f"{prefix}_{k}"], dtype=float) for k in ("sigma_xx", "sigma_yx", "sigma_yy")}


def prefixed(prefix: str, data: Mapping) -> dict:
    """``data`` with every key prefixed ``<prefix>_`` (to store several results in one ``.npz``)."""
    return {f"{prefix}_{k}": v for k, v in data.items()}


def unprefixed(prefix: str, data: Mapping) -> dict:
    """The entries of ``data`` stored under ``<prefix>_``, with the prefix removed."""
    start = f"{prefix}_"
    return {k[len(start) :]: v for k, v in data.items() if k.startswith(start)}


def merge(measurements: Iterable[Mapping]) -> dict:
    """One mapping of numbers from several measurements (a figure's ``measure`` functions, or the
    figures' numbers); raises ``ValueError`` on a key measured twice."""
    out: dict = {}
    for part in measurements:
        twice = sorted(set(out) & set(part))
        if twice:
            raise ValueError(f"numbers measured twice: {twice}")
        out.update(part)
    return out
