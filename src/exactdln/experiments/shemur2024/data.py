"""The tasks of Part V: a random tanh teacher and small subsets of real MNIST.

Every task is a dict of arrays ``x (d, P)``, ``y (P,)``, ``x_test (d, Q)``,
``y_test (Q,)`` with inputs scaled to ``|x|^2 = d``, so that the
pre-activations ``w . x / sqrt(d)`` of standard normal weights are standard
normal at every input dimension; except :func:`mnist_classes_task`, the data of
the authors' width experiment, which follows their code (standardised pixels,
one-hot targets ``(P, 10)``).
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int, rng_from

MNIST_SIDE = 28


def _to_sphere(x: np.ndarray) -> np.ndarray:
    """Rows of ``x (N, d)`` rescaled to norm ``sqrt(d)``; raises on a zero row."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    if np.any(norms == 0):
        raise ValueError("an input is exactly zero after centring: it cannot be scaled to |x|^2 = d")
    return x * np.sqrt(x.shape[1]) / norms


def teacher_task(n_in: int, n_train: int, n_test: int, n_teacher: int, seed) -> dict[str, np.ndarray]:
    """Gaussian inputs on the sphere ``|x|^2 = n_in`` and targets of a random tanh teacher.

    ``y = sum_k c_k tanh(u_k . x / sqrt(n_in))`` with standard normal ``u_k``
    (``n_teacher`` of them) and ``c_k``, scaled so that the targets of the
    training and test points together have unit standard deviation.
    """
    n_in, n_train, n_test, n_teacher = (
        positive_int(k, v)
        for k, v in (("n_in", n_in), ("n_train", n_train), ("n_test", n_test), ("n_teacher", n_teacher))
    )
    rng = rng_from(seed)
    x = _to_sphere(rng.standard_normal((n_train + n_test, n_in)))
    u = rng.standard_normal((n_teacher, n_in))
    c = rng.standard_normal(n_teacher)
    y = np.tanh(x @ u.T / np.sqrt(n_in)) @ c
    y = y / y.std()
    return {"x": x[:n_train].T, "y": y[:n_train], "x_test": x[n_train:].T, "y_test": y[n_train:]}


def pool_images(images, pool: int) -> np.ndarray:
    """Average ``pool x pool`` blocks of 28x28 images ``(N, 784)``: ``(N, (28 / pool)^2)``."""
    images = np.asarray(images, dtype=float)
    pool = positive_int("pool", pool)
    if images.ndim != 2 or images.shape[1] != MNIST_SIDE**2:
        raise ValueError(f"images must be (N, {MNIST_SIDE**2}), got {images.shape}")
    if MNIST_SIDE % pool:
        raise ValueError(f"pool must divide {MNIST_SIDE}, got {pool}")
    k = MNIST_SIDE // pool
    return images.reshape(-1, k, pool, k, pool).mean(axis=(2, 4)).reshape(-1, k * k)


def mnist_task(images, labels, n_train: int, n_test: int, pool: int, seed) -> dict[str, np.ndarray]:
    """A random subset of MNIST as a regression task: even digits ``+1``, odd digits ``-1``.

    ``n_train + n_test`` distinct images are drawn (``seed``), average-pooled
    (:func:`pool_images`), centred by the training images' mean and scaled to
    ``|x|^2 = d``. Also returns the digit labels (``labels``, ``labels_test``).
    """
    labels = np.asarray(labels)
    n_train, n_test = positive_int("n_train", n_train), positive_int("n_test", n_test)
    if labels.shape != (np.shape(images)[0],):
        raise ValueError(f"labels has shape {labels.shape} for {np.shape(images)[0]} images")
    if n_train + n_test > labels.size:
        raise ValueError(f"n_train + n_test = {n_train + n_test} exceeds the {labels.size} images")
    idx = rng_from(seed).permutation(labels.size)[: n_train + n_test]
    x = pool_images(np.asarray(images)[idx], pool)
    x = _to_sphere(x - x[:n_train].mean(axis=0))
    y = np.where(labels[idx] % 2 == 0, 1.0, -1.0)
    return {
        "x": x[:n_train].T,
        "y": y[:n_train],
        "x_test": x[n_train:].T,
        "y_test": y[n_train:],
        "labels": labels[idx][:n_train],
        "labels_test": labels[idx][n_train:],
    }


def mnist_classes_task(
    images, labels, n_train: int, n_test: int, seed, n_classes: int = 10
) -> dict[str, np.ndarray]:
    """A random subset of MNIST as the authors' width experiment uses it (:mod:`.authors_protocol`).

    ``n_train + n_test`` distinct images (``seed``) of all classes, all pixels; each split
    standardised by the mean and standard deviation of all its pixels (as their ``process_data``);
    one-hot targets over ``n_classes`` digits.

    Returns ``x (d, P)``, ``y (P, K)``, ``x_test (d, Q)``, ``y_test (Q, K)``, ``labels``.
    """
    labels = np.asarray(labels)
    n_train, n_test = positive_int("n_train", n_train), positive_int("n_test", n_test)
    if n_train + n_test > labels.size:
        raise ValueError(f"n_train + n_test = {n_train + n_test} exceeds the {labels.size} images")
    idx = rng_from(seed).permutation(labels.size)[: n_train + n_test]
    images = np.asarray(images, dtype=float)[idx]
    parts = []
    for x in (images[:n_train], images[n_train:]):
        parts.append(((x - x.mean()) / x.std()).T)
    onehot = np.eye(positive_int("n_classes", n_classes))[labels[idx]]
    return {
        "x": parts[0],
        "y": onehot[:n_train],
        "x_test": parts[1],
        "y_test": onehot[n_train:],
        "labels": labels[idx][:n_train],
    }
