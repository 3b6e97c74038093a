"""Figure 5: a five-layer linear network on MNIST (5k) from small random weights and from greedy
layer-wise pretraining, with the pretraining steps counted.

The network has ``N_l = 5`` layers of units (``D = 4`` weight matrices); inputs are the leading
principal components of MNIST (:mod:`.mnist`), every hidden layer has ``n_hidden`` units. Both
starts are trained at every rate of one grid (:func:`~exactdln.simulation.learning_time_sweep`)
and compared at their own fastest rate; the learning time is the number of steps after which
the loss stays below ``E* + f (E0 - E*)``. Pretraining
(:func:`~exactdln.pretraining.greedy_pretraining`) trains every layer, including the output
layer, as the encoder of a linear autoencoder of the layer below, for a given number of steps
per layer; its steps are added to the pretrained network's learning time, as in the source's
figure. :func:`run` also repeats the comparison for several pretraining lengths, because the
answer depends on it.
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...initialisations import deep_gaussian
from ...measures import loss
from ...rate_sweep import learning_time_sweep
from ...simulation import train_deep
from .mnist import threshold as loss_threshold
from .starts import pretrain_all, stack_starts, widths_of


def _loss_curve(weights, stats, eta: float, n_steps: int) -> np.ndarray:
    traj = train_deep(weights, stats["sigma_yx"], sigma_xx=stats["sigma_xx"], eta=eta, n_steps=n_steps)
    return loss(traj.network_function(), stats["sigma_yx"], stats["sigma_yy"], sigma_xx=stats["sigma_xx"])


def _sweep(starts, stats: dict, *, etas, threshold: float, max_steps: int):
    """:func:`~exactdln.rate_sweep.learning_time_sweep` of ``starts`` (one list of weight matrices
    per seed) at the rates ``etas``."""
    return learning_time_sweep(
        stack_starts(starts),
        stats["sigma_yx"],
        sigma_xx=stats["sigma_xx"],
        sigma_yy=stats["sigma_yy"],
        threshold=threshold,
        etas=etas,
        max_steps=max_steps,
    )


def pretraining_lengths(
    stats: dict, widths, seeds, pretraining_steps, pretraining: dict, *, progress: bool = False, **sweep
) -> dict[str, np.ndarray]:
    """Pretraining of every length in ``pretraining_steps`` (steps per layer), then fine-tuning at
    every rate (``sweep``: ``etas``, ``threshold``, ``max_steps`` of :func:`_sweep`).

    Returns ``sweep_steps (K,)``, ``sweep_total (K, seeds)`` (pretraining + best fine-tuning) and
    ``sweep_finetune (K, seeds)``.
    """
    sweep_total, sweep_fine = [], []
    for n_steps in pretraining_steps:
        runs = pretrain_all(stats["sigma_xx"], widths, seeds, int(n_steps), pretraining)
        res = _sweep([p.weights for p in runs], stats, **sweep)
        sweep_fine.append(res.best_time)
        sweep_total.append(res.best_time + np.array([p.total_steps for p in runs]))
        if progress:
            print(f"pretraining {n_steps} steps per layer: fine-tuning {res.best_time}", file=sys.stderr)
    return {
        "sweep_steps": np.asarray(pretraining_steps),
        "sweep_total": np.asarray(sweep_total),
        "sweep_finetune": np.asarray(sweep_fine),
    }


def learning_curves(
    stats: dict, random_start, pretrained_start, *, etas: dict, times: tuple, max_steps: int
) -> dict[str, np.ndarray]:
    """Loss curves of one random and one pretrained start at ``etas["random"]``,
    ``etas["pretrained"]`` (their best rates) and ``etas["common"]`` (the random start), run 1.2
    times as long as the longest of ``times`` (their learning times, the pretrained one with its
    pretraining steps)."""
    longest = max(times)
    if not np.isfinite(longest):
        raise ValueError(f"seed 0 does not reach the threshold within max_steps = {max_steps}")
    horizon = int(1.2 * longest) + 1
    return {
        "curve_random": _loss_curve(random_start, stats, etas["random"], horizon),
        "curve_random_eta": etas["random"],
        "curve_pretrained": _loss_curve(pretrained_start, stats, etas["pretrained"], horizon),
        "curve_pretrained_eta": etas["pretrained"],
        "curve_random_common": _loss_curve(random_start, stats, etas["common"], horizon),
    }


def run(
    *,
    stats: dict,
    n_hidden: int,
    n_layers: int,
    random_std: float,
    etas,
    fraction: float,
    pretraining: dict,
    pretraining_steps,
    n_seeds: int,
    seed: int,
    max_steps: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Random and pretrained starts at every rate; learning curves at the best rates.

    ``stats`` holds ``sigma_xx``, ``sigma_yx``, ``sigma_yy`` (:func:`.mnist.prepare`, prefix
    removed). ``pretraining`` holds ``eta_ratio``, ``n_steps`` (per layer) and ``init_std``
    for :func:`~exactdln.pretraining.greedy_pretraining`; ``pretraining_steps`` lists other
    per-layer lengths to compare. Returns the rate grid, ``threshold``, ``random_times`` and
    ``pretrained_times`` ``(seeds, R)``, ``pretraining_total (seeds,)``, the entries of
    :func:`pretraining_lengths`, the times at the common rate (the pretrained network's best,
    median over seeds) and the loss curves of seed 0 (:func:`learning_curves`; the pretrained
    one starts after the pretraining steps).
    """
    etas = np.asarray(etas, dtype=float)
    n_seeds = positive_int("n_seeds", n_seeds)
    n_layers = positive_int("n_layers", n_layers)
    fraction = positive_float("fraction", fraction)
    n_in, n_out = stats["sigma_yx"].shape[1], stats["sigma_yx"].shape[0]
    widths = widths_of(n_in, n_hidden, n_out, n_layers)
    thr = loss_threshold(stats["sigma_xx"], stats["sigma_yx"], stats["sigma_yy"], fraction)
    seeds = np.random.SeedSequence(seed).spawn(2 * n_seeds)
    seeds, pre_seeds = seeds[:n_seeds], seeds[n_seeds:]
    sweep = {"threshold": thr, "max_steps": max_steps}

    random_starts = [deep_gaussian(widths, np.random.default_rng(s), std=random_std) for s in seeds]
    random = _sweep(random_starts, stats, etas=etas, **sweep)
    if progress:
        print(f"random: best {random.best_time}", file=sys.stderr)
    main = pretrain_all(stats["sigma_xx"], widths, pre_seeds, pretraining["n_steps"], pretraining)
    pre = _sweep([p.weights for p in main], stats, etas=etas, **sweep)
    totals = np.array([p.total_steps for p in main])
    lengths = pretraining_lengths(
        stats, widths, pre_seeds, pretraining_steps, pretraining, progress=progress, etas=etas, **sweep
    )
    # one rate for both: the pretrained network's best rate (median over seeds)
    eta_common = float(np.median(pre.best_eta))
    random_common = _sweep(random_starts, stats, etas=np.array([eta_common]), **sweep)
    pre_common = _sweep([p.weights for p in main], stats, etas=np.array([eta_common]), **sweep)
    # seed 0: each start at its best rate, and the random one at the common rate
    rates = {"random": float(random.best_eta[0]), "pretrained": float(pre.best_eta[0]), "common": eta_common}
    times = (random.best_time[0], pre.best_time[0] + totals[0], random_common.best_time[0])
    first = (random_starts[0], list(main[0].weights))
    curves = learning_curves(stats, *first, etas=rates, times=times, max_steps=max_steps)
    return {
        "etas": etas,
        "random_std": random_std,
        "threshold": thr,
        "widths": np.asarray(widths),
        "random_times": random.times,
        "pretrained_times": pre.times,
        "pretraining_total": totals,
        "pretraining_final_loss": np.array([p.loss[:, 1] for p in main]),
        "pretraining_optimum": np.array([p.optimum for p in main]),
        **lengths,
        "common_eta": eta_common,
        "random_common_times": random_common.best_time,
        "pretrained_common_times": pre_common.best_time,
        **curves,
    }


def measure(d: dict) -> dict:
    """``pretraining_speedup``: median (over seeds) random learning time at its best rate over
    the median pretrained one (pretraining steps + fine-tuning at its best rate); the same at
    the common rate; the best total over the pretraining lengths tried."""
    random_best = d["random_times"].min(axis=1)
    pre_best = d["pretrained_times"].min(axis=1)
    total = d["pretraining_total"] + pre_best
    total_common = d["pretraining_total"] + d["pretrained_common_times"]
    sweep_median = np.median(d["sweep_total"], axis=1)
    best_len = int(np.argmin(sweep_median))
    return {
        "pretraining_speedup": float(np.median(random_best) / np.median(total)),
        "pretraining_detail": {
            "random_steps": float(np.median(random_best)),
            "pretraining_steps": float(np.median(d["pretraining_total"])),
            "finetune_steps": float(np.median(pre_best)),
            "finetune_speedup": float(np.median(random_best) / np.median(pre_best)),
            "common_rate": float(d["common_eta"]),
            "common_rate_random_steps": float(np.median(d["random_common_times"])),
            "common_rate_speedup": float(np.median(d["random_common_times"]) / np.median(total_common)),
            "best_length_per_layer": int(d["sweep_steps"][best_len]),
            "best_length_speedup": float(np.median(random_best) / sweep_median[best_len]),
            "random_best_eta": float(np.median(d["etas"][np.argmin(d["random_times"], axis=1)])),
            "random_std": float(d["random_std"]),
            "autoencoder_loss_excess_max": float(
                np.max(d["pretraining_final_loss"] - d["pretraining_optimum"])
            ),
            "pretrained_best_eta": float(np.median(d["etas"][np.argmin(d["pretrained_times"], axis=1)])),
        },
    }
