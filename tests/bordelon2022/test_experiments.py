"""Part IV's experiment modules on small settings: shapes, verdict logic and the named numbers."""

import re

import numpy as np
import pytest

from exactdln.experiments.bordelon2022 import (
    deep_fa,
    deep_measure,
    deep_rules,
    dfa_tanh,
    dmft_checks,
    dmft_solves,
    feature_change,
    items,
    lazy,
    numbers,
    theory,
    two_layer_measure,
    two_layer_rules,
)
from exactdln.io import latex_macros


def test_items():
    x, y = items.random_items(7, 5, seed=1)
    assert np.allclose(np.sum(x**2, axis=0), 7) and set(np.unique(y)) <= {-1.0, 1.0}
    x, y = items.whitened_items(4, seed=2)
    assert np.allclose(x.T @ x / 4, np.eye(4))
    theta, x = items.circle_items(5)
    assert np.allclose(x.T @ x / 2, np.cos(theta[:, None] - theta[None, :]))


def test_relative_gaps_and_width_study():
    rng = np.random.default_rng(0)
    ref = rng.standard_normal((3, 4, 4))
    net = ref[:, None] * np.array([1.0, 1.1])[None, :, None, None]  # (T, S, P, P): exact, 10 % off
    assert np.allclose(theory.relative_gap_sq(net, ref), [0.0, 0.01])
    assert np.isclose(theory.relative_gap_sq(net[-1], ref[-1], time_axis=False)[1], 0.01)
    widths = np.array([64, 128, 256, 512])
    study = theory.width_study(widths, [np.full(4, 3.0 / n) for n in widths])
    assert np.isclose(study["slope"], -1.0) and np.all(study["stderr"] == 0)
    g = np.eye(3)[None] * np.array([1.0, 4.0])[:, None, None]  # (2, P, P)
    assert np.allclose(theory.gradient_correlation(g, g, g), 1.0)
    assert np.allclose(theory.gradient_correlation(0.5 * g, g, g), 0.5)


TWO_LAYER = {
    "seed": 1,
    "data_seed": 2,
    "n_in": 6,
    "n_items": 4,
    "gamma0": 2.0,
    "rho": 0.0,
    "dt": 0.05,
    "horizon": 1.0,
    "n_records": 5,
}


def test_two_layer_rules_run_widths_dmft_and_measure():
    runs = {
        rule: two_layer_rules.run(rule=rule, width=40, n_seeds=2, **TWO_LAYER)
        for rule in two_layer_rules.RULES
    }
    assert runs["gd"]["alignment"].shape == (runs["gd"]["times"].size, 2)
    assert runs["gln"]["gates"].shape == (2, 40, 4) and set(np.unique(runs["gln"]["gates"])) <= {0.0, 1.0}
    widths = {
        rule: two_layer_rules.run_widths(rule=rule, widths=[16, 32, 64, 128], n_seeds=2, **TWO_LAYER)
        for rule in two_layer_rules.RULES
    }
    assert widths["fa"]["ntk"].shape == (4, runs["gd"]["times"].size, 2, 4, 4)
    kw = {k: v for k, v in TWO_LAYER.items() if k != "seed"}
    dmft = {
        rule: dmft_solves.two_layer_rules(
            rule=rule, seed=3, n_particles=800, n_batches=4, density_range=5.0, density_bins=10, **kw
        )
        for rule in two_layer_rules.RULES
    }
    assert dmft["hebb"]["all_outputs"].shape == (21, 4, 4) and dmft["gd"]["ntk"].shape[:2] == (6, 4)
    assert np.isclose(np.sum(dmft["gd"]["density_start"]) * 1.0, 1.0, atol=0.02)  # bins of width 1
    m = two_layer_measure.measure(runs, dmft, widths, gamma0=2.0, dt=0.05)
    # FA (rho = 0) and Hebb share the lazy kernel Phi_1: tied, hence lowest ties included
    assert m["alignment_initial_theory"]["fa"] == m["alignment_initial_theory"]["hebb"]
    assert m["fa_alignment_first_lowest"] is True
    assert isinstance(m["fa_alignment_final_above_gd"], bool)
    assert set(m["width_slope"]) == set(two_layer_rules.RULES) and m["width_list"] == [16, 32, 64, 128]
    assert 0.5 < m["gln_conditional_variance"] < 1.5
    with pytest.raises(ValueError, match="lack the rules"):
        two_layer_measure.measure({"gd": runs["gd"]}, dmft, widths, gamma0=2.0, dt=0.05)


def test_gln_whitening_recovers_the_gaussian_start():
    """Units of a GLN moved by the linear Euler map of their gates from a Gaussian start: whitened by
    the predicted conditional covariance they are standard normal, though their marginal is not."""
    rng = np.random.default_rng(5)
    p, n, rate = 3, 20000, 0.3
    a = rng.standard_normal((p, p))
    kx = a @ a.T / p + np.eye(p)
    gates = (rng.random((n, p)) < 0.5).astype(float)
    delta = rng.standard_normal((8, p))
    h = rng.multivariate_normal(np.zeros(p), kx, size=n)
    w = rng.standard_normal(n)
    for row in delta:
        e = gates * row
        h, w = h + rate * w[:, None] * (e @ kx), w + rate * np.sum(e * h, axis=1)
    z = two_layer_rules.gln_whitened(h, gates, kx, delta, gamma0=1.0, dt=rate)
    assert abs(z.var() - 1) < 0.03 and abs(np.mean(z**4) - 3) < 0.15
    assert np.mean((h / h.std(axis=0)) ** 4) > 3.3


def test_lazy_run_and_measure():
    kw = {"seed": 3, "depth": 2, "n_angles": 5, "rhos": [0.0, 1.0], "n_seeds": 3}
    widths = {n: lazy.run_width(width=n, **kw) for n in (16, 32, 64)}
    gln = lazy.run_gln(width=64, seed=4, depths=[1, 2], n_angles=5, n_seeds=3)
    m = lazy.measure(widths, gln, depth=2, n_angles=5)
    assert m["layer_weights_error"] < 1e-12
    assert set(m["gap_sq"]) == {"N16", "N32", "N64"} and np.isfinite(m["width_slope"])
    assert m["gln_prefactor"] in (0, 1, 2)
    assert widths[16]["relu"].shape == (2, 3, 5)


def test_dfa_tanh_run_dmft_and_measure():
    kw = {"depth": 2, "data_seed": 6, "n_in": 5, "n_items": 3, "dt": 0.1, "horizon": 0.6, "n_records": 4}
    runs, theories = [], []
    for g in (0.5, 2.0):
        runs.append(dfa_tanh.run(gamma0=g, widths=[16, 32], n_seeds=[3, 2], seed=5, **kw))
        theories.append(dmft_solves.dfa_tanh(gamma0=g, seed=1, n_particles=1200, n_batches=3, **kw))
    t = runs[0]["times"].size
    assert runs[0]["N16_alignment_layers"].shape == (t, 3, 2) and runs[0]["N32_correlation"].shape == (
        t,
        2,
        2,
    )
    assert theories[0]["g_pseudo"].shape == (t, 3, 2, 3, 3)
    m = dfa_tanh.measure(runs[::-1], theories)  # any order: matched and sorted by gamma0
    assert m["gamma0s"] == [0.5, 2.0] and m["n_seeds"] == [3, 2] and m["depth"] == 2
    assert isinstance(m["alignment_grows_with_gamma0"], bool)
    assert isinstance(m["error_smaller_for_larger_gamma0"], bool)
    assert set(m["gap"]["g0"]) == {"N16", "N32"}
    with pytest.raises(ValueError, match="differ"):
        dfa_tanh.measure(runs, theories[:1] + theories[:1])
    with pytest.raises(ValueError, match="one entry per width"):
        dfa_tanh.seeds_per_width([1, 2], [8, 16, 32])


def test_deep_rules_run_dmft_particles_and_measure():
    kw = {
        "depth": 2,
        "gamma0": 1.0,
        "data_seed": 3,
        "n_in": 5,
        "n_items": 3,
        "dt": 0.1,
        "horizon": 0.6,
        "n_records": 4,
    }
    cases = {"gd_tanh": ("gd", "tanh"), "fa_relu": ("fa", "relu")}
    runs = {
        c: deep_rules.run(rule=r, activation=a, rho=0.5, widths=[16, 32, 64, 128], n_seeds=2, seed=4, **kw)
        for c, (r, a) in cases.items()
    }
    theories = {
        c: dmft_solves.deep_rules(rule=r, activation=a, rho=0.5, seed=1, n_particles=2000, n_batches=2, **kw)
        for c, (r, a) in cases.items()
    }
    study = dmft_solves.deep_particle_study(
        per_batch=[400, 800], n_batches=2, rule="gd", activation="tanh", rho=None, seed=1, **kw
    )
    assert study["g"].shape == (2, 4, 2, 2) and study["loss"].shape == (2, 4)
    checks = {
        "linear": {"gap": {"a": 1e-6}, "gap_euler": {"a": 1e-3}, "mc_error": {"a": 1e-16}},
        "lazy": {"gap": {"a": 0.01}, "mc_error": {"a": 0.02}},
        "monte_carlo": {"slopes": {"two_layer": {"ntk": -0.5}}},
        "cost": {"exponents": {"deep": {"M": 1.0, "P": 1.5, "T": 1.0}}, "seconds": {}},
    }
    m = deep_measure.measure(runs, theories, {"gd_tanh": study}, check_results=checks)
    assert set(m["width_slope"]) == set(cases) and m["cases"] == list(cases)
    assert set(m["particle_study"]["gd_tanh"]["g1_deviation"]) == {"m400", "m800", "m1000"}  # + the solve
    assert m["cost_exponents"] == {"deep_m": 1.0, "deep_p": 1.5, "deep_t": 1.0}
    assert m["linear_gap"] == 1e-6 and m["mc_slope"] == {"two_layer": -0.5}
    with pytest.raises(ValueError, match="larger batches"):
        deep_rules.particle_points({**study, "per_batch": np.array([400, 4000])}, theories["gd_tanh"])


def test_dmft_checks_on_small_settings():
    """The linear solves reproduce the closures once extrapolated in dt, with no Monte Carlo error;
    the lazy solves sit at the lazy kernels within a few Monte Carlo errors; the cost check fits
    exponents."""
    linear = dmft_checks.linear_check(dt=0.05, horizon=0.5, gamma0=1.0, y=1.2, seed=2)
    assert set(linear["gap"]) == set(dmft_checks.LINEAR_CASES)
    assert max(linear["gap"].values()) < 1e-3 < max(linear["gap_euler"].values())
    assert max(linear["mc_error"].values()) < 1e-12
    lazy = dmft_checks.lazy_check(gamma0=1e-3, n_in=5, n_items=3, dt=0.1, n_steps=5, n_particles=4000, seed=4)
    assert all(lazy["gap"][c] < 5 * lazy["mc_error"][c] + 1e-2 for c in dmft_checks.LAZY_CASES)
    cost = dmft_checks.cost_check(base={"two_layer": (800, 3, 5)}, factors=[1.0, 2.0], n_in=4, dt=0.1, seed=0)
    assert set(cost["exponents"]["two_layer"]) == {"M", "P", "T"}


def test_deep_fa_run_closure_and_measure():
    kw = {
        "seed": 7,
        "data_seed": 8,
        "depth": 2,
        "n_items": 3,
        "gamma0": 1.0,
        "rhos": [0.0, 0.5, 1.0],
        "dt": 0.05,
        "horizon": 1.0,
        "n_records": 6,
    }
    widths = {n: deep_fa.run_width(width=n, n_seeds=2, **kw) for n in (16, 32, 64)}
    theory = deep_fa.closure(fine_rhos=3, **{k: v for k, v in kw.items() if k != "seed"})
    assert widths[16]["outputs"].shape == (3, widths[16]["times"].size, 2, 3)
    assert np.allclose(theory["fine_alignment"][[0, -1]], theory["alignment"][[0, -1], -1])
    m = deep_fa.measure(widths, theory, depth=2)
    assert set(m["ordering"]) == {"learns_faster", "larger_g_tilde", "smaller_rho_higher_alignment"}
    assert m["ordering_closure"] == {
        "learns_faster": True,
        "larger_g_tilde": True,
        "smaller_rho_higher_alignment": True,
    }
    assert m["g_tilde_init_gap_ours"] < m["g_tilde_init_gap_printed"]


def test_feature_change_run_theory_and_measure():
    rules = {"gd": {"rule": "gd"}, "fa_rho0": {"rule": "fa", "rho": 0.0}, "hebb": {"rule": "hebb"}}
    common = {
        "gamma0s": [0.1, 0.15, 0.2, 0.3, 1.0, 1.5, 2.0, 3.0],
        "width": 64,
        "n_seeds": 2,
        "seed": 9,
        "y": 1.0,
        "width_gamma0": 1.0,
        "widths": [16, 32, 64],
        "width_seeds": 2,
        "dt_max": 0.2,
        "stability": 0.5,
        "tol": 1e-4,
        "n_records": 5,
    }
    runs = {
        name: feature_change.run_rule(rule=s["rule"], rho=s.get("rho"), **common) for name, s in rules.items()
    }
    assert "trajectory_printed" in runs["gd"] and "trajectory_printed" not in runs["hebb"]
    theory = feature_change.theory(
        rules=rules,
        gamma0_range=[0.1, 10],
        n_gamma0=5,
        y=1.0,
        exact_gamma0s=[1.0],
        exact_ys=[1.0],
        exact_times=np.linspace(0, 5, 6),
    )
    m = feature_change.measure(
        runs, theory, rules=rules, y=1.0, small_window=[0.1, 0.3], large_window=[1.0, 3.0]
    )
    assert m["eq7_factor"] in (1, 2) and m["gd_closure_vs_exact_solver"] < 1e-10
    assert set(m["closure_slope_at_largest_gamma0"]) == set(rules) and set(m["gap_sq_stderr"]) == set(rules)
    assert set(m["delta_h_slope_small_gamma"]) == set(rules)
    with pytest.raises(ValueError, match="fewer than 4 gamma0"):
        feature_change.measure(runs, theory, rules=rules, y=1.0, small_window=[5, 6], large_window=[1.0, 3.0])
    # the schedule's step keeps RK4 stable for the closure's largest eNTK
    dt, n = feature_change.schedule("gd", None, 10.0, 1.0, dt_max=0.1, stability=0.5, tol=1e-6)
    assert dt * 2 * np.hypot(1, 10) <= 0.5 + 1e-12 and n > 0


def test_numbers_hold_every_named_key():
    fig1 = {
        "fa_alignment_first_lowest": True,
        "fa_alignment_final_above_gd": True,
        "width_slope": {"gd": -0.9, "hebb": -1.0},
        "dmft_seconds": {"gd": 2.0, "hebb": 3.0},
    }
    fig2 = {
        "width_slope": -1.0,
        "layer_weights_error": 1e-16,
        "layer_weights_gap_networks": 0.1,
        "gln_prefactor": 1,
        "gln_prefactor_offset": 0.98,
    }
    fig3 = {
        "alignment_grows_with_gamma0": True,
        "gamma0s": [0.25, 2.0],
        "width_slope": {"g0": -1.0, "g1": -1.1},
        "seconds": {"g0": 15.0, "g1": 20.0},
        "error_smaller_for_larger_gamma0": True,
    }
    fig4 = {
        "width_slope": -1.0,
        "ordering": {"learns_faster": True},
        "ordering_closure": {"learns_faster": True},
        "g_tilde_init_gap_ours": 0.01,
        "g_tilde_init_gap_printed": 0.9,
    }
    fig5 = {
        "gd_closure_vs_exact_solver": 1e-13,
        "eq7_factor": 2,
        "eq7_gap_with_factor": 1e-3,
        "eq7_gap_without_factor": 0.3,
        "width_slope": -1.0,
        "delta_h_slope_small_gamma": {"gd": 2.0},
        "delta_h_slope_small_gamma_theory": {"gd": 2.0},
        "delta_h_slope_large_gamma": {"gd": 1.0, "fa_rho0": 0.7},
        "delta_h_slope_large_gamma_theory": {"gd": 1.0},
    }
    fig6 = {
        "width_slope": {"gd_tanh": -1.0},
        "seconds": {"gd_tanh": 4.0},
        "linear_gap": 1e-6,
        "linear_gap_euler": 1e-3,
        "linear_mc_error": 1e-15,
        "lazy_gap": 0.05,
        "lazy_mc_error": 0.06,
        "lazy_gap_in_errors": 1.5,
        "mc_slope": {"two_layer": -0.5, "deep": -0.5},
        "cost_exponents": {"deep_m": 1.0},
    }
    figures = {"fig1": fig1, "fig2": fig2, "fig3": fig3, "fig4": fig4, "fig5": fig5, "fig6": fig6}
    out = numbers.gather(figures)
    named = [
        "gd_closure_vs_exact_solver",
        "eq7_factor",
        "closure_vs_width_slopes",
        "delta_h_slope_small_gamma",
        "delta_h_slope_large_gamma_gd",
        "delta_h_slope_large_gamma_fa",
        "lazy_kernel_layer_weights_err",
        "fa_rho_ordering",
        "fig1_fa_alignment_first_lowest",
        "fig1_fa_alignment_final_above_gd",
        "dfa_alignment_grows_with_gamma0",
        "gln_prefactor",
        "dmft_linear_vs_closure_max_err",
        "dmft_linear_mc_error",
        "dmft_lazy_limit_max_err",
        "dmft_width_slopes",
        "dmft_mc_error_slope",
        "dmft_error_smaller_for_larger_gamma0",
        "dmft_seconds",
        "dmft_cost_exponents",
    ]
    assert all(k in out for k in named)
    assert out["dmft_width_slopes"] == {
        "fig1_gd": -0.9,
        "fig1_hebb": -1.0,
        "fig3_gamma0_0.25": -1.0,
        "fig3_gamma0_2": -1.1,
        "deep_gd_tanh": -1.0,
    }
    assert set(out["dmft_seconds"]) == set(out["dmft_width_slopes"])
    assert out["closure_vs_width_slopes"] == {"fig2": -1.0, "fig4": -1.0, "fig5": -1.0}
    assert out["g_tilde_init_offset"] == 1
    # every number becomes a LaTeX macro: no two may share a name
    names = re.findall(r"\\newcommand\{\\(\w+)\}", latex_macros(out, "bordelon"))
    assert len(names) == len(set(names))
