"""Part IV's experiment modules on small settings: shapes, verdict logic and the named numbers."""

import re

import numpy as np
import pytest

from exactdln.experiments.bordelon2022 import (
    deep_fa,
    dfa_tanh,
    extrapolation,
    feature_change,
    items,
    lazy,
    numbers,
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


def test_extrapolation_is_exact_for_a_one_over_n_law():
    widths = np.array([64, 128, 512])
    values = 0.3 + np.outer(1 / widths, [2.0, -1.0])
    assert np.allclose(extrapolation.extrapolate(widths, values), [0.3, 0.3])
    with pytest.raises(ValueError, match="two distinct widths"):
        extrapolation.extrapolate([64, 64], [1.0, 2.0])


def test_two_layer_rules_run_and_measure():
    kw = {
        "seed": 1,
        "data_seed": 2,
        "n_in": 6,
        "n_items": 4,
        "width": 40,
        "n_seeds": 2,
        "gamma0": 2.0,
        "rho": 0.0,
        "dt": 0.05,
        "horizon": 1.0,
        "n_records": 5,
    }
    runs = {rule: two_layer_rules.run(rule=rule, **kw) for rule in two_layer_rules.RULES}
    assert runs["gd"]["alignment"].shape == (runs["gd"]["times"].size, 2)
    m = two_layer_rules.measure(runs)
    # FA (rho = 0) and Hebb share the lazy kernel Phi_1: tied, hence lowest ties included
    assert m["alignment_initial_theory"]["fa"] == m["alignment_initial_theory"]["hebb"]
    assert m["fa_alignment_first_lowest"] is True
    assert isinstance(m["fa_alignment_final_above_gd"], bool)
    with pytest.raises(ValueError, match="lacks the rules"):
        two_layer_rules.measure({"gd": runs["gd"]})


def test_lazy_run_and_measure():
    kw = {"seed": 3, "depth": 2, "n_angles": 5, "rhos": [0.0, 1.0], "n_seeds": 3}
    widths = {n: lazy.run_width(width=n, **kw) for n in (16, 32, 64)}
    gln = lazy.run_gln(width=64, seed=4, depths=[1, 2], n_angles=5, n_seeds=3)
    m = lazy.measure(widths, gln, depth=2, n_angles=5)
    assert m["layer_weights_error"] < 1e-12
    assert set(m["gap_sq"]) == {"N16", "N32", "N64"} and np.isfinite(m["width_slope"])
    assert m["gln_prefactor"] in (0, 1, 2)
    assert widths[16]["relu"].shape == (2, 3, 5)


def test_dfa_tanh_run_and_measure():
    kw = {
        "widths": [16, 32],
        "n_seeds": 2,
        "depth": 2,
        "seed": 5,
        "data_seed": 6,
        "n_in": 5,
        "n_items": 4,
        "dt": 0.05,
        "horizon": 0.5,
        "n_records": 4,
    }
    runs = [dfa_tanh.run(gamma0=g, **kw) for g in (0.5, 2.0)]
    assert runs[0]["alignment"].shape == (2, runs[0]["times"].size, 2)
    m = dfa_tanh.measure(runs[::-1])  # any order: sorted by gamma0
    assert m["gamma0s"] == [0.5, 2.0]
    assert isinstance(m["alignment_grows_with_gamma0"], bool)


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
        "gamma0s": [0.1, 0.3, 1.0, 3.0],
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
    assert set(m["delta_h_slope_small_gamma"]) == set(rules)
    with pytest.raises(ValueError, match="fewer than two gamma0"):
        feature_change.measure(runs, theory, rules=rules, y=1.0, small_window=[5, 6], large_window=[1.0, 3.0])
    # the schedule's step keeps RK4 stable for the closure's largest eNTK
    dt, n = feature_change.schedule("gd", None, 10.0, 1.0, dt_max=0.1, stability=0.5, tol=1e-6)
    assert dt * 2 * np.hypot(1, 10) <= 0.5 + 1e-12 and n > 0


def test_numbers_hold_every_named_key():
    fig1 = {"fa_alignment_first_lowest": True, "fa_alignment_final_above_gd": True}
    fig2 = {
        "width_slope": -1.0,
        "layer_weights_error": 1e-16,
        "layer_weights_gap_networks": 0.1,
        "gln_prefactor": 1,
        "gln_prefactor_offset": 0.98,
    }
    fig3 = {"alignment_grows_with_gamma0": True}
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
    out = numbers.gather({"fig1": fig1, "fig2": fig2, "fig3": fig3, "fig4": fig4, "fig5": fig5})
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
    ]
    assert all(k in out for k in named)
    assert out["closure_vs_width_slopes"] == {"fig2": -1.0, "fig4": -1.0, "fig5": -1.0}
    assert out["g_tilde_init_offset"] == 1
    # every number becomes a LaTeX macro: no two may share a name
    names = re.findall(r"\\newcommand\{\\(\w+)\}", latex_macros(out, "bordelon"))
    assert len(names) == len(set(names))
