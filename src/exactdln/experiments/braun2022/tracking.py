"""Figure 2a–b: the exact solution tracks every quantity of a simulated network.

From a small and a large zero-balanced start, gradient descent and the exact
solution are compared, matrix by matrix, on the loss, the network function
``W2 W1``, the hidden similarities ``W1^T W1`` and ``W2 W2^T``, and the NTK.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...exact import ExactSolution
from ...measures import ntk
from ...ode import integrate_weights
from ...schedules import log_steps
from ...simulation import train_two_layer
from .common import named_scales, student_teacher_start

ODE_RTOL = 1e-12
QUANTITIES = ("network_function", "w1tw1", "w2w2t", "ntk")
# names of the quantities in the measured numbers (and the paper's macros)
LABELS = {
    "network_function": "network_function",
    "w1tw1": "input_similarity",
    "w2w2t": "output_similarity",
    "ntk": "ntk",
}


def run(
    *,
    n_in: int,
    n_hidden: int,
    n_out: int,
    n_items: int,
    teacher_std: float,
    eta: float,
    n_steps: int,
    init_scales,
    n_records: int,
    seed: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Simulate and solve exactly from each named initial scale.

    As in :func:`exactdln.experiments.braun2022.init_scale.run`, one seed fixes the task
    and the direction of the initial weights. Records ``n_records``
    log-spaced steps (and step 0).

    Returns ``times (T,)``, ``names``, ``scales (S,)`` and, for ``kind`` in
    ``sim``/``exact``: ``{kind}_loss (S, T)``, ``{kind}_network_function
    (S, T, n_out, n_in)``, ``{kind}_w1tw1 (S, T, n_in, n_in)``,
    ``{kind}_w2w2t (S, T, n_out, n_out)``, ``{kind}_ntk (S, T, n_out P,
    n_out P)``; ``exact_qqt`` and ``ode_qqt`` ``(S, T, n_in + n_out, n_in +
    n_out)``, the exact solution and an independent DOP853 integration of the
    weights (rtol ``ODE_RTOL``).
    """
    names, scales = named_scales(init_scales)
    n_steps = positive_int("n_steps", n_steps)
    steps = log_steps(n_steps, positive_int("n_records", n_records))
    task, w1u, w2u = student_teacher_start(n_in, n_hidden, n_out, n_items, teacher_std, seed)
    rows: dict[str, list] = {f"{k}_{q}": [] for k in ("sim", "exact") for q in (*QUANTITIES, "loss")}
    for scale in scales:
        w1, w2 = scale * w1u, scale * w2u
        traj = train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, record=steps, progress=progress)
        exact = ExactSolution.from_task(w1, w2, task)
        t = traj.times
        sim = {
            "network_function": traj.network_function(),
            "w1tw1": traj.w1tw1(),
            "w2w2t": traj.w2w2t(),
            "loss": traj.loss(),
        }
        ex = {
            "network_function": exact.network_function(t),
            "w1tw1": exact.w1tw1(t),
            "w2w2t": exact.w2w2t(t),
            "loss": exact.loss(t),
        }
        # an independent reference for the exact solution: the weights' ODE at rtol 1e-12
        rows.setdefault("ode_qqt", []).append(integrate_weights(w1, w2, task.sigma_yx, t, rtol=ODE_RTOL))
        rows.setdefault("exact_qqt", []).append(exact.qqt(t))
        for kind, values in (("sim", sim), ("exact", ex)):
            values["ntk"] = ntk(values["w1tw1"], values["w2w2t"], task.x)
            for q, v in values.items():
                rows[f"{kind}_{q}"].append(v)
    return {
        "times": t,
        "names": np.asarray(names),
        "scales": scales,
        **{k: np.stack(v) for k, v in rows.items()},
    }


def measure(data: dict[str, np.ndarray]) -> dict:
    """Largest simulation–theory gap of every quantity, per initial scale.

    Matrices: ``max_t ||sim(t) - exact(t)||_F / max_t ||exact(t)||_F``, keyed
    by ``LABELS`` (``W1^T W1`` is ``input_similarity``, ``W2 W2^T``
    ``output_similarity``); loss: ``max_t |sim - exact|`` relative to the
    initial loss. ``exact_vs_ode``: the largest relative Frobenius error of the
    exact ``QQ^T`` against the ODE reference over the recorded times.
    """
    out = {
        "n_times": int(data["times"].size),
        "final_time": float(data["times"][-1]),
        "n_modes": int(min(data["exact_network_function"].shape[-2:])),
        "ode_rtol": ODE_RTOL,
    }
    for k, name in enumerate(data["names"]):
        gaps = {}
        for q in QUANTITIES:
            sim, exact = data[f"sim_{q}"][k], data[f"exact_{q}"][k]
            diff = np.linalg.norm(sim - exact, axis=(-2, -1))
            gaps[LABELS[q]] = float(diff.max() / np.linalg.norm(exact, axis=(-2, -1)).max())
        loss_sim, loss_exact = data["sim_loss"][k], data["exact_loss"][k]
        gaps["loss"] = float(np.max(np.abs(loss_sim - loss_exact)) / loss_exact[0])
        gaps["worst"] = max(gaps.values())
        ode, exact_qqt = data["ode_qqt"][k], data["exact_qqt"][k]
        ode_error = np.linalg.norm(exact_qqt - ode, axis=(-2, -1)) / np.linalg.norm(ode, axis=(-2, -1))
        out[str(name)] = {
            "init_scale": float(data["scales"][k]),
            "relative_gap": gaps,
            "exact_vs_ode": float(ode_error.max()),
        }
    return out
