"""Figures 1 and 3a: two-layer networks against their linearisation, over width and over time.

For one task and one activation, :func:`run` trains ``n_seeds`` networks of
every width by full-batch gradient descent (:func:`~exactdln.linearisation.train_gd`)
and evaluates the linearised model trained by the same update exactly
(:func:`~exactdln.linearisation.linearised_gd`). Per width it returns, at
the recorded steps, the root mean square gap ``(1/P sum_mu (F - F_lin)^2)^{1/2}``
on the training and on the test points and both models' training losses;
and, at the end of training, the relative change of the weights and of the
NTK on the training points. The initial weights of width ``m`` depend only on
``(seed, m)``, so every activation starts from the same weights and the
split of the widths into jobs (:func:`width_groups`) changes nothing.
:func:`merge` joins the runs of the width groups of one task and activation;
:func:`measure` reduces them to the slopes the paper quotes (Figures 1 and 4c) and
:func:`gap_time_ratio` to Figure 3a's ratio.
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...fits import loglog_slope
from ...linearisation import linearised_gd, relative_ntk_change, relative_weight_change, train_gd
from ...wide_networks import init_two_layer
from . import slopes
from .records import record_grid

SERIES = ("gap_train", "gap_test", "loss", "loss_lin")  # (W, T, S) arrays
FINAL = ("ntk_change", "weight_change")  # (W, S) arrays


def width_groups(widths, budget: int) -> list[list[int]]:
    """Split sorted ``widths`` into consecutive groups whose widths sum to at most ``budget``.

    A width larger than ``budget`` is a group of its own. The cost of a
    training run grows linearly with the width, so the groups cost about the
    same (one job each in the workflow).
    """
    widths = sorted(positive_int("widths[i]", w) for w in widths)
    if len(set(widths)) != len(widths):
        raise ValueError(f"widths must be distinct, got {widths}")
    budget = positive_int("budget", budget)
    groups: list[list[int]] = []
    for w in widths:
        if groups and sum(groups[-1]) + w <= budget:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def _rms(a, axis=-1):
    return np.sqrt(np.mean(np.square(a), axis=axis))


def run_one(
    task: dict,
    *,
    activation: str,
    width: int,
    n_seeds: int,
    seed: int,
    eta: float,
    n_steps: int,
    records,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """One width: the gap series ``(T, S)`` and the end-of-training changes ``(S,)`` (module docstring)."""
    x, y, x_test = task["x"], task["y"], task["x_test"]
    net = init_two_layer(x.shape[0], width, n_seeds, np.random.default_rng([seed, width]))
    run = train_gd(
        net,
        x,
        y,
        activation=activation,
        eta=eta,
        n_steps=n_steps,
        record=records,
        x_test=x_test,
        progress=progress,
    )
    k0 = net.ntk(x, activation)
    lin, lin_test = linearised_gd(
        k0,
        run.train[0],
        y,
        eta=eta,
        steps=run.steps,
        ntk_test_train=net.ntk(x_test, activation, x),
        f0_test=run.test[0],
    )
    return {
        "gap_train": _rms(run.train - lin),
        "gap_test": _rms(run.test - lin_test),
        "loss": 0.5 * np.mean((run.train - y) ** 2, axis=-1),
        "loss_lin": 0.5 * np.mean((lin - y) ** 2, axis=-1),
        "ntk_change": relative_ntk_change(k0, run.final.ntk(x, activation)),
        "weight_change": relative_weight_change(net, run.final),
        "steps": run.steps,
    }


def run(
    task: dict,
    *,
    activation: str,
    widths,
    n_seeds: int,
    seed: int,
    eta: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train at every width; ``n_steps = round(horizon / eta)`` steps of learning rate ``eta``.

    Returns ``widths (W,)``, ``steps (T,)``, ``times (T,)`` (flow time
    ``eta * step``), ``eta``, ``(W, T, S)`` arrays ``gap_train``, ``gap_test``
    (RMS over the points of ``F - F_lin``), ``loss``, ``loss_lin`` (training
    loss ``1/(2P) sum (F - y)^2`` of the network and the linearised model) and
    ``(W, S)`` arrays ``ntk_change``, ``weight_change``.
    """
    eta, horizon = positive_float("eta", eta), positive_float("horizon", horizon)
    n_steps = max(round(horizon / eta), 1)
    records = record_grid(n_steps, n_records)
    out: dict[str, list] = {}
    for width in widths:
        if progress:
            print(f"{activation}, width {width}: {n_steps} steps of eta = {eta:g}", file=sys.stderr)
        one = run_one(
            task,
            activation=activation,
            width=int(width),
            n_seeds=n_seeds,
            seed=seed,
            eta=eta,
            n_steps=n_steps,
            records=records,
            progress=progress,
        )
        for key in (*SERIES, *FINAL):
            out.setdefault(key, []).append(one[key])
    return {
        **{k: np.asarray(v) for k, v in out.items()},
        "widths": np.asarray(widths, dtype=int),
        "steps": records,
        "times": eta * records,
        "eta": eta,
    }


def merge(parts: list[dict]) -> dict[str, np.ndarray]:
    """One run dict from the runs of several width groups (same activation and settings), sorted by width."""
    widths = np.concatenate([p["widths"] for p in parts])
    order = np.argsort(widths)
    first = parts[0]
    for p in parts[1:]:
        if not np.array_equal(p["steps"], first["steps"]) or p["eta"] != first["eta"]:
            raise ValueError("width groups were trained with different settings")
    out = {k: np.concatenate([p[k] for p in parts])[order] for k in (*SERIES, *FINAL)}
    return {
        **out,
        "widths": widths[order],
        "steps": first["steps"],
        "times": first["times"],
        "eta": first["eta"],
    }


def per_seed(d: dict) -> dict[str, np.ndarray]:
    """The :func:`summary` quantities per width and seed, ``(W, S)`` (their seed means are the summary)."""
    return {
        "gap_sup_test": d["gap_test"].max(axis=1),
        "gap_sup_train": d["gap_train"].max(axis=1),
        "gap_final_test": d["gap_test"][:, -1],
        "gap_final_train": d["gap_train"][:, -1],
        "mse_final_test": np.square(d["gap_test"][:, -1]),
        "ntk_change": d["ntk_change"],
        "weight_change": d["weight_change"],
    }


def summary(d: dict) -> dict[str, np.ndarray]:
    """Seed means per width: the gap's maximum over the recorded steps and its final value
    (train and test points), the final mean squared gap on the test points (the source's MNIST
    measure), and the relative NTK and weight changes."""
    return {
        "gap_sup_test": d["gap_test"].max(axis=1).mean(axis=-1),
        "gap_sup_train": d["gap_train"].max(axis=1).mean(axis=-1),
        "gap_final_test": d["gap_test"][:, -1].mean(axis=-1),
        "gap_final_train": d["gap_train"][:, -1].mean(axis=-1),
        "mse_final_test": np.square(d["gap_test"][:, -1]).mean(axis=-1),
        "ntk_change": d["ntk_change"].mean(axis=-1),
        "weight_change": d["weight_change"].mean(axis=-1),
    }


def fit_mask(widths, fit_min_width: int) -> np.ndarray:
    """Which of ``widths`` are at least ``fit_min_width``; raises if fewer than two are."""
    fit = np.asarray(widths) >= fit_min_width
    if np.count_nonzero(fit) < 2:
        raise ValueError(
            f"fewer than two widths of {np.asarray(widths).tolist()} are >= fit_min_width={fit_min_width}"
        )
    return fit


def gap_time_ratio(d: dict) -> float:
    """The seed-mean test gap at the last recorded step over that at the middle step
    (``n_steps // 2``), at the largest width of the merged run ``d`` (Figure 3a)."""
    half = int(np.searchsorted(d["steps"], d["steps"][-1] // 2))
    gap = d["gap_test"][-1].mean(axis=-1)
    return float(gap[-1] / gap[half])


def measure(runs: dict, *, fit_min_width: int, tolerance: float = slopes.TOLERANCE) -> dict:
    """Slopes of ``log(seed mean)`` against ``log(width)`` for widths ``>= fit_min_width``, per activation.

    ``runs[activation]`` is a merged run dict (:func:`merge`). Per activation:
    the slopes of every :func:`summary` quantity with their standard errors over seeds and
    power-law checks (:func:`~.slopes.fit`, ``<quantity>_stderr``, ``<quantity>_power_law``), and
    :func:`gap_time_ratio`.
    """
    out: dict = {}
    for activation, d in runs.items():
        widths = d["widths"]
        fit = fit_mask(widths, fit_min_width)
        s = summary(d)
        checks = {
            k: slopes.fit(widths, v, fit_min=fit_min_width, tolerance=tolerance)
            for k, v in per_seed(d).items()
        }
        out[activation] = {
            **{f"{k}_slope": loglog_slope(widths[fit], v[fit]) for k, v in s.items()},
            **{f"{k}_stderr": c["stderr"] for k, c in checks.items() if c["stderr"] is not None},
            **{f"{k}_power_law": c["power_law"] for k, c in checks.items()},
            "gap_time_ratio": gap_time_ratio(d),
            "largest_width": int(widths[-1]),
            "gap_sup_test_largest": float(s["gap_sup_test"][-1]),
        }
    return out


def collapse(d: dict, *, widths, within: float = 1.1) -> dict:
    """How closely ``width x gap`` (seed-mean test gap) of ``widths`` lie on one curve (Figure 3c).

    At each recorded time ``t > 0`` the spread is ``max / min`` over the widths. Returns
    ``spread_max`` (over all times), ``spread_final`` (last step), ``collapse_time``, the first
    recorded time from which the spread stays at most ``within`` (``collapses``: whether there is
    one; if not, ``collapse_time`` is the last time), ``spread_max_early`` (over the times before
    ``collapse_time``), ``spread_min_early`` (its smallest value there) and ``widths``.
    """
    idx = [int(np.searchsorted(d["widths"], w)) for w in widths]
    if any(i >= d["widths"].size or d["widths"][i] != w for i, w in zip(idx, widths, strict=True)):
        raise ValueError(f"widths {list(widths)} are not all among the run's {d['widths'].tolist()}")
    scaled = d["gap_test"][idx, 1:].mean(axis=-1) * np.asarray(widths, dtype=float)[:, None]  # (W, T - 1)
    spread = scaled.max(axis=0) / scaled.min(axis=0)
    times = d["times"][1:]
    above = np.nonzero(spread > within)[0]
    first = 0 if above.size == 0 else int(above[-1]) + 1
    collapses = first < times.size
    early = spread[: max(first, 1)]
    return {
        "spread_max": float(spread.max()),
        "spread_final": float(spread[-1]),
        "spread_max_early": float(early.max()),
        "spread_min_early": float(early.min()),
        "collapse_time": float(times[first] if collapses else times[-1]),
        "collapses": bool(collapses),
        "within": float(within),
        "widths": [int(w) for w in widths],
    }
