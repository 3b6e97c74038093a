"""Wide networks against their linearisation (Shem-Ur & Oz 2024; Lee et al. 2019; Chizat et al. 2019).

The networks (:class:`~exactdln.wide_networks.TwoLayer`, :class:`~exactdln.wide_networks.MLP`,
in NTK parameterisation, batched over seeds) are in :mod:`exactdln.wide_networks`.

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
on training and test points. Minibatch stochastic gradient descent
(:func:`train_sgd`, with the batches of :func:`minibatches`) and the linearised
model trained by the same minibatches (:func:`linearised_sgd`, exact as well:
``F_lin <- F_lin - (eta / b) Theta_0(., B) (F_lin(B) - y(B))``) are the setting of
Shem-Ur & Oz's trajectory bound (docs/mathematics.md §10.7). :func:`relative_weight_change` and
:func:`relative_ntk_change` measure how far training moves the weights and the
kernel (Lee et al. 2019: both ``O(width^{-1/2})`` at most).

:func:`linearised_linear_network` is the same linearisation for the matrix
network ``W2 W1`` of docs/mathematics.md §1 under gradient flow, in closed form; with
:class:`~exactdln.exact.ExactSolution` for the network it gives the exact gap
between a lambda-balanced linear network and its linearisation.

The exact derivative contractions that control the gap (``C_{0,2}``,
``C_{1,1}``, ``C_{0,3}``, the Hessian norm) are in :mod:`exactdln.correlations`
(docs/mathematics.md §10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations
from ._checks import as_matrix, positive_float, positive_int, rng_from, times_array
from ._progress import Progress
from .schedules import record_steps
from .wide_networks import _inputs, _Network


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
    activation : one of :data:`exactdln.activations.NAMES`
    eta : learning rate (flow time ``t = eta * step``); n_steps : number of steps
    record : which steps to record (see :func:`record_steps`)
    x_test : optional ``(d, Q)`` inputs at which ``F`` is also recorded
    progress : print a progress line to stderr

    Returns a :class:`GDRun`. Raises ``ValueError`` on bad shapes or settings.
    Gradient descent is stable on the linearised model for
    ``eta < 2 P / lambda_max(Theta_0)`` (:func:`linearised_gd`).
    """
    activation = activations.check(activation)
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


def _kernel_start(ntk_train, f0_train) -> tuple[np.ndarray, np.ndarray]:
    """The checked ``(S, P, P)`` training kernel and ``(S, P)`` initial outputs of the linearised dynamics."""
    k = np.asarray(ntk_train, dtype=float)
    if k.ndim != 3 or k.shape[1] != k.shape[2] or not np.all(np.isfinite(k)):
        raise ValueError(f"ntk_train must be a finite (S, P, P) array, got shape {k.shape}")
    f0 = np.asarray(f0_train, dtype=float)
    if f0.shape != k.shape[:2]:
        raise ValueError(f"f0_train has shape {f0.shape}, expected {k.shape[:2]}")
    return k, f0


def _test_start(ntk_test_train, f0_test, n_seeds: int, p: int) -> tuple[np.ndarray, np.ndarray]:
    """The checked ``(S, Q, P)`` test-train kernel and ``(S, Q)`` initial test outputs."""
    kt = np.asarray(ntk_test_train, dtype=float)
    if kt.ndim != 3 or kt.shape[0] != n_seeds or kt.shape[2] != p or not np.all(np.isfinite(kt)):
        raise ValueError(f"ntk_test_train has shape {kt.shape}, expected ({n_seeds}, Q, {p})")
    f0t = np.asarray(f0_test, dtype=float)
    if f0t.shape != kt.shape[:2]:
        raise ValueError(f"f0_test has shape {f0t.shape}, expected {kt.shape[:2]}")
    return kt, f0t


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
    k, f0 = _kernel_start(ntk_train, f0_train)
    n_seeds, p = k.shape[:2]
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
    kt, f0t = _test_start(ntk_test_train, f0_test, n_seeds, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(lam != 0, one_minus / np.where(lam != 0, lam, 1.0), eta * kk / p)
    proj = kt @ vecs  # (S, Q, P)
    test = f0t - np.einsum("sqi,tsi->tsq", proj, g * z0)
    return train, test


def minibatches(n_items: int, batch_size: int, n_steps: int, n_seeds: int, seed) -> np.ndarray:
    """Item indices of every minibatch of stochastic gradient descent, ``(n_steps, S, b)``.

    Per seed ``s`` (the network ``s`` of a batch of ``S``), a stream of random
    permutations of the ``n_items`` items (random reshuffling, one permutation
    per epoch) cut into consecutive batches of ``batch_size`` items. When
    ``batch_size`` does not divide ``n_items`` a batch can straddle two epochs
    (and then hold an item twice); with ``batch_size = n_items`` every batch is
    the whole training set. ``seed`` (explicit) fixes the whole stream, so the
    network and its linearisation can be driven by the same batches.
    """
    n_items, batch_size = positive_int("n_items", n_items), positive_int("batch_size", batch_size)
    n_steps, n_seeds = positive_int("n_steps", n_steps), positive_int("n_seeds", n_seeds)
    if batch_size > n_items:
        raise ValueError(f"batch_size={batch_size} exceeds the {n_items} items")
    n_epochs = -(-n_steps * batch_size // n_items)
    items = np.broadcast_to(np.arange(n_items), (n_seeds, n_epochs, n_items))
    stream = rng_from(seed).permuted(items, axis=2)
    stream = stream.reshape(n_seeds, -1)[:, : n_steps * batch_size]
    return np.ascontiguousarray(stream.reshape(n_seeds, n_steps, batch_size).transpose(1, 0, 2))


def _check_batches(batches, n_seeds: int, n_items: int) -> np.ndarray:
    b = np.asarray(batches)
    if b.ndim == 2:
        b = np.broadcast_to(b[:, None, :], (b.shape[0], n_seeds, b.shape[1]))
    if (
        b.ndim != 3
        or b.shape[1] != n_seeds
        or b.shape[0] < 1
        or b.shape[2] < 1
        or not np.issubdtype(b.dtype, np.integer)
        or b.min() < 0
        or b.max() >= n_items
    ):
        raise ValueError(
            f"batches must be integer item indices in [0, {n_items}) of shape (n_steps, {n_seeds}, b) "
            f"or (n_steps, b), got shape {np.shape(batches)}"
        )
    return b


@dataclass(frozen=True)
class SGDRun:
    """Outputs recorded during :func:`train_sgd`.

    ``train`` is ``(T, S, P)`` and ``test`` ``(T, S, Q)`` (or None): the
    outputs ``f`` at the recorded ``steps`` (after that many updates);
    ``initial`` and ``final`` are the weights before and after; ``batch_size``
    the items per step. ``times = eta * steps``: SGD's expected update is the
    full-batch one, so a step advances the flow time by ``eta`` as in
    :func:`train_gd`.
    """

    steps: np.ndarray
    eta: float
    batch_size: int
    train: np.ndarray
    test: np.ndarray | None
    initial: _Network
    final: _Network

    @property
    def times(self) -> np.ndarray:
        return self.eta * self.steps


def train_sgd(
    net: _Network,
    x,
    y,
    *,
    activation: str,
    eta: float,
    batches,
    record=None,
    x_test=None,
    progress: bool = False,
) -> SGDRun:
    """Minibatch stochastic gradient descent on ``L_B = 1/(2b) sum_{mu in B} (f(x_mu) - y_mu)^2``.

    Step ``k`` updates network ``s`` with its own minibatch ``B = batches[k, s]``:
    ``theta <- theta - (eta / b) sum_{mu in B} (f(x_mu) - y_mu) grad f(x_mu)``.
    With ``b = P`` (every batch the whole set) this is :func:`train_gd`'s
    update (``scale = 1``, not centred) up to the order of the sum.

    Parameters
    ----------
    net : :class:`TwoLayer` or :class:`MLP` (``S`` seeds)
    x : array ``(d, P)``; y : ``(P,)`` or ``(S, P)``
    activation : one of :data:`exactdln.activations.NAMES`; eta : learning rate
    batches : item indices ``(n_steps, S, b)`` (:func:`minibatches`) or ``(n_steps, b)`` (the
        same batches for every seed); the number of steps is ``len(batches)``
    record : which steps to record (see :func:`record_steps`); x_test : optional ``(d, Q)``

    Returns an :class:`SGDRun`; :func:`linearised_sgd` trains the linearised
    model by the same batches, exactly.
    """
    activation = activations.check(activation)
    eta = positive_float("eta", eta)
    x = _inputs(x, net.n_in)
    p = x.shape[1]
    y = _targets(y, net.n_seeds, p)
    batches = _check_batches(batches, net.n_seeds, p)
    n_steps, _, b = batches.shape
    steps = record_steps(record, n_steps)
    if x_test is not None:
        x_test = _inputs(x_test, net.n_in, "x_test")
    train = np.empty((steps.size, net.n_seeds, p))
    test = None if x_test is None else np.empty((steps.size, net.n_seeds, x_test.shape[1]))
    x_items = x.T  # (P, d): x_items[batch] is (S, b, d)
    seeds = np.arange(net.n_seeds)[:, None]
    label = f"SGD, batch {b} ({type(net).__name__}, {activation}, width {net.width})"
    bar = Progress(n_steps, label, progress)
    initial, k_rec = net, 0
    for step in range(n_steps + 1):
        if k_rec < steps.size and steps[k_rec] == step:
            train[k_rec] = net.outputs(x, activation)
            if test is not None:
                test[k_rec] = net.outputs(x_test, activation)
            k_rec += 1
        if step == n_steps:
            break
        batch = batches[step]
        y_batch = y[seeds, batch]
        _, grad = net._value_and_vjp(
            np.swapaxes(x_items[batch], 1, 2), activation, lambda out, yb=y_batch: (out - yb) / b
        )
        net = net._with([w - eta * g for w, g in zip(net.arrays(), grad.arrays(), strict=True)])
        bar.update(step + 1)
    return SGDRun(steps, eta, int(b), train, test, initial, net)


def linearised_sgd(
    ntk_train,
    f0_train,
    y,
    *,
    eta: float,
    batches,
    steps,
    ntk_test_train=None,
    f0_test=None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Outputs of the linearised model trained by minibatch SGD with the given batches, exactly.

    The linearised model ``f_lin(theta) = f_0 + grad f(theta_0) . (theta - theta_0)``
    is linear in the parameters, so :func:`train_sgd`'s update on it is, in
    function space and at every point ``x'`` (training or test),

        f_lin(x') <- f_lin(x') - (eta / b) Theta_0(x', B) (f_lin(B) - y(B)),

    with the columns of the initial tangent kernel for the batch ``B``. This
    recursion is evaluated step by step (no approximation: it is the image of
    the parameter-space update). Arguments as in :func:`linearised_gd`, with
    ``batches`` as in :func:`train_sgd`; ``steps`` are the recorded steps.
    Returns ``(train (T, S, P), test (T, S, Q) or None)``.
    """
    k, f = _kernel_start(ntk_train, f0_train)
    n_seeds, p = k.shape[:2]
    y = _targets(y, n_seeds, p)
    eta = positive_float("eta", eta)
    batches = _check_batches(batches, n_seeds, p)
    n_steps, _, b = batches.shape
    steps = record_steps(steps, n_steps)
    q = 0
    if ntk_test_train is not None:
        kt, f0t = _test_start(ntk_test_train, f0_test, n_seeds, p)
        q = kt.shape[1]
        k = np.concatenate([k, kt], axis=1)  # (S, P + Q, P)
        f = np.concatenate([f, f0t], axis=1)
    else:
        f = f.copy()
    out = np.empty((steps.size, n_seeds, p + q))
    seeds = np.arange(n_seeds)[:, None]
    k_items = np.swapaxes(k, 1, 2)  # (S, P, P + Q): row mu is the kernel column of item mu
    k_rec = 0
    for step in range(n_steps + 1):
        if k_rec < steps.size and steps[k_rec] == step:
            out[k_rec] = f
            k_rec += 1
        if step == n_steps:
            break
        batch = batches[step]
        residual = f[seeds, batch] - y[seeds, batch]  # (S, b)
        f -= (eta / b) * (residual[:, None, :] @ k_items[seeds, batch])[:, 0, :]
    return out[:, :, :p], (out[:, :, p:] if q else None)


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
    flow on docs/mathematics.md §1's loss with whitened inputs, has the error
    ``E = sigma_yx - N_lin`` obeying the linear ODE
    ``tau dE/dt = -(B E + E A)``, ``B = w2 w2^T``, ``A = w1^T w1`` (its
    kernel is the NTK of docs/mathematics.md §3 frozen at the start). With ``B = U diag(b) U^T``
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
