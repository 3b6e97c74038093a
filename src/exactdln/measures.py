"""Measures the paper reads off a trajectory (docs/mathematics.md §3).

Each function works on plain arrays, so the same code measures the exact
solution and a gradient-descent simulation; leading (time or batch) axes are
broadcast.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_matrix
from .crossings import level_crossing, root_expanding


def loss(network_function, sigma_yx, sigma_yy=None, sigma_xx=None) -> np.ndarray:
    """The loss ``1/(2P) sum_mu ||y_mu - W x_mu||^2`` of a linear map ``W`` from the data's moments.

    Whitened inputs (``sigma_xx`` omitted): ``1/2 ||sigma_yx - W||_F^2 + 1/2 tr(sigma_yy)
    - 1/2 ||sigma_yx||_F^2`` (docs/mathematics.md §3), evaluated without cancellation.
    Any inputs (``sigma_xx`` given, ``(n_in, n_in)``): ``1/2 tr(sigma_yy) - tr(sigma_yx^T W)
    + 1/2 tr(W sigma_xx W^T)``. Without ``sigma_yy`` the constant assumes linear targets
    (``sigma_yy`` replaced by what makes the whitened form ``1/2 ||sigma_yx - W||_F^2``),
    for both forms. ``network_function`` and ``sigma_yx`` are ``(..., n_out, n_in)`` (leading axes
    broadcast); returns ``(...)``.
    """
    w = np.asarray(network_function, dtype=float)
    sigma_yx = np.asarray(sigma_yx, dtype=float)
    if sigma_yx.ndim < 2 or not np.all(np.isfinite(sigma_yx)):
        raise ValueError(f"sigma_yx must be a finite (..., n_out, n_in) array, got shape {sigma_yx.shape}")
    if w.shape[-2:] != sigma_yx.shape[-2:]:
        raise ValueError(
            f"network_function has trailing shape {w.shape[-2:]}, sigma_yx {sigma_yx.shape[-2:]}"
        )
    if sigma_xx is not None:
        quad = 0.5 * np.sum((w @ sigma_xx) * w, axis=(-2, -1))
        lin = np.sum(sigma_yx * w, axis=(-2, -1))
        if sigma_yy is None:
            const = 0.5 * np.sum(sigma_yx**2, axis=(-2, -1))
        else:
            const = 0.5 * np.trace(sigma_yy, axis1=-2, axis2=-1)
        return const - lin + quad
    value = 0.5 * np.sum((sigma_yx - w) ** 2, axis=(-2, -1))
    if sigma_yy is not None:
        value = value + 0.5 * (np.trace(as_matrix("sigma_yy", sigma_yy)) - np.sum(sigma_yx**2, axis=(-2, -1)))
    return value


def rsm(w1tw1, x) -> np.ndarray:
    """Representational similarity over items ``x^T (w1^T w1) x``: ``(..., P, P)``."""
    x = as_matrix("x", x)
    return x.T @ np.asarray(w1tw1, dtype=float) @ x


def ntk(w1tw1, w2w2t, x) -> np.ndarray:
    """NTK ``I_{n_out} (x) x^T w1^T w1 x + w2 w2^T (x) x^T x`` over items (docs/mathematics.md §3).

    ``w1tw1`` is ``(..., n_in, n_in)``, ``w2w2t`` is ``(..., n_out, n_out)`` and
    ``x`` is ``(n_in, P)``. Returns ``(..., n_out P, n_out P)`` indexed
    ``[i * P + mu, j * P + nu]`` (output ``i``, item ``mu``).
    """
    x = as_matrix("x", x)
    w1tw1 = np.asarray(w1tw1, dtype=float)
    w2w2t = np.asarray(w2w2t, dtype=float)
    if w1tw1.shape[-1] != x.shape[0]:
        raise ValueError(f"w1tw1 is {w1tw1.shape[-2:]} but x has {x.shape[0]} input rows")
    n_out, p = w2w2t.shape[-1], x.shape[1]
    hidden = x.T @ w1tw1 @ x  # (..., P, P)
    gram = x.T @ x
    eye = np.eye(n_out)
    first = eye[:, None, :, None] * hidden[..., None, :, None, :]
    second = w2w2t[..., :, None, :, None] * gram[None, :, None, :]
    lead = np.broadcast_shapes(w1tw1.shape[:-2], w2w2t.shape[:-2])
    return (first + second).reshape(*lead, n_out * p, n_out * p)


def mode_projection(network_function, sigma_yx) -> np.ndarray:
    """``U^T W V`` in the task's singular basis ``sigma_yx = U S V^T``: ``(..., n_out, n_in)``.

    Its diagonal holds the per-mode strengths; the off-diagonal part measures
    misalignment with the task (docs/mathematics.md §3, task alignment).
    """
    sigma_yx = as_matrix("sigma_yx", sigma_yx)
    u, _, vt = np.linalg.svd(sigma_yx)
    return u.T @ np.asarray(network_function, dtype=float) @ vt.T


def mode_strengths(network_function, sigma_yx) -> np.ndarray:
    """Diagonal of :func:`mode_projection`, ``(..., min(n_in, n_out))``."""
    return np.diagonal(mode_projection(network_function, sigma_yx), axis1=-2, axis2=-1)


def alignment_split(network_function, sigma_yx) -> tuple[np.ndarray, np.ndarray]:
    """Frobenius norms of the diagonal (learning) and off-diagonal (misalignment) parts.

    Both are computed from :func:`mode_projection`; their squares add up to
    ``||W||_F^2``.
    """
    m = mode_projection(network_function, sigma_yx)
    diag = np.diagonal(m, axis1=-2, axis2=-1)
    on = np.sqrt(np.sum(diag**2, axis=-1))
    off = np.sqrt(np.maximum(np.sum(m**2, axis=(-2, -1)) - on**2, 0.0))
    return on, off


def representation_distance(w1tw1, sigma_yx) -> np.ndarray:
    """``||w1^T w1 - V S V^T||_F``: distance from the task-structured representation (docs/mathematics.md
    §2)."""
    sigma_yx = as_matrix("sigma_yx", sigma_yx)
    _, s, vt = np.linalg.svd(sigma_yx, full_matrices=False)
    target = vt.T @ np.diag(s) @ vt
    return np.linalg.norm(np.asarray(w1tw1, dtype=float) - target, axis=(-2, -1))


def relative_error(value, reference) -> np.ndarray:
    """``||value - reference||_F / ||reference||_F`` over the last two axes."""
    value = np.asarray(value, dtype=float)
    reference = np.asarray(reference, dtype=float)
    num = np.linalg.norm(value - reference, axis=(-2, -1))
    den = np.linalg.norm(reference, axis=(-2, -1))
    return num / np.where(den > 0, den, 1.0)


def learning_time(times, loss, fraction: float = 0.9, final_loss=None) -> np.ndarray:
    """First time the loss reduction reaches ``fraction`` of its total, linearly interpolated.

    ``times`` is a strictly increasing ``(T,)`` array of finite times and ``loss``
    is ``(..., T)``. The total reduction is ``loss[..., 0] - final_loss``
    (default: the last recorded loss, ``loss[..., -1]``); the returned time
    ``(...)`` is where ``loss[..., 0] - loss`` first reaches ``fraction`` of it,
    interpolated linearly between the two records that bracket the crossing.
    Raises ``ValueError`` for mismatched shapes, times that do not increase,
    ``fraction`` outside ``(0, 1]``, a loss that is not reduced at all, or a
    crossing that never happens within ``times`` (possible only with ``final_loss``).
    """
    times = np.asarray(times, dtype=float)
    loss = np.asarray(loss, dtype=float)
    if times.ndim != 1 or times.size < 2 or not np.all(np.isfinite(times)):
        raise ValueError(f"times must be a 1-D array of at least two finite times, got shape {times.shape}")
    if np.any(np.diff(times) <= 0):
        raise ValueError("times must be strictly increasing")
    if loss.shape[-1:] != times.shape or not np.all(np.isfinite(loss)):
        raise ValueError(f"loss must be a finite (..., {times.size}) array, got shape {loss.shape}")
    fraction = float(fraction)
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must lie in (0, 1], got {fraction!r}")
    final = loss[..., -1] if final_loss is None else np.broadcast_to(final_loss, loss.shape[:-1])
    total = loss[..., 0] - final
    if np.any(total <= 0):
        bad = int(np.count_nonzero(total <= 0))
        raise ValueError(f"the loss is not reduced in {bad} run(s): no learning time")
    target = loss[..., 0] - fraction * total
    # the loss falls to the target: -loss rises to -target
    t = level_crossing(times, -loss, -target)
    if np.any(np.isnan(t)):
        raise ValueError(
            f"the loss never reaches {fraction:g} of its total reduction within times[-1] = {times[-1]:g} "
            f"in {int(np.count_nonzero(np.isnan(t)))} run(s): extend the horizon"
        )
    return t


def time_to_excess_loss(solution, threshold: float) -> float:
    """First flow time at which an exact solution's excess loss falls to ``threshold``.

    The excess loss ``1/2 ||sigma_yx - W(t)||_F^2`` (the loss above its constant,
    :func:`loss`) of ``solution`` (an
    :class:`~exactdln.exact.ExactSolution`, or anything with ``network_function(t)`` and
    ``sigma_yx``) decreases monotonically under the flow. Returns 0 when it starts at or
    below ``threshold`` and ``inf`` when even its limit stays above (a stalled mode);
    otherwise the root of ``ln(excess(e^x) / threshold)`` in ``x = ln t``
    (:func:`~exactdln.crossings.root_expanding` from ``t = e^-30``, the bracket grown by
    ``e^2``; ``xtol`` 1e-13 in ``ln t``: a relative accuracy of about 1e-13 in ``t``).
    """
    threshold = float(threshold)
    if not (np.isfinite(threshold) and threshold > 0):
        raise ValueError(f"threshold must be a finite number > 0, got {threshold!r}")
    sigma = solution.sigma_yx

    def excess(t: float) -> float:
        return float(loss(solution.network_function(t), sigma))

    if excess(0.0) <= threshold:
        return 0.0
    if excess(np.inf) >= threshold:
        return float("inf")

    def f(log_t: float) -> float:
        return float(np.log(max(excess(np.exp(log_t)), np.finfo(float).tiny) / threshold))

    return float(np.exp(root_expanding(f, -30.0, 0.0, grow=lambda hi: hi + 2.0, xtol=1e-13)))


def classical_mds(points, n_components: int = 2) -> np.ndarray:
    """Classical (Torgerson) multidimensional scaling of points in Euclidean space.

    ``points`` is ``(N, d)``: N points with d coordinates (for Figure 7, every
    item's output vector ``W2 W1 x_i`` at every recorded time). The squared
    distances ``D2_ij = ||p_i - p_j||^2`` are double-centred,
    ``G = -1/2 J D2 J`` with ``J = I - 11^T / N``, and the embedding is
    ``E = V_k diag(sqrt(g_k))`` for the ``k = n_components`` largest
    eigenvalues ``g_k`` of ``G`` and their eigenvectors ``V_k``. For points in a
    Euclidean space ``G = C C^T`` with ``C`` the centred points, so ``E`` is
    computed from the singular value decomposition of ``C`` (the same numbers,
    without forming the ``N x N`` matrix): ``E = U_k S_k`` (principal-component
    scores). The embedding reproduces the pairwise distances of the points
    exactly when they span at most ``k`` dimensions, and is unique up to an
    orthogonal transformation (rotation or reflection); here each column's
    sign is fixed so that its largest-magnitude entry is positive, and columns
    beyond the rank of ``C`` are zero.

    Returns ``(N, n_components)``. Raises ``ValueError`` unless ``points`` is a
    finite 2-D array of at least two points and ``1 <= n_components <= N``.
    """
    p = as_matrix("points", points)
    n = p.shape[0]
    if n < 2:
        raise ValueError(f"points must hold at least two points (rows), got shape {p.shape}")
    if isinstance(n_components, bool) or int(n_components) != n_components or not 1 <= n_components <= n:
        raise ValueError(f"n_components must be an integer in [1, N={n}], got {n_components!r}")
    k = int(n_components)
    centred = p - p.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    tol = max(p.shape) * np.finfo(float).eps * (s[0] if s.size else 0.0)
    s = np.where(s > tol, s, 0.0)
    out = np.zeros((n, k))
    m = min(k, s.size)
    out[:, :m] = u[:, :m] * s[:m]
    big = np.argmax(np.abs(out), axis=0)
    signs = np.sign(out[big, np.arange(k)])
    return out * np.where(signs == 0, 1.0, signs)


def kernel_distance(k0, kt) -> np.ndarray:
    """Kernel distance ``1 - <K0, Kt>_F / (||K0||_F ||Kt||_F)`` (Dominé et al. 2025; Fort et al. 2020).

    The kernel movement of docs/mathematics.md §3, evaluated without the cancellation of
    ``1 - cos``: as
    ``1/2 ||K0 / ||K0||_F - Kt / ||Kt||_F||_F^2``, which equals the definition
    exactly and keeps full relative precision for nearly unchanged kernels
    (the lazy regime, distances down to ~1e-30), where ``1 - cos`` rounds to
    multiples of 1e-16. 0 when the kernel only changes scale, 1 for
    orthogonal kernels; in [0, 1] for positive semi-definite kernels (in
    [0, 2] in general).

    ``k0`` and ``kt`` are ``(..., N, N)`` (or any ``(..., A, B)``) arrays whose
    leading axes broadcast, e.g. ``k0`` of shape ``(N, N)`` against ``kt`` of
    shape ``(T, N, N)`` (a kernel over time). Returns the broadcast leading
    shape. Raises ``ValueError`` for arrays with fewer than two axes, unequal
    trailing shapes, non-finite entries, or an all-zero kernel.
    """
    k0 = np.asarray(k0, dtype=float)
    kt = np.asarray(kt, dtype=float)
    if k0.ndim < 2 or kt.ndim < 2 or k0.shape[-2:] != kt.shape[-2:]:
        raise ValueError(
            f"k0 and kt must be (..., N, N) arrays with equal trailing shapes, got {k0.shape} and {kt.shape}"
        )
    if not (np.all(np.isfinite(k0)) and np.all(np.isfinite(kt))):
        raise ValueError("k0 and kt must hold finite values (no nan or inf)")

    def unit(k: np.ndarray) -> np.ndarray:
        # scale by the largest entry first: the Frobenius norm cannot overflow or underflow
        big = np.max(np.abs(k), axis=(-2, -1), keepdims=True)
        if np.any(big == 0):
            raise ValueError("kernel_distance is undefined for an all-zero kernel")
        k = k / big
        return k / np.linalg.norm(k, axis=(-2, -1), keepdims=True)

    return 0.5 * np.sum((unit(k0) - unit(kt)) ** 2, axis=(-2, -1))


def settling_step(loss, threshold) -> np.ndarray:
    """First record from which the loss stays at or below ``threshold`` until the last record.

    ``loss`` is ``(..., T)`` (records ``0 .. T-1``, e.g. one per gradient-descent step) and
    ``threshold`` broadcasts against ``loss[..., 0]``. Returns a float array ``(...)``: the
    index ``k`` such that ``loss[..., j] <= threshold`` for every ``j >= k`` and ``k = 0`` or
    ``loss[..., k-1]`` is above it; ``inf`` where the last record is above the threshold or any
    record is non-finite at or after the last crossing (a run that diverged has no settling
    step). This is the learning time of Saxe et al. (2014, Appendix C) with the additional
    requirement that the loss stays below the threshold (so that a rate too large for stability,
    whose loss dips below and then oscillates or diverges, is not counted as fast).
    """
    loss = np.asarray(loss, dtype=float)
    if loss.ndim < 1 or loss.shape[-1] < 1:
        raise ValueError(f"loss must be a (..., T) array with T >= 1, got shape {loss.shape}")
    threshold = np.asarray(threshold, dtype=float)
    if not np.all(np.isfinite(threshold)):
        raise ValueError("threshold must be finite")
    above = ~(loss <= threshold[..., None])  # nan counts as above
    n = loss.shape[-1]
    last_above = np.where(above.any(axis=-1), n - 1 - np.argmax(above[..., ::-1], axis=-1), -1)
    return np.where(above[..., -1], np.inf, last_above + 1.0)
