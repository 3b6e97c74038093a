"""The items (inputs and targets) of Part IV's figures; every draw is seeded."""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...initialisations import random_orthogonal


def _signs(n_items: int, rng: np.random.Generator) -> np.ndarray:
    return np.where(rng.random(n_items) < 0.5, -1.0, 1.0)


def random_items(n_in: int, n_items: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``P = n_items`` Gaussian inputs in ``D = n_in`` dimensions, each rescaled to ``|x|^2 = D``,
    and random targets ``y = +-1``: ``x (D, P)``, ``y (P,)`` (Figures 1 and 3)."""
    d, p = positive_int("n_in", n_in), positive_int("n_items", n_items)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((d, p))
    x *= np.sqrt(d) / np.linalg.norm(x, axis=0)
    return x, _signs(p, rng)


def whitened_items(n_items: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``P`` whitened items in ``D = P`` dimensions, ``x = sqrt(P) O`` (``O`` Haar-orthogonal, so
    ``x . x' / D = I``), and random targets ``y = +-1`` (Figure 4)."""
    p = positive_int("n_items", n_items)
    rng = np.random.default_rng(seed)
    x = np.sqrt(p) * random_orthogonal(p, rng)
    return x, _signs(p, rng)


def circle_items(n_angles: int) -> tuple[np.ndarray, np.ndarray]:
    """Angles ``theta (n,)`` evenly spaced on ``[0, pi]`` and inputs ``x = sqrt(2) (cos theta, sin theta)``
    ``(2, n)``: ``x . x' / D = cos`` of the angle between them (Figure 2)."""
    n = positive_int("n_angles", n_angles)
    theta = np.linspace(0.0, np.pi, n)
    return theta, np.sqrt(2.0) * np.stack([np.cos(theta), np.sin(theta)])
