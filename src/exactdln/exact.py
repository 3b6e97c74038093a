"""The exact learning trajectory of a two-layer linear network (SPEC §2).

With whitened inputs and a lambda-balanced initialisation
(``w2.T @ w2 - w1 @ w1.T = lam * I``), ``X(t) = Q Q^T`` with ``Q = [w1.T; w2]``
solves the matrix Riccati equation ``tau dX/dt = F X + X F - X^2`` and

    X(s) = e^{F s} Q0 [I + Q0^T K(s) Q0]^{-1} Q0^T e^{F s},   s = t / tau.

Evaluated literally this overflows and loses all precision once ``e^{2 mu s}``
dominates. :class:`ExactSolution` evaluates the same formula in a form where
every number stays bounded:

1. ``F = O diag(mu) O^T`` is diagonalised analytically from the SVD of
   ``sigma_yx`` (eigenvalues ``+-sqrt(s_i^2 + lam^2/4)`` and ``+-lam/2``).
2. In that basis ``Z0 = O^T Q0``. An orthogonal change of hidden basis (which
   leaves ``X`` unchanged) brings the rows of ``Z0`` with ``mu > 0``, ordered by
   decreasing ``mu``, into column-echelon form: column ``j`` is zero above its
   pivot row, whose rate is ``ell_j``. Rows whose remaining part is below a
   rank tolerance are set to zero there: these are the directions with no
   component in the growing eigenspace (singular ``B``), which stay at the
   saddle exactly.
3. Factoring ``Lambda = diag(e^{ell_j s})`` out of both sides gives
   ``X = W N^{-1} W^T`` with ``W_ij = z_ij e^{(mu_i - ell_j) s}`` and
   ``N = Lambda^{-2} + A^T A``, ``A_ij = z_ij sqrt(k_i) e^{-ell_j s}``; the
   echelon form makes every exponent non-positive, so ``W``, ``A`` and ``N``
   are bounded for all ``s`` and ``N`` is factored by a QR decomposition of
   ``[A; Lambda^{-1}]``.

Every step is an exact rewriting of the closed form (no time stepping), so one
evaluation costs the same at any ``t``, including ``t = inf`` (the limit is taken
analytically). All times of a call are evaluated together in batched linear
algebra.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_matrix, positive_float, times_array

_EPS = np.finfo(float).eps
# Bytes of scratch memory one batch of times may use (times are processed in chunks).
_CHUNK_BYTES = 64 * 2**20


@dataclass(frozen=True)
class _Eigensystem:
    """Eigen-decomposition of ``F`` sorted by decreasing eigenvalue ``mu``."""

    vectors: np.ndarray  # (n, n) orthonormal columns
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


def eigensystem(sigma_yx: np.ndarray, lam: float) -> _Eigensystem:
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
    tol = 8 * max(n_in, n_out) * _EPS * smax
    s = np.where(s <= tol, 0.0, s)
    s = _snap(s, tol)
    half = lam / 2.0
    vecs = np.zeros((n, n))
    rates = np.zeros(n)
    mode = np.full(n, -1)
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
            vecs[:n_in, col] = a * v[:, i]
            vecs[n_in:, col] = b * u[:, i]
            rates[col] = rate
            mode[col] = i
            col += 1
    for i in range(r, n_in):
        vecs[:n_in, col] = v[:, i]
        rates[col] = -half
        col += 1
    for i in range(r, n_out):
        vecs[n_in:, col] = u[:, i]
        rates[col] = half
        col += 1
    order = np.argsort(-rates, kind="stable")
    rates = rates[order]
    rate_tol = 8 * n * _EPS * np.abs(rates).max(initial=0.0)
    rates = np.where(np.abs(rates) <= rate_tol, 0.0, rates)
    rates = _snap(rates, rate_tol)
    return _Eigensystem(vecs[:, order], rates, mode[order], u, s, v)


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


def _echelon(z: np.ndarray, rates: np.ndarray, n_growing: int, tol: float):
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
            if rem[k] <= tol * _amplification(z, pivot_row[:col], rows[k], col):
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


def _amplification(z: np.ndarray, pivots: np.ndarray, row: int, col: int) -> float:
    """How much rounding noise in earlier pivot rows can show up in the remainder of ``row``.

    Projecting ``row`` out of the span of the pivot rows amplifies their noise
    by ``||z_row|| / sigma_min``, ``sigma_min`` the smallest singular value of
    the (lower-triangular) pivot block; the rank threshold is scaled by it.
    """
    if col == 0:
        return 1.0
    sigma_min = np.linalg.svd(z[pivots, :col], compute_uv=False)[-1]
    return 1.0 + np.linalg.norm(z[row, :col]) / sigma_min


def _log_g(rates: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``log g_i(s)``, ``g = (1 - e^{-2 mu s}) / (2 mu)`` (``g = s`` for ``mu = 0``); shape (T, n)."""
    am = np.abs(rates)[None, :]
    ss = s[:, None]
    safe = np.where(am > 0, am, 1.0)
    base = np.where(am > 0, np.log(-np.expm1(-2.0 * safe * ss) / (2.0 * safe)), np.log(ss))
    return base + np.maximum(-2.0 * rates[None, :] * ss, 0.0)


class ExactSolution:
    """Exact gradient-flow trajectory of ``y = w2 @ w1 @ x`` from a lambda-balanced start.

    Parameters
    ----------
    w1 : array (n_hidden, n_in)
        Initial first-layer weights.
    w2 : array (n_out, n_hidden)
        Initial second-layer weights.
    sigma_yx : array (n_out, n_in)
        Input-output correlation ``Y X^T / P`` of a task with whitened inputs
        (``X X^T / P = I``). Use :meth:`from_task` to have the whitening checked.
    tau : float
        Time constant of the flow ``tau dW/dt = -dL/dW``. Times ``t`` passed to
        the methods are in the same units; gradient descent with learning rate
        ``eta`` corresponds to ``tau = 1`` and ``t = eta * step`` (SPEC §1).
    sigma_yy : array (n_out, n_out), optional
        Output covariance ``Y Y^T / P``; only used for the constant term of
        :meth:`loss`. Without it the loss is ``1/2 ||sigma_yx - w2 w1||_F^2``,
        which is exact when the targets are a linear function of the inputs.
    balance_tol : float
        Largest accepted relative imbalance ``||D - lam I||_F / (||w1 w1^T||_F +
        ||w2^T w2||_F)``, ``D = w2^T w2 - w1 w1^T``.
    rank_tol : float, optional
        Absolute threshold below which a component of the initial weights in
        the growing eigenspace of ``F`` is treated as exactly zero (a stalled
        mode). Default ``8 max(n, n_hidden) eps ||Q0||_2``.

    Raises
    ------
    ValueError
        On mismatched shapes, non-finite values, ``tau <= 0`` or an
        initialisation that is not lambda-balanced (the message gives the
        measured imbalance and ``lam``).

    Examples
    --------
    >>> import numpy as np, exactdln as ed
    >>> task = ed.tasks.random_regression(n_in=4, n_out=3, n_items=12, seed=0)
    >>> w1, w2 = ed.initialisations.zero_balanced(4, 6, 3, scale=0.01, seed=1)
    >>> sol = ed.ExactSolution.from_task(w1, w2, task)
    >>> sol.network_function(np.inf).shape
    (3, 4)
    """

    def __init__(
        self,
        w1,
        w2,
        sigma_yx,
        tau: float = 1.0,
        *,
        sigma_yy=None,
        balance_tol: float = 1e-6,
        rank_tol: float | None = None,
    ) -> None:
        w1 = as_matrix("w1", w1)
        w2 = as_matrix("w2", w2)
        sigma_yx = as_matrix("sigma_yx", sigma_yx)
        n_hidden, n_in = w1.shape
        if w2.shape[1] != n_hidden:
            raise ValueError(
                f"w2 has shape {w2.shape} but w1 has shape {w1.shape}: "
                f"w2 must be (n_out, n_hidden={n_hidden})"
            )
        n_out = w2.shape[0]
        if sigma_yx.shape != (n_out, n_in):
            raise ValueError(
                f"sigma_yx has shape {sigma_yx.shape} but the network maps n_in={n_in} "
                f"inputs to n_out={n_out} outputs: expected ({n_out}, {n_in})"
            )
        self.tau = positive_float("tau", tau)
        balance_tol = positive_float("balance_tol", balance_tol)
        self._const = 0.0
        if sigma_yy is not None:
            sigma_yy = as_matrix("sigma_yy", sigma_yy)
            if sigma_yy.shape != (n_out, n_out):
                raise ValueError(f"sigma_yy has shape {sigma_yy.shape}, expected ({n_out}, {n_out})")
            self._const = 0.5 * (np.trace(sigma_yy) - np.sum(sigma_yx**2))

        self.lam, self.imbalance = measure_balance(w1, w2)
        if self.imbalance > balance_tol:
            raise ValueError(
                f"the initialisation is not lambda-balanced: w2^T w2 - w1 w1^T deviates from "
                f"lam * I (lam = {self.lam:.6g}) by a relative {self.imbalance:.3g} (Frobenius), "
                f"more than balance_tol = {balance_tol:.3g}. The exact solution (SPEC §2) holds "
                f"only for balanced starts; use exactdln.initialisations to build one."
            )
        self.n_in, self.n_hidden, self.n_out = n_in, n_hidden, n_out
        self.sigma_yx = sigma_yx
        self._q0 = np.vstack([w1.T, w2])
        n = n_in + n_out

        eig = eigensystem(sigma_yx, self.lam)
        self._eig = eig
        z0 = eig.vectors.T @ self._q0
        if rank_tol is None:
            rank_tol = 8 * max(n, n_hidden) * _EPS * np.linalg.norm(self._q0, 2)
        self.rank_tol = positive_float("rank_tol", rank_tol, allow_zero=True)
        n_growing = int(np.count_nonzero(eig.rates > 0))
        self._z, self._ell, self._pivot_row = _echelon(z0, eig.rates, n_growing, self.rank_tol)
        self._n_growing = n_growing

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_task(cls, w1, w2, task, tau: float = 1.0, **kwargs) -> ExactSolution:
        """Exact solution for a :class:`exactdln.tasks.Task`; refuses non-whitened inputs."""
        task.check_whitened()
        return cls(w1, w2, task.sigma_yx, tau, sigma_yy=task.sigma_yy, **kwargs)

    # ------------------------------------------------------------------ modes
    @property
    def growth_rates(self) -> np.ndarray:
        """Eigenvalues of ``F`` (rates per unit ``s = t / tau``), in decreasing order."""
        return self._eig.rates.copy()

    @property
    def rank_b(self) -> int:
        """Rank of the projection of the initial weights on the growing eigenspace of ``F``."""
        return int(np.count_nonzero(self._pivot_row >= 0))

    @property
    def stalled_modes(self) -> tuple[int, ...]:
        """Singular modes of ``sigma_yx`` (indices into decreasing singular values) that stall.

        A mode stalls when the global optimum would learn it (it is among the
        ``n_hidden`` strongest growing directions) but the initial weights have
        no component along it in the growing eigenspace (singular ``B``): under
        the exact flow it stays at the saddle for all time. Within a set of
        equal singular values which index is reported is basis-dependent; the
        count is not.
        """
        rates = self._eig.rates
        capacity = min(self.n_hidden, self._n_growing)
        pivots = set(self._pivot_row[self._pivot_row >= 0].tolist())
        stalled: list[int] = []
        start, filled = 0, 0
        while start < self._n_growing and filled < capacity:
            stop = start
            while stop < self._n_growing and rates[stop] == rates[start]:
                stop += 1
            want = min(stop - start, capacity - filled)
            rows = range(start, stop)
            have = sum(1 for i in rows if i in pivots)
            missing = [i for i in rows if i not in pivots][: max(want - have, 0)]
            stalled.extend(int(self._eig.mode[i]) for i in missing if self._eig.mode[i] >= 0)
            filled += want
            start = stop
        s = self._eig.s
        return tuple(sorted(m for m in stalled if s[m] > 0))

    @property
    def converges_to_optimum(self) -> bool:
        """True when no task mode stalls (the flow reaches a global minimum of the loss)."""
        return len(self.stalled_modes) == 0

    # ------------------------------------------------------------------ core evaluation
    def _factor_eig(self, s: np.ndarray) -> np.ndarray:
        """``Qe(s)`` (T, n, n_hidden) in the eigenbasis with ``X = O Qe Qe^T O^T``; ``s`` in (0, inf)."""
        z, rates, ell = self._z, self._eig.rates, self._ell
        h = z.shape[1]
        nonzero = (z != 0)[None]
        expo = (rates[:, None] - ell[None, :])[None] * s[:, None, None]
        log_w = np.where(nonzero, np.minimum(expo, 0.0), -np.inf)
        log_a = np.where(nonzero, expo + 0.5 * _log_g(rates, s)[:, :, None], -np.inf)
        w = z[None] * np.exp(log_w)
        a = z[None] * np.exp(log_a)
        lam_inv = np.exp(-ell[None, :] * s[:, None])
        stack = np.concatenate([a, lam_inv[:, :, None] * np.eye(h)[None]], axis=1)
        r = np.linalg.qr(stack, mode="r")
        # Qe = W R^{-1}: solve R^T Qe^T = W^T.
        return np.linalg.solve(np.swapaxes(r, 1, 2), np.swapaxes(w, 1, 2)).swapaxes(1, 2)

    def _factor_eig_inf(self) -> np.ndarray:
        """The ``s -> inf`` limit of :meth:`_factor_eig`, shape (n, n_hidden)."""
        z, rates, ell = self._z, self._eig.rates, self._ell
        out = np.zeros_like(z)
        cols = np.flatnonzero(self._pivot_row >= 0)
        if cols.size == 0:
            return out
        growing = rates > 0
        keep = growing[:, None] & (rates[:, None] == ell[None, cols])
        w = np.where(keep, z[:, cols], 0.0)
        d = np.where(growing, 1.0 / (2.0 * np.where(growing, rates, 1.0)), 0.0)
        r = np.linalg.qr(np.sqrt(d)[:, None] * w, mode="r")
        out[:, cols] = np.linalg.solve(r.T, w.T).T
        return out

    def _factor(self, t) -> tuple[np.ndarray, bool]:
        """``Q(t)`` with ``X(t) = Q Q^T`` (up to a rotation of the hidden layer): (T, n, h)."""
        times, scalar = times_array(t)
        s = times / self.tau
        n, h = self._z.shape
        qe = np.empty((s.size, n, h))
        qe[s == 0] = self._z
        qe[np.isinf(s)] = self._factor_eig_inf()
        finite = np.flatnonzero((s > 0) & np.isfinite(s))
        chunk = max(1, _CHUNK_BYTES // (8 * 4 * (n + h) * h))
        for lo in range(0, finite.size, chunk):
            idx = finite[lo : lo + chunk]
            qe[idx] = self._factor_eig(s[idx])
        return self._eig.vectors @ qe, scalar

    @staticmethod
    def _out(values: np.ndarray, scalar: bool) -> np.ndarray:
        return values[0] if scalar else values

    # ------------------------------------------------------------------ public quantities
    def q(self, t) -> np.ndarray:
        """A factor ``Q(t) = [w1(t)^T; w2(t)] R`` of ``X(t)``, shape ``(n_in + n_out, n_hidden)``.

        ``R`` is an unknown orthogonal matrix of the hidden layer: ``X`` (and all
        quantities below) determine the weights only up to this rotation.
        A 1-D ``t`` of length T gives shape ``(T, n_in + n_out, n_hidden)``.
        """
        q, scalar = self._factor(t)
        return self._out(q, scalar)

    def qqt(self, t) -> np.ndarray:
        """``X(t) = Q Q^T = [[w1^T w1, w1^T w2^T], [w2 w1, w2 w2^T]]`` (SPEC §2).

        ``t`` is a float or 1-D array in units of ``tau`` (``inf`` gives the
        limit); returns ``(n_in + n_out, n_in + n_out)`` or ``(T, ...)``.
        """
        q, scalar = self._factor(t)
        return self._out(q @ np.swapaxes(q, -1, -2), scalar)

    def network_function(self, t) -> np.ndarray:
        """``w2(t) w1(t)``, shape ``(n_out, n_in)`` or ``(T, n_out, n_in)``."""
        q, scalar = self._factor(t)
        n_in = self.n_in
        return self._out(q[:, n_in:] @ np.swapaxes(q[:, :n_in], -1, -2), scalar)

    def w1tw1(self, t) -> np.ndarray:
        """Input-side hidden similarity ``w1(t)^T w1(t)``, ``(n_in, n_in)`` or ``(T, ...)``."""
        q, scalar = self._factor(t)
        qi = q[:, : self.n_in]
        return self._out(qi @ np.swapaxes(qi, -1, -2), scalar)

    def w2w2t(self, t) -> np.ndarray:
        """Output-side hidden similarity ``w2(t) w2(t)^T``, ``(n_out, n_out)`` or ``(T, ...)``."""
        q, scalar = self._factor(t)
        qo = q[:, self.n_in :]
        return self._out(qo @ np.swapaxes(qo, -1, -2), scalar)

    def loss(self, t) -> np.ndarray:
        """Training loss ``1/2 ||sigma_yx - w2 w1||_F^2 + const`` (SPEC §3); float or ``(T,)``.

        ``const = 1/2 tr(sigma_yy) - 1/2 ||sigma_yx||_F^2`` when ``sigma_yy`` was
        given, else 0.
        """
        nf = np.atleast_3d(self.network_function(np.atleast_1d(np.asarray(t, dtype=float))))
        values = 0.5 * np.sum((self.sigma_yx[None] - nf) ** 2, axis=(1, 2)) + self._const
        return values[0] if np.ndim(t) == 0 else values

    def rsm(self, t, x) -> np.ndarray:
        """Hidden representational similarity over items ``x^T w1^T w1 x`` (SPEC §3).

        ``x`` is ``(n_in, P)``; returns ``(P, P)`` or ``(T, P, P)``.
        """
        x = self._items(x)
        return x.T @ self.w1tw1(t) @ x

    def ntk(self, t, x) -> np.ndarray:
        """Neural tangent kernel over items (SPEC §3).

        ``NTK = I_{n_out} (x) x^T w1^T w1 x + w2 w2^T (x) x^T x``, shape
        ``(n_out P, n_out P)`` (or ``(T, ...)``), indexed ``[i * P + mu, j * P + nu]``
        for outputs ``i, j`` and items ``mu, nu``.
        """
        from .measures import ntk as _ntk

        x = self._items(x)
        q, scalar = self._factor(t)
        qi, qo = q[:, : self.n_in], q[:, self.n_in :]
        k = _ntk(qi @ np.swapaxes(qi, -1, -2), qo @ np.swapaxes(qo, -1, -2), x)
        return self._out(k, scalar)

    def mode_strengths(self, t) -> np.ndarray:
        """Per-mode strengths ``u_i(t) = u_i^T w2 w1(t) v_i`` of the task's singular modes.

        Shape ``(min(n_in, n_out),)`` or ``(T, ...)``; compare with the singular
        values :attr:`singular_values` (SPEC §4).
        """
        r = min(self.n_in, self.n_out)
        u, v = self._eig.u[:, :r], self._eig.v[:, :r]
        nf = self.network_function(t)
        return np.einsum("ir,...ij,jr->...r", u, nf, v)

    @property
    def singular_values(self) -> np.ndarray:
        """Singular values of ``sigma_yx`` in decreasing order (length ``min(n_in, n_out)``)."""
        return self._eig.s.copy()

    def _items(self, x) -> np.ndarray:
        x = as_matrix("x", x)
        if x.shape[0] != self.n_in:
            raise ValueError(f"x has shape {x.shape}; expected (n_in={self.n_in}, P)")
        return x


def measure_balance(w1: np.ndarray, w2: np.ndarray) -> tuple[float, float]:
    """``lam`` and the relative imbalance of ``D = w2^T w2 - w1 w1^T`` (SPEC §1).

    ``lam = tr(D) / n_hidden``; the imbalance is ``||D - lam I||_F`` divided by
    ``||w1 w1^T||_F + ||w2^T w2||_F`` (0 for all-zero weights).
    """
    a = w1 @ w1.T
    b = w2.T @ w2
    d = b - a
    h = d.shape[0]
    lam = float(np.trace(d) / h)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if abs(lam) <= 16 * h * _EPS * scale:
        lam = 0.0  # rounding noise of an exactly zero-balanced start
    dev = np.linalg.norm(d - lam * np.eye(h))
    return lam, float(dev / scale) if scale > 0 else 0.0
