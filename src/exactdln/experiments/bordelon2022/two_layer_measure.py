"""Figure 1's numbers: the four rules' networks against each other and against their DMFT.

:func:`measure` takes the dicts of :func:`~.two_layer_rules.run` (``runs[rule]``), of
:func:`~.dmft_solves.two_layer_rules` (``theory[rule]``) and of
:func:`~.two_layer_rules.run_widths` (``widths[rule]``); the helpers each give one group
of numbers.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ...learning_rules import task_alignment
from .theory import batch_error, batch_mean, relative_error_sq, relative_gap_sq, theory_loss, width_study
from .two_layer_rules import RULES, gln_whitened


def _verdicts(runs: dict) -> dict:
    """The network numbers of the source's claims (see :func:`measure`)."""
    first = {r: float(np.mean(runs[r]["alignment"][0])) for r in RULES}
    lazy = {r: float(runs[r]["lazy_alignment"]) for r in RULES}
    final = {r: float(np.mean(runs[r]["alignment"][-1])) for r in RULES}
    others = [r for r in RULES if r != "fa"]
    tol = 1e-12
    return {
        "alignment_initial": first,
        "alignment_initial_theory": lazy,
        "alignment_final": final,
        "alignment_final_std": {r: float(np.std(runs[r]["alignment"][-1])) for r in RULES},
        "loss_final": {r: float(np.mean(runs[r]["loss"][-1])) for r in RULES},
        "loss_initial": {r: float(np.mean(runs[r]["loss"][0])) for r in RULES},
        "g_tilde_final": {r: float(np.mean(runs[r]["g_tilde"][-1])) for r in RULES},
        "g_tilde_initial": {r: float(np.mean(runs[r]["g_tilde"][0])) for r in RULES},
        "fa_alignment_first_lowest": bool(all(lazy["fa"] <= lazy[r] + tol for r in others)),
        "fa_alignment_first_strictly_lowest_networks": bool(all(first["fa"] < first[r] for r in others)),
        "fa_alignment_final_above_gd": bool(final["fa"] > final["gd"]),
        "fa_minus_gd_final_alignment": final["fa"] - final["gd"],
        "fa_above_gd_final_seeds": float(np.mean(runs["fa"]["alignment"][-1] > runs["gd"]["alignment"][-1])),
    }


def _against_dmft(runs: dict, theory: dict) -> dict:
    """The DMFT of each rule and its gaps to the networks of the figure's width."""
    out: dict = {
        k: {}
        for k in (
            "dmft_alignment_final",
            "dmft_alignment_final_error",
            "dmft_loss_final",
            "dmft_g_tilde_final",
            "dmft_alignment_max_gap",
            "final_phi_relative_gap",
            "final_g_tilde_relative_gap",
            "dmft_seconds",
            "dmft_loss_relative_error",
        )
    }
    for r in RULES:
        d, net = theory[r], runs[r]
        y = d["y"]
        align = task_alignment(d["ntk"], y)  # (T, B)
        loss, loss_err = theory_loss(d), batch_error(0.5 * np.sum((y - d["outputs"]) ** 2, axis=-1))
        use = loss > 1e-4 * loss[0]
        out["dmft_alignment_final"][r] = float(align[-1].mean())
        out["dmft_alignment_final_error"][r] = float(align[-1].std(ddof=1) / np.sqrt(align.shape[1]))
        out["dmft_loss_final"][r] = float(loss[-1])
        out["dmft_g_tilde_final"][r] = float(np.trace(batch_mean(d["g_tilde"])[-1, 0]) / y.size)
        out["dmft_alignment_max_gap"][r] = float(
            np.max(np.abs(net["alignment"].mean(axis=1) - align.mean(axis=1)))
        )
        phi_inf, gt_inf = batch_mean(d["phi"])[-1, 1], batch_mean(d["g_tilde"])[-1, 0]
        out["final_phi_relative_gap"][r] = float(
            relative_gap_sq(net["phi_final"], phi_inf, time_axis=False).mean()
        )
        out["final_g_tilde_relative_gap"][r] = float(
            relative_gap_sq(net["g_tilde_final"], gt_inf, time_axis=False).mean()
        )
        out["dmft_seconds"][r] = float(d["seconds"])
        out["dmft_loss_relative_error"][r] = float(np.max(loss_err[use] / loss[use]))
    final = out["dmft_alignment_final"]
    out["dmft_fa_alignment_final_above_gd"] = bool(final["fa"] > final["gd"])
    out["dmft_n_particles"] = int(theory[RULES[0]]["n_particles"])
    return out


def _widths(widths: dict, theory: dict) -> dict:
    """Relative squared eNTK gap to the DMFT against the width, per rule, with its slope."""
    out: dict = {k: {} for k in ("width_gap", "width_gap_stderr", "width_slope", "mc_floor")}
    for r in RULES:
        w, d = widths[r], theory[r]
        ref = batch_mean(d["ntk"])
        study = width_study(w["widths"], [relative_gap_sq(k, ref) for k in w["ntk"]])
        names = [f"N{int(n)}" for n in w["widths"]]
        out["width_gap"][r] = dict(zip(names, study["mean"].tolist(), strict=True))
        out["width_gap_stderr"][r] = dict(zip(names, study["stderr"].tolist(), strict=True))
        out["width_slope"][r] = study["slope"]
        out["mc_floor"][r] = relative_error_sq(batch_error(d["ntk"]), ref)
    out["width_seeds"] = int(widths[RULES[0]]["ntk"].shape[2])
    out["width_list"] = [int(n) for n in widths[RULES[0]]["widths"]]
    return out


def gln_gaussianity(run: dict, theory: dict, *, gamma0: float, dt: float) -> dict:
    """The GLN's final first-layer preactivations (all networks): their spread against the start,
    the excess kurtosis of each item's preactivations standardised over units (unconditional) and
    of the same values whitened given the gates (:func:`~.two_layer_rules.gln_whitened`, with the
    DMFT's error history), and the variance of the latter (1 if conditionally Gaussian)."""
    x, y = run["x"], run["y"]
    kx = x.T @ x / x.shape[0]
    delta = y - batch_mean(theory["all_outputs"])[:-1]
    h = run["h_end"].reshape(-1, y.size)
    z = gln_whitened(h, run["gates"].reshape(-1, y.size), kx, delta, gamma0=gamma0, dt=dt)
    return {
        "gln_std_start": float(run["h_start"].std()),
        "gln_std_end": float(h.std()),
        "gln_excess_kurtosis_unconditional": float(stats.kurtosis((h / h.std(axis=0)).ravel())),
        "gln_excess_kurtosis_conditional": float(stats.kurtosis(z.ravel())),
        "gln_conditional_variance": float(z.var()),
        "gln_conditional_skewness": float(stats.skew(z.ravel())),
    }


def hebb_items(theory: dict, *, dt: float) -> dict:
    """Why Hebb's alignment falls, from its DMFT: every item's feature norm ``Phi_1[mu, mu]`` grows,
    by a factor that follows the item's accumulated squared error ``int Delta_mu^2 dt`` (the
    Hebbian update is ``~ Delta^2 phi(h)``), so that the items fitted last dominate ``Phi_1``.
    Returns the smallest and largest growth factor, the correlation of its logarithm with
    ``int Delta_mu^2 dt``, the final alignment of ``Phi_1`` rescaled to a unit diagonal, and the
    alignment's peak (value and time)."""
    phi = batch_mean(theory["phi"])[:, 1]
    y = theory["y"]
    growth = np.diag(phi[-1]) / np.diag(phi[0])
    delta = y - batch_mean(theory["all_outputs"])[:-1]
    error = dt * np.sum(delta**2, axis=0)
    scale = np.sqrt(np.diag(phi[-1]))
    align = task_alignment(batch_mean(theory["ntk"]), y)
    return {
        "hebb_item_growth_min": float(growth.min()),
        "hebb_item_growth_max": float(growth.max()),
        "hebb_growth_error_correlation": float(np.corrcoef(np.log(growth), error)[0, 1]),
        "hebb_alignment_phi_final": float(task_alignment(phi[-1], y)),
        "hebb_alignment_phi_final_unit_diagonal": float(task_alignment(phi[-1] / np.outer(scale, scale), y)),
        "hebb_alignment_peak": float(align.max()),
        "hebb_alignment_peak_time": float(theory["times"][int(np.argmax(align))]),
    }


def measure(runs: dict[str, dict], theory: dict[str, dict], widths: dict[str, dict], *, gamma0, dt) -> dict:
    """Numbers of Figure 1 from the networks ``runs[rule]``, the DMFT ``theory[rule]`` and the
    width study ``widths[rule]`` (``gamma0``, ``dt``: the runs' settings).

    Per rule: the eNTK–task alignment at ``t = 0`` (seed mean and infinite-width lazy
    value), at the end (seed mean, and its seed standard deviation), the final loss
    and ``tr G~_1 / P``. Verdicts: ``fa_alignment_first_lowest``: FA's ``t = 0``
    alignment is the lowest of the four rules, ties included, at infinite width (the
    lazy kernels are exact at ``t = 0``; FA with ``rho = 0`` and Hebb share the kernel
    ``Phi_1``), with ``fa_alignment_first_strictly_lowest_networks`` for the seed
    means; ``fa_alignment_final_above_gd``: FA's final seed-mean alignment exceeds GD's
    (``dmft_fa_alignment_final_above_gd``: the same at infinite width). Against the DMFT
    (``dmft_...``): final alignment, loss and ``tr G~_1 / P``; the largest gap of the
    seed-mean alignment over time; the relative squared gaps of the final ``Phi_1`` and
    ``G~_1`` (``final_..._relative_gap``); the width study (``width_gap`` per width,
    ``width_slope``, and ``mc_floor``, the DMFT's own relative squared Monte Carlo error
    of ``K``); the GLN's conditional Gaussianity (:func:`gln_gaussianity`) and Hebb's
    items (:func:`hebb_items`).
    """
    missing = [r for r in RULES if r not in runs or r not in theory or r not in widths]
    if missing:
        raise ValueError(f"runs, theory or widths lack the rules {missing}")
    return {
        **_verdicts(runs),
        **_against_dmft(runs, theory),
        **_widths(widths, theory),
        **gln_gaussianity(runs["gln"], theory["gln"], gamma0=gamma0, dt=dt),
        **hebb_items(theory["hebb"], dt=dt),
    }
