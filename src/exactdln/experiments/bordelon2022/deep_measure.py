"""Figure 6's numbers: deep GD and rho-FA networks against their DMFT, and the solver checks.

:func:`measure` takes the runs and solves of :mod:`.deep_rules` per case, its particle study,
and the results of the four checks of :mod:`.dmft_checks` (``linear``, ``lazy``,
``monte_carlo``, ``cost``).
"""

from __future__ import annotations

import numpy as np

from .deep_rules import compare, particle_points
from .theory import theory_loss


def _by_m(keys, values) -> dict:
    return dict(zip(keys, np.asarray(values).tolist(), strict=True))


def particles(study: dict, run: dict, theory: dict) -> dict:
    """A particle study completed by the case's own solve ``theory``
    (:func:`~.deep_rules.particle_points`), against the widest networks ``run`` of the same case:
    per number of particles per batch ``m`` (keys ``m<m>``), the final ``tr G_1 / P`` (mean over
    batches and its standard error), its relative deviation from the networks' seed mean
    (``g1_deviation``), and the final loss, with the CPU seconds of each solve."""
    m, g = particle_points(study, theory)  # (K + 1,), (K + 1, B)
    keys = [f"m{int(v)}" for v in m]
    net = run[f"N{int(run['widths'][-1])}_g"][-1, :, 0]
    return {
        "per_batch": [int(v) for v in m],
        "g1_final": _by_m(keys, g.mean(axis=1)),
        "g1_final_error": _by_m(keys, g.std(axis=1, ddof=1) / np.sqrt(g.shape[1])),
        "g1_deviation": _by_m(keys, g.mean(axis=1) / net.mean() - 1),
        "g1_networks_relative_stderr": float(net.std(ddof=1) / np.sqrt(net.size) / net.mean()),
        "loss_final": _by_m(keys, np.append(study["loss"][:, -1], theory_loss(theory)[-1])),
        "seconds": _by_m(keys, np.append(study["seconds"], float(theory["seconds"]))),
    }


def checks(linear: dict, lazy: dict, monte_carlo: dict, cost: dict) -> dict:
    """The solver checks, with the largest values over cases: ``linear_gap`` (the largest gap of a
    linear solve, extrapolated in ``dt``, to its closure) beside ``linear_mc_error`` and
    ``linear_gap_euler`` (before extrapolation); ``lazy_gap`` beside ``lazy_mc_error`` and
    ``lazy_gap_in_errors`` (the largest over the cases of the gap in units of the case's Monte
    Carlo error); the Monte Carlo error's slopes against ``M`` (``mc_slope``: the eNTK's, per
    solver); the cost exponents (``cost_exponents``: ``<solver>_<axis>``)."""
    exponents = {
        f"{s}_{a.lower()}": float(v) for s, axes in cost["exponents"].items() for a, v in axes.items()
    }
    return {
        "linear": linear,
        "linear_gap": max(linear["gap"].values()),
        "linear_gap_euler": max(linear["gap_euler"].values()),
        "linear_mc_error": max(linear["mc_error"].values()),
        "lazy": lazy,
        "lazy_gap": max(lazy["gap"].values()),
        "lazy_mc_error": max(lazy["mc_error"].values()),
        "lazy_gap_in_errors": max(gap / lazy["mc_error"][case] for case, gap in lazy["gap"].items()),
        "mc_slopes": monte_carlo["slopes"],
        "mc_slope": {s: float(v["ntk"]) for s, v in monte_carlo["slopes"].items()},
        "cost_exponents": exponents,
        "cost_seconds": cost["seconds"],
    }


def measure(runs: dict, theories: dict, studies: dict, *, check_results: dict) -> dict:
    """Numbers of Figure 6: per case (keys: the case names) the comparison of :func:`~.deep_rules.compare`
    (each of its numbers becomes a map over the cases), the particle studies ``studies[case]``
    (:func:`particles`) and the solver checks (:func:`checks`; ``check_results`` holds the four)."""
    per = {case: compare(runs[case], theories[case]) for case in runs}
    first = next(iter(per.values()))
    return {
        "cases": list(per),
        "widths": [int(n) for n in next(iter(runs.values()))["widths"]],
        **{name: {case: per[case][name] for case in per} for name in first},
        "particle_study": {case: particles(s, runs[case], theories[case]) for case, s in studies.items()},
        **checks(**check_results),
    }
