"""Figure 6a, d–e: continual learning of a task sequence, exactly and by gradient descent.

A two-layer linear network learns ``K`` tasks that share one set of whitened
inputs (:func:`~exactdln.tasks.task_sequence`), each for the same time
``T = eta * n_steps``. Two trajectories share one global time axis
``t = eta * global step``:

* gradient descent continued across the tasks
  (:func:`~exactdln.simulation.train_two_layer`, one call per task), and
* the *exact chain* (:class:`~exactdln.sequences.ExactChain`): the exact solution
  (:class:`~exactdln.exact.ExactSolution`, docs/mathematics.md §2) on task 1 from a
  zero-balanced start, restarted at the end of every task from its own
  end-of-task weights ``Q(T)`` on the next task. The flow conserves
  ``W2^T W2 - W1 W1^T`` (docs/mathematics.md §1), so each restart is balanced and the exact
  solution applies to every phase.

The converged network computes the best rank-``n_hidden`` approximation of
the current task, so the forgetting of an old task is known in closed form
(:func:`~exactdln.sequences.predicted_forgetting`). :func:`run` also makes two checks of the
restarts: a restart of a phase's exact solution from its own midpoint
reproduces the uninterrupted solution (the flow is a semigroup), and a
restart from the *simulated* end-of-task weights (which gradient descent has
moved off balance by ``O(eta)``) stays within ``O(eta)`` of the exact chain
(checked by halving ``eta``).
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...exact import ExactSolution, measure_balance
from ...initialisations import zero_balanced
from ...sequences import ExactChain, forgetting_matrix, semigroup_gap, simulate_chain, truncated
from ...tasks import task_sequence

CHECK_REFINEMENT = 2  # the restart check reruns gradient descent at eta / CHECK_REFINEMENT
SEMIGROUP_POINTS = 50  # times at which a restart from a phase's midpoint is compared


def optimal_losses(tasks, n_hidden: int | None = None) -> np.ndarray:
    """Loss of each task at its own converged network ``[sigma_yx]_h``, ``(K,)`` (docs/mathematics.md §3)."""
    return np.array([float(t.loss(truncated(t.sigma_yx, n_hidden))) for t in tasks])


def losses_on_tasks(network_function, tasks) -> np.ndarray:
    """Loss on every task ``(..., K)`` of network functions ``(..., n_out, n_in)`` (per-item MSE)."""
    return np.stack([t.loss(network_function) for t in tasks], axis=-1)


def _phase_gap(a: np.ndarray, b: np.ndarray, sigma_yx: np.ndarray) -> float:
    """``max_t ||a(t) - b(t)||_F / ||sigma_yx||_F`` over a phase's records ``(T, n_out, n_in)``."""
    return float(np.max(np.linalg.norm(a - b, axis=(-2, -1))) / np.linalg.norm(sigma_yx))


# ---------------------------------------------------------------------------- Figure 6a, d–e
def make_sequence(
    *, n_in: int, n_hidden: int, n_out: int, n_items: int, n_tasks: int, target_std: float, init_scale, seed
):
    """Tasks (shared whitened Gaussian inputs, Gaussian targets) and a zero-balanced start, from one seed."""
    task_seed, init_seed = np.random.SeedSequence(seed).spawn(2)
    tasks = task_sequence(
        n_tasks, n_in, n_out, n_items, np.random.default_rng(task_seed), target_std=target_std
    )
    w1, w2 = zero_balanced(n_in, n_hidden, n_out, init_scale, np.random.default_rng(init_seed))
    return tasks, w1, w2


def run(
    *,
    n_in: int,
    n_hidden: int,
    n_out: int,
    n_items: int,
    n_tasks: int,
    target_std: float,
    init_scale: float,
    eta: float,
    n_steps: int,
    record_every: int,
    seed: int,
    restart_balance_tol: float | None = None,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """One task sequence, simulated and exact, on the global time axis.

    Returns ``times (T,)``, ``sim_function`` / ``exact_function`` ``(T, n_out, n_in)``,
    ``sim_loss`` / ``exact_loss`` ``(T, K)`` (loss on every task), the
    ``(K + 1, K)`` loss matrices ``sim_loss_matrix`` / ``exact_loss_matrix``
    (row 0 at the start, row ``i`` after task ``i``), ``predicted_loss_matrix``
    ``(K, K)`` (after converging on each task: optimum plus
    :func:`forgetting_matrix`), ``optimum (K,)``, ``sigma_yx (K, n_out, n_in)``,
    ``phase_time``, ``semigroup_error (K,)`` (:func:`~exactdln.sequences.semigroup_gap`
    of a restart from each phase's midpoint, relative to ``||sigma_yx||_F``),
    ``rank_b (K,)`` and ``converges (K,)`` of each exact phase
    and ``sim_gap (K,)`` (max of ``||W_GD - W_exact||_F / ||sigma_yx||_F`` per phase).

    With ``restart_balance_tol`` the restart check runs too: for each task
    boundary ``k`` the exact solution is restarted from the simulated weights
    (accepted up to that relative imbalance) and compared with the exact
    chain over the next phase, at ``eta`` and ``eta / 2``: ``restart_imbalance``
    and ``restart_gap`` ``(2, K - 1)`` (rows: ``eta``, ``eta / 2``), and
    ``sim_gap_half (K,)``.
    """
    tasks, w1, w2 = make_sequence(
        n_in=n_in,
        n_hidden=n_hidden,
        n_out=n_out,
        n_items=n_items,
        n_tasks=n_tasks,
        target_std=target_std,
        init_scale=init_scale,
        seed=seed,
    )
    eta, n_steps = positive_float("eta", eta), positive_int("n_steps", n_steps)
    if progress:
        print(f"{n_in}-{n_hidden}-{n_out}, {n_tasks} tasks x {n_steps} steps", file=sys.stderr)
    settings = {"eta": eta, "n_steps": n_steps, "record_every": record_every}
    out, chain, ends = run_chain(tasks, (w1, w2), n_hidden=n_hidden, **settings, progress=progress)
    if restart_balance_tol is not None:
        out.update(
            run_restart_check(tasks, (w1, w2), chain, ends, out, **settings, balance_tol=restart_balance_tol)
        )
    return out


def run_chain(
    tasks, start, *, n_hidden: int, eta: float, n_steps: int, record_every: int, progress: bool = False
) -> tuple[dict[str, np.ndarray], ExactChain, list]:
    """Gradient descent and the exact chain through ``tasks`` from ``start = (w1, w2)``; the semigroup check.

    Returns the arrays of :func:`run` without the restart check, the
    :class:`~exactdln.sequences.ExactChain` and gradient descent's end-of-task weights.
    """
    n_tasks, (w1, w2) = len(tasks), start
    phase_time = eta * n_steps
    steps, _, sim_function, ends = simulate_chain(
        [w1, w2], tasks, n_steps, eta=eta, record_every=record_every, progress=progress
    )
    times = eta * steps
    chain = ExactChain(w1, w2, tasks, phase_time)
    exact_function = chain.network_function(times)
    # each phase's records run from its start to its end (the switch closes the old phase)
    phase, _ = chain.phase_of(times, at_switch="previous")
    sigmas = np.stack([t.sigma_yx for t in tasks])
    boundaries = np.arange(n_tasks + 1) * n_steps // record_every  # record index of each phase end
    optimum = optimal_losses(tasks, n_hidden)
    out = {
        "times": times,
        "phase_time": phase_time,
        "sigma_yx": sigmas,
        "sim_function": sim_function,
        "exact_function": exact_function,
        "sim_loss": losses_on_tasks(sim_function, tasks),
        "exact_loss": losses_on_tasks(exact_function, tasks),
        "optimum": optimum,
        "predicted_loss_matrix": optimum[None, :] + forgetting_matrix(sigmas, n_hidden),
        "rank_b": np.array([s.rank_b for s in chain.solutions]),
        "converges": np.array([s.converges_to_optimum for s in chain.solutions]),
        "sim_gap": _gaps(sim_function, exact_function, phase, sigmas),
    }
    out["sim_loss_matrix"] = out["sim_loss"][boundaries]
    out["exact_loss_matrix"] = out["exact_loss"][boundaries]
    half = 0.5 * phase_time
    out["semigroup_error"] = np.array(
        [semigroup_gap(sol, half, np.linspace(0.0, half, SEMIGROUP_POINTS)) for sol in chain]
    )
    return out, chain, ends


def run_restart_check(
    tasks,
    start,
    chain: ExactChain,
    ends,
    reference: dict[str, np.ndarray],
    *,
    eta: float,
    n_steps: int,
    record_every: int,
    balance_tol: float,
) -> dict[str, np.ndarray]:
    """The exact solution restarted from the simulated end-of-task weights, at ``eta`` and a finer rate.

    ``start = (w1, w2)``; ``chain``, ``ends`` (gradient descent's end-of-task weights) and
    ``reference`` (its ``times``, ``sigma_yx`` and ``exact_function``) come from
    :func:`run_chain`; gradient descent runs again at ``eta / CHECK_REFINEMENT``. Returns
    ``sim_gap_half (K,)``, ``restart_imbalance`` and ``restart_gap`` ``(2, K - 1)`` (rows:
    ``eta``, the finer rate).
    """
    n_tasks = len(tasks)
    sigmas, exact_function = reference["sigma_yx"], reference["exact_function"]
    # each phase's records run from its start to its end (the switch closes the old phase)
    phase, local = chain.phase_of(reference["times"], at_switch="previous")
    half_every = record_every * CHECK_REFINEMENT
    _, _, sim_half, ends_half = simulate_chain(
        list(start), tasks, n_steps * CHECK_REFINEMENT, eta=eta / CHECK_REFINEMENT, record_every=half_every
    )
    out = {"sim_gap_half": _gaps(sim_half, exact_function, phase, sigmas)}
    imbalance, gap = np.zeros((2, n_tasks - 1)), np.zeros((2, n_tasks - 1))
    for row, end_weights in enumerate((ends, ends_half)):
        for k in range(n_tasks - 1):
            a, b = end_weights[k]
            imbalance[row, k] = measure_balance(a, b)[1]
            restarted = ExactSolution.from_task(a, b, tasks[k + 1], balance_tol=balance_tol)
            idx = phase == k + 1
            gap[row, k] = _phase_gap(
                restarted.network_function(local[idx]), exact_function[idx], sigmas[k + 1]
            )
    out["restart_imbalance"], out["restart_gap"] = imbalance, gap
    return out


def _gaps(a, b, phase, sigmas) -> np.ndarray:
    return np.array([_phase_gap(a[phase == k], b[phase == k], s) for k, s in enumerate(sigmas)])


def measure(sequence: dict, matrix: dict, *, semigroup_tol: float, first_order_ratio) -> dict:
    """The numbers Figure 6a and 6d–e quote, from :func:`run` results.

    ``sequence`` (panel a): the largest simulation–exact gap over the phases
    (at ``eta`` and ``eta / 2``, and their ratio), the largest semigroup
    error, and per task boundary the simulated weights' relative imbalance
    and the gap of the exact restart from them to the exact chain (at ``eta``
    and ``eta / 2``; ratio ~2 for a first-order error); whether every exact
    phase converges to the optimum (no stalled mode, docs/mathematics.md §2).
    ``matrix`` (panels d–e): measured forgetting ``L[i, j] - L[j, j]`` for
    ``i > j`` (gradient descent and the exact chain) against the prediction:
    the worst absolute and relative differences, the largest forgetting, and the
    worst difference of every loss from the predicted loss matrix.
    Verdicts: every semigroup error (both sequences) below ``semigroup_tol``;
    every restart-gap ratio and the simulation-gap ratio inside
    ``first_order_ratio = [low, high]`` (first order: 2).
    """
    lo, hi = (positive_float("first_order_ratio[i]", r) for r in first_order_ratio)
    seq = sequence
    gap = np.asarray(seq["restart_gap"])
    out_a = {
        "sim_gap_max": float(np.max(seq["sim_gap"])),
        "sim_gap_half_max": float(np.max(seq["sim_gap_half"])),
        "sim_gap_ratio": float(np.max(seq["sim_gap"]) / np.max(seq["sim_gap_half"])),
        "semigroup_error_max": float(np.max(seq["semigroup_error"])),
        "restart_imbalance": np.asarray(seq["restart_imbalance"])[0],
        "restart_imbalance_max": float(np.max(np.asarray(seq["restart_imbalance"])[0])),
        "restart_imbalance_half_max": float(np.max(np.asarray(seq["restart_imbalance"])[1])),
        "restart_gap": gap[0],
        "restart_gap_half": gap[1],
        "restart_gap_max": float(gap[0].max()),
        "restart_gap_ratio": gap[0] / gap[1],
        "restart_gap_ratio_min": float(np.min(gap[0] / gap[1])),
        "restart_gap_ratio_max": float(np.max(gap[0] / gap[1])),
        "all_phases_converge": bool(np.all(seq["converges"])),
        "phase_time": float(seq["phase_time"]),
        "loss_matrix_gap": _loss_matrix_gap(seq),
    }
    out_d = {"loss_matrix_gap": _loss_matrix_gap(matrix), **_forgetting_numbers(matrix)}
    out_d["semigroup_error_max"] = float(np.max(matrix["semigroup_error"]))
    out_d["sim_gap_max"] = float(np.max(matrix["sim_gap"]))
    out_d["phase_time"] = float(matrix["phase_time"])
    out_d["all_phases_converge"] = bool(np.all(matrix["converges"]))
    ratios = np.append(out_a["restart_gap_ratio"], out_a["sim_gap_ratio"])
    verdicts = {
        "semigroup_below_tol": bool(
            max(out_a["semigroup_error_max"], out_d["semigroup_error_max"])
            < positive_float("semigroup_tol", semigroup_tol)
        ),
        "first_order": bool(np.all((ratios >= lo) & (ratios <= hi))),
    }
    return {"sequence": out_a, "matrix": out_d, **verdicts}


def measured_forgetting(loss_matrix) -> np.ndarray:
    """``F[i, j] = L[i + 1, j] - L[j + 1, j]`` from a ``(K + 1, K)`` loss matrix (row 0: the start)."""
    after = np.asarray(loss_matrix, dtype=float)[1:]
    if after.ndim != 2 or after.shape[0] != after.shape[1]:
        raise ValueError(f"loss_matrix must be (K + 1, K), got shape {np.shape(loss_matrix)}")
    return after - np.diag(after)[None, :]


def _loss_matrix_gap(d: dict) -> float:
    return float(np.max(np.abs(np.asarray(d["sim_loss_matrix"])[1:] - d["predicted_loss_matrix"])))


def _forgetting_numbers(d: dict) -> dict:
    predicted = d["predicted_loss_matrix"] - np.diag(d["predicted_loss_matrix"])[None, :]
    lower = np.tril(np.ones_like(predicted, dtype=bool), -1)
    out = {"forgetting_max": float(predicted[lower].max()), "forgetting_min": float(predicted[lower].min())}
    for kind in ("sim", "exact"):
        diff = np.abs(measured_forgetting(d[f"{kind}_loss_matrix"]) - predicted)[lower]
        out[f"{kind}_forgetting_error_max"] = float(diff.max())
        out[f"{kind}_forgetting_relative_error_max"] = float(np.max(diff / predicted[lower]))
    return out
