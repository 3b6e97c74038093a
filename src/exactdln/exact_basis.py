"""The eigenbasis in which :class:`exactdln.exact.ExactSolution` evaluates the closed form.

``F = [[-lam/2 I, sigma_yx^T], [sigma_yx, lam/2 I]]`` is diagonalised analytically from the
SVD of ``sigma_yx`` (:func:`eigensystem`), and the start ``Z0 = O^T Q0`` is brought into
column-echelon form over the growing directions (:func:`echelon`), so that every exponential
factor of the solution is bounded (docs/mathematics.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import qr

EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Eigensystem:
    """Eigen-decomposition of ``F`` sorted by decreasing eigenvalue ``mu``."""

    vectors: np.ndarray  # (n, n) orthonormal columns
    # Each eigenvector involves one v_i and/or one u_i: column c of ``vectors`` has input part
    # in_coef[c] * v[:, in_index[c]] and output part out_coef[c] * u[:, out_index[c]].
    in_index: np.ndarray
    in_coef: np.ndarray
    out_index: np.ndarray
    out_coef: np.ndarray
    rates: np.ndarray  # (n,) eigenvalues mu, decreasing; equal clusters share one value
    mode: np.ndarray  # (n,) index of the singular mode of sigma_yx, or -1 (null space)
    u: np.ndarray  # (n_out, n_out) left singular vectors of sigma_yx
    s: np.ndarray  # (min(n_in, n_out),) singular values (snapped)
    v: np.ndarray  # (n_in, n_in) right singular vectors


def _snap(values: np.ndarray, tol: float) -> np.ndarray:
    """Replace runs of values (sorted decreasingly) closer than ``tol`` by their mean."""
    out = values.copy()
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i - 1] - values[i] > tol:
            out[start:i] = values[start:i].mean()
            start = i
    return out


def eigensystem(sigma_yx: np.ndarray, lam: float) -> Eigensystem:
    """Analytic eigen-decomposition of ``F = [[-lam/2 I, sigma_yx^T], [sigma_yx, lam/2 I]]``.

    Each singular triple ``(u_i, s_i, v_i)`` spans a 2-D invariant subspace with
    eigenvalues ``+-omega_i``, ``omega_i = sqrt(s_i^2 + lam^2 / 4)``; the null
    spaces of ``sigma_yx`` add ``[v; 0]`` (rate ``-lam/2``) and ``[0; u]``
    (rate ``+lam/2``). Singular values within a few ulps of each other (or of
    zero) are snapped together, so that degenerate modes share one rate exactly.
    """
    n_out, n_in = sigma_yx.shape
    n = n_in + n_out
    u, s, vt = np.linalg.svd(sigma_yx, full_matrices=True)
    v = vt.T
    r = min(n_in, n_out)
    smax = s[0] if r else 0.0
    tol = 8 * max(n_in, n_out) * EPS * smax
    s = np.where(s <= tol, 0.0, s)
    s = _snap(s, tol)
    half = lam / 2.0
    vecs = np.zeros((n, n))
    rates = np.zeros(n)
    mode = np.full(n, -1)
    in_index, out_index = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
    in_coef, out_coef = np.zeros(n), np.zeros(n)
    col = 0
    for i in range(r):
        omega = np.hypot(s[i], half)
        if omega == 0.0:
            pairs = [((1.0, 0.0), 0.0), ((0.0, 1.0), 0.0)]
        else:
            # Growing eigenvector (c_v, c_u); written to avoid cancellation for either sign of lam.
            cv, cu = (s[i], omega + half) if lam >= 0 else (omega - half, s[i])
            norm = np.hypot(cv, cu)
            cv, cu = cv / norm, cu / norm
            pairs = [((cv, cu), omega), ((cu, -cv), -omega)]
        for (a, b), rate in pairs:
            in_index[col], in_coef[col], out_index[col], out_coef[col] = i, a, i, b
            rates[col] = rate
            mode[col] = i
            col += 1
    for i in range(r, n_in):
        in_index[col], in_coef[col] = i, 1.0
        rates[col] = -half
        col += 1
    for i in range(r, n_out):
        out_index[col], out_coef[col] = i, 1.0
        rates[col] = half
        col += 1
    vecs[:n_in] = v[:, in_index] * in_coef
    vecs[n_in:] = u[:, out_index] * out_coef
    order = np.argsort(-rates, kind="stable")
    rates = rates[order]
    rate_tol = 8 * n * EPS * np.abs(rates).max(initial=0.0)
    rates = np.where(np.abs(rates) <= rate_tol, 0.0, rates)
    rates = _snap(rates, rate_tol)
    return Eigensystem(
        vecs[:, order],
        in_index[order],
        in_coef[order],
        out_index[order],
        out_coef[order],
        rates,
        mode[order],
        u,
        s,
        v,
    )


def _householder(x: np.ndarray) -> np.ndarray:
    """Symmetric orthogonal ``H`` with ``x @ H = (alpha, 0, ..., 0)``, ``|alpha| = ||x||``."""
    m = x.shape[0]
    alpha = -np.copysign(np.linalg.norm(x), x[0])
    w = x.copy()
    w[0] -= alpha
    wn = w @ w
    if wn == 0.0:
        return np.eye(m)
    return np.eye(m) - (2.0 / wn) * np.outer(w, w)


def echelon(z: np.ndarray, rates: np.ndarray, n_growing: int, tol: float):
    """Rotate the hidden basis so that the growing rows of ``z`` are in column-echelon form.

    Returns the rotated ``z``, the rate ``ell_j`` of each column's pivot (0 for a
    column with no growing pivot) and the pivot row of each column (-1 if none).
    Within a cluster of equal rates the row with the largest remainder is the pivot.
    """
    z = z.copy()
    h = z.shape[1]
    ell = np.zeros(h)
    pivot_row = np.full(h, -1)
    col = 0
    start = 0
    while start < n_growing:
        stop = start
        while stop < n_growing and rates[stop] == rates[start]:
            stop += 1
        rows = np.arange(start, stop)
        while True:
            if col == h:
                break
            rem = np.linalg.norm(z[rows, col:], axis=1)
            k = int(np.argmax(rem))
            if rem[k] <= tol * amplification(z, pivot_row[:col], rows[k], col):
                z[rows, col:] = 0.0  # no component in the growing eigenspace: stays at the saddle
                break
            i = rows[k]
            z[:, col:] = z[:, col:] @ _householder(z[i, col:])
            z[i, col + 1 :] = 0.0
            ell[col] = rates[i]
            pivot_row[col] = i
            col += 1
        start = stop
    return z, ell, pivot_row


def amplification(z: np.ndarray, pivots: np.ndarray, row: int, col: int) -> float:
    """How much rounding noise in earlier pivot rows can show up in the remainder of ``row``.

    Projecting ``row`` out of the span of the pivot rows amplifies their noise
    by ``||z_row|| / sigma_min``, ``sigma_min`` the smallest singular value of
    the (lower-triangular) pivot block; the rank threshold is scaled by it.
    """
    if col == 0:
        return 1.0
    sigma_min = np.linalg.svd(z[pivots, :col], compute_uv=False)[-1]
    return 1.0 + np.linalg.norm(z[row, :col]) / sigma_min


def pair_order(eig: Eigensystem) -> tuple[np.ndarray, int, np.ndarray]:
    """A row order of the eigenbasis that makes the change back to the original basis cheap.

    First the growing eigenvector of every singular pair ``i < r = min(n_in, n_out)``,
    then the decaying one (each by increasing ``i``), then the ``[v_i; 0]`` and then
    the ``[0; u_i]`` null-space directions. Returns the order, ``r`` and ``coef``
    (2, 2, r): ``coef[k, j, i]`` is the weight of ``v_i`` (``j = 0``) or ``u_i``
    (``j = 1``) in the ``k``-th eigenvector (0 growing, 1 decaying) of pair ``i``.
    """
    r = eig.s.size
    paired = eig.mode >= 0
    idx = np.flatnonzero(paired)
    pair_cols = idx[np.lexsort((-eig.rates[idx], eig.mode[idx]))].reshape(r, 2)
    in_null = np.flatnonzero(~paired & (eig.in_coef != 0))
    out_null = np.flatnonzero(~paired & (eig.out_coef != 0))
    order = np.concatenate(
        [
            pair_cols[:, 0],
            pair_cols[:, 1],
            in_null[np.argsort(eig.in_index[in_null])],
            out_null[np.argsort(eig.out_index[out_null])],
        ]
    )
    coef = np.stack([np.stack([eig.in_coef[c], eig.out_coef[c]]) for c in (pair_cols[:, 0], pair_cols[:, 1])])
    return order, r, coef


def qr_r(m: np.ndarray) -> np.ndarray:
    """The square triangular factor ``R`` of ``m = Q R`` (``m`` has at least as many rows as columns)."""
    return qr(m, mode="r", check_finite=False)[0][: m.shape[1]]


def log_g(rates: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``log g_i(s)``, ``g = (1 - e^{-2 mu s}) / (2 mu)`` (``g = s`` for ``mu = 0``); shape (T, n)."""
    am = np.abs(rates)[None, :]
    ss = s[:, None]
    safe = np.where(am > 0, am, 1.0)
    base = np.where(am > 0, np.log(-np.expm1(-2.0 * safe * ss) / (2.0 * safe)), np.log(ss))
    return base + np.maximum(-2.0 * rates[None, :] * ss, 0.0)
