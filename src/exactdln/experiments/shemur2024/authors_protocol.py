"""The width experiment of the authors' public code (``main.py`` of khencohen/WeakCorrelationsNTK), in numpy.

Their ``run_width_experiment`` as ``__main__`` calls it, read at commit ``f57a62c``
(we read their settings; no code is copied):

- data: ``int(128 / 0.8) = 160`` MNIST images of all ten classes, 128 for training
  (the other 32 unused), all 784 pixels, each split standardised by the mean and
  standard deviation of all its pixels; one-hot targets ``(P, 10)``
  (:func:`~.data.mnist_classes_task`);
- network: one hidden ReLU layer with biases in NTK parameterisation
  (Neural Tangents' ``Dense(W_std=1, b_std=0.05)`` twice),
  ``f(x) = V relu(W x / sqrt(d) + beta b) / sqrt(n) + beta c`` with ``beta = 0.05``
  and standard normal ``W (n, d)``, ``b (n)``, ``V (K, n)``, ``c (K)``;
  widths 8 to 1024;
- training: 1000 steps of full-batch gradient descent with learning rate 1 on
  ``L = 0.5 mean((f - y)^2)``, the mean over the ``P K`` entries;
- measure: ``C = sqrt(0.5 mean((L - L_lin)^2)) = |L - L_lin| / sqrt(2)``
  between the training losses of the network and of its linearisation at
  the last step their loop records (after 999 of its 1000 updates). Their linearisation is Neural
  Tangents' ``predict.gradient_descent_mse`` with the empirical NTK at
  initialisation: the kernel *averaged over the ten outputs* (the default
  ``trace_axes=(-1,)``, which makes it ``Theta_bar (x) I``) and gradient
  *flow* for the time ``eta * step``.

:func:`run` trains the network exactly so (per seed; the learning rate may be
scaled as ``eta0 n^alpha``) and evaluates both that linearisation and the exact
one: the same discrete gradient descent on the first-order Taylor model, whose
kernel has the cross-output blocks ``Theta_kl``
(:func:`tangent_kernel`). Since the input-layer update is
``-eta delta X^T / sqrt(d)``, the input weights stay ``W0 + A X^T / sqrt(d)``
with ``A (n, P)``, and the network is trained in that form: the
pre-activations are ``W0 X / sqrt(d) + A X^T X / d`` (exact, and ``d / P``
times cheaper than updating ``W``).
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int, rng_from
from . import slopes

BETA = 0.05  # b_std of their Dense layers (W_std = 1)
N_CLASSES = 10  # their output_size (MNIST digits)


def init(n_in: int, width: int, n_seeds: int, seed, n_out: int = N_CLASSES) -> dict[str, np.ndarray]:
    """Standard normal ``w (S, n, d)``, ``b (S, n)``, ``v (S, K, n)``, ``c (S, K)``."""
    rng = rng_from(seed)
    return {
        "w": rng.standard_normal((n_seeds, width, n_in)),
        "b": rng.standard_normal((n_seeds, width)),
        "v": rng.standard_normal((n_seeds, n_out, width)),
        "c": rng.standard_normal((n_seeds, n_out)),
    }


def outputs(params: dict, x) -> np.ndarray:
    """``f(x)`` for every seed, output and item, ``(S, K, P)`` (the explicit form, for checks)."""
    x = np.asarray(x, dtype=float)
    width = params["w"].shape[1]
    h = params["w"] @ x / np.sqrt(x.shape[0]) + BETA * params["b"][:, :, None]
    return params["v"] @ np.maximum(h, 0.0) / np.sqrt(width) + BETA * params["c"][:, :, None]


def tangent_kernel(params: dict, x) -> np.ndarray:
    """The full tangent kernel on the points ``x``, ``(S, K P, K P)``, rows ``(k, mu)`` output-major.

    ``Theta_kl(x, x') = delta_kl [relu(h) . relu(h') / n + beta^2]
    + sum_r v_kr v_lr 1[h_r > 0] 1[h'_r > 0] (x . x' / d + beta^2) / n``.
    """
    x = np.asarray(x, dtype=float)
    s, n, d = params["w"].shape
    k = params["v"].shape[1]
    p = x.shape[1]
    h = params["w"] @ x / np.sqrt(d) + BETA * params["b"][:, :, None]
    act, slope = np.maximum(h, 0.0), (h > 0).astype(float)
    readout = np.swapaxes(act, 1, 2) @ act / n + BETA**2  # (S, P, P)
    gram = x.T @ x / d + BETA**2
    m = (params["v"][:, :, :, None] * slope[:, None, :, :]).transpose(0, 1, 3, 2).reshape(s, k * p, n)
    theta = (m @ np.swapaxes(m, 1, 2)) / n * np.tile(gram, (k, k))
    for j in range(k):
        theta[:, j * p : (j + 1) * p, j * p : (j + 1) * p] += readout
    return theta


def train(params: dict, x, y, *, eta: float, n_steps: int, record) -> dict[str, np.ndarray]:
    """Full-batch gradient descent on ``0.5 mean((f - y)^2)`` (mean over ``P K`` entries).

    ``y`` is ``(P, K)``. Returns ``train (T, S, K, P)``, the outputs at the
    recorded steps (after that many updates), and the final ``params`` (with
    ``w`` reconstructed as ``W0 + A X^T / sqrt(d)``).
    """
    x = np.asarray(x, dtype=float)
    d, p = x.shape
    s, n, _ = params["w"].shape
    k = params["v"].shape[1]
    target = np.asarray(y, dtype=float).T[None]  # (1, K, P)
    eta = positive_float("eta", eta)
    record = np.asarray(record, dtype=int)
    h0 = params["w"] @ x / np.sqrt(d)  # (S, n, P)
    gram = x.T @ x / d  # (P, P)
    a = np.zeros((s, n, p))
    b, v, c = params["b"].copy(), params["v"].copy(), params["c"].copy()
    root_n, norm = np.sqrt(n), 1.0 / (p * k)
    out = np.empty((record.size, s, k, p))
    k_rec = 0
    for step in range(int(n_steps) + 1):
        h = h0 + a @ gram + BETA * b[:, :, None]
        act = np.maximum(h, 0.0)
        f = v @ act / root_n + BETA * c[:, :, None]
        if k_rec < record.size and record[k_rec] == step:
            out[k_rec] = f
            k_rec += 1
        if step == n_steps:
            break
        r = (f - target) * norm  # dL/df
        delta = (np.swapaxes(v, 1, 2) @ r) / root_n * (h > 0)  # dL/dh, (S, n, P)
        v -= eta * (r @ np.swapaxes(act, 1, 2)) / root_n
        c -= eta * BETA * r.sum(axis=2)
        b -= eta * BETA * delta.sum(axis=2)
        a -= eta * delta
    w = params["w"] + a @ x.T / np.sqrt(d)
    return {"train": out, "params": {"w": w, "b": b, "v": v, "c": c}}


def linearised(theta, f0, y, *, eta: float, steps, flow: bool) -> np.ndarray:
    """The linearised model's training outputs ``(T, S, K, P)`` after ``steps`` steps, exactly.

    ``theta`` is the full kernel ``(S, K P, K P)`` (:func:`tangent_kernel`) or an
    output-averaged one ``(S, P, P)``, used as ``Theta_bar (x) I``; ``f0`` is
    ``(S, K, P)``. ``flow=False``: discrete gradient descent,
    ``F <- F - eta / (P K) Theta (F - y)``; ``flow=True``: gradient flow for the
    time ``eta * step`` (what Neural Tangents' ``gradient_descent_mse`` gives).
    """
    theta, f0 = np.asarray(theta, dtype=float), np.asarray(f0, dtype=float)
    s, k, p = f0.shape
    steps = np.asarray(steps, dtype=float)
    target = np.asarray(y, dtype=float).T  # (K, P)
    full = theta.shape[1] == k * p
    lam, vecs = np.linalg.eigh(theta)
    lam = np.maximum(lam, 0.0) * eta / (p * k)
    r0 = (f0 - target).reshape(s, k * p) if full else np.swapaxes(f0 - target, 1, 2)  # (S, KP) or (S, P, K)
    z = np.einsum("sij,si...->sj...", vecs, r0)
    kk = steps[:, None, None]
    decay = np.exp(-lam[None] * kk) if flow else np.power(1.0 - lam[None], kk)  # (T, S, N)
    if full:
        r = np.einsum("sij,tsj->tsi", vecs, decay * z[None])
        return target[None, None] + r.reshape(steps.size, s, k, p)
    r = np.einsum("sij,tsjk->tsik", vecs, decay[..., None] * z[None])  # (T, S, P, K)
    return target[None, None] + np.swapaxes(r, 2, 3)


def loss(f, y) -> np.ndarray:
    """``0.5 mean((f - y)^2)`` over outputs and items, for ``f (..., K, P)`` and ``y (P, K)``."""
    return 0.5 * np.mean((np.asarray(f) - np.asarray(y).T) ** 2, axis=(-2, -1))


def run(
    data: dict,
    *,
    widths,
    n_seeds: int,
    seed: int,
    eta0: float,
    alpha: float,
    n_steps: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train at every width (``eta = eta0 n^alpha``) for ``n_steps`` updates and measure there.

    Returns ``(W, S)`` arrays ``loss`` (network), ``loss_lin_authors``
    (output-averaged kernel, gradient flow), ``loss_lin`` (exact linearisation),
    ``loss_initial``, ``mse`` (mean squared ``F - F_lin`` over outputs and
    training items, exact linearisation), ``mse_authors``, and the two halves of
    the difference between them, ``mse_flow`` (full kernel, gradient flow) and
    ``mse_averaged`` (averaged kernel, gradient descent), with ``widths``,
    ``etas``, ``alpha``, ``n_steps``. Initial weights of width ``n``:
    ``default_rng([seed, n, 5])``.
    """
    x, y = data["x"], data["y"]
    eta0, n_steps = positive_float("eta0", eta0), positive_int("n_steps", n_steps)
    rows: dict[str, list] = {}
    for width in widths:
        width = positive_int("widths[i]", width)
        eta = eta0 * width ** float(alpha)
        if progress:
            print(f"authors' protocol, width {width}: eta = {eta:.3g}", file=sys.stderr)
        params = init(x.shape[0], width, n_seeds, np.random.default_rng([seed, width, 5]))
        run_ = train(params, x, y, eta=eta, n_steps=n_steps, record=[0, n_steps])
        f0, f = run_["train"][0], run_["train"][1]
        theta = tangent_kernel(params, x)
        p = x.shape[1]
        k = f0.shape[1]
        averaged = np.mean([theta[:, j * p : (j + 1) * p, j * p : (j + 1) * p] for j in range(k)], axis=0)
        lin = {
            (kernel, flow): linearised(matrix, f0, y, eta=eta, steps=[n_steps], flow=flow)[0]
            for kernel, matrix in (("full", theta), ("averaged", averaged))
            for flow in (False, True)
        }
        exact, authors = lin["full", False], lin["averaged", True]
        row = {
            "loss": loss(f, y),
            "loss_lin": loss(exact, y),
            "loss_lin_authors": loss(authors, y),
            "loss_initial": loss(f0, y),
            "mse": np.mean((f - exact) ** 2, axis=(1, 2)),
            "mse_authors": np.mean((f - authors) ** 2, axis=(1, 2)),
            "mse_flow": np.mean((f - lin["full", True]) ** 2, axis=(1, 2)),
            "mse_averaged": np.mean((f - lin["averaged", False]) ** 2, axis=(1, 2)),
            "etas": eta,
        }
        for key, value in row.items():
            rows.setdefault(key, []).append(value)
    return {
        **{key: np.asarray(value) for key, value in rows.items()},
        "widths": np.asarray(widths, dtype=int),
        "alpha": float(alpha),
        "n_steps": n_steps,
    }


def loss_difference(d: dict, which: str = "authors") -> np.ndarray:
    """Their measure ``C = |L - L_lin| / sqrt(2)`` per width and seed, ``(W, S)``, with their
    linearisation (``which="authors"``) or the exact one (``"exact"``)."""
    lin = d["loss_lin_authors"] if which == "authors" else d["loss_lin"]
    return np.abs(d["loss"] - lin) / np.sqrt(2.0)


QUANTITIES = {
    "loss_difference": lambda d: loss_difference(d, "authors"),
    "loss_difference_exact": lambda d: loss_difference(d, "exact"),
    "mse": lambda d: d["mse"],
    "mse_authors": lambda d: d["mse_authors"],
    "mse_flow": lambda d: d["mse_flow"],
    "mse_averaged": lambda d: d["mse_averaged"],
}


def measure(runs: dict, *, fit_min_width: int, tolerance: float = slopes.TOLERANCE) -> dict:
    """Per exponent (the keys of ``runs``, :func:`run` dicts): for every quantity of :data:`QUANTITIES`
    the width slope of its seed mean from ``fit_min_width`` on, with its standard error and power-law
    check (:func:`~.slopes.fit`: ``<quantity>_slope``, ``_stderr``, ``_power_law``, ``_half_slopes``)
    and its seed mean at the widest width (``<quantity>_widest``); the slope of their measure over all
    their widths (``loss_difference_slope_all``); the training loss at the start and the end of the
    widest and the narrowest network, and the flow time ``eta n_steps`` of the widest."""
    out: dict = {}
    for key, d in runs.items():
        entry: dict = {}
        for name, quantity in QUANTITIES.items():
            values = quantity(d)
            f = slopes.fit(d["widths"], values, fit_min=fit_min_width, tolerance=tolerance)
            entry.update({f"{name}_{k}": v for k, v in slopes.named(f).items()})
            entry[f"{name}_widest"] = float(values[-1].mean())
        entry["loss_difference_slope_all"] = slopes.fit(
            d["widths"], QUANTITIES["loss_difference"](d), fit_min=0, tolerance=tolerance
        )["slope"]
        entry["loss_initial_widest"] = float(d["loss_initial"][-1].mean())
        entry["loss_widest"] = float(d["loss"][-1].mean())
        entry["loss_initial_narrowest"] = float(d["loss_initial"][0].mean())
        entry["loss_narrowest"] = float(d["loss"][0].mean())
        entry["flow_time_widest"] = float(d["etas"][-1] * d["n_steps"])
        out[key] = entry
    return out
