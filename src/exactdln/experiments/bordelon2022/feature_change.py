"""Figure 5: how much the feature kernel of a two-layer linear network moves, against ``gamma0``.

One item with ``|x|^2 = D`` (the whitened case along the target direction), target ``y``.
The infinite-width feature-kernel change ``Delta H_y = H_y(inf) - H_y(0)`` is
:func:`~exactdln.learning_rule_theory.final_feature_change` for GD, rho-FA (``rho`` = 0
and 1) and error-modulated Hebb; :func:`run_rule` measures it in wide networks (paired
initialisation, so that ``f(0) = 0`` exactly, integrated with RK4 until the closure's
error is below ``tol |y|``) at every ``gamma0`` and, at one ``gamma0``, at several widths.
:func:`theory` evaluates the closures (and the map of the GD closure onto the exact
solution of a scalar lambda-balanced network); :func:`measure` gives the slopes.
"""

from __future__ import annotations

import sys

import numpy as np

from ...fits import local_loglog_slopes, loglog_slope
from ...learning_rule_theory import (
    convergence_time,
    final_feature_change,
    two_layer_closure,
    two_layer_gd_closure,
    two_layer_gd_exact,
)
from ...learning_rules import train
from ...rule_networks import init_networks

X = np.ones((1, 1))  # one item, D = 1: x . x / D = 1


def kernel_bound(rule: str, rho, gamma0: float, y: float) -> float:
    """Largest eNTK ``K = H + G~`` of the two-layer closure over the whole trajectory.

    GD: ``K = 2 H`` grows to ``2 sqrt(1 + gamma0^2 y^2)``; rho-FA: ``1 + rho + 3 a^2 / 2`` grows
    with ``a``; Hebb: ``H`` grows and ``G~ = gamma0 Delta (y - Delta) <= gamma0 y^2 / 4`` (a bound).
    """
    change = final_feature_change(rule, gamma0, y, rho)
    if rule == "gd":
        return 2.0 * (1.0 + change)
    if rule == "fa":
        return 1.0 + rho + 1.5 * change
    return 1.0 + change + gamma0 * y * y / 4.0


def schedule(rule: str, rho, gamma0: float, y: float, *, dt_max: float, stability: float, tol: float):
    """``(dt, n_steps)`` for one run: ``dt = min(dt_max, stability / K_max)`` (:func:`kernel_bound`;
    RK4 is stable for ``dt K < 2.78``) up to the time at which the closure's ``|Delta|`` reaches
    ``tol |y|`` (:func:`~exactdln.learning_rule_theory.convergence_time`)."""
    dt = min(dt_max, stability / kernel_bound(rule, rho, gamma0, y))
    return dt, int(np.ceil(convergence_time(rule, y, gamma0, rho, tol) / dt))


def _train(
    rule, rho, gamma0, y, width, n_seeds, seed, *, dt_max, stability, tol, n_records=0, progress=False
):
    dt, n_steps = schedule(rule, rho, gamma0, y, dt_max=dt_max, stability=stability, tol=tol)
    net = init_networks(
        rule, n_in=1, width=width, depth=1, n_seeds=n_seeds, seed=seed, gamma0=gamma0, rho=rho, paired=True
    )
    record = (
        np.unique(np.round(np.linspace(0, n_steps, n_records)).astype(int)) if n_records else [0, n_steps]
    )
    traj = train(net, X, [y], dt=dt, n_steps=n_steps, record=record, method="rk4", progress=progress)
    return traj, dt, n_steps


def run_rule(
    *,
    rule: str,
    rho,
    gamma0s,
    width: int,
    n_seeds: int,
    seed: int,
    y: float,
    width_gamma0: float,
    widths,
    width_seeds: int,
    dt_max: float,
    stability: float,
    tol: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Wide networks of one rule: ``Delta H_y`` at every ``gamma0`` (``(G, S)``, ``delta_h``, width
    ``width``), and at ``width_gamma0`` for every width of ``widths`` (``(W, S')``, ``width_delta_h``),
    with the error ``Delta(t)`` of every network at ``n_records`` times at the largest width
    (``trajectory_times (T,)``, ``trajectory (T, S')``) and the closure's ``Delta(t)`` at those times
    (``trajectory_theory``; for GD also the printed Eq. 7, ``trajectory_printed``, and the exact
    solution, ``trajectory_exact``); ``dt``/``n_steps`` per ``gamma0``; ``rule`` and ``rho`` (nan
    unless FA) label the curve."""
    rho = None if rule != "fa" else float(rho)
    gamma0s = np.asarray(gamma0s, dtype=float)
    delta_h, dts, steps = [], [], []
    for g in gamma0s:
        if progress:
            print(f"{rule} (rho={rho}): gamma0 = {g:g}, N = {width}", file=sys.stderr)
        traj, dt, n = _train(
            rule, rho, g, y, width, n_seeds, seed, dt_max=dt_max, stability=stability, tol=tol
        )
        delta_h.append(traj.phi[-1, :, 1, 0, 0] - traj.phi[0, :, 1, 0, 0])
        dts.append(dt)
        steps.append(n)
    width_delta_h = []
    for i, n in enumerate(sorted(widths)):
        if progress:
            print(f"{rule} (rho={rho}): gamma0 = {width_gamma0:g}, N = {n}", file=sys.stderr)
        last = i == len(widths) - 1
        traj, *_ = _train(
            rule,
            rho,
            width_gamma0,
            y,
            int(n),
            width_seeds,
            seed + 1,
            dt_max=dt_max,
            stability=stability,
            tol=tol,
            n_records=n_records if last else 0,
        )
        width_delta_h.append(traj.phi[-1, :, 1, 0, 0] - traj.phi[0, :, 1, 0, 0])
        if last:
            trajectory_times, trajectory = traj.times, y - traj.outputs[:, :, 0]
    curves = {"trajectory_theory": two_layer_closure(rule, y, width_gamma0, trajectory_times, rho).delta}
    if rule == "gd":  # Eq. 7 as printed (no factor 2), and the exact solution of the scalar network
        curves["trajectory_printed"] = two_layer_gd_closure(
            y, width_gamma0, trajectory_times, factor=1.0
        ).delta
        curves["trajectory_exact"] = two_layer_gd_exact(y, width_gamma0, trajectory_times).delta
    return {
        "rule": rule,
        "rho": np.nan if rho is None else rho,
        "gamma0s": gamma0s,
        "delta_h": np.array(delta_h),
        "dt": np.array(dts),
        "n_steps": np.array(steps),
        "widths": np.array(sorted(widths)),
        "width_gamma0": width_gamma0,
        "width_delta_h": np.array(width_delta_h),
        "trajectory_times": trajectory_times,
        "trajectory": trajectory,
        **curves,
    }


def theory(
    *, rules: dict, gamma0_range, n_gamma0: int, y: float, exact_gamma0s, exact_ys, exact_times
) -> dict:
    """Closures on a log grid of ``gamma0`` (``delta_h_<name> (n_gamma0,)``) for each of ``rules``
    (``name -> {"rule": ..., "rho": ...}``), and the largest gaps between the GD closure (DOP853)
    and its exact solution through :func:`~exactdln.learning_rule_theory.two_layer_gd_exact`
    over ``exact_gamma0s x exact_ys x exact_times`` (``exact_gap_delta``, ``exact_gap_h``)."""
    grid = np.geomspace(*gamma0_range, n_gamma0)
    out = {"gamma0": grid}
    for name, spec in rules.items():
        rho = spec.get("rho") if spec["rule"] == "fa" else None
        out[f"delta_h_{name}"] = np.array([final_feature_change(spec["rule"], g, y, rho) for g in grid])
    gap_delta, gap_h = 0.0, 0.0
    times = np.asarray(exact_times, dtype=float)
    for g in exact_gamma0s:
        for yy in exact_ys:
            ode, exact = two_layer_gd_closure(yy, g, times), two_layer_gd_exact(yy, g, times)
            gap_delta = max(gap_delta, float(np.abs(ode.delta - exact.delta).max()))
            gap_h = max(gap_h, float(np.abs(ode.h - exact.h).max()))
    out["exact_gap_delta"] = gap_delta
    out["exact_gap_h"] = gap_h
    return out


def local_slopes(theory_data: dict, rules) -> dict[str, float]:
    """The closures' local log-log slope ``d log Delta H_y / d log gamma0`` between the two largest
    ``gamma0`` of the theory grid, per curve (the large-``gamma0`` asymptote: 1 for GD, 2/3 for FA)."""
    g = theory_data["gamma0"][-2:]
    return {name: float(local_loglog_slopes(g, theory_data[f"delta_h_{name}"][-2:])[0]) for name in rules}


#: The fewest ``gamma0`` a slope window must hold (a power law needs at least four points).
MIN_WINDOW = 4


def gamma_window(g, lo, hi) -> np.ndarray:
    """Which of the ``gamma0`` values ``g`` lie in ``[lo, hi]`` (to rounding); raises if fewer than
    :data:`MIN_WINDOW` do."""
    inside = (g >= lo * (1 - 1e-12)) & (g <= hi * (1 + 1e-12))
    if inside.sum() < MIN_WINDOW:
        raise ValueError(f"the window [{lo}, {hi}] holds fewer than {MIN_WINDOW} gamma0 of {g.tolist()}")
    return inside


def measure(
    runs: dict[str, dict], theory_data: dict, *, rules: dict, y: float, small_window, large_window
) -> dict:
    """Numbers of Figure 5 from ``runs[name]`` (:func:`run_rule`) and ``theory_data`` (:func:`theory`).

    ``delta_h_slope_small_gamma[name]``: least-squares log-log slope of the seed-mean network
    ``Delta H_y`` against ``gamma0`` over ``small_window`` (``..._theory``: the closure at the same
    ``gamma0``); ``delta_h_slope_large_gamma[name]`` likewise over ``large_window`` (GD and FA).
    ``gap_sq[name][N]``: ``(Delta H_N - Delta H_inf)^2`` averaged over seeds at ``width_gamma0``;
    ``width_slope``: log-log slope of the mean over rules against ``N`` (``width_slope_per_rule``).
    Eq. 7: ``eq7_gap_with_factor`` / ``eq7_gap_without_factor``: largest ``|mean_seeds Delta_N(t) -
    Delta(t)|`` against the closure with and without the factor 2 (GD, largest width);
    ``eq7_factor``: the factor (2 or 1) with the smaller gap. ``max_relative_error[name]``: largest
    relative gap of the seed-mean ``Delta H_y`` to the closure over ``gamma0``;
    ``max_error_in_stderr[name]``: the largest gap in units of the seed mean's standard error.
    ``gap_sq_stderr``: the standard error of ``gap_sq`` over seeds;
    ``closure_slope_at_largest_gamma0``: :func:`local_slopes` at ``theory_largest_gamma0``.
    """
    out: dict = {
        k: {}
        for k in (
            "delta_h_slope_small_gamma",
            "delta_h_slope_small_gamma_theory",
            "delta_h_slope_large_gamma",
            "delta_h_slope_large_gamma_theory",
            "max_relative_error",
            "max_error_in_stderr",
            "width_slope_per_rule",
        )
    }
    gaps, gap_err = {}, {}
    for name, spec in rules.items():
        d = runs[name]
        rho = spec.get("rho") if spec["rule"] == "fa" else None
        g = d["gamma0s"]
        net = d["delta_h"].mean(axis=1)
        inf = np.array([final_feature_change(spec["rule"], gg, y, rho) for gg in g])
        out["max_relative_error"][name] = float(np.max(np.abs(net - inf) / inf))
        stderr = d["delta_h"].std(axis=1, ddof=1) / np.sqrt(d["delta_h"].shape[1])
        out["max_error_in_stderr"][name] = float(np.max(np.abs(net - inf) / stderr))
        small = gamma_window(g, *small_window)
        out["delta_h_slope_small_gamma"][name] = loglog_slope(g[small], net[small])
        out["delta_h_slope_small_gamma_theory"][name] = loglog_slope(g[small], inf[small])
        large = gamma_window(g, *large_window)
        out["delta_h_slope_large_gamma"][name] = loglog_slope(g[large], net[large])
        out["delta_h_slope_large_gamma_theory"][name] = loglog_slope(g[large], inf[large])
        ref = final_feature_change(spec["rule"], float(d["width_gamma0"]), y, rho)
        per_seed = (d["width_delta_h"] - ref) ** 2  # (W, S)
        gaps[name] = per_seed.mean(axis=1)
        gap_err[name] = per_seed.std(axis=1, ddof=1) / np.sqrt(per_seed.shape[1])
        out["width_slope_per_rule"][name] = loglog_slope(d["widths"], gaps[name])
    widths = runs[next(iter(rules))]["widths"]
    mean_gap = np.mean([gaps[n] for n in rules], axis=0)
    out["gap_sq"] = {
        name: {f"N{n}": float(v) for n, v in zip(widths, gaps[name], strict=True)} for name in rules
    }
    out["gap_sq_stderr"] = {
        name: {f"N{n}": float(v) for n, v in zip(widths, gap_err[name], strict=True)} for name in rules
    }
    out["closure_slope_at_largest_gamma0"] = local_slopes(theory_data, rules)
    out["theory_largest_gamma0"] = float(theory_data["gamma0"][-1])
    out["width_slope"] = loglog_slope(widths, mean_gap)
    gd = next(name for name, spec in rules.items() if spec["rule"] == "gd")
    d = runs[gd]
    mean_delta = d["trajectory"].mean(axis=1)
    g0 = float(d["width_gamma0"])
    gaps7 = {
        f: float(
            np.abs(mean_delta - two_layer_gd_closure(y, g0, d["trajectory_times"], factor=f).delta).max()
        )
        for f in (2.0, 1.0)
    }
    out["eq7_gap_with_factor"] = gaps7[2.0]
    out["eq7_gap_without_factor"] = gaps7[1.0]
    out["eq7_factor"] = 2 if gaps7[2.0] < gaps7[1.0] else 1
    out["eq7_gamma0"] = g0
    out["gd_closure_vs_exact_solver"] = max(theory_data["exact_gap_delta"], theory_data["exact_gap_h"])
    return out
