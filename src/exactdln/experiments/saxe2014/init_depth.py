"""Figure 6A: learning time against depth on MNIST (5k) for scaled Gaussian, random orthogonal
and greedily pretrained starts.

For each depth (``N_l`` layers of units, ``D = N_l - 1`` weight matrices, ``width`` units in every
hidden layer) and each seed, one start of the given kind is trained at every rate of the grid
``rate_grid / D`` (rates scale like ``1/D``, their Appendix B), and at ``n_fine`` more rates
near the best one and the stability edge, by
:func:`~exactdln.rate_sweep.refined_learning_time_sweep`; its learning time is the fewest
steps, over the rates, after which the loss stays below ``E* + f (E0 - E*)``. Kinds:

- ``gaussian``: :func:`~exactdln.initialisations.deep_gaussian` (entries of variance
  ``1 / fan_in``, norm-preserving on average);
- ``orthogonal``: :func:`~exactdln.initialisations.deep_orthogonal`;
- ``pretrained``: :func:`~exactdln.pretraining.greedy_pretraining` (every layer the encoder of a
  linear autoencoder of the layer below; the pretraining steps are not counted here, as in the
  source's Fig. 6A).
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...initialisations import deep_gaussian, deep_orthogonal
from ...measures import loss
from ...rate_sweep import refined_learning_time_sweep
from .common import edge_statistics
from .mnist import threshold as loss_threshold
from .starts import pretrain_all, stack_starts, widths_of

KINDS = ("gaussian", "orthogonal", "pretrained")


def starts(kind: str, widths, seeds, pretraining: dict, sigma_xx) -> list:
    """One start of ``kind`` per seed (``SeedSequence``), as lists of weight matrices."""
    if kind == "gaussian":
        return [deep_gaussian(widths, np.random.default_rng(s)) for s in seeds]
    if kind == "orthogonal":
        return [deep_orthogonal(widths, np.random.default_rng(s)) for s in seeds]
    if kind == "pretrained":
        return [
            list(p.weights)
            for p in pretrain_all(sigma_xx, widths, seeds, pretraining["n_steps"], pretraining)
        ]
    raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


def run(
    *,
    kind: str,
    stats: dict,
    width: int,
    layers,
    rate_grid,
    n_fine: int,
    fraction: float,
    n_seeds: int,
    seed: int,
    max_steps: int,
    pretraining: dict,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Learning times of ``n_seeds`` starts of one kind at every depth.

    Returns ``layers (N,)``, ``rate_grid (R,)`` (the coarse grid of rate times ``D``), ``etas (N, R
    + n_fine)`` (the rates tried at each depth, refined), ``times (N, seeds, R + n_fine)``,
    ``best_time (N, seeds)``, ``best_eta (N, seeds)``, ``steps_run (N, seeds)``, ``threshold``
    and ``initial_loss (N, seeds)``. The seeds of a depth do not depend on the kind, so
    Gaussian and orthogonal starts of one seed share their random numbers.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    rate_grid = np.asarray(rate_grid, dtype=float)
    n_seeds = positive_int("n_seeds", n_seeds)
    fraction = positive_float("fraction", fraction)
    n_in, n_out = stats["sigma_yx"].shape[1], stats["sigma_yx"].shape[0]
    thr = loss_threshold(stats["sigma_xx"], stats["sigma_yx"], stats["sigma_yy"], fraction)
    keys = ("etas", "times", "best_time", "best_eta", "steps_run", "initial_loss")
    out: dict[str, list] = {k: [] for k in keys}
    for i, n_layers in enumerate(layers):
        depth = positive_int("layers[i]", n_layers) - 1
        widths = widths_of(n_in, width, n_out, n_layers)
        seeds = np.random.SeedSequence([seed, i]).spawn(n_seeds)
        weights = stack_starts(starts(kind, widths, seeds, pretraining, stats["sigma_xx"]))
        res = refined_learning_time_sweep(
            weights,
            stats["sigma_yx"],
            sigma_xx=stats["sigma_xx"],
            sigma_yy=stats["sigma_yy"],
            etas=rate_grid / depth,
            n_fine=n_fine,
            threshold=thr,
            max_steps=max_steps,
        )
        prod = weights[0]
        for w in weights[1:]:
            prod = w @ prod
        loss0 = loss(prod, stats["sigma_yx"], stats["sigma_yy"], sigma_xx=stats["sigma_xx"])
        for key, value in (
            ("etas", res.etas),
            ("times", res.times),
            ("best_time", res.best_time),
            ("best_eta", res.best_eta),
            ("steps_run", res.steps_run),
            ("initial_loss", loss0),
        ):
            out[key].append(value)
        if progress:
            print(
                f"{kind}, N_l = {n_layers}: best {res.best_time}, eta * D {res.best_eta * depth}",
                file=sys.stderr,
            )
    return {
        "layers": np.asarray(layers),
        "rate_grid": rate_grid,
        "threshold": thr,
        **{k: np.asarray(v) for k, v in out.items()},
    }


def measure(runs: dict) -> dict:
    """``<kind>_time_growth``: median learning time at the deepest over the shallowest depth;
    per kind the median time at every depth (and their range), the fraction of runs that reached
    the threshold, the median best rate times ``D`` (and its range over depths), the fraction of
    runs (depths and seeds) whose best rate is the largest that settled
    (:func:`.common.edge_statistics`), the median relative step from a best rate to the next rate
    of its refined grid, and the median relative gap from the best rate up to the largest rate at
    which the run settles."""
    out: dict = {}
    for kind, d in runs.items():
        med = np.median(d["best_time"], axis=1)
        edges = [edge_statistics(e, t) for e, t in zip(d["etas"], d["times"], strict=True)]
        out[f"{kind}_time_growth"] = float(med[-1] / med[0])
        rates = np.median(d["best_eta"] * (d["layers"][:, None] - 1), axis=1)
        out[f"{kind}_detail"] = {
            "median_time": [float(v) for v in med],
            "median_time_range": [float(med.min()), float(med.max())],
            "learned_fraction": float(np.mean(np.isfinite(d["best_time"]))),
            "eta_times_depth_median": [float(v) for v in rates],
            "eta_times_depth_range": [float(rates.min()), float(rates.max())],
            "best_is_largest_settled": float(np.mean([e[0] for e in edges])),
            "step_above_best_median": float(np.median(np.concatenate([e[1] for e in edges]))),
            "edge_gap_median": float(np.median(np.concatenate([e[2] for e in edges])) - 1.0),
        }
    return out
