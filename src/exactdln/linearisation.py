"""Wide networks against their linearisation (Shem-Ur & Oz 2024; Lee et al. 2019; Chizat et al. 2019).

Networks in NTK parameterisation with one scalar output, batched over seeds
(every weight array has a leading seed axis ``S``); inputs are columns,
``x`` of shape ``(d, P)`` as everywhere in the package.

- :class:`TwoLayer`: ``f(x) = m^{-1/2} sum_r a_r phi(w_r . x / sqrt(d))``,
  weights ``w (S, m, d)`` and ``a (S, m)``.
- :class:`MLP`: two hidden layers of width ``n``,
  ``f(x) = n^{-1/2} v . phi(h2)``, ``h2 = n^{-1/2} W2 phi(h1)``,
  ``h1 = W1 x / sqrt(d)``; weights ``w1 (S, n, d)``, ``w2 (S, n, n)``, ``v (S, n)``.

``phi`` is ``"linear"``, ``"tanh"`` or ``"relu"`` (:data:`ACTIVATIONS`; the
derivatives of ReLU are taken almost everywhere: ``phi'(z) = 1[z > 0]``,
``phi'' = phi''' = 0``). Initial weights are standard normal
(:func:`init_two_layer`, :func:`init_mlp`), so the neural tangent kernel
``Theta(x, x') = grad_theta f(x) . grad_theta f(x')`` stays of order one as the
width grows.

Training (:func:`train_gd`) is full-batch gradient descent on
``L = 1/(2 P alpha^2) sum_mu (F(x_mu) - y_mu)^2`` for the output
``F = alpha (f - f_0)`` (``center=True``) or ``F = alpha f``: Chizat, Oyallon &
Bach's output scale ``alpha`` (``alpha = 1``: the plain network). Times are
flow times ``t = eta * step``. The linearised model
``F_lin(theta) = F(theta_0) + alpha grad f(theta_0) . (theta - theta_0)``
trained by the same discrete update moves in function space with the fixed
kernel ``Theta_0`` (whatever ``alpha``):
``F_lin <- F_lin - (eta / P) Theta_0 (F_lin - y)``; :func:`linearised_gd`
evaluates this exactly from the eigendecomposition of ``Theta_0``, at any step,
on training and test points. :func:`relative_weight_change` and
:func:`relative_ntk_change` measure how far training moves the weights and the
kernel (Lee et al. 2019: both ``O(width^{-1/2})`` at most).

:func:`linearised_linear_network` is the same linearisation for the matrix
network ``W2 W1`` of SPEC §1 under gradient flow, in closed form; with
:class:`~exactdln.exact.ExactSolution` for the network it gives the exact gap
between a lambda-balanced linear network and its linearisation.

The exact derivative contractions that control the gap (``C_{0,2}``,
``C_{1,1}``, ``C_{0,3}``, the Hessian norm) are in :mod:`exactdln.correlations`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ._checks import SeedLike, as_matrix, positive_float, positive_int, rng_from, times_array
from ._progress import Progress
from .simulation import record_steps

ACTIVATIONS = ("linear", "tanh", "relu")


def activation_derivatives(name: str, z, order: int = 1) -> list[np.ndarray]:
    """``[phi(z), phi'(z), ..., phi^(order)(z)]`` for ``order`` in 0..3 (ReLU: almost everywhere).

    tanh: ``phi' = 1 - t^2``, ``phi'' = -2 t (1 - t^2)``,
    ``phi''' = -2 (1 - t^2)(1 - 3 t^2)`` with ``t = tanh z``. ReLU:
    ``phi' = 1[z > 0]`` and zero higher derivatives; linear: ``1, 0, 0``.
    Raises ``ValueError`` for an unknown name or an order outside 0..3.
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")
    if int(order) != order or not 0 <= order <= 3:
        raise ValueError(f"order must be 0, 1, 2 or 3, got {order!r}")
    z = np.asarray(z, dtype=float)
    if name == "tanh":
        t = np.tanh(z)
        d1 = 1.0 - t * t
        out = [t, d1, -2.0 * t * d1, -2.0 * d1 * (1.0 - 3.0 * t * t)]
    elif name == "relu":
        zero = np.zeros_like(z)
        out = [np.maximum(z, 0.0), (z > 0).astype(float), zero, zero]
    else:
        zero = np.zeros_like(z)
        out = [z.copy(), np.ones_like(z), zero, zero]
    return out[: order + 1]


def _activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {name!r}")
    return name


def _phi_inplace(h: np.ndarray, activation: str) -> np.ndarray:
    """Overwrite the pre-activations ``h`` with ``phi(h)``; returns ``h``.

    tanh is evaluated as ``1 - 2 / (e^{2h} + 1)``: about twice as fast as
    ``np.tanh`` here (numpy's ``exp`` is vectorised, its ``tanh`` is not), with
    an absolute error below ``3e-16`` (``e^{2h}`` may overflow to ``inf`` for
    ``h > 354``, which gives exactly 1).
    """
    if activation == "tanh":
        np.multiply(h, 2.0, out=h)
        with np.errstate(over="ignore"):
            np.exp(h, out=h)
        h += 1.0
        np.divide(2.0, h, out=h)
        np.subtract(1.0, h, out=h)
    elif activation == "relu":
        np.maximum(h, 0.0, out=h)
    return h


def _dphi_from(act: np.ndarray, activation: str) -> np.ndarray | None:
    """``phi'(h)`` from the activations ``phi(h)`` (a new array), or None for the linear case (1)."""
    if activation == "tanh":
        d = act * act
        np.subtract(1.0, d, out=d)
        return d
    if activation == "relu":
        return (act > 0).astype(float)
    return None


def _inputs(x, n_in: int | None = None, name: str = "x") -> np.ndarray:
    x = as_matrix(name, x)
    if n_in is not None and x.shape[0] != n_in:
        raise ValueError(f"{name} has shape {x.shape}: the network takes n_in={n_in} inputs (rows)")
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
        act = _phi_inplace(self.preactivations(x), _activation(activation))
        return (self.a[:, None, :] @ act)[:, 0, :] / np.sqrt(self.width)

    def _value_and_vjp(self, x, activation, residual):
        activation = _activation(activation)
        x = _inputs(x, self.n_in)
        s, m, d = self.w.shape
        root_m = np.sqrt(m)
        xs = x / np.sqrt(d)
        act = _phi_inplace((self.w.reshape(s * m, d) @ xs).reshape(s, m, -1), activation)
        out = (self.a[:, None, :] @ act)[:, 0, :] / root_m
        coef = residual(out)
        grad_a = (act @ coef[:, :, None])[:, :, 0] / root_m
        # grad w_r = a_r / sqrt(m) sum_mu phi'(h_r(x_mu)) coef_mu x_mu / sqrt(d): contract phi' with
        # the small (S, P, d) array coef * x^T instead of scaling the (S, m, P) one
        z = coef[:, :, None] * xs.T[None]
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
        activation = _activation(activation)
        x1 = _inputs(x1, self.n_in, "x1")
        x2 = x1 if x2 is None else _inputs(x2, self.n_in, "x2")
        feats = []
        for x in (x1, x2):
            phi, dphi = activation_derivatives(activation, self.preactivations(x), 1)
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
        x = _inputs(x, self.n_in)
        root_n = np.sqrt(self.width)
        h1 = self.w1 @ x / np.sqrt(self.n_in)
        a1 = _phi_inplace(h1, activation)
        a2 = _phi_inplace(self.w2 @ a1 / root_n, activation)
        out = (self.v[:, None, :] @ a2)[:, 0, :] / root_n
        return x, a1, a2, out

    def outputs(self, x, activation: str) -> np.ndarray:
        """``f(x_mu)`` for every seed and item, ``(S, P)``."""
        return self._forward(x, _activation(activation))[3]

    def _backprop(self, a1, a2, activation, coef=None):
        """Backpropagated ``b2 = v phi'(h2) / sqrt(n)``, ``b1 = w2^T b2 phi'(h1) / sqrt(n)`` (times coef)."""
        root_n = np.sqrt(self.width)
        d2 = _dphi_from(a2, activation)
        b2 = np.broadcast_to(self.v[:, :, None] / root_n, a2.shape).copy() if d2 is None else d2
        if d2 is not None:
            b2 *= self.v[:, :, None] / root_n
        if coef is not None:
            b2 *= coef[:, None, :]
        b1 = np.swapaxes(self.w2, 1, 2) @ b2 / root_n
        d1 = _dphi_from(a1, activation)
        if d1 is not None:
            b1 *= d1
        return b2, b1

    def _value_and_vjp(self, x, activation, residual):
        activation = _activation(activation)
        x, a1, a2, out = self._forward(x, activation)
        root_n = np.sqrt(self.width)
        coef = residual(out)
        grad_v = (a2 @ coef[:, :, None])[:, :, 0] / root_n
        b2, b1 = self._backprop(a1, a2, activation, coef)
        grad_w2 = b2 @ np.swapaxes(a1, 1, 2) / root_n
        grad_w1 = b1 @ x.T / np.sqrt(self.n_in)
        return out, MLP._trusted(grad_w1, grad_w2, grad_v)

    def ntk(self, x1, activation: str, x2=None) -> np.ndarray:
        """The tangent kernel ``(S, P1, P2)`` from the layer-wise Gram matrices.

        ``Theta = a2^T a2' / n + (b2^T b2') (a1^T a1' / n) + (b1^T b1') (x^T x' / d)``
        (products elementwise) with ``a_l = phi(h_l)`` and the backpropagated
        vectors ``b2 = v phi'(h2) / sqrt(n)``, ``b1 = w2^T b2 phi'(h1) / sqrt(n)``.
        """
        activation = _activation(activation)
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


@dataclass(frozen=True)
class GDRun:
    """Outputs recorded during :func:`train_gd`.

    ``train`` is ``(T, S, P)`` and ``test`` ``(T, S, Q)`` (or None): the
    trained output ``F`` (scaled and centred as in training) at the recorded
    ``steps``; ``initial`` and ``final`` are the weights before and after.
    ``times = eta * steps`` are flow times.
    """

    steps: np.ndarray
    eta: float
    train: np.ndarray
    test: np.ndarray | None
    initial: _Network
    final: _Network
    scale: float
    center: bool

    @property
    def times(self) -> np.ndarray:
        return self.eta * self.steps


def _targets(y, n_seeds: int, n_items: int) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if y.shape not in ((n_items,), (n_seeds, n_items)) or not np.all(np.isfinite(y)):
        raise ValueError(f"y must be finite with shape ({n_items},) or ({n_seeds}, {n_items}), got {y.shape}")
    return np.broadcast_to(y, (n_seeds, n_items))


def train_gd(
    net: _Network,
    x,
    y,
    *,
    activation: str,
    eta: float,
    n_steps: int,
    record=None,
    x_test=None,
    scale: float = 1.0,
    center: bool = False,
    progress: bool = False,
) -> GDRun:
    """Full-batch gradient descent on ``L = 1/(2 P scale^2) sum_mu (F(x_mu) - y_mu)^2``.

    ``F = scale * (f - f_0)`` with ``center=True`` (``f_0`` the initial
    outputs), else ``F = scale * f``; ``scale`` is Chizat et al.'s output scale
    ``alpha`` (1: the plain network). The update is
    ``theta <- theta - eta / (P scale) sum_mu (F_mu - y_mu) grad f(x_mu)``.

    Parameters
    ----------
    net : :class:`TwoLayer` or :class:`MLP` (``S`` seeds)
    x : array ``(d, P)``; y : ``(P,)`` or ``(S, P)``
    activation : one of :data:`ACTIVATIONS`
    eta : learning rate (flow time ``t = eta * step``); n_steps : number of steps
    record : which steps to record (see :func:`record_steps`)
    x_test : optional ``(d, Q)`` inputs at which ``F`` is also recorded
    progress : print a progress line to stderr

    Returns a :class:`GDRun`. Raises ``ValueError`` on bad shapes or settings.
    Gradient descent is stable on the linearised model for
    ``eta < 2 P / lambda_max(Theta_0)`` (:func:`linearised_gd`).
    """
    activation = _activation(activation)
    eta = positive_float("eta", eta)
    n_steps = positive_int("n_steps", n_steps) if n_steps != 0 else 0
    scale = positive_float("scale", scale)
    x = _inputs(x, net.n_in)
    p = x.shape[1]
    y = _targets(y, net.n_seeds, p)
    steps = record_steps(record, n_steps)
    offset = net.outputs(x, activation) if center else 0.0
    if x_test is not None:
        x_test = _inputs(x_test, net.n_in, "x_test")
        offset_test = net.outputs(x_test, activation) if center else 0.0
    train = np.empty((steps.size, net.n_seeds, p))
    test = None if x_test is None else np.empty((steps.size, net.n_seeds, x_test.shape[1]))
    state = {}

    def residual(out):
        state["F"] = scale * (out - offset)
        return (state["F"] - y) / (p * scale)

    bar = Progress(
        n_steps, f"gradient descent ({type(net).__name__}, {activation}, width {net.width})", progress
    )
    initial, k_rec = net, 0
    for step in range(n_steps + 1):
        if step == n_steps:
            state["F"] = scale * (net.outputs(x, activation) - offset)
        else:
            _, grad = net._value_and_vjp(x, activation, residual)
        if k_rec < steps.size and steps[k_rec] == step:
            train[k_rec] = state["F"]
            if test is not None:
                test[k_rec] = scale * (net.outputs(x_test, activation) - offset_test)
            k_rec += 1
        if step == n_steps:
            break
        net = net._with([w - eta * g for w, g in zip(net.arrays(), grad.arrays(), strict=True)])
        bar.update(step + 1)
    return GDRun(steps, eta, train, test, initial, net, scale, bool(center))


def linearised_gd(
    ntk_train,
    f0_train,
    y,
    *,
    eta: float,
    steps,
    ntk_test_train=None,
    f0_test=None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Outputs of the linearised model after gradient descent, exactly, at every step in ``steps``.

    The linearised model ``F_lin(theta) = F_0 + grad F(theta_0) . (theta - theta_0)``
    trained by :func:`train_gd`'s update moves in function space as
    ``F_lin <- F_lin - (eta / P) Theta_0 (F_lin - y)`` on the ``P`` training
    points, and ``F_lin(x') <- F_lin(x') - (eta / P) Theta_0(x', X) (F_lin - y)``
    elsewhere (``Theta_0`` the tangent kernel of the unscaled ``f``; the output
    scale drops out). With ``Theta_0 = V diag(lam) V^T``, after ``k`` steps

        F_lin = y + V diag(q^k) V^T (F_0 - y),     q = 1 - eta lam / P,
        F_lin(x') = F_0(x') - Theta_0(x', X) V diag((1 - q^k) / lam) V^T (F_0 - y)

    (``(1 - q^k) / lam -> eta k / P`` for ``lam = 0``), evaluated without
    cancellation. This is exact for the discrete update, not a time-stepping
    approximation; it diverges if ``eta > 2 P / lambda_max``.

    Parameters
    ----------
    ntk_train : ``(S, P, P)``; f0_train : ``(S, P)`` initial outputs ``F_0``; y : ``(P,)`` or ``(S, P)``
    eta : learning rate; steps : int or 1-D sequence of step counts ``>= 0``
    ntk_test_train : optional ``(S, Q, P)`` kernel between test and training points; f0_test : ``(S, Q)``

    Returns ``(train (T, S, P), test (T, S, Q) or None)``.
    """
    k = np.asarray(ntk_train, dtype=float)
    if k.ndim != 3 or k.shape[1] != k.shape[2] or not np.all(np.isfinite(k)):
        raise ValueError(f"ntk_train must be a finite (S, P, P) array, got shape {k.shape}")
    n_seeds, p = k.shape[:2]
    f0 = np.asarray(f0_train, dtype=float)
    if f0.shape != (n_seeds, p):
        raise ValueError(f"f0_train has shape {f0.shape}, expected ({n_seeds}, {p})")
    y = _targets(y, n_seeds, p)
    eta = positive_float("eta", eta)
    steps = np.atleast_1d(np.asarray(steps))
    if steps.ndim != 1 or np.any(steps < 0) or np.any(steps != np.round(steps)):
        raise ValueError(f"steps must be whole numbers >= 0, got {steps!r}")
    steps = steps.astype(float)
    lam, vecs = np.linalg.eigh(0.5 * (k + np.swapaxes(k, 1, 2)))
    z0 = np.einsum("spi,sp->si", vecs, f0 - y)  # (S, P)
    x = eta * lam / p  # (S, P)
    small = np.abs(x) < 0.5
    safe = np.where(small, x, 0.0)
    # 1 - q^k without cancellation: -expm1(k log1p(-x)) for |x| < 1/2, directly otherwise
    kk = steps[:, None, None]
    one_minus = np.where(small, -np.expm1(kk * np.log1p(-safe)), 1.0 - np.power(1.0 - x, kk))
    train = y + np.einsum("spi,tsi->tsp", vecs, (1.0 - one_minus) * z0)
    if ntk_test_train is None:
        return train, None
    kt = np.asarray(ntk_test_train, dtype=float)
    if kt.ndim != 3 or kt.shape[0] != n_seeds or kt.shape[2] != p or not np.all(np.isfinite(kt)):
        raise ValueError(f"ntk_test_train has shape {kt.shape}, expected ({n_seeds}, Q, {p})")
    f0t = np.asarray(f0_test, dtype=float)
    if f0t.shape != kt.shape[:2]:
        raise ValueError(f"f0_test has shape {f0t.shape}, expected {kt.shape[:2]}")
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(lam != 0, one_minus / np.where(lam != 0, lam, 1.0), eta * kk / p)
    proj = kt @ vecs  # (S, Q, P)
    test = f0t - np.einsum("sqi,tsi->tsq", proj, g * z0)
    return train, test


def relative_weight_change(initial: _Network, final: _Network) -> np.ndarray:
    """``||theta - theta_0|| / ||theta_0||`` over all weights of each network, ``(S,)``."""
    t0, t1 = initial.flat(), final.flat()
    if t0.shape != t1.shape:
        raise ValueError(f"the networks differ in shape: {t0.shape} and {t1.shape}")
    return np.linalg.norm(t1 - t0, axis=1) / np.linalg.norm(t0, axis=1)


def relative_ntk_change(k0, k1) -> np.ndarray:
    """``||Theta_1 - Theta_0||_F / ||Theta_0||_F`` over the trailing two axes."""
    k0, k1 = np.asarray(k0, dtype=float), np.asarray(k1, dtype=float)
    if k0.shape != k1.shape or k0.ndim < 2:
        raise ValueError(f"kernels must have the same shape (..., P, Q), got {k0.shape} and {k1.shape}")
    return np.linalg.norm(k1 - k0, axis=(-2, -1)) / np.linalg.norm(k0, axis=(-2, -1))


def linearised_linear_network(w1, w2, sigma_yx, t, tau: float = 1.0) -> np.ndarray:
    """Network function of the linearised two-layer linear network under gradient flow, ``(T, n_out, n_in)``.

    The first-order Taylor model of ``W2 W1`` in the weights around
    ``(w1, w2)``, ``N_lin = w2 w1 + dW2 w1 + w2 dW1``, trained by gradient
    flow on SPEC §1's loss with whitened inputs, has the error
    ``E = sigma_yx - N_lin`` obeying the linear ODE
    ``tau dE/dt = -(B E + E A)``, ``B = w2 w2^T``, ``A = w1^T w1`` (its
    kernel is the NTK of SPEC §3 frozen at the start). With ``B = U diag(b) U^T``
    and ``A = V diag(c) V^T``:

        E(t) = U [ (U^T E(0) V) * exp(-(b_i + c_j) t / tau) ] V^T.

    Directions with ``b_i + c_j = 0`` are not learned (they keep their initial
    error, also at ``t = inf``). ``t`` is a float or 1-D array of times in units
    of ``tau`` (``inf`` allowed); a scalar ``t`` returns ``(n_out, n_in)``.
    """
    w1, w2, sigma_yx = as_matrix("w1", w1), as_matrix("w2", w2), as_matrix("sigma_yx", sigma_yx)
    if w2.shape[1] != w1.shape[0] or sigma_yx.shape != (w2.shape[0], w1.shape[1]):
        raise ValueError(
            f"shapes do not match: w1 {w1.shape}, w2 {w2.shape}, sigma_yx {sigma_yx.shape} "
            f"(expected (n_h, n_in), (n_out, n_h), (n_out, n_in))"
        )
    times, scalar = times_array(t)
    tau = positive_float("tau", tau)
    b, u = np.linalg.eigh(w2 @ w2.T)
    c, v = np.linalg.eigh(w1.T @ w1)
    b, c = np.maximum(b, 0.0), np.maximum(c, 0.0)
    rate = b[:, None] + c[None, :]
    rate = np.where(rate > 16 * np.finfo(float).eps * max(rate.max(), 1e-300), rate, 0.0)
    e0 = u.T @ (sigma_yx - w2 @ w1) @ v
    with np.errstate(invalid="ignore"):
        decay = np.where(rate[None] > 0, np.exp(-rate[None] * times[:, None, None] / tau), 1.0)
    out = sigma_yx - u @ (e0 * decay) @ v.T
    return out[0] if scalar else out
