"""Figure 7d–g: new structure on top of prior knowledge, and the escape-time measures of Figure 7.

A sequence of tasks is learned phase after phase, with flow time ``t = eta *
global step`` continuing across the switches (docs/mathematics.md §1). The exact chain
(:class:`~exactdln.sequences.ExactChain`) restarts the exact solution at each switch from its own
end-of-phase weights, ``Q(t_s)`` of :meth:`~exactdln.exact.ExactSolution.q`
split into ``w1^T`` and ``w2`` (the hidden rotation it leaves open changes
nothing that follows: the flow is equivariant under it). Gradient descent
(:func:`~exactdln.sequences.simulate_chain`) continues from its own weights.

Figure 7d–g (:func:`run`): an 8-14-8 network learns the semantic hierarchy
from a small start and then the hierarchy with its last feature negated, and
from a large start the hierarchy and then a second hierarchy that groups the
same items differently. Negating a feature multiplies ``sigma_yx`` by a
reflection with determinant -1, so ``det(W2 W1) det(sigma_yx')`` is negative
for a network that has learned the first task, and the projection ``B`` on
the new growing eigenspace is singular: one mode stalls at the saddle under
the exact flow (docs/mathematics.md §2), while gradient descent escapes through its
``O(eta)`` imbalance. An even regrouping of the items keeps the sign, and the
new hierarchy is learned without a stall.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..._checks import positive_float, positive_int
from ...crossings import first_root_on_grid, level_crossing
from ...exact import ExactSolution
from ...initialisations import zero_balanced
from ...measures import classical_mds, learning_time
from ...sequences import ExactChain, semigroup_gap, simulate_chain
from ...tasks import Task, semantic_hierarchy

EXACT_GRID = 2000  # grid points that bracket an exact crossing time before root finding


def mode_strength(network_function, u, v) -> np.ndarray:
    """``u^T W v`` for ``W (..., n_out, n_in)``: the strength of one singular mode ``(u, v)``."""
    return np.einsum("i,...ij,j->...", np.asarray(u), np.asarray(network_function), np.asarray(v))


def exact_mode_crossing(solution: ExactSolution, u, v, level: float, horizon: float) -> float:
    """First time the exact mode strength ``u^T W(t) v`` reaches ``level``, to ~1e-12; NaN if never.

    Bracketed on ``EXACT_GRID`` points over ``[0, horizon]``, then refined by Brent's method
    (:func:`~exactdln.crossings.first_root_on_grid`); 0 where the strength starts at or above it.
    """
    grid = np.linspace(0.0, positive_float("horizon", horizon), EXACT_GRID + 1)

    def gap(t):
        return mode_strength(solution.network_function(t), u, v) - level

    values = gap(grid)
    if values[0] >= 0:
        return 0.0
    if not np.any(values >= 0):
        return float("nan")
    return first_root_on_grid(gap, grid, xtol=1e-12, values=values)


def converging_start(task: Task, n_hidden: int, scale: float, seed: int):
    """A zero-balanced start ``(w1, w2)`` from ``seed``; raises if its exact flow would stall on ``task``."""
    w1, w2 = zero_balanced(task.n_in, n_hidden, task.n_out, scale, seed)
    if not ExactSolution.from_task(w1, w2, task).converges_to_optimum:
        raise ValueError(
            f"seed {seed} gives a zero-balanced start with singular B on {task.name!r} (it would stall "
            f"at a saddle, docs/mathematics.md §2): choose another seed"
        )
    return w1, w2


# ---------------------------------------------------------------------------- Figure 7d-g
def second_task(spec: Mapping) -> Task:
    """The second task of a sequence: the hierarchy with ``reversed_features`` negated, or regrouped.

    ``spec`` holds exactly one of ``reversed_features`` (indices of target
    rows to negate, :meth:`Task.reversed`) and ``grouping`` (a permutation of
    the 8 items, :func:`~exactdln.tasks.semantic_hierarchy`).
    """
    has = [key for key in ("reversed_features", "grouping") if key in spec]
    if len(has) != 1:
        raise ValueError(f"a sequence needs exactly one of reversed_features, grouping; got {sorted(spec)}")
    if has[0] == "grouping":
        return semantic_hierarchy(distinct_singular_values=True, grouping=spec["grouping"])
    return semantic_hierarchy(distinct_singular_values=True).reversed(features=spec["reversed_features"])


def _restart(ends, chain, tasks, times_local, balance_tol):
    """Exact solution of phase 2 restarted from simulated end-of-phase-1 weights, against the chain."""
    a, b = ends[0]
    restart = ExactSolution.from_task(a, b, tasks[1], balance_tol=balance_tol)
    diff = restart.network_function(times_local) - chain[1].network_function(times_local)
    gap = np.linalg.norm(diff, axis=(-2, -1)).max() / np.linalg.norm(tasks[1].sigma_yx)
    return restart, float(gap)


def run_sequence(
    spec: Mapping,
    *,
    n_hidden: int,
    eta: float,
    record_every: int,
    eta_refinement: int,
    restart_balance_tol: float,
    semigroup_time: float,
    escape_fraction: float,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """The hierarchy, then :func:`second_task`, from a zero-balanced start of ``spec["init_scale"]``.

    ``spec`` also holds the start's ``seed`` (raises if its ``B`` is singular
    on the hierarchy) and ``n_steps = [n1, n2]``. Returns the arrays of
    :func:`run_chain` (exact chain and gradient descent at ``eta``) and of
    :func:`run_restart` (phase 2 restarted from the simulated weights, at ``eta`` and
    ``eta / eta_refinement``).
    """
    eta = positive_float("eta", eta)
    n_steps = [positive_int(f"n_steps[{k}]", n) for k, n in enumerate(spec["n_steps"])]
    if len(n_steps) != 2:
        raise ValueError(f"n_steps must be [steps on the hierarchy, steps on the second task], got {n_steps}")
    tasks = [semantic_hierarchy(distinct_singular_values=True), second_task(spec)]
    durations = [eta * n for n in n_steps]
    start = converging_start(tasks[0], n_hidden, spec["init_scale"], spec["seed"])
    chain = ExactChain(*start, tasks, durations)
    steps, sim_loss, sim_nf, ends = simulate_chain(
        list(start), tasks, n_steps, eta=eta, record_every=record_every, progress=progress
    )
    out = run_chain(chain, durations, eta * steps, sim_loss, sim_nf, semigroup_time=semigroup_time)
    settings = {
        "eta": eta,
        "n_steps": n_steps,
        "record_every": record_every,
        "eta_refinement": eta_refinement,
    }
    restart = run_restart(
        chain, start, ends, out, **settings, balance_tol=restart_balance_tol, escape_fraction=escape_fraction
    )
    return {**out, **restart}


def run_chain(
    chain: ExactChain, durations, times, sim_loss, sim_nf, *, semigroup_time: float
) -> dict[str, np.ndarray]:
    """The exact chain against gradient descent's records ``sim_loss``, ``sim_nf`` at global ``times``.

    Returns ``times (T,)`` (global, ``eta * step``), ``switch_times (2,)``;
    ``sim_loss``, ``exact_loss (T,)`` on the current task and ``sim_nf``,
    ``exact_nf (T, 8, 8)``; ``rank_b (2,)`` and ``stalled_modes`` of each phase's exact
    solution; ``exact_final_loss (2,)`` (``t = inf`` of each phase); the tasks'
    ``singular_values (2, 8)``; ``mds (2, T, 8, 2)``: every item's output ``W2 W1 x_i``
    (exact, then gradient descent) embedded by :func:`~exactdln.measures.classical_mds`
    fitted on all of them together; ``sim_learning_time``, ``exact_learning_time (2,)``
    (time from the phase's start to 90% of its loss reduction; NaN for an exact phase that
    stalls); ``semigroup_gap`` (:func:`~exactdln.sequences.semigroup_gap` at ``semigroup_time``).
    """
    tasks = chain.tasks
    starts = [0.0, durations[0]]
    exact = chain.evaluate(times)
    phase = exact["phase"]
    out: dict = {
        "times": times,
        "switch_times": np.array(starts),
        "sim_loss": sim_loss,
        "exact_loss": exact["loss"],
        "sim_nf": sim_nf,
        "exact_nf": exact["network_function"],
        "rank_b": np.array([sol.rank_b for sol in chain]),
        "stalled_modes": np.array(chain[1].stalled_modes, dtype=int),
        "exact_final_loss": np.array([float(sol.loss(np.inf)) for sol in chain]),
        "singular_values": np.array([np.linalg.svd(t.sigma_yx, compute_uv=False) for t in tasks]),
    }
    # every item's output W x_i at every record, exact and simulated, in one embedding
    outputs = np.stack([exact["network_function"], sim_nf]) @ tasks[0].x  # (2, T, n_out, P)
    points = np.swapaxes(outputs, -1, -2).reshape(-1, tasks[0].n_out)
    out["mds"] = classical_mds(points, 2).reshape(*outputs.shape[:2], tasks[0].n_items, 2)
    sim_t, exact_t = [], []
    for k, sol in enumerate(chain):
        sel = phase == k
        local = times[sel] - starts[k]
        sim_t.append(float(learning_time(local, sim_loss[sel])))
        final = float(sol.loss(np.inf))
        exact_t.append(
            float(learning_time(local, exact["loss"][sel], final_loss=final))
            if sol.converges_to_optimum
            else np.nan
        )
    out["sim_learning_time"], out["exact_learning_time"] = np.array(sim_t), np.array(exact_t)
    t1 = positive_float("semigroup_time", semigroup_time)
    out["semigroup_gap"] = semigroup_gap(chain[0], t1, np.linspace(0.0, durations[0] - t1, 100))
    return out


def run_restart(
    chain: ExactChain,
    start,
    ends,
    reference: Mapping,
    *,
    eta: float,
    n_steps: list[int],
    record_every: int,
    eta_refinement: int,
    balance_tol: float,
    escape_fraction: float,
) -> dict[str, np.ndarray]:
    """Phase 2 restarted from gradient descent's end-of-phase-1 weights, at ``eta`` and a finer rate.

    ``ends`` holds gradient descent's end-of-phase weights at ``eta`` and ``reference``
    the arrays of :func:`run_chain`; at ``eta / eta_refinement`` gradient descent runs
    again from ``start = (w1, w2)``. Returns ``restart_etas``, ``restart_imbalance``,
    ``restart_gap`` (largest ``||W_restart - W_chain||_F / ||sigma_yx||_F`` over phase 2),
    each ``(2,)``, and ``restart_loss (T2,)`` at ``eta`` over the phase-2 records; if
    phase 2 stalls a mode, that mode's ``stalled_s``, the ``stalled_feature`` (output) it
    loads on most and that ``stalled_feature_weight``, and its escape times (strength
    reaching ``escape_fraction`` of ``stalled_s``, from the switch): ``sim_escape`` and
    ``restart_escape`` ``(2,)`` (gradient descent and the restarted exact solution, at
    both learning rates).
    """
    tasks, times, switch = chain.tasks, reference["times"], reference["switch_times"][1]
    phase, _ = chain.phase_of(times)
    local2 = times[phase == 1] - switch
    out: dict = {}
    stalled = chain[1].stalled_modes
    if stalled:
        u, s, vt = np.linalg.svd(tasks[1].sigma_yx)
        m = stalled[0]
        level = positive_float("escape_fraction", escape_fraction) * s[m]
        out["stalled_s"] = float(s[m])
        out["stalled_feature"] = int(np.argmax(np.abs(u[:, m])))  # the feature (output) it loads on most
        out["stalled_feature_weight"] = float(np.max(np.abs(u[:, m])))
    rows: dict[str, list] = {"restart_etas": [], "restart_imbalance": [], "restart_gap": []}
    rows.update({"sim_escape": [], "restart_escape": []} if stalled else {})
    for factor in (1, positive_int("eta_refinement", eta_refinement)):
        step_eta = eta / factor
        if factor == 1:
            run_ends, run_times, run_nf = ends, local2, reference["sim_nf"][phase == 1]
        else:
            fine = [n * factor for n in n_steps]
            st, _, nf, run_ends = simulate_chain(
                list(start), tasks, fine, eta=step_eta, record_every=record_every * factor
            )
            run_times, run_nf = step_eta * st[st >= fine[0]] - switch, nf[st >= fine[0]]
        restart, gap = _restart(run_ends, chain, tasks, local2, balance_tol)
        rows["restart_etas"].append(step_eta)
        rows["restart_imbalance"].append(restart.imbalance)
        rows["restart_gap"].append(gap)
        if factor == 1:
            out["restart_loss"] = restart.loss(local2)
        if stalled:
            strength = np.einsum("i,tij,j->t", u[:, m], run_nf, vt[m])
            rows["sim_escape"].append(float(level_crossing(run_times, strength, level)))
            horizon = eta * n_steps[1]
            rows["restart_escape"].append(exact_mode_crossing(restart, u[:, m], vt[m], level, horizon))
    out.update({k: np.array(v) for k, v in rows.items()})
    return out


def run(*, sequences: Mapping, progress: bool = False, **settings) -> dict[str, np.ndarray]:
    """:func:`run_sequence` for every ``{name: spec}`` of ``sequences``; keys prefixed ``<name>_``."""
    if not isinstance(sequences, Mapping) or not sequences:
        raise ValueError(f"sequences must be a non-empty mapping name -> settings, got {sequences!r}")
    out = {}
    for name, spec in sequences.items():
        for key, value in run_sequence(spec, progress=progress, **settings).items():
            out[f"{name}_{key}"] = value
    return out


def measure(runs: Mapping, names) -> dict:
    """The numbers Figure 7d–g quotes, from :func:`run` (keys ``<name>_...``) for each sequence name.

    Per sequence: the rank of ``B`` and the stalled modes of each phase's
    exact solution; the loss at the end of each phase (exact and gradient
    descent) and the exact ``t = inf`` loss of a stalling phase against
    ``s_m^2 / 2``; learning times; the largest gradient-descent–exact gap of
    the network function per phase (relative to ``||sigma_yx||_F``); the
    semigroup check; the restart from simulated weights (imbalance; if no
    mode stalls, its gap from the chain and the ratio of the gaps at the two
    learning rates); for a stalling phase the escape times of the stalled mode.
    ``speedup``: exact learning time of the first sequence's first phase over
    that of the last sequence's second phase.
    """
    out: dict = {}
    for name in names:
        d = {key[len(name) + 1 :]: value for key, value in runs.items() if key.startswith(f"{name}_")}
        times, switch = np.asarray(d["times"]), float(d["switch_times"][1])
        phase = (times >= switch).astype(int)
        ends = [int(np.flatnonzero(phase == 0)[-1]), len(times) - 1]
        norm = np.linalg.norm(d["singular_values"], axis=1)
        gap = np.linalg.norm(np.asarray(d["sim_nf"]) - d["exact_nf"], axis=(-2, -1))
        e = {
            "rank_b": [int(r) for r in d["rank_b"]],
            "n_stalled": int(np.size(d["stalled_modes"])),
            # |loss|: a converged loss is zero up to rounding of either sign
            "sim_end_loss": [float(abs(d["sim_loss"][k])) for k in ends],
            "exact_end_loss": [float(abs(d["exact_loss"][k])) for k in ends],
            "sim_learning_time": [float(t) for t in d["sim_learning_time"]],
            "sim_exact_gap": [float(gap[phase == k].max() / norm[k]) for k in (0, 1)],
            "semigroup_gap": float(d["semigroup_gap"]),
            "restart_imbalance": [float(v) for v in d["restart_imbalance"]],
        }
        if not np.size(d["stalled_modes"]):  # else the restart escapes the saddle and the chain does not
            e["restart_gap"] = [float(v) for v in d["restart_gap"]]
            e["restart_gap_ratio"] = float(d["restart_gap"][0] / d["restart_gap"][1])
        exact_t = np.asarray(d["exact_learning_time"])
        e["exact_learning_time"] = [float(t) for t in exact_t if np.isfinite(t)]
        if e["n_stalled"]:
            s = float(d["stalled_s"])
            e.update(
                {
                    "stalled_mode": int(d["stalled_modes"][0]) + 1,  # 1-based, decreasing singular values
                    "stalled_s": s,
                    "stalled_feature": int(d["stalled_feature"]),
                    "stalled_feature_weight": float(d["stalled_feature_weight"]),
                    "stalled_loss": float(d["exact_final_loss"][1]),
                    "stalled_loss_theory": 0.5 * s * s,
                    "stalled_loss_deviation": abs(float(d["exact_final_loss"][1]) / (0.5 * s * s) - 1),
                    "sim_escape": [float(v) for v in d["sim_escape"]],
                    "restart_escape": [float(v) for v in d["restart_escape"]],
                    "sim_escape_shift": float(d["sim_escape"][1] - d["sim_escape"][0]),
                    "escape_shift_theory": float(np.log(d["restart_etas"][0] / d["restart_etas"][1]) / s),
                }
            )
        out[name] = e
    names = list(names)
    first = np.asarray(runs[f"{names[0]}_exact_learning_time"])[0]
    last = np.asarray(runs[f"{names[-1]}_exact_learning_time"])[1]
    out["speedup"] = float(first / last)
    return out
