"""Figure 1: the same task learned from a small and from a large zero-balanced start.

Small initialisations give sigmoidal, stage-like output curves; large ones
give near-exponential curves. ``run`` simulates gradient descent and evaluates
the exact solution at the same times; ``measure`` quantifies the curve shapes
(:mod:`exactdln.fits`) and the simulation–theory gap.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_int
from ...exact import ExactSolution
from ...fits import fit_exponential, fit_sigmoid
from ...measures import mode_strengths
from ...simulation import train_two_layer
from .common import named_scales, student_teacher_start


def checked_items_shown(items_shown: int, n_items: int) -> int:
    """``items_shown`` as an int, checked to be at most ``n_items``."""
    items_shown = positive_int("items_shown", items_shown)
    if items_shown > n_items:
        raise ValueError(f"items_shown={items_shown} exceeds n_items={n_items}")
    return items_shown


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
    items_shown: int,
    seed: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Simulate and solve exactly from each initial scale; record every step.

    One seed fixes the task and the *direction* of the initial weights: every
    scale starts from the same zero-balanced weights, rescaled, so only the
    scale differs between runs.

    ``init_scales`` maps a name (``"small"``) to a scale (``0.01``).

    Returns arrays ``times (T,)``, ``names`` and ``scales (S,)``, ``sim_outputs`` and
    ``exact_outputs`` ``(S, T, n_out, items_shown)`` (network outputs of the
    first ``items_shown`` items), ``targets (n_out, items_shown)``,
    ``sim_loss`` and ``exact_loss`` ``(S, T)``, ``sim_modes`` and
    ``exact_modes`` ``(S, T, r)`` (strengths ``u_i^T W v_i`` of the task's
    ``r = min(n_in, n_out)`` modes) and ``task_singular_values (r,)``.
    """
    names, scales = named_scales(init_scales)
    items_shown = checked_items_shown(items_shown, n_items)
    task, w1u, w2u = student_teacher_start(n_in, n_hidden, n_out, n_items, teacher_std, seed)
    x = task.x[:, :items_shown]
    out = {"names": np.asarray(names), "scales": scales, "targets": task.y[:, :items_shown]}
    sims, exacts, sim_loss, exact_loss, sim_modes, exact_modes = [], [], [], [], [], []
    for scale in scales:
        w1, w2 = scale * w1u, scale * w2u
        traj = train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, record=1, progress=progress)
        exact = ExactSolution.from_task(w1, w2, task)
        w_sim, w_exact = traj.network_function(), exact.network_function(traj.times)
        sims.append(w_sim @ x)
        exacts.append(w_exact @ x)
        sim_modes.append(mode_strengths(w_sim, task.sigma_yx))
        exact_modes.append(mode_strengths(w_exact, task.sigma_yx))
        sim_loss.append(traj.loss())
        exact_loss.append(exact.loss(traj.times))
    out.update(
        times=traj.times,
        sim_outputs=np.stack(sims),
        exact_outputs=np.stack(exacts),
        sim_loss=np.stack(sim_loss),
        exact_loss=np.stack(exact_loss),
        sim_modes=np.stack(sim_modes),
        exact_modes=np.stack(exact_modes),
        task_singular_values=np.linalg.svd(task.sigma_yx, compute_uv=False),
    )
    return out


def measure(data: dict[str, np.ndarray]) -> dict:
    """Curve shapes and the simulation–theory gap, per initial scale.

    Shapes: the relative RMS residuals of a sigmoid and of an exponential fit
    (:mod:`exactdln.fits`) to each exact mode strength ``u_i^T W(t) v_i``,
    the curves every output is a combination of. Gaps: the largest
    difference between simulated and exact outputs over training, relative
    to the largest target value, and the largest loss difference.
    """
    t = data["times"]
    target_size = float(np.max(np.abs(data["targets"])))
    out = {
        "n_modes": int(data["exact_modes"].shape[2]),
        "n_steps": int(t.size - 1),
        "final_time": float(t[-1]),
    }
    for k, (name, scale) in enumerate(zip(data["names"], data["scales"], strict=True)):
        modes = data["exact_modes"][k]
        sig = [fit_sigmoid(t, modes[:, j]) for j in range(modes.shape[1])]
        exp = [fit_exponential(t, modes[:, j]) for j in range(modes.shape[1])]
        sig_res = np.array([f.residual for f in sig])
        exp_res = np.array([f.residual for f in exp])
        out[str(name)] = {
            "init_scale": float(scale),
            "sigmoid_residual_max": float(sig_res.max()),
            "exponential_residual_min": float(exp_res.min()),
            "exponential_residual_max": float(exp_res.max()),
            "sigmoid_residuals": sig_res,
            "exponential_residuals": exp_res,
            "sigmoid_params": [f.params for f in sig],
            "exponential_params": [f.params for f in exp],
            "output_gap_max": float(np.max(np.abs(data["sim_outputs"][k] - data["exact_outputs"][k])))
            / target_size,
            "loss_gap_max": float(np.max(np.abs(data["sim_loss"][k] - data["exact_loss"][k]))),
        }
    return out
