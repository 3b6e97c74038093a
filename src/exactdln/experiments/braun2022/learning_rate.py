"""Figure 2c–d: gradient descent converges to the exact solution as the learning rate falls.

Random network configurations (shapes, sample counts, initial scales) on
random regression tasks are trained at several learning rates; the simulated
loss is compared with the exact loss at the same flow times ``t = eta k``.

The work is split for the workflow: :func:`sample_configurations` draws the
configurations once, :func:`chunks` groups them by size, :func:`simulate`
trains one group at one learning rate (the group is zero-padded to a common
shape and run as one batch: padded rows and columns of the weights and of
``sigma_yx`` stay exactly zero under gradient descent, so each member follows
its own unpadded dynamics), :func:`exact_losses` evaluates the exact
solutions, and :func:`measure` summarises the errors.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...exact import ExactSolution
from ...fits import loglog_slope
from ...initialisations import zero_balanced
from ...io import load_arrays
from ...measures import loss as loss_of
from ...simulation import train_two_layer
from ...tasks import random_regression
from .common import zero_pad


def dim_bounds(dim_range) -> tuple[int, int]:
    """``(low, high)`` of ``dim_range``, checked to be two different dimensions, ``low < high``."""
    lo, hi = (positive_int("dim_range[0]", dim_range[0]), positive_int("dim_range[1]", dim_range[1]))
    if hi <= lo:
        raise ValueError(f"dim_range must hold two different dimensions, got {list(dim_range)}")
    return lo, hi


def checked_max_hidden(max_hidden: int, high: int) -> int:
    """``max_hidden`` as an int, checked to be at least ``dim_range``'s upper end ``high``."""
    max_hidden = positive_int("max_hidden", max_hidden)
    if max_hidden < high:
        raise ValueError(f"max_hidden={max_hidden} is below dim_range's upper end {high}")
    return max_hidden


def scale_bounds(init_scale_range) -> tuple[float, float]:
    """``(low, high)`` of ``init_scale_range``, checked to be increasing (``low <= high``)."""
    s_lo, s_hi = (positive_float("init_scale_range[i]", s) for s in init_scale_range)
    if s_hi < s_lo:
        raise ValueError(f"init_scale_range must be increasing, got {list(init_scale_range)}")
    return s_lo, s_hi


def sample_configurations(
    *, n_configs: int, dim_range, max_hidden: int, init_scale_range, seed: int
) -> list[dict]:
    """Draw random network configurations.

    ``n_in != n_out`` uniform in ``dim_range`` (inclusive), ``n_hidden``
    uniform in ``[min(n_in, n_out), max_hidden]``, ``n_items`` uniform in
    ``[2 max(n_in, n_out), 3 max(n_in, n_out) - 1]``, initial scale uniform in
    ``init_scale_range`` divided by ``sqrt(max(n_in, n_out))``, and a seed for
    the task and the initial weights.
    """
    n_configs = positive_int("n_configs", n_configs)
    lo, hi = dim_bounds(dim_range)
    max_hidden = checked_max_hidden(max_hidden, hi)
    s_lo, s_hi = scale_bounds(init_scale_range)
    rng = np.random.default_rng(seed)
    configs = []
    while len(configs) < n_configs:
        n_in, n_out = (int(v) for v in rng.integers(lo, hi + 1, size=2))
        if n_in == n_out:
            continue
        big = max(n_in, n_out)
        configs.append(
            {
                "n_in": n_in,
                "n_out": n_out,
                "n_hidden": int(rng.integers(min(n_in, n_out), max_hidden + 1)),
                "n_items": int(rng.integers(2 * big, 3 * big)),
                "init_scale": float(rng.uniform(s_lo, s_hi) / np.sqrt(big)),
                "seed": int(rng.integers(2**32)),
            }
        )
    return configs


def build(config: dict, target_std: float):
    """The task and zero-balanced initial weights ``(task, w1, w2)`` of one configuration."""
    task_rng, init_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(config["seed"]).spawn(2))
    task = random_regression(config["n_in"], config["n_out"], config["n_items"], task_rng, target_std)
    w1, w2 = zero_balanced(
        config["n_in"], config["n_hidden"], config["n_out"], config["init_scale"], init_rng
    )
    return task, w1, w2


def checked_n_chunks(n_chunks: int, n_configs: int) -> int:
    """``n_chunks`` as an int, checked to be at most the number of configurations ``n_configs``."""
    n_chunks = positive_int("n_chunks", n_chunks)
    if n_chunks > n_configs:
        raise ValueError(f"n_chunks={n_chunks} exceeds the {n_configs} configurations")
    return n_chunks


def chunks(configs: list[dict], n_chunks: int) -> list[list[int]]:
    """Split configuration indices into ``n_chunks`` groups of similar size (cost order)."""
    n_chunks = checked_n_chunks(n_chunks, len(configs))
    order = sorted(
        range(len(configs)), key=lambda i: configs[i]["n_in"] * configs[i]["n_hidden"] * configs[i]["n_out"]
    )
    return [[int(i) for i in part] for part in np.array_split(order, n_chunks)]


def time_grid(*, horizon: float, n_times: int, quantum: float, learning_rates) -> np.ndarray:
    """``0`` and about ``n_times`` log-spaced times up to ``horizon``, on multiples of ``quantum``.

    Every time must be a whole number of steps at every learning rate, so
    ``quantum / eta`` must be an integer for each ``eta``.
    """
    horizon = positive_float("horizon", horizon)
    quantum = positive_float("quantum", quantum)
    for eta in learning_rates:
        ratio = quantum / positive_float("learning rate", eta)
        if abs(ratio - round(ratio)) > 1e-9 * ratio:
            raise ValueError(
                f"time quantum {quantum} is not a whole number of steps at learning rate {eta} "
                f"({ratio:.6g} steps): choose a quantum that is a multiple of every learning rate"
            )
    if horizon < quantum:
        raise ValueError(f"horizon={horizon} is shorter than the time quantum {quantum}")
    k = np.unique(np.round(np.geomspace(1, horizon / quantum, positive_int("n_times", n_times))))
    return np.concatenate([[0.0], k * quantum])


def simulate(
    configs: list[dict], indices, eta: float, times, *, target_std: float, progress: bool = False
) -> np.ndarray:
    """Gradient-descent loss of the configurations ``indices`` at ``times``; ``(len(indices), T)``.

    The configurations are zero-padded to a common shape and trained as one
    batch at learning rate ``eta``; the loss includes each task's constant
    ``1/2 tr(sigma_yy) - 1/2 ||sigma_yx||^2``, as :meth:`ExactSolution.loss` does.
    """
    eta = positive_float("eta", eta)
    times = np.asarray(times, dtype=float)
    steps = np.round(times / eta).astype(int)
    if np.any(np.abs(steps * eta - times) > 1e-9 * np.maximum(times, 1)):
        raise ValueError(f"times are not whole numbers of steps at learning rate {eta}")
    built = [build(configs[i], target_std) for i in indices]
    n_in = max(c["n_in"] for c in (configs[i] for i in indices))
    n_hidden = max(c["n_hidden"] for c in (configs[i] for i in indices))
    n_out = max(c["n_out"] for c in (configs[i] for i in indices))
    w1 = zero_pad([b[1] for b in built], (n_hidden, n_in))
    w2 = zero_pad([b[2] for b in built], (n_out, n_hidden))
    sigma_yx = zero_pad([b[0].sigma_yx for b in built], (n_out, n_in))
    traj = train_two_layer(w1, w2, sigma_yx, eta=eta, n_steps=int(steps[-1]), record=steps, progress=progress)
    w = traj.network_function()  # (T, B, n_out, n_in)
    losses = np.empty((len(built), steps.size))
    for b, (task, _, _) in enumerate(built):
        losses[b] = loss_of(w[:, b, : task.n_out, : task.n_in], task.sigma_yx, task.sigma_yy)
    return losses


def exact_losses(configs: list[dict], times, *, target_std: float) -> np.ndarray:
    """Exact loss of every configuration at ``times``; ``(n_configs, T)``."""
    out = []
    for config in configs:
        task, w1, w2 = build(config, target_std)
        out.append(ExactSolution.from_task(w1, w2, task).loss(times))
    return np.stack(out)


def measure(learning_rates, sim_loss, exact_loss, mse_bound: float | None = None) -> dict:
    """Errors between simulated ``(n_lr, n_configs, T)`` and exact ``(n_configs, T)`` losses.

    Per learning rate and configuration: the mean squared error over the time
    grid and the largest absolute error. Reported: their worst and median
    over configurations per learning rate, the log-log slopes against the
    learning rate (first order means slope 1 for the absolute error, 2 for the
    mean squared error), whether the worst case falls monotonically, and,
    given ``mse_bound``, whether the worst mean squared error at the smallest
    learning rate is at most that bound.
    """
    etas = np.asarray(learning_rates, dtype=float)
    diff = np.asarray(sim_loss) - np.asarray(exact_loss)[None]
    mse = np.mean(diff**2, axis=-1)  # (n_lr, n_configs)
    maxabs = np.max(np.abs(diff), axis=-1)
    order = np.argsort(etas)[::-1]  # largest learning rate first
    worst_mse, worst_abs = mse.max(axis=1), maxabs.max(axis=1)
    smallest = int(np.argmin(etas))
    bound = {} if mse_bound is None else {"mse_bound_met": bool(worst_mse[smallest] <= mse_bound)}
    return {
        **bound,
        "n_configs": int(mse.shape[1]),
        "n_learning_rates": int(etas.size),
        "n_times": int(diff.shape[-1]),
        "eta_min": float(etas.min()),
        "eta_max": float(etas.max()),
        "mse_worst": worst_mse,
        "mse_median": np.median(mse, axis=1),
        "maxabs_worst": worst_abs,
        "maxabs_median": np.median(maxabs, axis=1),
        "mse_worst_at_min_eta": float(worst_mse[smallest]),
        "mse_worst_at_max_eta": float(worst_mse[int(np.argmax(etas))]),
        "mse_median_at_min_eta": float(np.median(mse[smallest])),
        "maxabs_worst_at_min_eta": float(worst_abs[smallest]),
        "mse_slope_worst": loglog_slope(etas, worst_mse),
        "mse_slope_median": loglog_slope(etas, np.median(mse, axis=1)),
        "maxabs_slope_worst": loglog_slope(etas, worst_abs),
        "maxabs_slope_median": loglog_slope(etas, np.median(maxabs, axis=1)),
        "monotone": bool(np.all(np.diff(worst_mse[order]) < 0) and np.all(np.diff(worst_abs[order]) < 0)),
    }


def gather(paths, learning_rates, shape) -> np.ndarray:
    """Assemble simulated losses ``(n_lr, n_configs, T)`` from :func:`simulate` result files.

    Each file holds ``eta``, ``indices`` and ``loss``; every (learning rate,
    configuration) pair must be covered exactly once.
    """
    etas = [float(e) for e in learning_rates]
    out = np.full((len(etas), *shape), np.nan)
    for path in paths:
        run = load_arrays(path)
        k = etas.index(float(run["eta"]))
        if not np.all(np.isnan(out[k, run["indices"]])):
            raise ValueError(f"{path} repeats configurations already gathered at learning rate {etas[k]}")
        out[k, run["indices"]] = run["loss"]
    missing = np.argwhere(np.isnan(out[..., 0]))
    if missing.size:
        raise ValueError(f"no simulation for (learning rate, configuration) pairs {missing.tolist()[:5]}...")
    return out
