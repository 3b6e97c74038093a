"""Networks in NTK parameterisation, batched over seeds: the wide networks of Part V.

Every weight array has a leading seed axis ``S``; inputs are columns, ``x`` of shape
``(d, P)`` as everywhere in the package (docs/mathematics.md §10).

- :class:`TwoLayer`: ``f(x) = m^{-1/2} sum_r a_r phi(w_r . x / sqrt(d))``,
  weights ``w (S, m, d)`` and ``a (S, m)``.
- :class:`MLP`: two hidden layers of width ``n``,
  ``f(x) = n^{-1/2} v . phi(h2)``, ``h2 = n^{-1/2} W2 phi(h1)``,
  ``h1 = W1 x / sqrt(d)``; weights ``w1 (S, n, d)``, ``w2 (S, n, n)``, ``v (S, n)``.

``phi`` is one of :data:`exactdln.activations.NAMES` (the derivatives of ReLU are taken
almost everywhere). Initial weights are standard normal (:func:`init_two_layer`,
:func:`init_mlp`), so the neural tangent kernel
``Theta(x, x') = grad_theta f(x) . grad_theta f(x')`` stays of order one as the width
grows. Each network gives its outputs, vector-Jacobian products, Jacobian and NTK;
training and the linearised model are in :mod:`exactdln.linearisation`. The
vector-Jacobian products (and the MLP's outputs) also take one set of inputs per
seed, ``x`` of shape ``(S, d, P)``: the minibatches of stochastic gradient descent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from . import activations
from ._checks import SeedLike, as_matrix, positive_int, rng_from


def _inputs(x, n_in: int | None = None, name: str = "x") -> np.ndarray:
    x = as_matrix(name, x)
    if n_in is not None and x.shape[0] != n_in:
        raise ValueError(f"{name} has shape {x.shape}: the network takes n_in={n_in} inputs (rows)")
    return x


def _seed_inputs(x, n_in: int, n_seeds: int) -> np.ndarray:
    """Inputs shared by every seed, ``(d, P)``, or one set per seed, ``(S, d, P)`` (minibatches)."""
    if np.ndim(x) != 3:
        return _inputs(x, n_in)
    x = as_matrix("x", x, ndim=3)
    if x.shape[:2] != (n_seeds, n_in):
        raise ValueError(f"x has shape {x.shape}: per-seed inputs must be ({n_seeds}, {n_in}, P)")
    return x


class _Network:
    """Weights with a leading seed axis; subclasses list them as dataclass fields."""

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def _with(self, arrays) -> _Network:
        return type(self)._trusted(*arrays)

    @classmethod
    def _trusted(cls, *arrays) -> _Network:
        """An instance from float arrays known to be valid (no checks: used inside training loops)."""
        obj = object.__new__(cls)
        for f, arr in zip(fields(cls), arrays, strict=True):
            object.__setattr__(obj, f.name, arr)
        return obj

    @property
    def n_seeds(self) -> int:
        return self.arrays()[0].shape[0]

    @property
    def n_params(self) -> int:
        """Number of parameters of one network."""
        return int(sum(np.prod(a.shape[1:]) for a in self.arrays()))

    def flat(self) -> np.ndarray:
        """All weights of each network as one vector, ``(S, n_params)`` (order: the fields)."""
        return np.concatenate([a.reshape(a.shape[0], -1) for a in self.arrays()], axis=1)

    def unflat(self, theta) -> _Network:
        """Weights of the same shapes from ``(S, n_params)`` vectors (the inverse of :meth:`flat`)."""
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (self.n_seeds, self.n_params):
            raise ValueError(f"theta has shape {theta.shape}, expected ({self.n_seeds}, {self.n_params})")
        out, k = [], 0
        for a in self.arrays():
            size = int(np.prod(a.shape[1:]))
            out.append(theta[:, k : k + size].reshape(a.shape))
            k += size
        return self._with(out)

    def outputs(self, x, activation: str) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def vjp(self, x, coef, activation: str) -> _Network:
        """``sum_mu coef[s, mu] grad_theta f(x_mu)`` for every seed ``s``, as weights of the same shapes."""
        return self._value_and_vjp(x, activation, lambda out: np.asarray(coef, dtype=float))[1]

    def _value_and_vjp(self, x, activation, residual):  # pragma: no cover - abstract
        raise NotImplementedError

    def jacobian(self, x, activation: str) -> np.ndarray:
        """Per-item gradients ``grad_theta f(x_mu)``, ``(S, P, n_params)`` (small networks: tests, checks)."""
        x = _inputs(x)
        p = x.shape[1]
        rows = []
        for mu in range(p):
            coef = np.zeros((self.n_seeds, p))
            coef[:, mu] = 1.0
            rows.append(self.vjp(x, coef, activation).flat())
        return np.stack(rows, axis=1)


def _check_weights(**arrays) -> None:
    for name, arr in arrays.items():
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains non-finite values")


@dataclass(frozen=True)
class TwoLayer(_Network):
    """Two-layer networks ``f(x) = m^{-1/2} sum_r a_r phi(w_r . x / sqrt(d))``, batched over seeds.

    ``w`` is ``(S, m, d)`` and ``a`` is ``(S, m)``. Raises ``ValueError`` on
    mismatched shapes or non-finite weights.
    """

    w: np.ndarray
    a: np.ndarray

    def __post_init__(self) -> None:
        w, a = np.asarray(self.w, dtype=float), np.asarray(self.a, dtype=float)
        if w.ndim != 3 or a.shape != w.shape[:2]:
            raise ValueError(f"w must be (S, m, d) and a (S, m); got w {w.shape}, a {a.shape}")
        _check_weights(w=w, a=a)
        object.__setattr__(self, "w", w)
        object.__setattr__(self, "a", a)

    @property
    def width(self) -> int:
        return self.w.shape[1]

    @property
    def n_in(self) -> int:
        return self.w.shape[2]

    def preactivations(self, x) -> np.ndarray:
        """``h = w x / sqrt(d)``, ``(S, m, P)``."""
        x = _inputs(x, self.n_in)
        s, m, d = self.w.shape
        return (self.w.reshape(s * m, d) @ (x / np.sqrt(d))).reshape(s, m, x.shape[1])

    def outputs(self, x, activation: str) -> np.ndarray:
        """``f(x_mu)`` for every seed and item, ``(S, P)``."""
        act = activations.apply_inplace(activations.check(activation), self.preactivations(x))
        return (self.a[:, None, :] @ act)[:, 0, :] / np.sqrt(self.width)

    def _value_and_vjp(self, x, activation, residual):
        activation = activations.check(activation)
        s, m, d = self.w.shape
        x = _seed_inputs(x, self.n_in, s)
        root_m = np.sqrt(m)
        xs = x / np.sqrt(d)
        if x.ndim == 2:  # the same inputs for every seed
            act = activations.apply_inplace(activation, (self.w.reshape(s * m, d) @ xs).reshape(s, m, -1))
            xs_t = xs.T[None]
        else:  # one set of inputs per seed (a minibatch each)
            act = activations.apply_inplace(activation, self.w @ xs)
            xs_t = np.swapaxes(xs, 1, 2)
        out = (self.a[:, None, :] @ act)[:, 0, :] / root_m
        coef = residual(out)
        grad_a = (act @ coef[:, :, None])[:, :, 0] / root_m
        # grad w_r = a_r / sqrt(m) sum_mu phi'(h_r(x_mu)) coef_mu x_mu / sqrt(d): contract phi' with
        # the small (S, P, d) array coef * x^T instead of scaling the (S, m, P) one
        z = coef[:, :, None] * xs_t
        if activation == "tanh":  # phi' = 1 - phi^2
            dz = z.sum(axis=1)[:, None, :] - np.square(act, out=act) @ z
        elif activation == "relu":  # phi' = 1[h > 0] = sign(relu(h))
            dz = np.sign(act, out=act) @ z
        else:
            dz = np.broadcast_to(z.sum(axis=1)[:, None, :], (s, m, d))
        grad_w = dz * (self.a[:, :, None] / root_m)
        return out, TwoLayer._trusted(grad_w, grad_a)

    def ntk(self, x1, activation: str, x2=None) -> np.ndarray:
        """The tangent kernel ``Theta(x1_mu, x2_nu)``, ``(S, P1, P2)``.

        ``Theta(x, x') = m^{-1} sum_r [phi(h_r(x)) phi(h_r(x')) + a_r^2 phi'(h_r(x))
        phi'(h_r(x')) (x . x') / d]``, the Gram matrix of the per-item gradients.
        ``x2`` defaults to ``x1``.
        """
        activation = activations.check(activation)
        x1 = _inputs(x1, self.n_in, "x1")
        x2 = x1 if x2 is None else _inputs(x2, self.n_in, "x2")
        feats = []
        for x in (x1, x2):
            phi, dphi = activations.derivatives(activation, self.preactivations(x), 1)
            feats.append((phi, dphi * self.a[:, :, None]))
        (p1, b1), (p2, b2) = feats
        gram = x1.T @ x2 / self.n_in
        t = np.swapaxes(p1, 1, 2) @ p2 + (np.swapaxes(b1, 1, 2) @ b2) * gram
        return t / self.width


@dataclass(frozen=True)
class MLP(_Network):
    """Two-hidden-layer networks in NTK parameterisation, batched over seeds.

    ``f(x) = n^{-1/2} v . phi(h2)``, ``h2 = n^{-1/2} w2 phi(h1)``,
    ``h1 = w1 x / sqrt(d)``; ``w1`` is ``(S, n, d)``, ``w2`` ``(S, n, n)``, ``v``
    ``(S, n)`` (no biases). Raises ``ValueError`` on mismatched shapes or
    non-finite weights.
    """

    w1: np.ndarray
    w2: np.ndarray
    v: np.ndarray

    def __post_init__(self) -> None:
        w1, w2, v = (np.asarray(a, dtype=float) for a in (self.w1, self.w2, self.v))
        if w1.ndim != 3 or w2.shape != (w1.shape[0], w1.shape[1], w1.shape[1]) or v.shape != w1.shape[:2]:
            raise ValueError(
                f"w1 must be (S, n, d), w2 (S, n, n) and v (S, n); got {w1.shape}, {w2.shape}, {v.shape}"
            )
        _check_weights(w1=w1, w2=w2, v=v)
        for name, arr in (("w1", w1), ("w2", w2), ("v", v)):
            object.__setattr__(self, name, arr)

    @property
    def width(self) -> int:
        return self.w1.shape[1]

    @property
    def n_in(self) -> int:
        return self.w1.shape[2]

    def _forward(self, x, activation):
        x = _seed_inputs(x, self.n_in, self.n_seeds)
        root_n = np.sqrt(self.width)
        h1 = self.w1 @ x / np.sqrt(self.n_in)
        a1 = activations.apply_inplace(activation, h1)
        a2 = activations.apply_inplace(activation, self.w2 @ a1 / root_n)
        out = (self.v[:, None, :] @ a2)[:, 0, :] / root_n
        return x, a1, a2, out

    def outputs(self, x, activation: str) -> np.ndarray:
        """``f(x_mu)`` for every seed and item, ``(S, P)``."""
        return self._forward(x, activations.check(activation))[3]

    def _backprop(self, a1, a2, activation, coef=None):
        """Backpropagated ``b2 = v phi'(h2) / sqrt(n)``, ``b1 = w2^T b2 phi'(h1) / sqrt(n)`` (times coef)."""
        root_n = np.sqrt(self.width)
        d2 = None if activation == "linear" else activations.derivative_from_output(activation, a2)
        b2 = np.broadcast_to(self.v[:, :, None] / root_n, a2.shape).copy() if d2 is None else d2
        if d2 is not None:
            b2 *= self.v[:, :, None] / root_n
        if coef is not None:
            b2 *= coef[:, None, :]
        b1 = np.swapaxes(self.w2, 1, 2) @ b2 / root_n
        d1 = None if activation == "linear" else activations.derivative_from_output(activation, a1)
        if d1 is not None:
            b1 *= d1
        return b2, b1

    def _value_and_vjp(self, x, activation, residual):
        activation = activations.check(activation)
        x, a1, a2, out = self._forward(x, activation)
        root_n = np.sqrt(self.width)
        coef = residual(out)
        grad_v = (a2 @ coef[:, :, None])[:, :, 0] / root_n
        b2, b1 = self._backprop(a1, a2, activation, coef)
        grad_w2 = b2 @ np.swapaxes(a1, 1, 2) / root_n
        grad_w1 = b1 @ np.swapaxes(x, -1, -2) / np.sqrt(self.n_in)
        return out, MLP._trusted(grad_w1, grad_w2, grad_v)

    def ntk(self, x1, activation: str, x2=None) -> np.ndarray:
        """The tangent kernel ``(S, P1, P2)`` from the layer-wise Gram matrices.

        ``Theta = a2^T a2' / n + (b2^T b2') (a1^T a1' / n) + (b1^T b1') (x^T x' / d)``
        (products elementwise) with ``a_l = phi(h_l)`` and the backpropagated
        vectors ``b2 = v phi'(h2) / sqrt(n)``, ``b1 = w2^T b2 phi'(h1) / sqrt(n)``.
        """
        activation = activations.check(activation)
        x1 = _inputs(x1, self.n_in, "x1")
        x2 = x1 if x2 is None else _inputs(x2, self.n_in, "x2")
        parts = []
        for x in (x1, x2):
            _, a1, a2, _ = self._forward(x, activation)
            b2, b1 = self._backprop(a1, a2, activation)
            parts.append((a1, a2, b2, b1))
        (a1, a2, b2, b1), (c1, c2, e2, e1) = parts
        n = self.width

        def gram(u, w):
            return np.swapaxes(u, 1, 2) @ w

        return gram(a2, c2) / n + gram(b2, e2) * gram(a1, c1) / n + gram(b1, e1) * (x1.T @ x2 / self.n_in)


def init_two_layer(
    n_in: int, width: int, n_seeds: int, seed: SeedLike, *, doubling: bool = False
) -> TwoLayer:
    """Standard normal ``w (S, m, d)`` and ``a (S, m)``.

    ``doubling=True`` draws ``m/2`` neurons and appends their mirror images
    ``(w_r, -a_r)`` (Chizat et al.'s antisymmetric start): ``f(theta_0) = 0``
    and every even-order derivative contraction vanishes at the start
    (:mod:`exactdln.correlations`). Raises ``ValueError`` for an odd width with
    ``doubling``.
    """
    n_in, width, n_seeds = (
        positive_int("n_in", n_in),
        positive_int("width", width),
        positive_int("n_seeds", n_seeds),
    )
    rng = rng_from(seed)
    if doubling:
        if width % 2:
            raise ValueError(f"a doubling start needs an even width, got width={width}")
        half = width // 2
        w = rng.standard_normal((n_seeds, half, n_in))
        a = rng.standard_normal((n_seeds, half))
        return TwoLayer(np.concatenate([w, w], axis=1), np.concatenate([a, -a], axis=1))
    return TwoLayer(rng.standard_normal((n_seeds, width, n_in)), rng.standard_normal((n_seeds, width)))


def init_mlp(n_in: int, width: int, n_seeds: int, seed: SeedLike) -> MLP:
    """Standard normal weights of :class:`MLP` (``n = width`` units in both hidden layers)."""
    n_in, width, n_seeds = (
        positive_int("n_in", n_in),
        positive_int("width", width),
        positive_int("n_seeds", n_seeds),
    )
    rng = rng_from(seed)
    return MLP(
        rng.standard_normal((n_seeds, width, n_in)),
        rng.standard_normal((n_seeds, width, width)),
        rng.standard_normal((n_seeds, width)),
    )
