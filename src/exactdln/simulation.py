"""Full-batch gradient descent, matched to the exact flow (docs/mathematics.md §1, §5).

Linear networks of any depth (:func:`train_deep`, :func:`train_two_layer`) and
two-layer networks with a tanh or ReLU hidden layer (:func:`train_nonlinear`,
simulation only: the exact solution holds for linear networks). For deep networks
(Saxe et al. 2014): the decoupled modes of an aligned balanced start
(:func:`train_deep_modes`), learning times over a grid of learning rates
(:func:`learning_time_sweep`), and an exactly equivalent smaller output layer for
two-layer networks with many outputs (:func:`reduce_outputs`).

Gradient descent with learning rate ``eta`` (``W <- W - eta dL/dW``, loss
``L = 1/(2P) sum ||y - W_tot x||^2``) follows the gradient flow with ``tau = 1``
at times ``t = eta * step``; the difference is ``O(eta)``. The gradients are
computed from the task statistics ``sigma_yx`` and ``sigma_xx`` (identical to
the per-item sum), so any inputs work here, whitened or not.

All functions are vectorised: weights may carry leading batch axes
(``w1`` of shape ``(B, n_hidden, n_in)``) to train many networks at once, and
task statistics broadcast against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import activations, measures
from ._checks import positive_float, positive_int
from ._progress import Progress
from .schedules import record_steps
from .tasks import Task


@dataclass(frozen=True)
class Trajectory:
    """Weights recorded during gradient descent.

    ``weights[l]`` has shape ``(T, *batch, rows_l, cols_l)``: layer ``l + 1``
    (``weights[0]`` is ``w1``) at each recorded step. ``times = eta * steps``
    are in units of ``tau`` (docs/mathematics.md §1).
    """

    steps: np.ndarray
    eta: float
    weights: tuple[np.ndarray, ...]
    sigma_yx: np.ndarray
    sigma_xx: np.ndarray
    sigma_yy: np.ndarray | None = None

    @property
    def times(self) -> np.ndarray:
        """Gradient-flow time ``eta * step`` of each record."""
        return self.eta * self.steps

    @property
    def w1(self) -> np.ndarray:
        return self.weights[0]

    @property
    def w2(self) -> np.ndarray:
        return self.weights[-1]

    def network_function(self) -> np.ndarray:
        """``W_L ... W_1`` at each record, ``(T, *batch, n_out, n_in)``."""
        out = self.weights[0]
        for w in self.weights[1:]:
            out = w @ out
        return out

    def w1tw1(self) -> np.ndarray:
        """``W_1^T W_1`` at each record (input-side hidden similarity)."""
        return np.swapaxes(self.w1, -1, -2) @ self.w1

    def w2w2t(self) -> np.ndarray:
        """``W_L W_L^T`` at each record (output-side hidden similarity)."""
        return self.w2 @ np.swapaxes(self.w2, -1, -2)

    def loss(self) -> np.ndarray:
        """Training loss at each record, ``(T, *batch)``: :func:`exactdln.measures.loss` with ``sigma_xx``.

        ``1/2 tr(sigma_yy) - tr(sigma_yx^T W) + 1/2 tr(W sigma_xx W^T)``; without
        ``sigma_yy`` the constant ``1/2 tr(sigma_yy)`` is replaced by
        ``1/2 ||sigma_yx||_F^2`` (exact for linear targets on whitened inputs).
        """
        return measures.loss(self.network_function(), self.sigma_yx, self.sigma_yy, sigma_xx=self.sigma_xx)


def _statistics(task, sigma_xx):
    if isinstance(task, Task):
        if sigma_xx is not None:
            raise ValueError("pass either a Task or sigma_yx (with sigma_xx), not both")
        return task.sigma_yx, task.sigma_xx, task.sigma_yy
    sigma_yx = np.asarray(task, dtype=float)
    if sigma_yx.ndim < 2 or not np.all(np.isfinite(sigma_yx)):
        raise ValueError(f"sigma_yx must be a finite (..., n_out, n_in) array, got shape {sigma_yx.shape}")
    if sigma_xx is None:
        sigma_xx = np.eye(sigma_yx.shape[-1])
    sigma_xx = np.asarray(sigma_xx, dtype=float)
    if sigma_xx.shape[-2:] != (sigma_yx.shape[-1],) * 2 or not np.all(np.isfinite(sigma_xx)):
        raise ValueError(
            f"sigma_xx has shape {sigma_xx.shape}; expected (..., {sigma_yx.shape[-1]}, "
            f"{sigma_yx.shape[-1]}) with finite entries"
        )
    return sigma_yx, sigma_xx, None


def train_deep(
    weights: Sequence,
    task,
    *,
    eta: float,
    n_steps: int,
    sigma_xx=None,
    record=None,
    progress: bool = False,
) -> Trajectory:
    """Full-batch gradient descent on ``y = W_L ... W_1 x`` (docs/mathematics.md §5).

    Parameters
    ----------
    weights : sequence of arrays
        ``[W_1, ..., W_L]``, ``W_l`` of shape ``(*batch, n_l, n_{l-1})``.
    task : Task or array
        A :class:`~exactdln.tasks.Task`, or ``sigma_yx`` of shape
        ``(*batch, n_out, n_in)`` (then ``sigma_xx`` defaults to ``I``).
    eta : float
        Learning rate; step ``k`` corresponds to flow time ``t = eta k`` (``tau = 1``).
    n_steps : int
        Number of updates.
    record : int or sequence of int, optional
        Record every ``record`` steps (and the last), or at the given steps;
        default every step.
    progress : bool
        Print a progress line on stderr.

    Returns
    -------
    Trajectory
        Recorded weights with shapes ``(T, *batch, n_l, n_{l-1})``.
    """
    eta = positive_float("eta", eta)
    n_steps = positive_int("n_steps", n_steps) if n_steps != 0 else 0
    ws = [np.array(w, dtype=float) for w in weights]
    if not ws:
        raise ValueError("weights must hold at least one matrix")
    for i, w in enumerate(ws):
        if w.ndim < 2 or not np.all(np.isfinite(w)):
            raise ValueError(f"weights[{i}] must be a finite (..., rows, cols) array")
        if i and w.shape[-1] != ws[i - 1].shape[-2]:
            raise ValueError(
                f"weights[{i}] has shape {w.shape} but weights[{i - 1}] has {ws[i - 1].shape}: "
                f"layer {i + 1} must take {ws[i - 1].shape[-2]} inputs"
            )
    sigma_yx, sigma_xx, sigma_yy = _statistics(task, sigma_xx)
    if sigma_yx.shape[-2:] != (ws[-1].shape[-2], ws[0].shape[-1]):
        raise ValueError(
            f"sigma_yx has shape {sigma_yx.shape} but the network maps {ws[0].shape[-1]} inputs "
            f"to {ws[-1].shape[-2]} outputs"
        )
    steps = record_steps(record, n_steps)
    records = [np.empty((steps.size, *w.shape)) for w in ws]
    bar = Progress(n_steps, "gradient descent", progress)
    k_rec = 0
    step_xx = _unless_identity(sigma_xx)
    for step in range(n_steps + 1):
        if k_rec < steps.size and steps[k_rec] == step:
            for rec, w in zip(records, ws, strict=True):
                rec[k_rec] = w
            k_rec += 1
        if step == n_steps:
            break
        ws = _gd_step(ws, sigma_yx, step_xx, eta)
        bar.update(step + 1)
    return Trajectory(steps, eta, tuple(records), sigma_yx, sigma_xx, sigma_yy)


def _unless_identity(sigma_xx):
    """``None`` if ``sigma_xx`` is exactly the identity (whitened inputs), else ``sigma_xx``.

    The update then skips the product with ``sigma_xx``: for finite numbers
    ``x * 1 + 0 * y + ... == x``, so no value changes (at most a zero's sign).
    """
    m = np.asarray(sigma_xx)
    return None if np.all(m == np.eye(m.shape[-1])) else sigma_xx


def _gd_step(ws: list[np.ndarray], sigma_yx, sigma_xx, eta: float) -> list[np.ndarray]:
    """One update of every layer from the same (old) weights."""
    return _gd_step_and_product(ws, sigma_yx, sigma_xx, eta)[0]


def _gd_step_and_product(ws: list[np.ndarray], sigma_yx, sigma_xx, eta):
    """One update of every layer, and the product ``W_L ... W_1`` of the old weights.

    ``eta`` is a float or an array that broadcasts against the weights' batch axes
    (e.g. ``(B, 1, 1)`` for one learning rate per network). ``sigma_xx=None``
    stands for the identity (see :func:`_unless_identity`).
    """
    n = len(ws)
    below = [None] * n  # below[l] = W_{l-1} ... W_1 (None for l = 0)
    prod = None
    for i in range(n):
        below[i] = prod
        prod = ws[i] if prod is None else ws[i] @ prod
    err = sigma_yx - (prod if sigma_xx is None else prod @ sigma_xx)  # (*batch, n_out, n_in)
    new = list(ws)
    above = None  # W_L ... W_{l+1}
    for i in range(n - 1, -1, -1):
        g = err if above is None else np.swapaxes(above, -1, -2) @ err
        g = g if below[i] is None else g @ np.swapaxes(below[i], -1, -2)
        new[i] = ws[i] + eta * g
        if i:  # the first layer's "above" would be the whole product again, unused
            above = ws[i] if above is None else above @ ws[i]
    return new, prod


def train_two_layer(
    w1,
    w2,
    task,
    *,
    eta: float,
    n_steps: int,
    sigma_xx=None,
    record=None,
    progress: bool = False,
) -> Trajectory:
    """Full-batch gradient descent on ``y = w2 w1 x``; see :func:`train_deep`.

    ``w1`` is ``(*batch, n_hidden, n_in)`` and ``w2`` is ``(*batch, n_out, n_hidden)``.
    The updates are ``w1 += eta w2^T (sigma_yx - w2 w1 sigma_xx)`` and
    ``w2 += eta (sigma_yx - w2 w1 sigma_xx) w1^T`` (docs/mathematics.md §1).
    """
    return train_deep(
        [w1, w2],
        task,
        eta=eta,
        n_steps=n_steps,
        sigma_xx=sigma_xx,
        record=record,
        progress=progress,
    )


# ---------------------------------------------------------------------------- nonlinear two-layer networks
def forward(w1, w2, x, activation: str = "linear") -> np.ndarray:
    """Outputs ``w2 f(w1 x)`` of a two-layer network, ``(*batch, n_out, P)``.

    ``w1`` is ``(*batch, n_hidden, n_in)``, ``w2`` is ``(*batch, n_out, n_hidden)``
    and ``x`` is ``(*batch, n_in, P)`` (batch axes broadcast). ``f`` is the
    ``activation`` (one of :data:`exactdln.activations.NAMES`).
    """
    activations.check(activation)
    return np.asarray(w2) @ activations.apply(activation, np.asarray(w1) @ np.asarray(x))


def network_loss(w1, w2, x, y, activation: str = "linear") -> np.ndarray:
    """Mean squared error ``1/(2P) sum_mu ||y_mu - w2 f(w1 x_mu)||^2``, shape ``(*batch,)``.

    For ``activation="linear"`` and whitened inputs this equals docs/mathematics.md §3's
    ``1/2 ||sigma_yx - w2 w1||_F^2 + const``.
    """
    err = np.asarray(y) - forward(w1, w2, x, activation)
    return 0.5 * np.sum(err**2, axis=(-2, -1)) / err.shape[-1]


@dataclass(frozen=True)
class NetworkTrajectory:
    """Weights of a two-layer network (any activation) recorded during gradient descent.

    ``w1`` is ``(T, *batch, n_hidden, n_in)`` and ``w2`` is ``(T, *batch, n_out, n_hidden)``;
    ``x`` (``(*batch, n_in, P)``) and ``y`` are the training data.
    """

    steps: np.ndarray
    eta: float
    w1: np.ndarray
    w2: np.ndarray
    x: np.ndarray
    y: np.ndarray
    activation: str

    @property
    def times(self) -> np.ndarray:
        """Gradient-flow time ``eta * step`` of each record."""
        return self.eta * self.steps

    def outputs(self, x=None) -> np.ndarray:
        """Network outputs at each record, ``(T, *batch, n_out, P)``, on ``x`` (default: training inputs)."""
        return forward(self.w1, self.w2, self.x if x is None else x, self.activation)

    def loss(self, x=None, y=None) -> np.ndarray:
        """Loss at each record, ``(T, *batch)``, on ``(x, y)`` (default: the training data).

        Evaluating on another task's data gives the loss on that task, e.g. to
        measure forgetting in continual learning.
        """
        if (x is None) != (y is None):
            raise ValueError("pass both x and y (another task's data), or neither")
        if x is None:
            x, y = self.x, self.y
        return network_loss(self.w1, self.w2, x, y, self.activation)

    def balance(self) -> np.ndarray:
        """``||w1 w1^T - w2^T w2||_F`` at each record (conserved by the linear flow, docs/mathematics.md
        §1)."""
        d = self.w1 @ np.swapaxes(self.w1, -1, -2) - np.swapaxes(self.w2, -1, -2) @ self.w2
        return np.linalg.norm(d, axis=(-2, -1))


def train_nonlinear(
    w1,
    w2,
    x,
    y,
    *,
    activation: str,
    eta: float,
    n_steps: int,
    record=None,
    progress: bool = False,
) -> NetworkTrajectory:
    """Full-batch gradient descent on ``y_hat = w2 f(w1 x)`` with loss ``1/(2P) sum ||y - y_hat||^2``.

    With ``h = w1 x``, ``e = y - w2 f(h)``, the updates are
    ``w2 += eta/P e f(h)^T`` and ``w1 += eta/P ((w2^T e) * f'(h)) x^T``
    (both from the old weights). For ``activation="linear"`` this is exactly
    :func:`train_two_layer` (docs/mathematics.md §1); ``"tanh"`` and ``"relu"`` (``f'(0) = 0``)
    have no exact solution and are simulation only.

    Parameters
    ----------
    w1, w2 : arrays ``(*batch, n_hidden, n_in)`` and ``(*batch, n_out, n_hidden)``
    x, y : arrays ``(*batch, n_in, P)`` and ``(*batch, n_out, P)``
        Inputs and targets, one column per item; batch axes broadcast against the weights.
    activation : {"linear", "tanh", "relu"}
    eta, n_steps, record, progress
        As in :func:`train_deep`.

    Zero-padding is exact: padded hidden units (zero rows of ``w1`` and columns
    of ``w2``), inputs (zero rows of ``x``) and outputs (zero rows of ``y`` and
    ``w2``) stay zero, for every activation with ``f(0) = 0``; so networks of
    different sizes can train as one batch.
    """
    activations.check(activation)
    eta = positive_float("eta", eta)
    n_steps = positive_int("n_steps", n_steps) if n_steps != 0 else 0
    w1 = np.array(w1, dtype=float)
    w2 = np.array(w2, dtype=float)
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    for name, arr in (("w1", w1), ("w2", w2), ("x", x), ("y", y)):
        if arr.ndim < 2 or not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be a finite (..., rows, cols) array, got shape {arr.shape}")
    if w1.shape[-1] != x.shape[-2]:
        raise ValueError(f"w1 has shape {w1.shape} but x has {x.shape}: w1 must take {x.shape[-2]} inputs")
    if w2.shape[-1] != w1.shape[-2]:
        raise ValueError(f"w2 has shape {w2.shape} but w1 has {w1.shape}: w2 must take {w1.shape[-2]} inputs")
    if y.shape[-2] != w2.shape[-2] or y.shape[-1] != x.shape[-1]:
        raise ValueError(
            f"y has shape {y.shape}; expected (..., {w2.shape[-2]}, {x.shape[-1]}) (n_out of w2, items of x)"
        )
    try:
        batch = np.broadcast_shapes(w1.shape[:-2], w2.shape[:-2], x.shape[:-2], y.shape[:-2])
    except ValueError:
        raise ValueError(
            f"batch axes do not broadcast: w1 {w1.shape}, w2 {w2.shape}, x {x.shape}, y {y.shape}"
        ) from None
    w1 = np.array(np.broadcast_to(w1, (*batch, *w1.shape[-2:])))
    w2 = np.array(np.broadcast_to(w2, (*batch, *w2.shape[-2:])))
    rate = eta / x.shape[-1]
    xt = np.swapaxes(x, -1, -2)
    steps = record_steps(record, n_steps)
    rec1 = np.empty((steps.size, *w1.shape))
    rec2 = np.empty((steps.size, *w2.shape))
    bar = Progress(n_steps, f"gradient descent ({activation})", progress)
    k_rec = 0
    for step in range(n_steps + 1):
        if k_rec < steps.size and steps[k_rec] == step:
            rec1[k_rec], rec2[k_rec] = w1, w2
            k_rec += 1
        if step == n_steps:
            break
        a = activations.apply(activation, w1 @ x)
        err = y - w2 @ a
        back = np.swapaxes(w2, -1, -2) @ err
        if activation != "linear":
            back *= activations.derivative_from_output(activation, a)
        w2 = w2 + rate * (err @ np.swapaxes(a, -1, -2))
        w1 = w1 + rate * (back @ xt)
        bar.update(step + 1)
    return NetworkTrajectory(steps, eta, rec1, rec2, x, y, activation)
