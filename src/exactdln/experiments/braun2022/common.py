"""Helpers shared by Part I's experiments: named initial scales, a student–teacher start, zero padding."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..._checks import positive_float
from ...initialisations import zero_balanced
from ...tasks import student_teacher


def named_scales(init_scales: Mapping) -> tuple[list[str], np.ndarray]:
    """Names and values of a ``{name: initial scale}`` mapping, each scale checked > 0."""
    if not isinstance(init_scales, Mapping) or not init_scales:
        raise ValueError(f"init_scales must be a non-empty mapping name -> scale, got {init_scales!r}")
    names = [str(k) for k in init_scales]
    scales = np.array([positive_float(f"init_scales[{k!r}]", v) for k, v in init_scales.items()])
    return names, scales


def student_teacher_start(n_in: int, n_hidden: int, n_out: int, n_items: int, teacher_std: float, seed: int):
    """A student–teacher task and a unit-scale zero-balanced start, both from one seed.

    Returns ``(task, w1, w2)``; multiply ``w1`` and ``w2`` by a scale to get
    starts that differ only in scale.
    """
    task_seed, init_seed = np.random.SeedSequence(seed).spawn(2)
    task = student_teacher(n_in, n_out, n_items, teacher_std, seed=np.random.default_rng(task_seed))
    w1, w2 = zero_balanced(n_in, n_hidden, n_out, 1.0, seed=np.random.default_rng(init_seed))
    return task, w1, w2


def zero_pad(arrays, shape: tuple[int, int]) -> np.ndarray:
    """Stack matrices of different sizes into one ``(len(arrays), *shape)`` batch, zero-padded.

    Zero padding is exact for the simulations (padded units, inputs and
    outputs stay zero), so networks of different sizes can train as one batch.
    """
    out = np.zeros((len(arrays), *shape))
    for b, a in enumerate(arrays):
        out[b, : a.shape[0], : a.shape[1]] = a
    return out
