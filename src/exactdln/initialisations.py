"""Initial weights ``(w1, w2)`` for two-layer linear networks (docs/mathematics.md §1), and for deep ones.

``w1`` has shape ``(n_hidden, n_in)`` and ``w2`` has shape ``(n_out, n_hidden)``.
Every function takes an explicit seed (int) or ``numpy.random.Generator``. Deep starts
(:func:`deep_gaussian`, :func:`deep_orthogonal`, :func:`deep_decoupled`; Saxe et al. 2014)
take the layer widths ``[n_in, n_1, ..., n_out]`` and return the list ``[W_1, ..., W_L]``.

Balanced initialisations are built as ``w1 = R diag(b) V^T`` and
``w2 = U diag(a) R^T`` with a random orthogonal ``R`` and ``a_i b_i = s_i``,
``a_i^2 - b_i^2 = lam`` for every hidden unit, so that
``w2^T w2 - w1 w1^T = lam I`` and ``w2 w1 = U diag(s) V^T``.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from ._checks import SeedLike, as_matrix, positive_float, positive_int, rng_from


def _dims(n_in, n_hidden, n_out) -> tuple[int, int, int]:
    return (
        positive_int("n_in", n_in),
        positive_int("n_hidden", n_hidden),
        positive_int("n_out", n_out),
    )


def random_orthogonal(n: int, seed: SeedLike) -> np.ndarray:
    """A Haar-distributed ``n x n`` orthogonal matrix."""
    rng = rng_from(seed)
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))[None, :]


def gaussian(n_in: int, n_hidden: int, n_out: int, std: float, seed: SeedLike):
    """Independent Gaussian entries of standard deviation ``std`` (not balanced)."""
    n_in, n_hidden, n_out = _dims(n_in, n_hidden, n_out)
    std = positive_float("std", std, allow_zero=True)
    rng = rng_from(seed)
    w1 = std * rng.standard_normal((n_hidden, n_in))
    w2 = std * rng.standard_normal((n_out, n_hidden))
    return w1, w2


def balance_factors(s, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """``a, b >= 0`` with ``a b = s`` and ``a^2 - b^2 = lam``, free of cancellation."""
    s = np.asarray(s, dtype=float)
    root = np.hypot(lam, 2.0 * s)
    if lam >= 0:
        a = np.sqrt(0.5 * (root + lam))
        b = np.divide(s, a, out=np.zeros_like(s), where=a > 0)
    else:
        b = np.sqrt(0.5 * (root - lam))
        a = np.divide(s, b, out=np.zeros_like(s), where=b > 0)
    return a, b


def check_lambda_dims(n_in: int, n_hidden: int, n_out: int, lam: float) -> None:
    """Raise ``ValueError`` if no ``lam``-balanced network of these dimensions exists.

    ``w2^T w2 = w1 w1^T + lam I`` needs rank ``n_hidden`` on the output side when
    ``lam > 0`` (``n_hidden <= n_out``) and on the input side when ``lam < 0``
    (``n_hidden <= n_in``).
    """
    if lam > 0 and n_hidden > n_out:
        raise ValueError(
            f"a lambda-balanced network with lam={lam:g} > 0 needs n_hidden <= n_out "
            f"(w2^T w2 = w1 w1^T + lam I has rank n_hidden), got n_hidden={n_hidden}, n_out={n_out}"
        )
    if lam < 0 and n_hidden > n_in:
        raise ValueError(
            f"a lambda-balanced network with lam={lam:g} < 0 needs n_hidden <= n_in "
            f"(w1 w1^T = w2^T w2 - lam I has rank n_hidden), got n_hidden={n_hidden}, n_in={n_in}"
        )


def from_product_svd(u, s, v, n_hidden: int, lam: float, seed: SeedLike):
    """Balanced weights with ``w2 w1 = u[:, :k] diag(s) v[:, :k]^T`` and imbalance ``lam I``.

    ``u`` is ``(n_out, n_out)`` and ``v`` is ``(n_in, n_in)`` orthogonal; ``s``
    holds ``k <= n_hidden`` non-negative strengths. Hidden units beyond ``k``
    carry only the imbalance (``a^2 = lam`` or ``b^2 = -lam``), along the
    remaining columns of ``u`` or ``v``.
    """
    u = as_matrix("u", u)
    v = as_matrix("v", v)
    n_out, n_in = u.shape[0], v.shape[0]
    n_hidden = positive_int("n_hidden", n_hidden)
    s = np.asarray(s, dtype=float).ravel()
    k = s.size
    if k > min(n_hidden, n_in, n_out):
        raise ValueError(f"{k} strengths do not fit a {n_in}-{n_hidden}-{n_out} network")
    if np.any(s < 0) or not np.all(np.isfinite(s)):
        raise ValueError("strengths must be finite and non-negative")
    lam = float(lam)
    check_lambda_dims(n_in, n_hidden, n_out, lam)
    a, b = balance_factors(np.concatenate([s, np.zeros(n_hidden - k)]), lam)
    r = random_orthogonal(n_hidden, seed)
    m_out, m_in = min(n_hidden, n_out), min(n_hidden, n_in)
    w2 = (u[:, :m_out] * a[:m_out]) @ r[:, :m_out].T
    w1 = (r[:, :m_in] * b[:m_in]) @ v[:, :m_in].T
    return w1, w2


def lambda_balanced(n_in: int, n_hidden: int, n_out: int, scale: float, lam: float, seed: SeedLike):
    """A ``lam``-balanced initialisation: ``w2^T w2 - w1 w1^T = lam I`` exactly.

    The network function ``w2 w1`` has the singular values and vectors of the
    product of two Gaussian matrices with entries of std ``scale`` (so
    ``scale`` plays the role of the usual initialisation scale); the hidden
    basis is a random rotation. Raises ``ValueError`` when the dimensions admit
    no such network (see :func:`check_lambda_dims`).
    """
    n_in, n_hidden, n_out = _dims(n_in, n_hidden, n_out)
    scale = positive_float("scale", scale, allow_zero=True)
    lam = float(lam)
    if not np.isfinite(lam):
        raise ValueError(f"lam must be finite, got {lam!r}")
    check_lambda_dims(n_in, n_hidden, n_out, lam)
    rng = rng_from(seed)
    g1 = scale * rng.standard_normal((n_hidden, n_in))
    g2 = scale * rng.standard_normal((n_out, n_hidden))
    u, s, vt = np.linalg.svd(g2 @ g1)
    k = min(n_in, n_hidden, n_out)
    return from_product_svd(u, s[:k], vt.T, n_hidden, lam, rng)


def zero_balanced(n_in: int, n_hidden: int, n_out: int, scale: float, seed: SeedLike):
    """A zero-balanced initialisation (``w2^T w2 = w1 w1^T``) at ``scale``; see :func:`lambda_balanced`."""
    return lambda_balanced(n_in, n_hidden, n_out, scale, 0.0, seed)


def aligned(sigma_yx, n_hidden: int, strengths, seed: SeedLike, lam: float = 0.0):
    """A task-aligned balanced start: ``w2 w1 = U diag(strengths) V^T`` for ``sigma_yx = U S V^T``.

    ``strengths`` is a scalar (the same for every mode) or one value per mode,
    for the ``min(n_hidden, n_in, n_out)`` strongest modes of the task.
    """
    sigma_yx = as_matrix("sigma_yx", sigma_yx)
    n_out, n_in = sigma_yx.shape
    n_hidden = positive_int("n_hidden", n_hidden)
    k = min(n_hidden, n_in, n_out)
    strengths = np.broadcast_to(np.asarray(strengths, dtype=float), (k,)).copy()
    u, _, vt = np.linalg.svd(sigma_yx)
    return from_product_svd(u, strengths, vt.T, n_hidden, lam, seed)


# ------------------------------------------------------------------------ deep networks (Saxe et al. 2014)
# Starts for ``y = W_L ... W_1 x`` given the layer widths ``[n_0 = n_in, n_1, ..., n_L = n_out]``;
# each returns the list ``[W_1, ..., W_L]`` with ``W_l`` of shape ``(n_l, n_{l-1})``.


def _widths(widths) -> list[int]:
    widths = list(widths)
    if len(widths) < 2:
        raise ValueError(f"widths must list at least n_in and n_out, got {widths!r}")
    return [positive_int(f"widths[{i}]", n) for i, n in enumerate(widths)]


def random_semi_orthogonal(rows: int, cols: int, seed: SeedLike) -> np.ndarray:
    """A Haar-distributed ``rows x cols`` matrix with orthonormal columns (or rows, if wider).

    The QR decomposition of a Gaussian ``max x min`` matrix with the signs of ``R``'s diagonal
    moved into ``Q`` (Mezzadri 2007), transposed when ``rows < cols``: ``W^T W = I`` for
    ``rows >= cols``, ``W W^T = I`` otherwise. For ``rows == cols`` this is a Haar orthogonal
    matrix, like :func:`random_orthogonal`.
    """
    rows, cols = positive_int("rows", rows), positive_int("cols", cols)
    rng = rng_from(seed)
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    q = q * np.sign(np.diag(r))[None, :]
    return q if rows >= cols else q.T


def deep_gaussian(widths, seed: SeedLike, *, gain: float = 1.0, std: float | None = None) -> list[np.ndarray]:
    """Independent Gaussian weights for every layer.

    By default the entries of ``W_l`` have standard deviation ``gain / sqrt(n_{l-1})``: the
    scaled random initialisation of Glorot & Bengio (2010) discussed by Saxe et al. (2014,
    Section 3), which preserves the norm of a propagated vector on average. With ``std``
    every entry has standard deviation ``std`` (the "small random" start of their Fig. 5).
    """
    widths = _widths(widths)
    rng = rng_from(seed)
    gain = positive_float("gain", gain)
    if std is not None:
        std = positive_float("std", std, allow_zero=True)
    out = []
    for n_in, n_out in pairwise(widths):
        scale = gain / np.sqrt(n_in) if std is None else std
        out.append(scale * rng.standard_normal((n_out, n_in)))
    return out


def deep_orthogonal(widths, seed: SeedLike, *, gain: float = 1.0) -> list[np.ndarray]:
    """Random (semi-)orthogonal weights for every layer, times ``gain`` (Saxe et al. 2014, Section 3).

    Each ``W_l`` is :func:`random_semi_orthogonal`; with equal widths the product of all layers
    is itself orthogonal, so every singular value of the network function is ``gain^L``.
    """
    widths = _widths(widths)
    rng = rng_from(seed)
    gain = positive_float("gain", gain)
    return [gain * random_semi_orthogonal(n_out, n_in, rng) for n_in, n_out in pairwise(widths)]


def deep_decoupled(sigma_yx, widths, u0, seed: SeedLike) -> list[np.ndarray]:
    """A balanced, task-aligned ("decoupled") deep start (Saxe et al. 2014, Section 2).

    With ``sigma_yx = U S V^T``, ``W_l = R_{l+1} D R_l^T`` where ``R_1 = V``,
    ``R_{L+1} = U``, every hidden ``R_l`` is a Haar orthogonal ``n_l x n_l`` matrix, and
    ``D`` holds ``u0_i^{1/L}`` on the diagonal for the ``k = min(widths)`` strongest modes
    (zeros elsewhere), so ``W_L ... W_1 = U diag(u0) V^T`` and every layer carries the same
    strength of every mode. With whitened inputs, gradient descent keeps this form and each
    mode evolves on its own (:func:`~exactdln.simulation.train_deep_modes`).

    Parameters
    ----------
    sigma_yx : array (n_out, n_in)
        Task correlation; ``widths[0] = n_in`` and ``widths[-1] = n_out``.
    widths : sequence of int
        ``[n_in, n_1, ..., n_{L-1}, n_out]``.
    u0 : float or array (k,)
        Initial end-to-end mode strengths ``>= 0``.
    seed : int or Generator
        For the hidden rotations.
    """
    sigma_yx = as_matrix("sigma_yx", sigma_yx)
    widths = _widths(widths)
    if (widths[0], widths[-1]) != (sigma_yx.shape[1], sigma_yx.shape[0]):
        raise ValueError(
            f"widths {widths} must start with n_in = {sigma_yx.shape[1]} and end with "
            f"n_out = {sigma_yx.shape[0]} (the shape of sigma_yx)"
        )
    depth = len(widths) - 1
    k = min(widths)
    u0 = np.broadcast_to(np.asarray(u0, dtype=float), (k,))
    if not np.all(np.isfinite(u0)) or np.any(u0 < 0):
        raise ValueError(f"u0 must be finite and >= 0, got {u0!r}")
    rng = rng_from(seed)
    u, _, vt = np.linalg.svd(sigma_yx)
    bases = [vt.T] + [random_orthogonal(n, rng) for n in widths[1:-1]] + [u]
    a = u0 ** (1.0 / depth)
    out = []
    for l in range(depth):
        d = np.zeros((widths[l + 1], widths[l]))
        d[np.arange(k), np.arange(k)] = a
        out.append(bases[l + 1] @ d @ bases[l].T)
    return out
