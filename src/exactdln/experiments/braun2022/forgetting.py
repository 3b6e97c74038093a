"""Figure 6b–d: forgetting of task 1 after task 2, linear against tanh and ReLU networks.

``n_runs`` random draws (:func:`draw`): dimensions ``n_in, n_hidden, n_out``
uniform on ``dim_range``, two tasks on shared whitened Gaussian inputs
(:func:`~exactdln.tasks.task_sequence`) and Gaussian initial weights of standard
deviation ``init_gain / sqrt((n_in + n_hidden) / 2)`` in both layers (not balanced:
simulation only). The tasks' targets are either random (``targets="random"``:
Gaussian, which no network of the family represents exactly, and which a
nonlinear network can partly memorise) or realisable (``"teacher"``: a linear
teacher per task, :func:`~exactdln.tasks.student_teacher`, scaled so that the
targets have the same standard deviation); the teacher draws share the
dimensions, inputs and initial weights of the random ones. The same draws are
trained as linear, tanh and ReLU two-layer networks by full-batch gradient descent
on task 1 and then on task 2 (:func:`run`); the measured forgetting (loss on
task 1 after task 2 minus loss on task 1 after task 1) is compared with the
linear prediction :func:`~exactdln.experiments.braun2022.continual.predicted_forgetting`
and the balance ``||W1 W1^T - W2^T W2||_F`` is recorded before and after each
task (conserved by the linear flow, docs/mathematics.md §1).

Linear networks train a fixed number of steps per task. Nonlinear networks train
until a stopping rule (:func:`train_until`) holds or a step cap is reached: each
run stops when its loss on the current task changed over the last ``window`` steps
by at most ``tol`` times its loss reduction so far.

Networks of different sizes train as one zero-padded batch (padding is
exact, see :func:`~exactdln.simulation.train_nonlinear`); to keep the padding
cheap each job sorts its runs by size and trains them in ``n_groups`` groups,
each padded only to its own largest dimensions.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from ... import activations
from ..._checks import positive_float, positive_int
from ...initialisations import gaussian
from ...sequences import predicted_forgetting
from ...simulation import network_loss, train_nonlinear, train_two_layer
from ...tasks import Task, student_teacher, task_sequence
from .common import zero_pad

#: Records per run: the start, then for each task the start of its last stretch of training
#: (the last ``1 - LATE`` of a fixed number of steps, or the last window of the stopping rule)
#: and its end.
RECORDS = ("start", "task1_late", "task1_end", "task2_late", "task2_end")
LATE = 0.9  # convergence is judged from the loss change over the last (1 - LATE) of each task's steps
TARGETS = ("random", "teacher")


@dataclass(frozen=True)
class Draw:
    """One random network and task pair: ``dims = (n_in, n_hidden, n_out)``, two tasks, ``w1``, ``w2``."""

    dims: tuple[int, int, int]
    tasks: tuple[Task, Task]
    w1: np.ndarray
    w2: np.ndarray


def draw(
    n_runs: int,
    *,
    dim_range,
    n_items: int,
    target_std: float,
    init_gain: float,
    seed: int,
    targets: str = "random",
) -> list[Draw]:
    """``n_runs`` independent draws, run ``i`` from the ``i``-th child of ``SeedSequence(seed)``.

    ``targets="random"``: Gaussian targets of standard deviation ``target_std``.
    ``targets="teacher"``: the same draws (dimensions, inputs, initial weights), with the
    targets of each task replaced by those of a linear teacher
    (:func:`~exactdln.tasks.student_teacher`, a product of two Gaussian matrices through
    ``r = min(n_in, n_out)`` hidden units) of scale ``target_std (r n_in)^(-1/4)``, so
    that its targets have standard deviation ``target_std`` in expectation; the teachers
    come from a child of the run's seed, so the random draws are unchanged.
    """
    if targets not in TARGETS:
        raise ValueError(f"targets must be one of {TARGETS}, got {targets!r}")
    lo, hi = (positive_int("dim_range[i]", d) for d in dim_range)
    if hi < lo:
        raise ValueError(f"dim_range must be [low, high] with low <= high, got {list(dim_range)}")
    if positive_int("n_items", n_items) < hi:
        raise ValueError(f"n_items={n_items} < dim_range high end {hi}: whitened inputs need P >= n_in")
    gain = positive_float("init_gain", init_gain)
    out = []
    for child in np.random.SeedSequence(seed).spawn(positive_int("n_runs", n_runs)):
        rng = np.random.default_rng(child)
        n_in, n_hidden, n_out = (int(d) for d in rng.integers(lo, hi + 1, size=3))
        tasks = task_sequence(2, n_in, n_out, n_items, rng, target_std=target_std)
        w1, w2 = gaussian(n_in, n_hidden, n_out, gain / np.sqrt(0.5 * (n_in + n_hidden)), rng)
        if targets == "teacher":
            teacher_rng = np.random.default_rng(child.spawn(1)[0])
            x, rank = tasks[0].x, min(n_in, n_out)
            scale = positive_float("target_std", target_std) * (rank * n_in) ** -0.25
            tasks = [
                Task(
                    x,
                    student_teacher(n_in, n_out, n_items, scale, teacher_rng, inputs=x).y,
                    f"teacher {k + 1}",
                )
                for k in range(2)
            ]
        out.append(Draw((n_in, n_hidden, n_out), (tasks[0], tasks[1]), w1, w2))
    return out


def _pad(draws: list[Draw]):
    """Zero-padded batch: ``w1 (B, h, i)``, ``w2 (B, o, h)``, ``x (B, i, P)``, ``y (2, B, o, P)``."""
    n_in, n_hidden, n_out = np.max([d.dims for d in draws], axis=0)
    p = draws[0].tasks[0].n_items
    w1 = zero_pad([d.w1 for d in draws], (n_hidden, n_in))
    w2 = zero_pad([d.w2 for d in draws], (n_out, n_hidden))
    x = zero_pad([d.tasks[0].x for d in draws], (n_in, p))
    y = np.stack([zero_pad([d.tasks[k].y for d in draws], (n_out, p)) for k in range(2)])
    return w1, w2, x, y


def stopping_rule(window: int, tol: float) -> tuple[int, float]:
    """``(window, tol)`` of :func:`train_until`, checked: a positive whole number of steps and a
    tolerance in ``(0, 1)``."""
    tol = positive_float("tol", tol)
    if tol >= 1:
        raise ValueError(f"tol must lie in (0, 1), got {tol!r}")
    return positive_int("window", window), tol


def train_until(w1, w2, x, y, activation: str, *, eta: float, max_steps: int, window: int, tol: float):
    """Gradient descent on ``y_hat = w2 f(w1 x)`` per run until a stopping rule holds, at most ``max_steps``.

    Every ``window`` steps the loss ``L_k`` of each run still training is compared with
    ``L_{k-1}``, its loss one window earlier; the run stops when
    ``|L_{k-1} - L_k| <= tol (L_0 - L_k)`` (its loss changed over the window by at most
    ``tol`` times its reduction so far) or when it reaches ``max_steps`` (a multiple of
    ``window``). Stopped runs leave the batch, so a batch trains as long as its slowest run.

    ``w1 (B, h, i)``, ``w2 (B, o, h)``, ``x (B, i, P)``, ``y (B, o, P)``. Returns the weights at
    the start of each run's last window and at its end (``(w1, w2)`` pairs of ``(B, ...)``
    arrays), ``steps (B,)`` and ``converged (B,)`` (stopped by the rule, not the cap).
    """
    window, tol = stopping_rule(window, tol)
    max_steps = positive_int("max_steps", max_steps)
    if max_steps % window:
        raise ValueError(f"max_steps={max_steps} must be a multiple of window={window}")
    w1, w2 = np.array(w1, dtype=float), np.array(w2, dtype=float)
    start = network_loss(w1, w2, x, y, activation)
    late, end = (w1.copy(), w2.copy()), (w1.copy(), w2.copy())
    steps, converged = np.zeros(len(w1), dtype=int), np.zeros(len(w1), dtype=bool)
    active, previous, done = np.arange(len(w1)), start.copy(), 0
    a1, a2 = w1, w2  # weights of the runs still training
    while active.size:
        traj = train_nonlinear(a1, a2, x[active], y[active], activation=activation, eta=eta, n_steps=window)
        n1, n2 = traj.w1[-1], traj.w2[-1]
        done += window
        current = network_loss(n1, n2, x[active], y[active], activation)
        rule = np.abs(previous[active] - current) <= tol * (start[active] - current)
        stop = rule | (done >= max_steps)
        idx = active[stop]
        late[0][idx], late[1][idx], end[0][idx], end[1][idx] = a1[stop], a2[stop], n1[stop], n2[stop]
        steps[idx], converged[idx] = done, rule[stop]
        previous[active] = current
        active, a1, a2 = active[~stop], n1[~stop], n2[~stop]
    return late, end, steps, converged


def train_pair(
    draws: list[Draw],
    activation: str,
    *,
    eta: float,
    n_steps: int,
    stopping: dict | None = None,
    progress: bool = False,
):
    """Train every draw on task 1 then task 2 as one padded batch.

    Without ``stopping`` every run trains ``n_steps`` per task; with
    ``stopping = {"window": ..., "tol": ...}`` (nonlinear activations only) each run
    trains until :func:`train_until`'s rule holds, at most ``n_steps`` per task.
    Returns ``loss (B, 5, 2)`` (loss on task 1 and task 2 at the records
    :data:`RECORDS`), ``balance (B, 5)`` (``||W1 W1^T - W2^T W2||_F``),
    ``drift (B, 5)`` (``||D(t) - D(0)||_F / ||D(0)||_F`` with
    ``D = W1 W1^T - W2^T W2``), ``steps (B, 2)`` (steps trained per task) and
    ``converged (B, 2)`` (stopped by the rule; ``True`` for fixed steps). Linear
    networks train on the task statistics
    (:func:`~exactdln.simulation.train_two_layer`), the others item by item
    (:func:`~exactdln.simulation.train_nonlinear`).
    """
    activations.check(activation)
    n_steps = positive_int("n_steps", n_steps)
    if stopping is not None and activation == "linear":
        raise ValueError(
            "the stopping rule is for nonlinear networks; linear ones train a fixed number of steps"
        )
    w1, w2, x, y = _pad(draws)
    late = round(LATE * n_steps)
    rec1, rec2 = [w1[None]], [w2[None]]
    steps = np.full((len(draws), 2), n_steps)
    converged = np.ones((len(draws), 2), dtype=bool)
    for k in range(2):
        if stopping is not None:
            (l1, l2), (e1, e2), steps[:, k], converged[:, k] = train_until(
                w1, w2, x, y[k], activation, eta=eta, max_steps=n_steps, **stopping
            )
            traj_w1, traj_w2 = np.stack([l1, e1]), np.stack([l2, e2])
        elif activation == "linear":
            sigma_yx = y[k] @ np.swapaxes(x, -1, -2) / x.shape[-1]
            traj = train_two_layer(
                w1, w2, sigma_yx, eta=eta, n_steps=n_steps, record=[late, n_steps], progress=progress
            )
            traj_w1, traj_w2 = traj.w1, traj.w2
        else:
            traj = train_nonlinear(
                w1,
                w2,
                x,
                y[k],
                activation=activation,
                eta=eta,
                n_steps=n_steps,
                record=[late, n_steps],
                progress=progress,
            )
            traj_w1, traj_w2 = traj.w1, traj.w2
        rec1.append(traj_w1)
        rec2.append(traj_w2)
        w1, w2 = traj_w1[-1], traj_w2[-1]
    w1s, w2s = np.concatenate(rec1), np.concatenate(rec2)  # (5, B, ...)
    loss = np.stack([network_loss(w1s, w2s, x, y[k], activation) for k in range(2)], axis=-1)
    d = w1s @ np.swapaxes(w1s, -1, -2) - np.swapaxes(w2s, -1, -2) @ w2s
    balance = np.linalg.norm(d, axis=(-2, -1))
    drift = np.linalg.norm(d - d[0], axis=(-2, -1)) / balance[0]
    return np.swapaxes(loss, 0, 1), balance.T, drift.T, steps, converged


def groups(draws: list[Draw], n_groups: int) -> list[np.ndarray]:
    """Indices of ``draws`` sorted by cost ``n_hidden (n_in + n_out)``, split into ``n_groups`` groups."""
    cost = [h * (i + o) for i, h, o in (d.dims for d in draws)]
    order = np.argsort(cost, kind="stable")
    n_groups = min(positive_int("n_groups", n_groups), len(draws))
    return [g for g in np.array_split(order, n_groups) if g.size]


def run(
    *,
    activation: str,
    job: int,
    n_jobs: int,
    n_groups: int,
    n_runs: int,
    dim_range,
    n_items: int,
    target_std: float,
    init_gain: float,
    seed: int,
    eta: float,
    n_steps: int,
    targets: str = "random",
    stopping: dict | None = None,
    check_runs: int = 0,
    check_factor: int = 1,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Every ``n_jobs``-th of the ``n_runs`` draws by cost (from the ``job``-th), trained with ``activation``.

    ``targets`` chooses the tasks (:func:`draw`); ``stopping`` the stopping rule of
    nonlinear runs, with ``n_steps`` its cap (:func:`train_pair`).
    Returns ``index (N,)``, ``dims (N, 3)``, ``loss (N, 5, 2)``, ``balance (N, 5)``,
    ``drift (N, 5)``, ``steps (N, 2)``, ``converged (N, 2)`` (see :func:`train_pair`),
    ``predicted (N,)`` (linear prediction for the network's width) and ``predicted_full (N,)``
    (``1/2 ||S1 - S2||_F^2``, the wide-network formula). With ``check_runs > 0``
    the ``check_runs`` runs whose forgetting deviates most from the prediction
    are retrained with ``check_factor`` times the steps: ``check_index``,
    ``check_forgetting``.
    """
    n_jobs = positive_int("n_jobs", n_jobs)
    if not 0 <= int(job) < n_jobs:
        raise ValueError(f"job must lie in [0, n_jobs={n_jobs}), got {job!r}")
    draws = draw(
        n_runs,
        dim_range=dim_range,
        n_items=n_items,
        target_std=target_std,
        init_gain=init_gain,
        seed=seed,
        targets=targets,
    )
    index = np.sort(groups(draws, 1)[0][int(job) :: n_jobs])  # every n_jobs-th by cost: balanced jobs
    mine = [draws[i] for i in index]
    loss = np.zeros((len(mine), len(RECORDS), 2))
    balance, drift = np.zeros((len(mine), len(RECORDS))), np.zeros((len(mine), len(RECORDS)))
    steps, converged = np.zeros((len(mine), 2), dtype=int), np.zeros((len(mine), 2), dtype=bool)
    for g in groups(mine, n_groups):
        if progress:
            dims = np.max([mine[i].dims for i in g], axis=0)
            print(f"{activation}: {g.size} runs padded to {'-'.join(map(str, dims))}", file=sys.stderr)
        loss[g], balance[g], drift[g], steps[g], converged[g] = train_pair(
            [mine[i] for i in g], activation, eta=eta, n_steps=n_steps, stopping=stopping, progress=progress
        )
    sig = [[t.sigma_yx for t in d.tasks] for d in mine]
    out = {
        "index": index,
        "dims": np.array([d.dims for d in mine]),
        "loss": loss,
        "balance": balance,
        "drift": drift,
        "steps": steps,
        "converged": converged,
        "predicted": np.array(
            [predicted_forgetting(s1, s2, d.dims[1]) for (s1, s2), d in zip(sig, mine, strict=True)]
        ),
        "predicted_full": np.array([predicted_forgetting(s1, s2) for s1, s2 in sig]),
    }
    if check_runs:
        error = np.abs(forgetting_of(loss) - out["predicted"])
        worst = np.argsort(error)[::-1][: positive_int("check_runs", check_runs)]
        steps = n_steps * positive_int("check_factor", check_factor)
        check = train_pair([mine[i] for i in worst], activation, eta=eta, n_steps=steps)[0]
        out["check_index"], out["check_forgetting"] = index[worst], forgetting_of(check)
    return out


def forgetting_of(loss) -> np.ndarray:
    """Measured forgetting ``(N,)`` from ``loss (N, 5, 2)``: loss on task 1 after task 2 minus after 1."""
    loss = np.asarray(loss, dtype=float)
    return loss[:, RECORDS.index("task2_end"), 0] - loss[:, RECORDS.index("task1_end"), 0]


def combine(parts: list[dict]) -> dict[str, np.ndarray]:
    """The jobs of one activation as one result, ordered by run index."""
    index = np.concatenate([p["index"] for p in parts])
    order = np.argsort(index)
    keys = ("index", "dims", "loss", "balance", "drift", "steps", "converged", "predicted", "predicted_full")
    out = {k: np.concatenate([p[k] for p in parts])[order] for k in keys}
    if np.any(np.diff(out["index"]) != 1) or out["index"][0] != 0:
        raise ValueError("the jobs do not cover the runs 0, 1, ... exactly once")
    for k in ("check_index", "check_forgetting"):
        if any(k in p for p in parts):
            out[k] = np.concatenate([p[k] for p in parts if k in p])
    return out


def measure(results: dict[str, dict]) -> dict:
    """The numbers Figure 6b–d quotes, from ``{activation: combine(...)}`` (one kind of targets).

    Per activation: the worst and median absolute and relative deviation of the
    measured from the predicted forgetting, the median and the 10% and 90% quantiles
    of the ratio measured/predicted, its extremes (and its median over the runs the stopping rule
    stopped in both tasks), convergence (loss change over the last stretch of each
    task's training, :data:`RECORDS`, relative to that task's loss reduction, median and
    max; the relative change of the measured forgetting over the last stretch of task
    2; the steps trained per task, median and max, and how many runs reached the step
    cap in either task) and the median balance and relative drift at each record. For the linear networks
    also the worst deviation of the rerun (longer) runs before and after, and
    the number of runs whose width is below ``min(n_in, n_out)``. Verdicts
    (``out["verdicts"]``, with linear and nonlinear results): the linear
    deviation shrinks in the rerun; every nonlinearity forgets more than
    predicted (median ratio > 1); the largest linear balance drift is below
    every nonlinearity's median drift after task 1.
    """
    out: dict = {}
    for activation, r in results.items():
        measured, predicted = forgetting_of(r["loss"]), r["predicted"]
        error = np.abs(measured - predicted)
        rel = error / predicted
        loss = r["loss"]
        reduction = [loss[:, 0, 0] - loss[:, 2, 0], loss[:, 2, 1] - loss[:, 4, 1]]
        late_change = [
            (loss[:, 1, 0] - loss[:, 2, 0]) / reduction[0],
            (loss[:, 3, 1] - loss[:, 4, 1]) / reduction[1],
        ]
        late = np.abs(np.concatenate(late_change))
        forgetting_late = loss[:, 3, 0] - loss[:, 2, 0]
        ratio = measured / predicted
        converged = np.all(r["converged"], axis=1)
        e = {
            "error_max": float(error.max()),
            "relative_error_max": float(rel.max()),
            "relative_error_median": float(np.median(rel)),
            "ratio_median": float(np.median(ratio)),
            "ratio_q10": float(np.quantile(ratio, 0.1)),
            "ratio_q90": float(np.quantile(ratio, 0.9)),
            "ratio_min": float(ratio.min()),
            "ratio_max": float(ratio.max()),
            "n_runs": int(ratio.size),
            "n_capped": int(np.sum(~converged)),
            "steps_median": float(np.median(r["steps"])),
            "steps_max": int(np.max(r["steps"])),
            "task1_loss_median": float(np.median(loss[:, 2, 0])),
            "late_change_median": float(np.median(late)),
            "late_change_max": float(late.max()),
            "forgetting_late_change_median": float(
                np.median(np.abs(measured - forgetting_late) / np.abs(measured))
            ),
            "balance_median": np.median(r["balance"][:, [0, 2, 4]], axis=0),
            "drift_median": np.median(r["drift"][:, [2, 4]], axis=0),
            "drift_max": float(np.max(r["drift"][:, [2, 4]])),
        }
        if converged.any():
            e["ratio_median_converged"] = float(np.median(ratio[converged]))
        if "check_index" in r:
            i = r["check_index"]
            e["check_error_before_max"] = float(error[i].max())
            e["check_error_after_max"] = float(np.max(np.abs(r["check_forgetting"] - predicted[i])))
            e["check_runs"] = int(i.size)
            dims = r["dims"]
            narrow = dims[:, 1] < np.minimum(dims[:, 0], dims[:, 2])
            e["narrow_runs"] = int(np.sum(narrow))
            # the wide-network formula 1/2 ||S1 - S2||^2 applied to the narrow networks
            full = np.abs(measured - r["predicted_full"]) / r["predicted_full"]
            e["full_formula_narrow_relative_error_max"] = float(full[narrow].max()) if narrow.any() else 0.0
            e["full_formula_narrow_relative_error_median"] = (
                float(np.median(full[narrow])) if narrow.any() else 0.0
            )
            e["predicted_max"] = float(predicted.max())
            e["predicted_min"] = float(predicted.min())
        out[activation] = e
    out["late_fraction"] = 1.0 - LATE
    nonlinear = [a for a in results if a != "linear"]
    if "linear" in results and nonlinear:
        lin = out["linear"]
        out["verdicts"] = {
            # the linear deviation is convergence error: it shrinks when the worst runs train longer
            "linear_error_shrinks": bool(lin.get("check_error_after_max", np.inf) < lin["error_max"]),
            "nonlinear_forget_more": bool(all(out[a]["ratio_median"] > 1 for a in nonlinear)),
            "linear_drift_below_nonlinear": bool(
                lin["drift_max"] < min(out[a]["drift_median"][0] for a in nonlinear)
            ),
        }
    return out
