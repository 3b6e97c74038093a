"""Figure 5c–d: continual learning across ``lam``.

A network learns a sequence of random tasks on shared whitened inputs
(:func:`exactdln.tasks.task_sequence`), the exact solution restarted at every
switch from its own end-of-task weights (:class:`exactdln.sequences.ExactChain`;
the flow conserves ``lam``). With ``n_hidden >= min(n_in, n_out)`` and a
converging flow, the network ends every task at ``W2 W1 = sigma_yx^k``, so the
loss on task ``j`` after task ``k`` is ``1/2 ||sigma_yx^j - sigma_yx^k||_F^2``
above its floor, and the forgetting does not depend on ``lam`` (nor on the
start); only the path between the switches does.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...initialisations import lambda_balanced
from ...measures import loss
from ...sequences import ExactChain, forgetting_matrix
from ...tasks import task_sequence
from .common import seeds_for

LOSS_LEVEL = 1e-3  # a phase's learning time: the current task's excess loss first below this


def run(
    *,
    n_in: int,
    n_hidden: int,
    n_out: int,
    n_items: int,
    n_tasks: int,
    target_std: float,
    init_scale: float,
    lams,
    duration: float,
    n_times: int,
    seed: int,
) -> dict:
    """The exact chain through the task sequence for every ``lam``, from one initial function.

    Returns ``lams (L,)``, ``starts (K,)`` (switch times), ``times (T,)``
    (``n_times`` per phase, log-spaced from each switch), ``phase (T,)``,
    ``loss (L, K, T)`` (excess loss on every task at every time),
    ``converged (L, K, K)`` (excess loss on task ``j`` at the ``t = inf``
    limit of phase ``k``, ``[l, j, k]``), ``end_gap (L, K)`` (``||W(end of
    phase) - W(phase limit)||_F``), ``converges (L, K)``, ``predicted (K, K)``
    (``1/2 ||sigma_yx^j - sigma_yx^k||_F^2``).
    """
    duration = positive_float("duration", duration)
    task_rng, init_rng = seeds_for(seed, n_in, n_hidden, n_out)
    tasks = task_sequence(
        positive_int("n_tasks", n_tasks), n_in, n_out, n_items, task_rng, target_std=target_std
    )
    init_seed = int(init_rng.integers(2**31))
    lams = np.asarray(lams, dtype=float)
    k_tasks = len(tasks)
    per_phase = np.concatenate(
        [[0.0], np.geomspace(duration * 1e-4, duration, positive_int("n_times", n_times))]
    )
    starts = duration * np.arange(k_tasks)
    times = np.concatenate([st + per_phase[:-1] for st in starts] + [[starts[-1] + duration]])
    sigmas = np.stack([t.sigma_yx for t in tasks])
    losses = np.empty((lams.size, k_tasks, times.size))
    converged = np.empty((lams.size, k_tasks, k_tasks))
    end_gap = np.empty((lams.size, k_tasks))
    converges = np.zeros((lams.size, k_tasks), dtype=bool)
    for i, lam in enumerate(lams):
        w1, w2 = lambda_balanced(n_in, n_hidden, n_out, init_scale, lam, init_seed)
        chain = ExactChain(w1, w2, tasks, duration)
        ev = chain.evaluate(times)
        losses[i] = loss(ev["network_function"][None], sigmas[:, None])
        for k, sol in enumerate(chain):
            limit = sol.network_function(np.inf)
            converged[i, :, k] = loss(limit[None], sigmas)
            a, b = chain.end_weights(k)
            end_gap[i, k] = np.linalg.norm(b @ a - limit)
            converges[i, k] = sol.converges_to_optimum
        phase = ev["phase"]
    predicted = forgetting_matrix(sigmas)
    return {
        "lams": lams,
        "starts": starts,
        "times": times,
        "phase": phase,
        "loss": losses,
        "converged": converged,
        "end_gap": end_gap,
        "converges": converges,
        "predicted": predicted,
        "duration": np.float64(duration),
    }


def measure(data: dict) -> dict:
    """Forgetting at convergence per ``lam``, its spread across ``lam``, and how the paths differ.

    ``forgetting[l, j, k] = converged[l, j, k] - converged[l, j, j]`` for
    ``k > j`` (the loss on task ``j`` gained by learning up to task ``k``);
    ``forgetting_spread``: its largest range over ``lam``;
    ``forgetting_vs_predicted``: largest ``|forgetting - (predicted[j, k] -
    predicted[j, j])|``; ``end_gap``: largest distance of a phase's end from
    its limit; ``learning_time`` per ``lam`` and phase (the current task's
    excess loss first below ``LOSS_LEVEL``, from the switch; keys ``lam<value>``,
    then ``task<k>``); ``path_spread``:
    the largest range over ``lam`` of the current task's loss at a common time.
    """
    conv = data["converged"]
    k_tasks = conv.shape[1]
    upper = np.triu(np.ones((k_tasks, k_tasks), dtype=bool), 1)
    forgetting = conv - np.diagonal(conv, axis1=1, axis2=2)[:, :, None]
    pred = data["predicted"] - np.diagonal(data["predicted"])[:, None]
    spread = np.ptp(forgetting, axis=0)[upper]
    times, starts, phase = data["times"], data["starts"], data["phase"]
    current = np.take_along_axis(data["loss"], phase[None, None, :], axis=1)[:, 0]
    lt = {}
    for i, lam in enumerate(data["lams"]):
        row = {}
        for k, st in enumerate(starts):
            sel = np.flatnonzero((phase == k) & (current[i] <= LOSS_LEVEL))
            if sel.size:  # a phase that never gets there has no entry
                row[f"task{k + 1}"] = float(times[sel[0]] - st)
        lt[f"lam{lam:g}".replace(".", "p")] = row
    return {
        "forgetting_spread": float(spread.max()),
        "forgetting_vs_predicted": float(np.max(np.abs(forgetting - pred[None])[:, upper])),
        "forgetting_first": [float(v) for v in forgetting[0][upper]],
        "end_gap": float(data["end_gap"].max()),
        "converges": bool(np.all(data["converges"])),
        "learning_time": lt,
        "path_spread": float(np.max(np.ptp(current, axis=0))),
        "loss_level": LOSS_LEVEL,
    }
