"""Figure 6 (ours): the DMFT of deep GD and rho-FA networks, tanh and ReLU, against networks.

The source solves its DMFT for deep GD and rho-FA but shows no check against networks; the
deep solver (:func:`~exactdln.dmft_deep.deep_dmft`) needs the response functions ``A`` (GD),
``C`` (rho-FA) and ``B``, estimated by Stein's lemma. Per case (rule and activation):
:func:`run` trains networks of several widths; :func:`.dmft_solves.deep_rules` solves the DMFT at
the same settings and :func:`.dmft_solves.deep_particle_study` one case at several numbers of
particles per batch (the finite-batch bias of the Stein regressions, docs/mathematics.md §9.9);
:func:`measure` compares them and adds the solver checks of :mod:`.dmft_checks`.
"""

from __future__ import annotations

import numpy as np

from ...learning_rules import task_alignment, train
from ...rule_networks import init_networks
from ...schedules import even_steps
from .dfa_tanh import seeds_per_width
from .items import random_items
from .theory import (
    batch_error,
    batch_mean,
    relative_error_sq,
    relative_gap_sq,
    theory_loss,
    width_study,
)


def run(
    *,
    rule: str,
    activation: str,
    rho,
    widths,
    n_seeds,
    depth: int,
    gamma0: float,
    seed: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    dt: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Networks of one case at every width (``n_seeds``: :func:`~.dfa_tanh.seeds_per_width`).

    Returns ``times (T,)``, ``widths (W,)`` and per width ``N<N>_loss (T, S)``, ``N<N>_ntk (T, S, P, P)``
    and ``N<N>_g (T, S, L)`` (``tr G_l / P``).
    """
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    out: dict[str, np.ndarray] = {}
    for width, seeds in zip(widths, seeds_per_width(n_seeds, widths), strict=True):
        net = init_networks(
            rule,
            n_in=n_in,
            width=int(width),
            depth=depth,
            n_seeds=seeds,
            seed=seed,
            activation=activation,
            gamma0=gamma0,
            rho=rho if rule == "fa" else None,
        )
        traj = train(
            net, x, y, dt=dt, n_steps=n_steps, record=even_steps(n_steps, n_records), progress=progress
        )
        out[f"N{int(width)}_loss"] = traj.loss()
        out[f"N{int(width)}_ntk"] = traj.ntk
        out[f"N{int(width)}_g"] = np.trace(traj.g, axis1=-2, axis2=-1) / y.size
    return {"times": traj.times, "widths": np.asarray(widths), "y": y, **out}


def particle_points(study: dict, theory: dict) -> tuple[np.ndarray, np.ndarray]:
    """The particle study of one case completed by the case's own solve (which has more particles per
    batch): ``m (K + 1,)`` particles per batch and ``g (K + 1, B)``, the final ``tr G_1 / P`` of each
    batch. Raises ``ValueError`` if the solve's batches are not larger than the study's, or the two
    have different numbers of batches."""
    own = int(theory["n_particles"]) // theory["g"].shape[1]
    if own <= int(np.max(study["per_batch"])) or theory["g"].shape[1] != study["g"].shape[2]:
        raise ValueError("the case's solve must have larger batches than its particle study, and as many")
    g_own = np.trace(theory["g"][-1, :, 0], axis1=-2, axis2=-1) / theory["y"].size
    m = np.append(study["per_batch"], own)
    return m, np.vstack([study["g"][:, -1, :, 0], g_own])


def compare(run_: dict, theory: dict) -> dict:
    """One case: the relative squared eNTK gap to the DMFT per width (mean, standard error), its
    log-log slope against ``N`` and the DMFT's Monte Carlo floor; the final loss and ``tr G_1 / P``
    of the DMFT (with Monte Carlo errors) and of the widest networks (with standard errors); the
    final eNTK alignment of both; the solve's CPU seconds."""
    widths = [int(n) for n in run_["widths"]]
    ref = batch_mean(theory["ntk"])
    study = width_study(widths, [relative_gap_sq(run_[f"N{n}_ntk"], ref) for n in widths])
    big = f"N{widths[-1]}"
    g_theory = np.trace(theory["g"][-1, :, 0], axis1=-2, axis2=-1) / theory["y"].size
    g_net = run_[f"{big}_g"][-1, :, 0]
    y = theory["y"]
    return {
        "gap": dict(zip([f"N{n}" for n in widths], study["mean"].tolist(), strict=True)),
        "gap_stderr": dict(zip([f"N{n}" for n in widths], study["stderr"].tolist(), strict=True)),
        "width_slope": study["slope"],
        "mc_floor": relative_error_sq(batch_error(theory["ntk"]), ref),
        "loss_final": float(theory_loss(theory)[-1]),
        "loss_final_error": float(batch_error(0.5 * np.sum((y - theory["outputs"]) ** 2, axis=-1))[-1]),
        "loss_final_networks": float(run_[f"{big}_loss"][-1].mean()),
        "g1_final": float(g_theory.mean()),
        "g1_final_error": float(g_theory.std(ddof=1) / np.sqrt(g_theory.size)),
        "g1_final_networks": float(g_net.mean()),
        "g1_final_networks_stderr": float(g_net.std(ddof=1) / np.sqrt(g_net.size)),
        "alignment_final": float(task_alignment(ref[-1], y)),
        "alignment_final_networks": float(task_alignment(run_[f"{big}_ntk"][-1], y).mean()),
        "seconds": float(theory["seconds"]),
    }
