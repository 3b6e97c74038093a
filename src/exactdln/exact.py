"""The exact learning trajectory of a two-layer linear network (docs/mathematics.md §2).

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
   are bounded for all ``s``.
4. ``N`` is factored by an equilibrated Cholesky decomposition; a time whose
   factor reveals a scaled condition number above ~1e6 is redone by a QR
   decomposition of ``[A; Lambda^{-1}]``, which never forms ``A^T A``. While
   ``max |mu| s <= 340`` nothing can overflow and the (Jacobi-equivalent)
   ``M = I + Z^T K Z`` is factored instead, its Gram part for all times in
   one matrix product.

Since ``X`` depends on ``Q0`` only through ``Q0 Q0^T``, ``Q0`` is first reduced
to its numerical rank (at most ``min(n_in, n_out)`` for zero-balanced starts),
and results are returned in the singular bases of ``sigma_yx``, where each
pair of eigenvectors is a 2 x 2 mixing. Every step is an exact rewriting of
the closed form (no time stepping), so one evaluation costs the same at any
``t``, including ``t = inf`` (the limit is taken analytically). All times of a
call are evaluated together in batched linear algebra.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular
from scipy.linalg.blas import dtrsm

from . import measures
from ._checks import as_matrix, positive_float, times_array
from .exact_basis import EPS, echelon, eigensystem, log_g, pair_order, qr_r

# Bytes of scratch memory one batch of times may use (times are processed in chunks).
_CHUNK_BYTES = 64 * 2**20
# Smallest accepted ratio of Cholesky pivots (equilibrated); below it, N's condition number
# exceeds ~1e6 and the time is recomputed with the (slower, always accurate) QR route.
_CHOLESKY_MIN_PIVOT = 1e-3
# Times with max |mu| s below this evaluate the closed form without rescaling (no overflow).
_SEPARABLE_LIMIT = 340.0
# Largest n * h^2 for which the products z_i z_i^T are cached for the Gram matrices.
_GRAM_CACHE_ENTRIES = 2**22


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
        ``eta`` corresponds to ``tau = 1`` and ``t = eta * step`` (docs/mathematics.md §1).
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
                f"more than balance_tol = {balance_tol:.3g}. The exact solution "
                "(docs/mathematics.md §2) holds "
                f"only for balanced starts; use exactdln.initialisations to build one."
            )
        self.n_in, self.n_hidden, self.n_out = n_in, n_hidden, n_out
        self.sigma_yx = sigma_yx
        self._q0 = np.vstack([w1.T, w2])
        n = n_in + n_out

        eig = eigensystem(sigma_yx, self.lam)
        self._eig = eig
        if rank_tol is None:
            rank_tol = 8 * max(n, n_hidden) * EPS * np.linalg.norm(self._q0, 2)
        self.rank_tol = positive_float("rank_tol", rank_tol, allow_zero=True)
        # X depends on Q0 only through Q0 Q0^T: keep Q0's numerical range (its rank
        # is at most min(n_in, n_out) for a zero-balanced start), which shrinks every
        # per-time factorisation from n_hidden to rank(Q0) columns.
        u0, sv0, _ = np.linalg.svd(self._q0, full_matrices=False)
        keep = sv0 > self.rank_tol
        z0 = eig.vectors.T @ (u0[:, keep] * sv0[keep])
        n_growing = int(np.count_nonzero(eig.rates > 0))
        self._z, self._ell, self._pivot_row = echelon(z0, eig.rates, n_growing, self.rank_tol)
        self._n_growing = n_growing
        # Exponent rates of W: mu_i - ell_j where z_ij != 0 (always <= 0 by the echelon
        # form, so e^{(mu_i - ell_j) s} never overflows), -inf where z_ij = 0.
        gap = eig.rates[:, None] - self._ell[None, :]
        rate_gap = np.where(self._z != 0, np.minimum(gap, 0.0), -np.inf)
        # The per-time evaluation is row-wise in the eigenbasis, so its rows may be
        # reordered freely: pair order makes the change back to the original basis cheap.
        order, self._n_pairs, self._pair_coef = pair_order(eig)
        self._zp, self._rates_p, self._gap_p = self._z[order], eig.rates[order], rate_gap[order]
        self._zz: np.ndarray | None = None

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
    # With X(s) = O Qe Qe^T O^T, the batched routines below return P = Qe^T C, shape
    # (T, h, n): Q^T in the singular coordinates of sigma_yx (see _mix; _factor_qr and
    # _factor_inf return Qe^T itself, which the caller mixes). Times are processed in
    # chunks of bounded memory.

    def _gram(self, k: np.ndarray) -> np.ndarray:
        """``Z^T diag(k_t) Z`` for every row ``k_t`` of ``k`` (T, n): (T, h, h)."""
        z = self._zp
        n, h = z.shape
        if n * h * (h + 1) // 2 > _GRAM_CACHE_ENTRIES:
            return (z.T[None] * k[:, None, :]) @ z
        iu, ju = np.triu_indices(h)
        if self._zz is None:  # products z_i z_i^T, upper triangles only
            self._zz = z[:, iu] * z[:, ju]
        upper = k @ self._zz
        m = np.empty((k.shape[0], h, h))
        m[:, iu, ju] = upper
        m[:, ju, iu] = upper
        return m

    def _factor_separable(self, s: np.ndarray) -> np.ndarray:
        """Times with ``max |mu| s <= _SEPARABLE_LIMIT``: nothing can overflow.

        ``X_e = E Z M^{-1} Z^T E`` with ``M = I + Z^T K Z``, ``E = diag(e^{mu s})``.
        With the echelon form of ``Z``, the Jacobi-scaled ``M`` is as well
        conditioned as the bounded ``N`` of the module docstring (the two differ
        by the diagonal scaling ``Lambda``), so it is factored directly.
        """
        rates = self._rates_p
        x = 2.0 * rates[None, :] * s[:, None]
        safe = np.where(rates == 0, 1.0, 2.0 * rates)[None, :]
        k = np.where(rates[None, :] == 0, s[:, None], np.expm1(x) / safe)
        m = self._gram(k)
        idx = np.arange(m.shape[1])
        m[:, idx, idx] += 1.0
        e = np.exp(rates[None, :] * s[:, None])
        return self._finish(m, self._mix(self._zp.T, e), s)

    def _bounded_terms(self, s: np.ndarray):
        """``W^T``, ``A^T`` (T, h, n) and ``Lambda^{-2}`` (T, h) of the module docstring."""
        zt = self._zp.T[None]
        ds = self._gap_p.T[None] * s[:, None, None]
        wt = zt * np.exp(ds)
        at = zt * np.exp(ds + 0.5 * log_g(self._rates_p, s)[:, None, :])
        lam_inv2 = np.exp(-2.0 * self._ell[None, :] * s[:, None])
        return wt, at, lam_inv2

    def _factor_bounded(self, s: np.ndarray) -> np.ndarray:
        """Any finite ``s > 0``: ``X_e = W N^{-1} W^T``, ``N = Lambda^{-2} + A^T A``, all bounded."""
        wt, at, lam_inv2 = self._bounded_terms(s)
        n_mat = at @ np.swapaxes(at, 1, 2)
        idx = np.arange(n_mat.shape[1])
        n_mat[:, idx, idx] += lam_inv2
        return self._finish(n_mat, self._mix(wt), s)

    def _factor_qr(self, s: float) -> np.ndarray:
        """One time by QR of ``[A; Lambda^{-1}]``: never forms ``A^T A`` (ill-conditioned ``N``)."""
        wt, at, lam_inv2 = self._bounded_terms(np.array([s]))
        r = qr_r(np.vstack([at[0].T, np.diag(np.sqrt(lam_inv2[0]))]))
        return solve_triangular(r, wt[0], trans="T", check_finite=False)

    def _finish(self, m: np.ndarray, g: np.ndarray, s: np.ndarray) -> np.ndarray:
        """``P = L'^{-1} G`` with ``S M S = L L^T``, ``S = diag(M)^{-1/2}``, ``L' = S^{-1} L``.

        ``G = B^T C`` is the right-hand factor already mixed into singular
        coordinates (:meth:`_mix`), so ``P = Qe^T C``. Times whose equilibrated
        Cholesky factor has a pivot ratio below ``_CHOLESKY_MIN_PIVOT`` (scaled
        condition number above ~1e6) are redone by :meth:`_factor_qr`.
        """
        idx = np.arange(m.shape[1])
        sc = 1.0 / np.sqrt(m[:, idx, idx])
        m *= sc[:, :, None] * sc[:, None, :]
        try:
            chol = np.linalg.cholesky(m)
            piv = chol[:, idx, idx]
            well = piv.min(axis=1) >= _CHOLESKY_MIN_PIVOT * piv.max(axis=1)
        except np.linalg.LinAlgError:
            chol, well = None, np.zeros(s.size, dtype=bool)
        out = np.empty_like(g)
        for k in range(s.size):
            if well[k]:
                # (L'^{-1} G)^T = G^T L'^{-T}: a right-sided solve on F-ordered views
                lower = chol[k] / sc[k][:, None]
                out[k] = dtrsm(1.0, lower.T, g[k].T, side=1, lower=0).T
            else:
                out[k] = self._mix(self._factor_qr(s[k])[None])[0]
        return out

    def _factor_inf(self) -> np.ndarray:
        """The ``s -> inf`` limit, shape (h, n): ``W (W^T D W)^{-1} W^T``, ``D = 1/(2 mu)``."""
        z, rates, ell = self._zp, self._rates_p, self._ell
        out = np.zeros(z.shape[::-1])
        cols = np.flatnonzero(self._pivot_row >= 0)
        if cols.size == 0:
            return out
        growing = rates > 0
        keep = growing[:, None] & (rates[:, None] == ell[None, cols])
        w = np.where(keep, z[:, cols], 0.0)
        d = np.where(growing, 1.0 / (2.0 * np.where(growing, rates, 1.0)), 0.0)
        r = qr_r(np.sqrt(d)[:, None] * w)
        out[cols] = solve_triangular(r, w.T, trans="T", check_finite=False)
        return out

    def _factor_t(self, t) -> tuple[np.ndarray, np.ndarray, bool]:
        """``Q(t)^T`` in singular coordinates, ``(Q_in^T V, Q_out^T U)`` of shapes
        ``(T, h, n_in)`` and ``(T, h, n_out)`` with ``X(t) = Q Q^T``, and whether
        ``t`` was a scalar.
        """
        times, scalar = times_array(t)
        s = times / self.tau
        n, h = self._zp.shape
        qt = np.empty((s.size, h, n))
        qt[s == 0] = self._mix(self._zp.T)
        qt[np.isinf(s)] = self._mix(self._factor_inf())
        finite = (s > 0) & np.isfinite(s) & (h > 0)
        separable = finite & (np.abs(self._rates_p).max(initial=0.0) * s <= _SEPARABLE_LIMIT)
        chunk = max(1, _CHUNK_BYTES // (8 * 4 * (n + h) * max(h, 1)))
        for mask, method in (
            (separable, self._factor_separable),
            (finite & ~separable, self._factor_bounded),
        ):
            where = np.flatnonzero(mask)
            for lo in range(0, where.size, chunk):
                idx = where[lo : lo + chunk]
                qt[idx] = method(s[idx])
        return qt[:, :, : self.n_in], qt[:, :, self.n_in :], scalar

    def _mix(self, qt: np.ndarray, e: np.ndarray | None = None) -> np.ndarray:
        """Eigen coordinates (pair order) to singular coordinates: ``qt C`` (T, h, n).

        Columns ``[:n_in]`` are coefficients of ``v_i`` and ``[n_in:]`` of ``u_i``;
        each pair of eigenvectors mixes one ``v_i`` with one ``u_i`` by a 2 x 2
        matrix (:func:`_pair_order`), so this is elementwise. With ``e`` (T, n),
        ``qt`` (h, n) is first scaled column-wise by each row of ``e``, in the same pass.
        """
        n_in, r = self.n_in, self._n_pairs
        if e is None:
            e = np.ones((1, qt.shape[-1]))
        if qt.ndim == 2:
            qt = qt[None]
        e = e[:, None, :]
        t_count = max(qt.shape[0], e.shape[0])
        out = np.empty((t_count, qt.shape[1], qt.shape[2]))
        c = self._pair_coef
        grow, decay = qt[:, :, :r], qt[:, :, r : 2 * r]
        e_grow, e_decay = e[:, :, :r], e[:, :, r : 2 * r]
        for j, cols in ((0, slice(0, r)), (1, slice(n_in, n_in + r))):
            np.multiply(grow, e_grow * c[0, j], out=out[:, :, cols])
            out[:, :, cols] += decay * (e_decay * c[1, j])
        null = slice(2 * r, None)
        nulls = np.multiply(qt[:, :, null], e[:, :, null])
        n_in_null = n_in - r
        out[:, :, r:n_in] = nulls[:, :, :n_in_null]
        out[:, :, n_in + r :] = nulls[:, :, n_in_null:]
        return out

    @staticmethod
    def _out(values: np.ndarray, scalar: bool) -> np.ndarray:
        return values[0] if scalar else values

    def _rotate(self, inner: np.ndarray, rows: str, cols: str) -> np.ndarray:
        """``B_rows inner B_cols^T`` for singular bases ``B`` (``V`` for "in", ``U`` for "out")."""
        basis = {"in": self._eig.v, "out": self._eig.u}
        left, right = basis[rows], basis[cols]
        t_count, a, b = inner.shape
        tmp = (inner.reshape(t_count * a, b) @ right.T).reshape(t_count, a, -1)
        return left @ tmp

    def _block(self, parts: dict[str, np.ndarray], rows: str, cols: str) -> np.ndarray:
        """A block of ``X`` from the factors of :meth:`_factor_t`: ``rows``/``cols`` are
        ``"in"`` (the w1^T part) or ``"out"`` (the w2 part); shape (T, ...)."""
        inner = np.swapaxes(parts[rows], 1, 2) @ parts[cols]
        return self._rotate(inner, rows, cols)

    def _blocks(self, t, rows: str, cols: str) -> np.ndarray:
        """One block of ``X(t)`` (see :meth:`_block`), unstacked for a scalar ``t``."""
        p_in, p_out, scalar = self._factor_t(t)
        return self._out(self._block({"in": p_in, "out": p_out}, rows, cols), scalar)

    # ------------------------------------------------------------------ public quantities
    def q(self, t) -> np.ndarray:
        """A factor ``Q(t) = [w1(t)^T; w2(t)] R`` of ``X(t)``, shape ``(n_in + n_out, n_hidden)``.

        ``R`` is an unknown orthogonal matrix of the hidden layer: ``X`` (and all
        quantities below) determine the weights only up to this rotation.
        A 1-D ``t`` of length T gives shape ``(T, n_in + n_out, n_hidden)``.
        """
        p_in, p_out, scalar = self._factor_t(t)
        h_eff = p_in.shape[1]
        q = np.zeros((p_in.shape[0], self.n_in + self.n_out, self.n_hidden))
        q[:, : self.n_in, :h_eff] = self._eig.v @ np.swapaxes(p_in, 1, 2)
        q[:, self.n_in :, :h_eff] = self._eig.u @ np.swapaxes(p_out, 1, 2)
        return self._out(q, scalar)

    def qqt(self, t) -> np.ndarray:
        """``X(t) = Q Q^T = [[w1^T w1, w1^T w2^T], [w2 w1, w2 w2^T]]`` (docs/mathematics.md §2).

        ``t`` is a float or 1-D array in units of ``tau`` (``inf`` gives the
        limit); returns ``(n_in + n_out, n_in + n_out)`` or ``(T, ...)``.
        """
        q = self.q(np.atleast_1d(np.asarray(t, dtype=float)))
        x = q @ np.swapaxes(q, 1, 2)
        return x[0] if np.ndim(t) == 0 else x

    def network_function(self, t) -> np.ndarray:
        """``w2(t) w1(t)``, shape ``(n_out, n_in)`` or ``(T, n_out, n_in)``."""
        return self._blocks(t, "out", "in")

    def w1tw1(self, t) -> np.ndarray:
        """Input-side hidden similarity ``w1(t)^T w1(t)``, ``(n_in, n_in)`` or ``(T, ...)``."""
        return self._blocks(t, "in", "in")

    def w2w2t(self, t) -> np.ndarray:
        """Output-side hidden similarity ``w2(t) w2(t)^T``, ``(n_out, n_out)`` or ``(T, ...)``."""
        return self._blocks(t, "out", "out")

    def loss(self, t) -> np.ndarray:
        """Training loss ``1/2 ||sigma_yx - w2 w1||_F^2 + const`` (docs/mathematics.md §3); float or ``(T,)``.

        ``const = 1/2 tr(sigma_yy) - 1/2 ||sigma_yx||_F^2`` when ``sigma_yy`` was
        given, else 0.
        """
        return measures.loss(self.network_function(t), self.sigma_yx) + self._const

    def rsm(self, t, x) -> np.ndarray:
        """Hidden representational similarity over items ``x^T w1^T w1 x`` (docs/mathematics.md §3).

        ``x`` is ``(n_in, P)``; returns ``(P, P)`` or ``(T, P, P)``.
        """
        return measures.rsm(self.w1tw1(t), self._items(x))

    def ntk(self, t, x) -> np.ndarray:
        """Neural tangent kernel over items (docs/mathematics.md §3).

        ``NTK = I_{n_out} (x) x^T w1^T w1 x + w2 w2^T (x) x^T x``, shape
        ``(n_out P, n_out P)`` (or ``(T, ...)``), indexed ``[i * P + mu, j * P + nu]``
        for outputs ``i, j`` and items ``mu, nu``.
        """
        x = self._items(x)
        p_in, p_out, scalar = self._factor_t(t)
        parts = {"in": p_in, "out": p_out}
        k = measures.ntk(self._block(parts, "in", "in"), self._block(parts, "out", "out"), x)
        return self._out(k, scalar)

    def mode_strengths(self, t) -> np.ndarray:
        """Per-mode strengths ``u_i(t) = u_i^T w2 w1(t) v_i`` of the task's singular modes.

        Shape ``(min(n_in, n_out),)`` or ``(T, ...)``; compare with the singular
        values :attr:`singular_values` (docs/mathematics.md §4).
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
    """``lam`` and the relative imbalance of ``D = w2^T w2 - w1 w1^T`` (docs/mathematics.md §1).

    ``lam = tr(D) / n_hidden``; the imbalance is ``||D - lam I||_F`` divided by
    ``||w1 w1^T||_F + ||w2^T w2||_F`` (0 for all-zero weights).
    """
    a = w1 @ w1.T
    b = w2.T @ w2
    d = b - a
    h = d.shape[0]
    lam = float(np.trace(d) / h)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    if abs(lam) <= 16 * h * EPS * scale:
        lam = 0.0  # rounding noise of an exactly zero-balanced start
    dev = np.linalg.norm(d - lam * np.eye(h))
    return lam, float(dev / scale) if scale > 0 else 0.0
