"""Closed-form limits the exact solution must recover (docs/mathematics.md §4).

Saxe et al.'s (2014) sigmoid for a task-aligned mode from a small balanced start
(:func:`saxe_sigmoid`). Its generalisations live with the networks they describe:
lambda-balanced modes in :mod:`exactdln.lambda_modes`, deep decoupled modes in
:mod:`exactdln.deep_modes`.
"""

from __future__ import annotations

import numpy as np

from ._checks import positive_float


def saxe_sigmoid(t, s: float, u0: float, tau: float = 1.0) -> np.ndarray:
    """Saxe et al. (2014) mode strength from an aligned balanced start (docs/mathematics.md §4).

    ``u(t) = s e^{2 s t / tau} / (e^{2 s t / tau} - 1 + s / u0)`` for a mode of
    singular value ``s > 0`` starting at strength ``u0 > 0``; ``t`` may be an
    array (``inf`` gives ``s``). Written with ``e^{-2 s t / tau}`` so that it
    never overflows.
    """
    s = positive_float("s", s)
    u0 = positive_float("u0", u0)
    tau = positive_float("tau", tau)
    decay = np.exp(-2.0 * s * np.asarray(t, dtype=float) / tau)
    return s / (1.0 + (s / u0 - 1.0) * decay)
