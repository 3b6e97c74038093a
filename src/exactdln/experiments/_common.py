"""Argument handling shared by the experiments."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._checks import positive_float


def named_scales(init_scales: Mapping) -> tuple[list[str], np.ndarray]:
    """Names and values of a ``{name: initial scale}`` mapping, each scale checked > 0."""
    if not isinstance(init_scales, Mapping) or not init_scales:
        raise ValueError(f"init_scales must be a non-empty mapping name -> scale, got {init_scales!r}")
    names = [str(k) for k in init_scales]
    scales = np.array([positive_float(f"init_scales[{k!r}]", v) for k, v in init_scales.items()])
    return names, scales


def log_steps(n_steps: int, n_records: int) -> np.ndarray:
    """Step 0 and about ``n_records`` log-spaced steps from 1 to ``n_steps`` (unique, sorted)."""
    steps = np.unique(np.round(np.geomspace(1, n_steps, n_records)).astype(int))
    return np.concatenate([[0], steps])
