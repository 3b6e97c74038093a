"""Figure 5: a five-layer linear network on MNIST (5k) from small random weights and from greedy
layer-wise pretraining, with the pretraining steps counted.

The network has ``N_l = 5`` layers of units (``D = 4`` weight matrices); inputs are the leading
principal components of MNIST (:mod:`.mnist`), every hidden layer has ``n_hidden`` units. Three
starts are compared, each at its own best rate:

- ``random``: small random weights (:func:`~exactdln.initialisations.deep_gaussian`);
- ``pretrained``: every layer, the output layer included, the encoder of a linear autoencoder of
  the layer below (:func:`~exactdln.pretraining.greedy_pretraining`; the source's Appendix F);
  its output layer then maps the inputs' variance onto the ten classes, far above the loss of
  the zero network;
- ``readout``: the pretrained hidden layers with an output layer from the same small random
  weights as ``random`` (only the hidden layers are pretrained and counted).

A least-squares readout on top of the hidden layers is also measured (:func:`least_squares_loss`):
with hidden layers as wide as the inputs it reaches the least loss ``E*`` on any invertible
hidden layers, random ones included, so it solves the task by a linear solve.

Every start is trained at every rate of a grid, refined near its stability edge
(:func:`refined_sweep`: the rate below the best coarse one and the first rate above it at
which no seed settles bound a finer grid, :func:`~exactdln.rate_sweep.edge_rates`); the
learning time is the number of steps after which the loss stays below
``E* + f (E0 - E*)``, and the pretraining steps are added to it, as in the source's figure.
:func:`run` also repeats the comparison for several pretraining lengths, because the answer
depends on them.
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...initialisations import deep_gaussian
from ...measures import loss
from ...rate_sweep import learning_time_sweep, refined_learning_time_sweep
from ...simulation import train_deep
from .common import edge_statistics
from .mnist import optimum as loss_optimum
from .mnist import threshold as loss_threshold
from .starts import pretrain_all, stack_starts, widths_of

STARTS = ("random", "pretrained", "readout")


def _product(weights) -> np.ndarray:
    out = weights[0]
    for w in weights[1:]:
        out = w @ out
    return out


def _loss_curve(weights, stats, eta: float, n_steps: int) -> np.ndarray:
    traj = train_deep(weights, stats["sigma_yx"], sigma_xx=stats["sigma_xx"], eta=eta, n_steps=n_steps)
    return loss(traj.network_function(), stats["sigma_yx"], stats["sigma_yy"], sigma_xx=stats["sigma_xx"])


def start_loss(weights, stats: dict) -> float:
    """The loss of the network ``weights`` (a list of weight matrices) on the task ``stats``."""
    return float(loss(_product(weights), stats["sigma_yx"], stats["sigma_yy"], sigma_xx=stats["sigma_xx"]))


def least_squares_loss(hidden, stats: dict) -> float:
    """The loss of the best linear readout of the representation ``h = W_L ... W_1 x`` of the
    layers ``hidden``: ``W_out = Sigma_yh Sigma_hh^+`` (least squares), on the task ``stats``."""
    h = _product(hidden)
    sigma_hh = h @ stats["sigma_xx"] @ h.T
    sigma_yh = stats["sigma_yx"] @ h.T
    readout = sigma_yh @ np.linalg.pinv(0.5 * (sigma_hh + sigma_hh.T))
    return start_loss([*hidden, readout], stats)


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


def refined_sweep(starts, stats: dict, *, etas, n_fine: int, threshold: float, max_steps: int):
    """:func:`~exactdln.rate_sweep.refined_learning_time_sweep` of ``starts`` (one list of weight
    matrices per seed): the coarse grid ``etas`` and ``n_fine`` rates near the best rate and the
    stability edge. Returns ``(rates (R + n_fine,), times (seeds, R + n_fine))``, sorted by rate."""
    res = refined_learning_time_sweep(
        stack_starts(starts),
        stats["sigma_yx"],
        sigma_xx=stats["sigma_xx"],
        sigma_yy=stats["sigma_yy"],
        threshold=threshold,
        etas=etas,
        n_fine=n_fine,
        max_steps=max_steps,
    )
    return res.etas, res.times


def readout_starts(pretrained, random_starts) -> list:
    """The pretrained hidden layers of every seed with the output layer of the random start of the
    same seed (small random weights)."""
    return [[*p.weights[:-1], r[-1]] for p, r in zip(pretrained, random_starts, strict=True)]


def hidden_steps(pretrained) -> np.ndarray:
    """Pretraining steps of the hidden layers only (the output layer's autoencoder not counted)."""
    return np.array([int(p.steps[:-1].sum()) for p in pretrained])


def pretraining_lengths(
    stats: dict, widths, seeds, random_starts, pretraining_steps, pretraining: dict, **sweep
) -> dict[str, np.ndarray]:
    """Pretraining of every length in ``pretraining_steps`` (steps per layer), then fine-tuning of
    the pretrained and the readout start at every rate (``sweep``: ``etas``, ``n_fine``,
    ``threshold``, ``max_steps`` of :func:`refined_sweep`).

    Returns ``sweep_steps (K,)``, ``sweep_total (K, seeds)`` (pretraining + best fine-tuning) and
    ``sweep_finetune (K, seeds)`` of the pretrained start, and ``readout_sweep_total``,
    ``readout_sweep_finetune`` of the readout start.
    """
    out: dict[str, list] = {k: [] for k in ("total", "finetune", "readout_total", "readout_finetune")}
    for n_steps in pretraining_steps:
        runs = pretrain_all(stats["sigma_xx"], widths, seeds, int(n_steps), pretraining)
        pre = refined_sweep([list(p.weights) for p in runs], stats, **sweep)[1].min(axis=1)
        out["finetune"].append(pre)
        out["total"].append(pre + np.array([p.total_steps for p in runs]))
        ro = refined_sweep(readout_starts(runs, random_starts), stats, **sweep)[1].min(axis=1)
        out["readout_finetune"].append(ro)
        out["readout_total"].append(ro + hidden_steps(runs))
    return {
        "sweep_steps": np.asarray(pretraining_steps),
        "sweep_total": np.asarray(out["total"]),
        "sweep_finetune": np.asarray(out["finetune"]),
        "readout_sweep_total": np.asarray(out["readout_total"]),
        "readout_sweep_finetune": np.asarray(out["readout_finetune"]),
    }


def learning_curves(stats: dict, starts: dict, *, etas: dict, times: dict) -> dict[str, np.ndarray]:
    """Loss curves of one start of each kind (``starts[kind]``) at ``etas[kind]``, and of the random
    start at ``etas["common"]``, run 1.2 times as long as the longest of ``times`` (their learning
    times, pretraining steps included)."""
    longest = max(times.values())
    if not np.isfinite(longest):
        raise ValueError(f"seed 0 does not reach the threshold at its best rate: {times}")
    horizon = int(1.2 * longest) + 1
    out = {}
    for kind in STARTS:
        out[f"curve_{kind}"] = _loss_curve(starts[kind], stats, etas[kind], horizon)
        out[f"curve_{kind}_eta"] = etas[kind]
    out["curve_random_common"] = _loss_curve(starts["random"], stats, etas["common"], horizon)
    return out


def run(
    *,
    stats: dict,
    n_hidden: int,
    n_layers: int,
    random_std: float,
    etas,
    n_fine: int,
    fraction: float,
    pretraining: dict,
    pretraining_steps,
    n_seeds: int,
    seed: int,
    max_steps: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """The three starts (:data:`STARTS`) at every rate; learning curves at the best rates.

    ``stats`` holds ``sigma_xx``, ``sigma_yx``, ``sigma_yy`` (:func:`.mnist.prepare`, prefix
    removed). ``pretraining`` holds ``eta_ratio``, ``n_steps`` (per layer) and ``init_std``
    for :func:`~exactdln.pretraining.greedy_pretraining`; ``pretraining_steps`` lists other
    per-layer lengths to compare. Returns the coarse grid ``etas``, ``threshold``, ``optimum``
    (``E*``), per start ``<kind>_etas (R',)`` (the refined grid) and ``<kind>_times (seeds,
    R')`` and ``<kind>_initial_loss (seeds,)``; ``pretraining_total (seeds,)`` (every layer)
    and ``readout_pretraining_total`` (hidden layers); the least-squares readout's loss on the
    pretrained (``lsq_pretrained_loss``) and on the random hidden layers (``lsq_random_loss``);
    the entries of :func:`pretraining_lengths`; the times at the common rate (the pretrained
    network's best, median over seeds); and the loss curves of seed 0
    (:func:`learning_curves`; the pretrained ones start after their pretraining steps).
    """
    etas = np.asarray(etas, dtype=float)
    n_seeds = positive_int("n_seeds", n_seeds)
    n_layers = positive_int("n_layers", n_layers)
    fraction = positive_float("fraction", fraction)
    n_in, n_out = stats["sigma_yx"].shape[1], stats["sigma_yx"].shape[0]
    widths = widths_of(n_in, n_hidden, n_out, n_layers)
    thr = loss_threshold(stats["sigma_xx"], stats["sigma_yx"], stats["sigma_yy"], fraction)
    e_star, _ = loss_optimum(stats["sigma_xx"], stats["sigma_yx"], stats["sigma_yy"])
    seeds = np.random.SeedSequence(seed).spawn(2 * n_seeds)
    seeds, pre_seeds = seeds[:n_seeds], seeds[n_seeds:]
    sweep = {"threshold": thr, "max_steps": max_steps}

    random_starts = [deep_gaussian(widths, np.random.default_rng(s), std=random_std) for s in seeds]
    main = pretrain_all(stats["sigma_xx"], widths, pre_seeds, pretraining["n_steps"], pretraining)
    starts = {
        "random": random_starts,
        "pretrained": [list(p.weights) for p in main],
        "readout": readout_starts(main, random_starts),
    }
    out: dict = {"etas": etas, "random_std": random_std, "threshold": thr, "optimum": e_star}
    best_eta, best_time = {}, {}
    for kind, kind_starts in starts.items():
        rates, times = refined_sweep(kind_starts, stats, etas=etas, n_fine=n_fine, **sweep)
        out[f"{kind}_etas"], out[f"{kind}_times"] = rates, times
        out[f"{kind}_initial_loss"] = np.array([start_loss(w, stats) for w in kind_starts])
        best_eta[kind], best_time[kind] = rates[np.argmin(times, axis=1)], times.min(axis=1)
        if progress:
            print(f"{kind}: best {best_time[kind]} at {best_eta[kind]}", file=sys.stderr)
    totals = np.array([p.total_steps for p in main])
    out["pretraining_total"] = totals
    out["readout_pretraining_total"] = hidden_steps(main)
    out["pretraining_final_loss"] = np.array([p.loss[:, 1] for p in main])
    out["pretraining_optimum"] = np.array([p.optimum for p in main])
    out["lsq_pretrained_loss"] = np.array([least_squares_loss(w[:-1], stats) for w in starts["pretrained"]])
    out["lsq_random_loss"] = np.array([least_squares_loss(w[:-1], stats) for w in random_starts])
    out.update(
        pretraining_lengths(
            stats,
            widths,
            pre_seeds,
            random_starts,
            pretraining_steps,
            pretraining,
            etas=etas,
            n_fine=n_fine,
            **sweep,
        )
    )
    # one rate for both: the pretrained network's best rate (median over seeds)
    eta_common = float(np.median(best_eta["pretrained"]))
    out["common_eta"] = eta_common
    out["random_common_times"] = _sweep(random_starts, stats, etas=np.array([eta_common]), **sweep).best_time
    out["pretrained_common_times"] = _sweep(
        starts["pretrained"], stats, etas=np.array([eta_common]), **sweep
    ).best_time
    # seed 0: each start at its best rate, and the random one at the common rate
    rates = {kind: float(best_eta[kind][0]) for kind in STARTS}
    rates["common"] = eta_common
    times = {
        "random": best_time["random"][0],
        "pretrained": best_time["pretrained"][0] + totals[0],
        "readout": best_time["readout"][0] + out["readout_pretraining_total"][0],
        "common": out["random_common_times"][0],
    }
    first = {kind: kind_starts[0] for kind, kind_starts in starts.items()}
    out.update(learning_curves(stats, first, etas=rates, times=times))
    return out


def _rate_counts(etas, times) -> dict:
    """How many rates of a refined grid were tried and at how many the median run settled; the
    relative step from each seed's best rate to the next rate of the grid (median over seeds):
    how finely the grid locates the best rate; and the fraction of seeds whose best rate is the
    largest at which they settle (an optimum at the edge of stability), and the relative gap from
    the best rate up to the largest settling one (median; :func:`.common.edge_statistics`)."""
    at_edge, step, edge_over_best = edge_statistics(etas, times)
    return {
        "settled": int(np.sum(np.isfinite(np.median(times, axis=0)))),
        "tried": int(etas.size),
        "step_above_best": float(np.median(step)),
        "best_is_largest_settled": float(np.mean(at_edge)),
        "edge_gap": float(np.median(edge_over_best) - 1.0),
    }


def _quartiles(x) -> list[float]:
    return [float(v) for v in np.quantile(np.asarray(x, dtype=float), [0.25, 0.75])]


def measure(d: dict) -> dict:
    """``pretraining_speedup``: median (over seeds) random learning time at its best rate over
    the median pretrained one (pretraining steps + fine-tuning at its best rate); the same at
    the common rate; the best total over the pretraining lengths tried; with quartiles over the
    seeds. ``pretraining_readout_speedup`` and ``pretraining_readout_detail``: the same for the
    pretrained hidden layers with a small random output layer (hidden layers' pretraining steps
    counted). ``pretraining_start_excess_loss``: median initial loss above ``E*`` of each start;
    ``least_squares_readout``: the largest excess loss (over seeds) of a least-squares readout of
    the pretrained and of the random hidden layers; ``pretraining_rates``: per start, the rates
    of the refined grid at which the median run settles (:func:`_rate_counts`)."""
    best = {kind: d[f"{kind}_times"].min(axis=1) for kind in STARTS}
    best_eta = {kind: d[f"{kind}_etas"][np.argmin(d[f"{kind}_times"], axis=1)] for kind in STARTS}
    random_best = best["random"]
    total = d["pretraining_total"] + best["pretrained"]
    readout_total = d["readout_pretraining_total"] + best["readout"]
    total_common = d["pretraining_total"] + d["pretrained_common_times"]
    sweep_median = np.median(d["sweep_total"], axis=1)
    best_len = int(np.argmin(sweep_median))
    readout_median = np.median(d["readout_sweep_total"], axis=1)
    readout_len = int(np.argmin(readout_median))
    e_star = float(d["optimum"])
    return {
        "pretraining_speedup": float(np.median(random_best) / np.median(total)),
        "pretraining_detail": {
            "random_steps": float(np.median(random_best)),
            "random_steps_quartiles": _quartiles(random_best),
            "pretraining_steps": float(np.median(d["pretraining_total"])),
            "finetune_steps": float(np.median(best["pretrained"])),
            "total_steps": float(np.median(total)),
            "total_steps_quartiles": _quartiles(total),
            "finetune_speedup": float(np.median(random_best) / np.median(best["pretrained"])),
            "common_rate": float(d["common_eta"]),
            "common_rate_random_steps": float(np.median(d["random_common_times"])),
            "common_rate_speedup": float(np.median(d["random_common_times"]) / np.median(total_common)),
            "best_length_per_layer": int(d["sweep_steps"][best_len]),
            "best_length_speedup": float(np.median(random_best) / sweep_median[best_len]),
            "random_best_eta": float(np.median(best_eta["random"])),
            "random_std": float(d["random_std"]),
            "autoencoder_loss_excess_max": float(
                np.max(d["pretraining_final_loss"] - d["pretraining_optimum"])
            ),
            "pretrained_best_eta": float(np.median(best_eta["pretrained"])),
            "n_seeds": int(random_best.size),
        },
        "pretraining_readout_speedup": float(np.median(random_best) / np.median(readout_total)),
        "pretraining_readout_detail": {
            "pretraining_steps": float(np.median(d["readout_pretraining_total"])),
            "finetune_steps": float(np.median(best["readout"])),
            "finetune_speedup": float(np.median(random_best) / np.median(best["readout"])),
            "total_steps": float(np.median(readout_total)),
            "total_steps_quartiles": _quartiles(readout_total),
            "best_eta": float(np.median(best_eta["readout"])),
            "best_length_per_layer": int(d["sweep_steps"][readout_len]),
            "best_length_speedup": float(np.median(random_best) / readout_median[readout_len]),
            "best_length_total_quartiles": _quartiles(d["readout_sweep_total"][readout_len]),
        },
        "pretraining_start_excess_loss": {
            kind: float(np.median(d[f"{kind}_initial_loss"]) - e_star) for kind in STARTS
        },
        "least_squares_readout": {
            "pretrained_excess_loss": float(np.max(d["lsq_pretrained_loss"]) - e_star),
            "random_excess_loss": float(np.max(d["lsq_random_loss"]) - e_star),
            "threshold_excess": float(d["threshold"]) - e_star,
        },
        "pretraining_rates": {kind: _rate_counts(d[f"{kind}_etas"], d[f"{kind}_times"]) for kind in STARTS},
    }
