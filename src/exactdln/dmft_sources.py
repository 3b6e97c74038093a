"""Gaussian sources of the deep DMFT, drawn causally in time, and their Stein responses.

In the deep DMFT of Bordelon & Pehlevan (2022) each layer's units see Gaussian sources
whose covariance is a kernel of another layer: the forward source ``u_{l+1}`` of layer
``l + 1`` has covariance ``Phi_l(s, t) = E[phi(h_l(s)) phi(h_l(t))]``, the backward
source ``r_l`` of layer ``l`` has covariance ``G_{l+1}``. Both are sampled here as
*couplings* between the particles of two layers (docs/mathematics.md §9.9).

A :class:`Coupling` keeps, for the ``m`` particles of one batch,

- ``q (m, r)``: an orthonormal basis of the span of the *data* seen so far, the history
  ``Y`` of the other layer (e.g. ``phi(h_l)`` at every past step and item), scaled so that
  ``Y / sqrt(m) = q a`` with coefficients ``a (r, n_variables)``;
- ``xi (m, r)``: as many standard-normal *noise* columns in the target layer,
  orthonormalised (``xi^T xi = m I``), centred and orthogonal to every other noise column of
  that layer (:class:`Noise`).

The source of a variable (one past step and item) is ``xi a``: its sample covariance with
every other source is exactly the data's kernel ``a^T a = Y^T Y / m`` (moment matching).
A new variable's coefficients on the existing basis are its projection ``q^T y / sqrt(m)``:
the Gaussian regression on the past, conditioned on the *whole* past at the cost of a
projection. Its residual, if its variance exceeds ``cutoff`` times the largest variance
seen, opens a new direction (pivoted Gram–Schmidt; below it the residual is dropped: the
eigenvalue cut-off of the ill-conditioned space-time covariance). Drawing a step costs
``O(m r P)``.

The response of a quantity ``F`` of the target layer to the source (Stein's lemma),
contracted with the data history, is ``sum_v E[dF/d source_v] Y_v = sqrt(m) q (xi^T F / m)``
(:meth:`Coupling.response`): the regression of ``F`` on the source's noise columns, mapped
back through the basis. Only this contraction is identifiable; it never forms the
response matrix.
"""

from __future__ import annotations

import numpy as np


class _Columns:
    """A growing ``(m, r)`` array of columns (amortised doubling)."""

    def __init__(self, m: int) -> None:
        self._data = np.empty((m, 16))
        self.size = 0

    @property
    def array(self) -> np.ndarray:
        return self._data[:, : self.size]

    def append(self, cols: np.ndarray) -> None:
        k = cols.shape[1]
        if self.size + k > self._data.shape[1]:
            grown = np.empty((self._data.shape[0], max(2 * self._data.shape[1], self.size + k)))
            grown[:, : self.size] = self.array
            self._data = grown
        self._data[:, self.size : self.size + k] = cols
        self.size += k


def _orthogonalise(v: np.ndarray, blocks) -> np.ndarray:
    """``v`` with its components along the orthonormal (up to scale) column blocks removed, twice."""
    for _ in range(2):
        for block, norm2 in blocks:
            if block.shape[1]:
                v = v - block @ (block.T @ v) / norm2
    return v


class Noise:
    """The standard-normal noise columns of one layer's ``m`` particles (one batch).

    Every column is centred, has squared norm ``m`` and is orthogonal to every other
    column of the layer, whichever source owns it: independent sources of a layer have
    exactly zero sample correlation.
    """

    def __init__(self, m: int, rng: np.random.Generator) -> None:
        self.m = m
        self.rng = rng
        self.blocks: list[_Columns] = []
        self.total = 0

    def block(self) -> _Columns:
        """A new (empty) block of columns owned by one source."""
        b = _Columns(self.m)
        self.blocks.append(b)
        return b

    def draw(self, owner: _Columns, k: int) -> np.ndarray:
        """Append ``k`` fresh columns to ``owner`` and return them ``(m, k)``."""
        if self.total + k + 1 > self.m:
            raise ValueError(
                f"the Gaussian sources of a layer need more than {self.m - 1} directions, the number "
                f"of particles per batch: use more particles per batch or a larger cutoff"
            )
        z = self.rng.standard_normal((self.m, k))
        z -= z.mean(axis=0)
        z = _orthogonalise(z, [(b.array, self.m) for b in self.blocks])
        q, r = np.linalg.qr(z)
        z = np.sqrt(self.m) * q * np.sign(np.diag(r))
        owner.append(z)
        self.total += k
        return z

    def scalar(self) -> np.ndarray:
        """One frozen standard-normal variable per particle (a new column of its own), ``(m,)``."""
        return self.draw(self.block(), 1)[:, 0]


class Coupling:
    """A Gaussian source of the target layer whose covariance is the kernel of a data history.

    ``add(y)`` takes the data ``y (m, n)`` of ``n`` new variables (particles of the data
    layer) and returns their sources ``(m, n)`` in the target layer, conditioned on every
    earlier variable (their coefficients ``a`` are left in ``coef``, so that the kernel of
    two variables is ``a_1 . a_2`` up to the dropped residuals); ``response(F)`` contracts
    the Stein response of a target-layer quantity ``F (m, k)`` with the data history,
    returning ``(m, k)`` in the data layer.
    """

    def __init__(self, noise: Noise, cutoff: float) -> None:
        self.coef = np.zeros((0, 0))  # the coefficients a (r, n) of the variables of the last add
        self.noise = noise
        self.m = noise.m
        self.cutoff = cutoff
        self.q = _Columns(self.m)
        self.xi = noise.block()
        self.scale = 0.0  # the largest variance |y|^2 / m of any variable seen

    @property
    def rank(self) -> int:
        return self.q.size

    def add(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=float) / np.sqrt(self.m)
        total = np.sum(y * y, axis=0)
        self.scale = max(self.scale, float(np.max(total)))
        q = self.q.array
        coef = q.T @ y
        # residual variances |y|^2 - |a|^2 (exact up to rounding of |y|^2; the candidates are recomputed)
        threshold = self.cutoff * self.scale
        candidates = np.flatnonzero(total - np.sum(coef * coef, axis=0) > threshold)
        new_q, new_coef = [], []
        if candidates.size and self.scale > 0.0:
            resid = y[:, candidates] - q @ coef[:, candidates]
            norms = np.sum(resid * resid, axis=0)
            for _ in range(candidates.size):
                j = int(np.argmax(norms))
                if not norms[j] > threshold:
                    break
                v = resid[:, j] / np.sqrt(norms[j])
                for basis in (q, *new_q):  # keep v orthogonal to the basis in floating point (twice)
                    v = v - basis @ (basis.T @ v)
                for basis in (q, *new_q):
                    v = v - basis @ (basis.T @ v)
                v /= np.linalg.norm(v)
                c = np.zeros(y.shape[1])
                c[candidates] = v @ resid
                resid -= np.outer(v, c[candidates])
                norms = np.sum(resid * resid, axis=0)
                new_q.append(v[:, None])
                new_coef.append(c[None, :])
        old = self.xi.array @ coef if q.shape[1] else np.zeros((self.m, y.shape[1]))
        if new_q:
            self.q.append(np.hstack(new_q))
            fresh = self.noise.draw(self.xi, len(new_q))
            old += fresh @ np.vstack(new_coef)
            coef = np.vstack([coef, *new_coef])
        self.coef = coef
        return old

    def expand(self, v: np.ndarray) -> np.ndarray:
        """``sqrt(m) q v`` for coefficients ``v (r', k)`` on the first ``r' <= r`` basis vectors: ``(m, k)``
        in the data layer (e.g. the history ``Y`` contracted with ``c`` is ``expand(a c)``)."""
        return np.sqrt(self.m) * (self.q.array[:, : v.shape[0]] @ v)

    def stein(self, f: np.ndarray) -> np.ndarray:
        """The regression ``xi^T F / m (r, k)`` of a target-layer quantity ``F (m, k)`` on the noise."""
        return self.xi.array.T @ f / self.m

    def response(self, f: np.ndarray) -> np.ndarray:
        """``sum_v E[dF/d source_v] Y_v`` for the target-layer quantity ``F (m, k)``: ``(m, k)``."""
        return self.expand(self.stein(f))
