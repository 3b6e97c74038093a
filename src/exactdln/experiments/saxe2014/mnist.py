"""The MNIST (5k) inputs of Figures 4–6, and Figure 5's consistency condition for pretraining.

Saxe et al. (2014) train on the 50,000 MNIST training images in pixel space, with 1000 hidden
units per layer. Here the 5,000 images of :func:`~exactdln.datasets.mnist_5k` are used, on
their leading principal components (:func:`~exactdln.datasets.principal_component_task`): the
inputs keep MNIST's anisotropic correlations (``sigma_xx`` diagonal with the principal
variances) at a size that the depth sweeps can afford; Figure 4 whitens them, so that
decoupled starts stay exactly decoupled. Networks on linear tasks need only the statistics
``sigma_xx``, ``sigma_yx``, ``sigma_yy``, which :func:`prepare` stores.

The consistency condition (their eq. 18 and Fig. 5): with ``Sigma31 = U S V^T``, greedy
pretraining yields decoupled starts when ``V^T Sigma11 V`` is nearly diagonal (the task's input
directions are principal directions of the data). ``Sigma31`` has rank 10, so ``V`` has 10
meaningful columns; :func:`prepare` measures ``V^T Sigma11 V`` for them, against 10 random
orthonormal directions and a block of 10 neighbouring pixels.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...datasets import mnist_5k, principal_component_task
from ...initialisations import random_semi_orthogonal


def offdiagonal_fraction(m) -> float:
    """``||M - diag(M)||_F / ||M||_F``: 0 for a diagonal matrix."""
    m = np.asarray(m, dtype=float)
    return float(np.linalg.norm(m - np.diag(np.diag(m))) / np.linalg.norm(m))


def max_correlation(m) -> float:
    """Largest ``|M_ij| / sqrt(M_ii M_jj)`` over ``i != j`` (the largest off-diagonal correlation)."""
    m = np.asarray(m, dtype=float)
    d = np.sqrt(np.diag(m))
    c = m / np.outer(d, d)
    return float(np.max(np.abs(c - np.diag(np.diag(c)))))


def prepare(*, n_components: int, pixel_block, seed: int, path=None) -> dict[str, np.ndarray]:
    """Read MNIST (5k) once; return the consistency-condition matrices and the task statistics.

    ``pixel_block = [row, col, size]``: the ``size`` pixels from (``row``, ``col``) along the
    image row, whose correlation submatrix Figure 5 shows. Returns ``pixel_block_sigma``
    ``(size, size)``, ``v_sigma_v`` (``V^T Sigma11 V``, ``10 x 10``), ``random_sigma`` (the same
    for 10 random orthonormal directions, ``seed``), ``mean_image (784,)``, and for the
    principal-component task (``pc_``) and its whitened version (``white_``): ``sigma_xx``,
    ``sigma_yx``, ``sigma_yy`` and ``principal_variances`` (of the unit-variance inputs).
    """
    n_components = positive_int("n_components", n_components)
    images, labels = mnist_5k(path)
    x = images.T
    p = x.shape[1]
    y = np.eye(int(labels.max()) + 1)[labels].T
    sigma11 = x @ x.T / p
    sigma31 = y @ x.T / p
    _, _, vt = np.linalg.svd(sigma31, full_matrices=False)
    v = vt.T
    rand = random_semi_orthogonal(sigma11.shape[0], v.shape[1], np.random.default_rng(seed))
    row, col, size = (int(k) for k in pixel_block)
    idx = row * 28 + col + np.arange(size)
    out = {
        "pixel_block_sigma": sigma11[np.ix_(idx, idx)],
        "pixel_block": np.array([row, col, size]),
        "v_sigma_v": v.T @ sigma11 @ v,
        "random_sigma": rand.T @ sigma11 @ rand,
        "mean_image": x.mean(axis=1),
        "n_items": p,
    }
    for prefix, white in (("pc", False), ("white", True)):
        task = principal_component_task(images, labels, n_components, whiten=white)
        out[f"{prefix}_sigma_xx"] = task.sigma_xx
        out[f"{prefix}_sigma_yx"] = task.sigma_yx
        out[f"{prefix}_sigma_yy"] = task.sigma_yy
    out["principal_variances"] = np.diag(out["pc_sigma_xx"])
    return out


def optimum(sigma_xx, sigma_yx, sigma_yy) -> tuple[float, float]:
    """``(E*, E_zero)``: the least loss of a linear map,
    ``1/2 tr(sigma_yy - sigma_yx sigma_xx^{-1} sigma_yx^T)``, and the loss of the zero map,
    ``1/2 tr(sigma_yy)``."""
    sigma_xx = np.asarray(sigma_xx, dtype=float)
    explained = np.trace(sigma_yx @ np.linalg.solve(sigma_xx, np.asarray(sigma_yx).T))
    zero = 0.5 * float(np.trace(sigma_yy))
    return zero - 0.5 * float(explained), zero


def threshold(sigma_xx, sigma_yx, sigma_yy, fraction: float) -> float:
    """``E* + fraction (E_zero - E*)``: the relative loss threshold of Figures 5 and 6 (``E_zero``,
    the loss of the zero network, is where small starts begin)."""
    best, zero = optimum(sigma_xx, sigma_yx, sigma_yy)
    return best + fraction * (zero - best)


def measure(data: dict) -> dict:
    """Figure 5's consistency numbers: off-diagonal fraction and largest off-diagonal correlation of
    ``V^T Sigma11 V``, 10 random directions and the pixel block; and the task's ``E*``."""
    out = {}
    for name, key in (("v", "v_sigma_v"), ("random", "random_sigma"), ("pixels", "pixel_block_sigma")):
        out[name] = {
            "offdiagonal_fraction": offdiagonal_fraction(data[key]),
            "max_correlation": max_correlation(data[key]),
        }
    best, zero = optimum(data["pc_sigma_xx"], data["pc_sigma_yx"], data["pc_sigma_yy"])
    pv = data["principal_variances"]
    return {
        "consistency": out,
        "pc_optimum_loss": best,
        "pc_zero_loss": zero,
        "pc_variance_ratio": float(pv[0] / pv[-1]),
        "white_singular_values": {
            "largest": float(np.linalg.svd(data["white_sigma_yx"], compute_uv=False)[0]),
            "smallest": float(np.linalg.svd(data["white_sigma_yx"], compute_uv=False)[-1]),
        },
    }
