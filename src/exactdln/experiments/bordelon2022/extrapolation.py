"""Extrapolation of finite-width ensemble means to infinite width (``1/N -> 0``)."""

from __future__ import annotations

import numpy as np


def extrapolate(widths, values) -> np.ndarray:
    """``X_inf`` of the least-squares fit ``X(N) = X_inf + c / N`` over the leading axis.

    ``widths (W,)`` (at least two, distinct), ``values (W, ...)`` (e.g. seed means per width).
    With two widths this is Richardson's ``(N2 X2 - N1 X1) / (N2 - N1)``. It removes the
    ``O(1/N)`` bias of the means, not their seed noise, which it amplifies (for two widths
    ``N`` and ``2N`` by a factor ``sqrt(5)``). Raises ``ValueError`` for fewer than two
    distinct widths or mismatched shapes.
    """
    n = np.asarray(widths, dtype=float)
    v = np.asarray(values, dtype=float)
    if n.ndim != 1 or n.size < 2 or np.unique(n).size != n.size or v.shape[:1] != n.shape:
        raise ValueError(
            f"need at least two distinct widths matching values' first axis, got {n} and {v.shape}"
        )
    design = np.stack([np.ones_like(n), 1.0 / n], axis=1)
    coef, *_ = np.linalg.lstsq(design, v.reshape(n.size, -1), rcond=None)
    return coef[0].reshape(v.shape[1:])
