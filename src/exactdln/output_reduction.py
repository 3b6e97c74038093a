"""An exactly equivalent network with fewer outputs, for tasks with many more outputs than items.

Used to train Saxe et al.'s (2014) hierarchical data set (1000 features on 32 items) at the
cost of a 32-output network (docs/mathematics.md §8).
"""

from __future__ import annotations

import numpy as np


def reduce_outputs(w2, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An exactly equivalent two-layer network with at most ``P + n_hidden`` outputs.

    For ``y_hat = w2 f(w1 x)`` with targets ``y`` (``n_out x P``), let ``U`` (``n_out x r``,
    ``r = min(n_out, P)``) span the targets' columns. Gradient descent moves the part of ``w2``
    outside ``U``, ``W_perp = (I - U U^T) w2``, only by ``W_perp <- W_perp (I - eta/P f f^T)``,
    and it enters the hidden layer's gradient only through ``W_perp^T W_perp``. Replacing it by
    the ``(n_hidden, n_hidden)`` factor ``R`` of its QR decomposition (``R^T R = W_perp^T W_perp``)
    therefore gives a network with outputs ``[U^T w2; R]`` and targets ``[U^T y; 0]`` whose
    ``w1``, loss and ``U^T w2`` follow the original ones exactly at every step, for any hidden
    activation (:func:`train_nonlinear`, :func:`train_two_layer`). With many more outputs than
    items (Saxe et al.'s 1000 features on 32 items) this is much cheaper.

    Parameters
    ----------
    w2 : array (*batch, n_out, n_hidden)
    y : array (n_out, P)

    Returns
    -------
    w2_reduced : array (*batch, r + n_hidden, n_hidden)
        ``[U^T w2; R]``.
    y_reduced : array (r + n_hidden, P)
        ``[U^T y; 0]``.
    basis : array (n_out, r)
        ``U``; the first ``r`` outputs of the reduced network are ``U^T`` times the original ones.
    """
    w2 = np.asarray(w2, dtype=float)
    y = np.asarray(y, dtype=float)
    if w2.ndim < 2 or y.ndim != 2 or w2.shape[-2] != y.shape[0]:
        raise ValueError(f"w2 {w2.shape} and y {y.shape} must be (*batch, n_out, n_hidden) and (n_out, P)")
    if not (np.all(np.isfinite(w2)) and np.all(np.isfinite(y))):
        raise ValueError("w2 and y must be finite")
    basis = np.linalg.svd(y, full_matrices=False)[0]
    inside = np.swapaxes(basis, -1, -2) @ w2
    _, r = np.linalg.qr(w2 - basis @ inside)
    n_hidden = w2.shape[-1]
    if r.shape[-2] < n_hidden:  # fewer outputs than hidden units: pad R with zero rows
        pad = np.zeros((*r.shape[:-2], n_hidden - r.shape[-2], n_hidden))
        r = np.concatenate([r, pad], axis=-2)
    y_reduced = np.concatenate([basis.T @ y, np.zeros((n_hidden, y.shape[1]))])
    return np.concatenate([inside, r], axis=-2), y_reduced, basis
