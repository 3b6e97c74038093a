"""Figure 5: networks trained by minibatch SGD against their linearisation trained by the same minibatches.

Shem-Ur & Oz state their trajectory bound for stochastic gradient descent: if
the *linearised* SGD converges exponentially, the deviation stays
``O(s^0 / m(n))`` for every step ``s``. :func:`run` trains ``n_seeds``
networks of every width (two-layer, :func:`~exactdln.wide_networks.init_two_layer`
with the initial weights of Figure 1, or the two-hidden-layer
:class:`~exactdln.wide_networks.MLP`) by
:func:`~exactdln.linearisation.train_sgd`, each seed with its own seeded
stream of minibatches (:func:`~exactdln.linearisation.minibatches`), and the
linearised model by the same batches, exactly
(:func:`~exactdln.linearisation.linearised_sgd`). A batch of the whole
training set is full-batch gradient descent. :func:`plan` names the runs the
figure needs; :func:`measure` reduces them to the numbers the paper quotes.
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...linearisation import linearised_sgd, minibatches, train_sgd
from ...wide_networks import init_mlp, init_two_layer
from . import slopes
from .records import record_grid

NETWORKS = ("two_layer", "mlp")
SERIES = ("gap_train", "gap_test", "loss", "loss_lin")  # (W, T, S) arrays
# with batch 1 the linearised step on item x multiplies its residual by 1 - eta Theta_0(x, x)
EXPANDING = 2.0


def plan(cfg: dict, n_train: int) -> dict[str, dict]:
    """The runs of Figure 5 from the ``shemur2024.sgd`` block, by name.

    Each entry holds :func:`run`'s ``network``, ``activation``, ``batch_size``,
    ``eta``, ``widths``, ``n_seeds`` and its ``role`` in the figure:

    - ``main``: two-layer networks of every activation of ``cfg["activations"]`` with
      ``cfg["batch_size"]`` at ``cfg["eta"][activation]``, ``<activation>_b<batch_size>``;
    - ``full``: the same with the whole training set as the batch (gradient
      descent), ``<activation>_full``;
    - ``batch``: the further batch sizes of ``cfg["batch_study"]`` for its activation;
    - ``noncontracting``: ``cfg["noncontracting"]`` (activation, batch size and a
      learning rate at which the linearised SGD does not contract), ``noncontracting``;
    - ``mlp``: the two-hidden-layer network, ``mlp_<activation>_b<batch_size>``.
    """
    b = int(cfg["batch_size"])
    two = {"network": "two_layer", "widths": list(cfg["widths"]), "n_seeds": int(cfg["n_seeds"])}
    out: dict[str, dict] = {}
    for act in cfg["activations"]:
        eta = float(cfg["eta"][act])
        out[f"{act}_b{b}"] = {**two, "activation": act, "batch_size": b, "eta": eta, "role": "main"}
        out[f"{act}_full"] = {
            **two,
            "activation": act,
            "batch_size": int(n_train),
            "eta": eta,
            "role": "full",
        }
    act = cfg["batch_study"]["activation"]
    for size in cfg["batch_study"]["batch_sizes"]:
        name = f"{act}_full" if size == n_train else f"{act}_b{size}"
        out.setdefault(
            name,
            {
                **two,
                "activation": act,
                "batch_size": int(size),
                "eta": float(cfg["eta"][act]),
                "role": "batch",
            },
        )
    nc = cfg["noncontracting"]
    out["noncontracting"] = {
        **two,
        "activation": nc["activation"],
        "batch_size": int(nc["batch_size"]),
        "eta": float(nc["eta"]),
        "role": "noncontracting",
    }
    mlp = cfg["mlp"]
    out[f"mlp_{mlp['activation']}_b{b}"] = {
        "network": "mlp",
        "activation": mlp["activation"],
        "batch_size": b,
        "eta": float(mlp["eta"]),
        "widths": list(mlp["widths"]),
        "n_seeds": int(mlp["n_seeds"]),
        "role": "mlp",
    }
    return out


def settings(entry: dict) -> dict:
    """The arguments of :func:`run` in a :func:`plan` entry (without its ``role``)."""
    return {k: v for k, v in entry.items() if k != "role"}


def _rms(a, axis=-1):
    return np.sqrt(np.mean(np.square(a), axis=axis))


def record_steps(n_steps: int, n_records: int) -> np.ndarray:
    """:func:`~.records.record_grid` plus step ``n_steps // 10`` (for :func:`growth`)."""
    return np.union1d(record_grid(n_steps, n_records), [n_steps // 10])


def run(
    task: dict,
    *,
    network: str,
    activation: str,
    widths,
    n_seeds: int,
    seed: int,
    eta: float,
    batch_size: int,
    n_steps: int,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train by SGD at every width; returns ``(W, T, S)`` arrays ``gap_train``, ``gap_test`` (RMS of
    ``f - f_lin`` over the training and test points), ``loss``, ``loss_lin`` (training losses
    ``1/(2P) sum (f - y)^2``), ``ntk_diag (W, S, P)`` (the initial kernel's diagonal
    ``Theta_0(x, x)`` on the training points: with batch 1 the linearised step multiplies the
    sampled item's residual by ``1 - eta Theta_0(x, x)``), with ``widths``, ``steps``, ``times``
    (``eta * step``), ``eta``, ``batch_size``.

    The initial weights of width ``m`` are ``default_rng([seed, m])`` (Figure 1's, for two-layer
    networks); the minibatches of width ``m`` come from ``default_rng([seed, m, 7, batch_size])``.
    """
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {NETWORKS}, got {network!r}")
    x, y, x_test = task["x"], task["y"], task["x_test"]
    eta = positive_float("eta", eta)
    n_steps, batch_size = positive_int("n_steps", n_steps), positive_int("batch_size", batch_size)
    records = record_steps(n_steps, n_records)
    init = init_two_layer if network == "two_layer" else init_mlp
    out: dict[str, list] = {}
    for width in widths:
        width = positive_int("widths[i]", width)
        if progress:
            print(
                f"{network} {activation}, width {width}: batch {batch_size}, eta = {eta:g}", file=sys.stderr
            )
        net = init(x.shape[0], width, n_seeds, np.random.default_rng([seed, width]))
        batches = minibatches(
            x.shape[1], batch_size, n_steps, n_seeds, np.random.default_rng([seed, width, 7, batch_size])
        )
        sgd = train_sgd(
            net, x, y, activation=activation, eta=eta, batches=batches, record=records, x_test=x_test
        )
        ntk = net.ntk(x, activation)
        with np.errstate(over="ignore", invalid="ignore"):  # a non-contracting linearisation can overflow
            lin, lin_test = linearised_sgd(
                ntk,
                sgd.train[0],
                y,
                eta=eta,
                batches=batches,
                steps=records,
                ntk_test_train=net.ntk(x_test, activation, x),
                f0_test=sgd.test[0],
            )
            row = {
                "gap_train": _rms(sgd.train - lin),
                "gap_test": _rms(sgd.test - lin_test),
                "loss": 0.5 * np.mean((sgd.train - y) ** 2, axis=-1),
                "loss_lin": 0.5 * np.mean((lin - y) ** 2, axis=-1),
                "ntk_diag": np.diagonal(ntk, axis1=1, axis2=2),
            }
        for key, value in row.items():
            out.setdefault(key, []).append(value)
    return {
        **{k: np.asarray(v) for k, v in out.items()},
        "widths": np.asarray(widths, dtype=int),
        "steps": records,
        "times": eta * records,
        "eta": eta,
        "batch_size": batch_size,
    }


def deviations(d: dict) -> dict[str, np.ndarray]:
    """Per width and seed, ``(W, S)``: the deviation's maximum over the recorded steps and its final
    value, on the test and on the training points."""
    return {
        "sup_test": d["gap_test"].max(axis=1),
        "sup_train": d["gap_train"].max(axis=1),
        "final_test": d["gap_test"][:, -1],
        "final_train": d["gap_train"][:, -1],
    }


def growth(d: dict, fraction: int = 10) -> float:
    """The seed-mean test deviation at the last step over that at step ``n_steps // fraction``, at the
    widest width (``fraction=10``: the issue's measure; ``2``: last over middle step)."""
    steps = d["steps"]
    k = int(np.searchsorted(steps, steps[-1] // fraction))
    if steps[k] != steps[-1] // fraction:
        raise ValueError(f"step {steps[-1] // fraction} was not recorded")
    gap = d["gap_test"][-1].mean(axis=-1)
    return float(gap[-1] / gap[k])


def measure(runs: dict, *, fit_min_width: int, tolerance: float = slopes.TOLERANCE) -> dict:
    """Per run (``runs[name]`` a :func:`run` dict): :func:`~.slopes.fit` of every :func:`deviations`
    quantity against the width (``<quantity>_slope``, ``_stderr``, ``_power_law``, ``_half_slopes``),
    the seed means at the widest width (``<quantity>_widest``), :func:`growth` (``growth``: last over a
    tenth of the steps; ``growth_half``: last over half), ``eta Theta_0(x, x)`` (mean at the widest
    width, ``eta_ntk_diag_widest``; largest, ``eta_ntk_diag_max``) and, per width, how many networks
    have a training point with ``eta Theta_0(x, x) > 2`` (``expanding_networks``), whether the linearised
    model converged (``lin_loss_final_widest`` over ``lin_loss_initial_widest``) and the network's final
    training loss at the widest width. A run whose deviation is not finite everywhere gets no slopes."""
    out: dict = {}
    for name, d in runs.items():
        entry: dict = {
            "largest_width": int(d["widths"][-1]),
            "batch_size": int(d["batch_size"]),
            "eta": float(d["eta"]),
        }
        for key, values in deviations(d).items():
            entry[f"{key}_widest"] = float(values[-1].mean())
            if np.all(np.isfinite(values)) and np.all(values > 0):
                f = slopes.fit(d["widths"], values, fit_min=fit_min_width, tolerance=tolerance)
                entry.update({f"{key}_{k}": v for k, v in slopes.named(f).items()})
        entry["growth"] = growth(d)
        entry["growth_half"] = growth(d, 2)
        eta_diag = d["eta"] * d["ntk_diag"]  # (W, S, P)
        entry["eta_ntk_diag_widest"] = float(eta_diag[-1].mean())
        entry["eta_ntk_diag_max"] = float(eta_diag.max())
        entry["expanding_networks"] = [int(n) for n in np.any(eta_diag > EXPANDING, axis=-1).sum(axis=-1)]
        entry["lin_loss_initial_widest"] = float(d["loss_lin"][-1, 0].mean())
        entry["lin_loss_final_widest"] = float(d["loss_lin"][-1, -1].mean())
        entry["loss_final_widest"] = float(d["loss"][-1, -1].mean())
        out[name] = entry
    return out
