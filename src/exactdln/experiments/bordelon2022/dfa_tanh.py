"""Figure 3: deep tanh networks trained with DFA at several richness values ``gamma0``, and their DMFT.

The source's networks have "depth 4": ``L = 3`` hidden layers (four weight layers).
:func:`run` trains ensembles of networks of several widths at one ``gamma0`` and keeps,
per width, the loss, the task alignment of every layer's feature kernel ``Phi_l`` and of
the eNTK ``K``, the correlation of the true gradient with DFA's pseudo-gradient in every
layer, and ``K`` itself over time. :func:`.dmft_solves.dfa_tanh` solves the infinite-width DMFT of
deep DFA (:func:`~exactdln.dmft_deep.deep_dmft`, marched causally in the networks' Euler
steps) at the same settings. :func:`measure` compares them.
"""

from __future__ import annotations

import numpy as np

from ...learning_rules import task_alignment, train
from ...rule_networks import init_networks
from ...schedules import log_steps
from .items import random_items
from .theory import (
    batch_error,
    batch_mean,
    gradient_correlation,
    relative_error_sq,
    relative_gap_sq,
    theory_loss,
    width_study,
)


def seeds_per_width(n_seeds, widths) -> list[int]:
    """``n_seeds`` as one number per width (an int serves every width; a list must match ``widths``)."""
    if np.ndim(n_seeds) == 0:
        return [int(n_seeds)] * len(widths)
    if len(n_seeds) != len(widths):
        raise ValueError(f"n_seeds {list(n_seeds)} must have one entry per width {list(widths)}")
    return [int(s) for s in n_seeds]


def kernel_summaries(phi, g, g_tilde, g_pseudo, ntk, y) -> dict[str, np.ndarray]:
    """Per record (any leading axes): ``alignment_layers (..., L)`` of ``Phi_1 .. Phi_L`` with the task,
    ``alignment (...)`` of ``K``, and ``correlation (..., L)``: :func:`~.theory.gradient_correlation`
    per layer (``phi (..., L + 1, P, P)``, the others ``(..., L, P, P)``, ``ntk (..., P, P)``)."""
    return {
        "alignment_layers": np.moveaxis(task_alignment(np.moveaxis(phi[..., 1:, :, :], -3, 0), y), 0, -1),
        "alignment": task_alignment(ntk, y),
        "correlation": gradient_correlation(g_tilde, g, g_pseudo),
    }


def run(
    *,
    gamma0: float,
    widths,
    n_seeds,
    depth: int,
    seed: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    dt: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train DFA tanh networks of depth ``L`` at every width (``n_seeds``: :func:`seeds_per_width`).

    Returns ``times (T,)``, ``widths (W,)``, ``gamma0`` and, per width ``N``, ``N<N>_loss (T, S)``,
    ``N<N>_alignment (T, S)`` (``K``), ``N<N>_alignment_layers (T, S, L)`` (``Phi_l``),
    ``N<N>_correlation (T, S, L)`` and ``N<N>_ntk (T, S, P, P)``.
    """
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    steps = log_steps(n_steps, n_records)
    out: dict[str, np.ndarray] = {}
    for width, seeds in zip(widths, seeds_per_width(n_seeds, widths), strict=True):
        net = init_networks(
            "dfa",
            n_in=n_in,
            width=int(width),
            depth=depth,
            n_seeds=seeds,
            seed=seed,
            activation="tanh",
            gamma0=gamma0,
        )
        traj = train(net, x, y, dt=dt, n_steps=n_steps, record=steps, progress=progress)
        summary = kernel_summaries(traj.phi, traj.g, traj.g_tilde, traj.g_pseudo, traj.ntk, y)
        out |= {f"N{int(width)}_{k}": v for k, v in summary.items()}
        out[f"N{int(width)}_loss"] = traj.loss()
        out[f"N{int(width)}_ntk"] = traj.ntk
    return {"times": traj.times, "widths": np.asarray(widths), "gamma0": gamma0, "y": y, **out}


def _per_gamma(run_: dict, theory: dict) -> dict:
    """One ``gamma0``'s numbers: the DMFT's final values, the widest networks', and the gaps."""
    y = theory["y"]
    summary = {k: batch_mean(v) for k, v in theory_summaries(theory).items()}
    widths = [int(n) for n in run_["widths"]]
    big = f"N{widths[-1]}"
    ref = batch_mean(theory["ntk"])
    study = width_study(widths, [relative_gap_sq(run_[f"N{n}_ntk"], ref) for n in widths])
    loss = theory_loss(theory)
    err = batch_error(0.5 * np.sum((y - theory["outputs"]) ** 2, axis=-1))
    return {
        "alignment_final": float(summary["alignment"][-1]),
        "alignment_phi_final": float(summary["alignment_layers"][-1, -1]),
        "alignment_layers_final": {
            f"l{i + 1}": float(v) for i, v in enumerate(summary["alignment_layers"][-1])
        },
        "correlation_final": {f"l{i + 1}": float(v) for i, v in enumerate(summary["correlation"][-1])},
        "alignment_final_widest": float(run_[f"{big}_alignment"][-1].mean()),
        "alignment_phi_final_widest": float(run_[f"{big}_alignment_layers"][-1, :, -1].mean()),
        "loss_final": float(loss[-1]),
        "loss_final_networks": {f"N{n}": float(run_[f"N{n}_loss"][-1].mean()) for n in widths},
        "loss_relative_error": float(np.max(err / loss)),
        "gap": dict(zip([f"N{n}" for n in widths], study["mean"].tolist(), strict=True)),
        "gap_stderr": dict(zip([f"N{n}" for n in widths], study["stderr"].tolist(), strict=True)),
        "gap_times_width": float(np.mean(study["mean"] * np.asarray(widths))),
        "width_slope": study["slope"],
        "mc_floor": relative_error_sq(batch_error(theory["ntk"]), ref),
        "seconds": float(theory["seconds"]),
    }


def theory_summaries(theory: dict) -> dict[str, np.ndarray]:
    """:func:`kernel_summaries` of every batch of a stored solve (``(T, B, ...)``)."""
    return kernel_summaries(
        theory["phi"], theory["g"], theory["g_tilde"], theory["g_pseudo"], theory["ntk"], theory["y"]
    )


def measure(runs: list[dict], theories: list[dict]) -> dict:
    """Numbers of Figure 3 from the runs of :func:`run` and the solves of :func:`.dmft_solves.dfa_tanh` (one
    per ``gamma0``, in any order; matched by ``gamma0``).

    Per ``gamma0`` (keys ``g<index>``, increasing ``gamma0``): the DMFT's final alignment of ``K``
    and of ``Phi_L``, of every ``Phi_l`` and the final gradient correlation per layer; the widest
    networks' final alignments; final losses (DMFT and networks per width) and the DMFT's
    largest relative Monte Carlo error of the loss; the relative squared eNTK gap of the networks
    to the DMFT per width (``gap``, ``gap_stderr``), its log-log slope against ``N`` and
    ``gap_times_width`` (``N`` times the gap, averaged over widths); the DMFT's Monte Carlo
    floor of that gap and the solve's CPU seconds. Verdicts: ``alignment_grows_with_gamma0``,
    the DMFT's final alignment of ``K`` *and* of ``Phi_L`` increases strictly with ``gamma0``
    (``..._at_each_width``: the same for the networks' seed means at every width);
    ``error_smaller_for_larger_gamma0``: ``gap_times_width`` decreases strictly with ``gamma0``
    (``..._at_each_width``: the gap itself at every width).
    """
    runs = sorted(runs, key=lambda r: float(r["gamma0"]))
    theories = sorted(theories, key=lambda r: float(r["gamma0"]))
    g = [float(r["gamma0"]) for r in runs]
    if g != [float(t["gamma0"]) for t in theories]:
        raise ValueError(f"the runs' gamma0 {g} differ from the solves'")
    per = [_per_gamma(r, t) for r, t in zip(runs, theories, strict=True)]
    keys = [f"g{i}" for i in range(len(g))]
    widths = [int(n) for n in runs[0]["widths"]]
    net_final = {
        k: np.array([[r[f"N{n}_{k}"][-1].mean(axis=0) for n in widths] for r in runs])
        for k in ("alignment", "alignment_layers")
    }
    gaps = np.array([[p["gap"][f"N{n}"] for n in widths] for p in per])  # (G, W)
    scaled = [p["gap_times_width"] for p in per]
    out = {name: {k: p[name] for k, p in zip(keys, per, strict=True)} for name in per[0]}
    return {
        "gamma0s": g,
        "widths": widths,
        "n_seeds": [int(runs[0][f"N{n}_loss"].shape[1]) for n in widths],
        "depth": int(runs[0][f"N{widths[0]}_alignment_layers"].shape[-1]),
        **out,
        "alignment_initial": float(batch_mean(theory_summaries(theories[0])["alignment"])[0]),
        "alignment_grows_with_gamma0": bool(
            np.all(np.diff([p["alignment_final"] for p in per]) > 0)
            and np.all(np.diff([p["alignment_phi_final"] for p in per]) > 0)
        ),
        "alignment_grows_with_gamma0_at_each_width": bool(
            np.all(np.diff(net_final["alignment"], axis=0) > 0)
            and np.all(np.diff(net_final["alignment_layers"][..., -1], axis=0) > 0)
        ),
        "error_smaller_for_larger_gamma0": bool(np.all(np.diff(scaled) < 0)),
        "error_smaller_for_larger_gamma0_at_each_width": bool(np.all(np.diff(gaps, axis=0) < 0)),
    }
