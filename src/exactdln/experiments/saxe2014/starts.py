"""The deep linear networks on MNIST (5k) that Figures 5 and 6 start from: their widths, and
starts from greedy layer-wise pretraining (:func:`~exactdln.pretraining.greedy_pretraining`)."""

from __future__ import annotations

import numpy as np

from ...pretraining import greedy_pretraining


def widths_of(n_in: int, n_hidden: int, n_out: int, n_layers: int) -> list[int]:
    """``[n_in, n_hidden, ..., n_hidden, n_out]`` for ``n_layers`` layers of units
    (``n_layers - 1`` weight matrices)."""
    return [n_in] + [n_hidden] * (n_layers - 2) + [n_out]


def stack_starts(starts) -> list[np.ndarray]:
    """List over seeds of weight lists -> list over layers of ``(seeds, rows, cols)`` arrays."""
    return [np.stack(layer) for layer in zip(*starts, strict=True)]


def pretrain_all(sigma_xx, widths, seeds, n_steps: int, pretraining: dict) -> list:
    """:func:`~exactdln.pretraining.greedy_pretraining` for every seed, ``n_steps`` per layer (the
    same autoencoder starts for every length)."""
    return [
        greedy_pretraining(
            sigma_xx,
            widths,
            eta_ratio=pretraining["eta_ratio"],
            n_steps=n_steps,
            init_std=pretraining["init_std"],
            seed=np.random.default_rng(s),
        )
        for s in seeds
    ]
