"""Part III's experiment code at small sizes: shapes, the properties each figure relies on, and
the checks behind the quoted numbers (the factor 2 of Appendix A, full network = modes)."""

import numpy as np
import pytest

from exactdln.experiments.saxe2014 import (
    common,
    depth,
    greedy,
    hierarchy,
    init_depth,
    jacobian,
    mean_field,
    numbers,
    phase,
    products,
)


def test_appendix_a_factor_is_two_and_the_printed_form_fails():
    d = phase.appendix_a(s=1.0, n_cases=4, seed=0, box=1.5, fractions=[0.3, 0.9])
    np.testing.assert_allclose(d["factor"], 2.0, atol=1e-8)
    np.testing.assert_allclose(d["t_corrected"], d["t_ode"], rtol=1e-9)
    printed = d["t_printed"][np.isfinite(d["t_printed"])]
    assert np.all(np.abs(printed - d["t_ode"][np.isfinite(d["t_printed"])]) > 0.1 * d["t_ode"].min())
    m = phase.measure({**{f"appendix_{k}": v for k, v in d.items()}, "s": 1.0})
    assert m["appendix_a_factor"] == pytest.approx(2.0, abs=1e-8)
    printed_ratio = m["appendix_a_printed_ratio"]
    assert printed_ratio["undefined_fraction"] == pytest.approx(
        printed_ratio["undefined_at_start_fraction"] + printed_ratio["undefined_passing_fraction"]
    )
    # a start beyond the printed fixed point sinh(theta) = s / c0: undefined already there
    assert not phase.eq26_defined(1.0, 0.5, np.arcsinh(1.0 / 0.5) + 0.1)
    assert phase.eq26_defined(1.0, 0.5, np.arcsinh(1.0 / 0.5) - 0.1)
    # eq. 26 is undefined past its own (wrong) fixed point sinh(theta) = s / c0
    assert np.isnan(phase.eq26_time(1.0, 0.5, 0.1, np.arcsinh(1.0 / 0.5) + 0.1))


def test_hierarchy_linear_network_follows_the_sigmoids():
    kwargs = {
        "task": {"n_levels": 3, "n_features": 60, "flip_prob": 0.1, "seed": 0},
        "n_hidden": 8,
        "u0": 1e-6,
        "n_seeds": 3,
        "seed": 1,
        "learning_rate": 2e-3,
        "horizon_factor": 1.5,
        "record_every": 2,
        "modes_shown": [1, 8],
    }
    d = hierarchy.run(network="linear", **kwargs)
    assert d["strengths"].shape == (d["times"].size, 3, 2) and d["half_time"].shape == (3, 8)
    delay = (d["half_time"] - d["half_time_analytic"]) / d["half_time_analytic"]
    assert np.all(np.isfinite(delay)) and np.abs(np.median(delay, axis=0)).max() < 0.3
    tanh = hierarchy.run(network="tanh", **kwargs)
    m = hierarchy.measure({"linear": d, "tanh": tanh})
    assert set(m["half_time_delay_linear"]) == {"mode1", "mode8"}
    assert set(m["half_time_linear_levels"]) == {"modes5to8"}  # levels of at least four modes
    assert hierarchy.tree_levels(32) == [(3, 4), (5, 8), (9, 16), (17, 32)]
    levels = hierarchy.level_delays(np.arange(8.0), np.arange(8.0)[::-1])
    assert levels["modes5to8"] == {"min_median": 4.0, "max_median": 7.0, "rank_correlation": -1.0}
    with pytest.raises(ValueError, match="network must be"):
        hierarchy.run(network="relu", **kwargs)


def test_depth_sweep_full_network_and_measure():
    checks = depth.closed_form_check(
        depths=[2, 4],
        singular_values=[1.0],
        u0s=[1e-3],
        fractions=[0.5, 0.99],
        ode_u0s=[0.1],
        ode_fraction=0.9,
    )
    assert np.max(np.abs(checks["closed"] - checks["quadrature"]) / checks["quadrature"]) < 1e-10
    gd = depth.gd_check(
        singular_values=[1.5, 0.5],
        n_in=3,
        n_out=3,
        hidden=3,
        depths=[2, 3],
        u0=0.1,
        eta_fraction=0.2,
        horizon_fraction=0.8,
        n_records=10,
        seed=0,
    )
    np.testing.assert_allclose(gd["err"] / gd["err_half"], 2.0, rtol=0.1)
    s = np.array([0.4, 0.2])
    sweep = depth.sweep(
        singular_values=s, layers=[3, 6], u0=1e-2, etas=np.geomspace(0.1, 10, 12), fraction=0.1, n_steps=50
    )
    assert sweep["times"].shape == (2, 12) and np.all(sweep["best_time"] <= sweep["steps_run"] / 2)
    assert sweep["diverged"].shape == (2, 12) and sweep["diverged"][:, -1].all()  # eta = 10 diverges
    assert not np.any(sweep["diverged"] & np.isfinite(sweep["times"]))
    rng = np.random.default_rng(0)
    sigma_yx = np.linalg.qr(rng.standard_normal((3, 3)))[0][:, :2] @ np.diag(s) @ np.eye(2, 4)
    full = depth.full_network_check(
        sigma_yx=sigma_yx,
        hidden=4,
        layers=[3, 6],
        u0=1e-2,
        etas=sweep["best_eta"],
        n_steps=sweep["steps_run"],
        fraction=0.1,
        seed=1,
    )
    np.testing.assert_array_equal(full["full_time"], full["mode_time"])
    np.testing.assert_array_equal(full["mode_time"], sweep["best_time"])
    assert full["max_strength_gap"] < 1e-12
    m = depth.measure(checks, gd, {**sweep, "singular_values": s}, full, cv_min_layers=3, censor_window=0.05)
    assert m["decoupled_full_vs_modes"]["time_gap"] == 0.0
    assert m["decoupled_censored"]["best_runs"] == 0  # a best run settles in the first half
    np.testing.assert_array_equal(
        depth.censored([10.0, 94.0, 99.0, np.inf], 100, 0.05), [False, False, True, False]
    )
    assert m["deep_gd_vs_theory_max_err"]["ratio"] == pytest.approx(2.0, rel=0.1)
    assert depth.strength_at(0.0, 1.0, 0.1, 3) == 0.1
    assert depth.strength_at(1e6, 1.0, 0.1, 3) == pytest.approx(1.0)


def synthetic_stats(seed=0, n_in=6, n_out=3, n_items=60):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_in, n_items)) * np.linspace(1.5, 0.5, n_in)[:, None]
    y = np.eye(n_out)[rng.integers(0, n_out, n_items)].T
    return {"sigma_xx": x @ x.T / n_items, "sigma_yx": y @ x.T / n_items, "sigma_yy": y @ y.T / n_items}


def test_pretraining_comparison_and_init_depth_on_a_small_task():
    stats = synthetic_stats()
    pre = {"eta_ratio": 0.9, "n_steps": 40, "init_std": 0.05}
    d = greedy.run(
        stats=stats,
        n_hidden=6,
        n_layers=4,
        random_std=0.05,
        etas=np.geomspace(0.05, 3.0, 8),
        n_fine=3,
        fraction=0.2,
        pretraining=pre,
        pretraining_steps=[10, 40],
        n_seeds=2,
        seed=0,
        max_steps=5000,
    )
    for kind in greedy.STARTS:
        assert d[f"{kind}_times"].shape == (2, 11) and d[f"{kind}_etas"].shape == (11,)
    assert d["sweep_total"].shape == (2, 2) and d["readout_sweep_total"].shape == (2, 2)
    np.testing.assert_array_equal(d["pretraining_total"], [120, 120])
    np.testing.assert_array_equal(d["readout_pretraining_total"], [80, 80])  # hidden layers only
    m = greedy.measure(d)
    assert m["pretraining_speedup"] > 0 and m["pretraining_detail"]["pretraining_steps"] == 120
    assert m["pretraining_readout_speedup"] > 0 and m["pretraining_readout_detail"]["pretraining_steps"] == 80
    # the pretrained output layer starts far above the zero network; the small random one near it
    excess = m["pretraining_start_excess_loss"]
    assert excess["pretrained"] > excess["readout"] and excess["readout"] == pytest.approx(
        excess["random"], rel=0.5
    )
    # with hidden layers as wide as the inputs a least-squares readout reaches E* on any of them
    assert m["least_squares_readout"]["random_excess_loss"] < 1e-6
    rates = m["pretraining_rates"]["random"]
    assert rates["tried"] == 11 and 0 < rates["settled"] <= 11 and 0 <= rates["best_is_largest_settled"] <= 1
    runs = {
        kind: init_depth.run(
            kind=kind,
            stats=stats,
            width=6,
            layers=[3, 5],
            rate_grid=np.geomspace(0.1, 4.0, 6),
            n_fine=2,
            fraction=0.2,
            n_seeds=2,
            seed=1,
            max_steps=5000,
            pretraining=pre,
        )
        for kind in init_depth.KINDS
    }
    assert runs["gaussian"]["best_time"].shape == (2, 2) and runs["gaussian"]["times"].shape == (2, 2, 8)
    measured = init_depth.measure(runs)
    assert set(measured) >= {"gaussian_time_growth", "pretrained_time_growth"}
    detail = measured["orthogonal_detail"]
    assert detail["median_time_range"][0] == min(detail["median_time"]) and detail["edge_gap_median"] >= 0
    with pytest.raises(ValueError, match="kind must be"):
        init_depth.starts("uniform", [3, 3], [], pre, stats["sigma_xx"])


def test_random_matrix_experiments_small():
    p = products.run(
        n=20,
        depths=[1, 3],
        n_samples=3,
        extra_depths=[10],
        extra_samples=1,
        orthogonal_depths=[5],
        orthogonal_samples=1,
        seed=0,
    )
    m = products.measure(p, np.linspace(0.1, 1.0, 5))
    assert set(m["gaussian_product_sigma4"]) == {"k1", "k3"} and m["orthogonal_product_max_dev"] < 1e-12
    assert set(m["gaussian_product_fuss_catalan_distance"]) == {"k1", "k3", "k10"}
    assert m["gaussian_product_fuss_catalan_distance"]["k1"] < 0.2  # 60 singular values
    # the distance is that of the law's own quantiles: zero up to the grid
    ell, dens = products.fuss_catalan_log10_density(3, 4000)
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (dens[1:] + dens[:-1]) * np.diff(ell))])
    quantiles = np.interp((np.arange(2000) + 0.5) / 2000, cdf / cdf[-1], ell)
    assert products.fuss_catalan_distance(quantiles, 3) < 2e-3
    j = jacobian.run(n=20, layers=6, gains=[0.9, 1.0], input_variances=[0.5], seed=1, gaussian_samples=1)
    assert j["sv"].shape == (2, 1, 20) and j["q"].shape == (2, 1, 6)
    np.testing.assert_allclose(j["sv"], 10.0 ** j["log10_sv"])
    jm = jacobian.measure(j, 10.0)
    assert jm["jacobian"]["g1"]["q0.5"]["within_factor"] > 0
    assert jm["jacobian_log10_range"][0] == pytest.approx(j["log10_sv"].min())
    assert jacobian.spread(np.log10([1.0, 2.0, 50.0]), 10.0)[0] == pytest.approx(2 / 3)
    mf = mean_field.run(
        n=200,
        layers=20,
        last=5,
        map_gain=1.0,
        map_variances=[0.1, 1.0],
        gains=[1.5, 2.0],
        theory_gains=[1.2, 1.5],
        input_variance=1.0,
        n_inputs=2,
        map_samples=3,
        seed=2,
    )
    got = mean_field.measure(mf, [1.5, 2.0])["q_fixed_point"]
    assert got["gap_g1.5"] < 0.1 and got["gap_g2"] < 0.1
    with pytest.raises(ValueError, match="was not simulated"):
        mean_field.measure(mf, [1.7])


def test_numbers_and_common_helpers():
    figures = {name: {} for name in numbers.FIGURES}
    full = {**figures, "fig2": {k: 1.0 for k in numbers.REQUIRED}}
    # the part's numbers: every figure's numbers in one flat mapping
    assert numbers.gather({**full, "fig8": {"extra": 2}}) == {**full["fig2"], "extra": 2}
    with pytest.raises(ValueError, match="measured twice"):
        numbers.gather({**full, "fig5": {"appendix_a_factor": 2.0}})
    with pytest.raises(ValueError, match="missing"):
        numbers.gather({**figures, "fig2": {"appendix_a_factor": 2.0}})
    with pytest.raises(ValueError, match=r"missing \['fig8'\], unknown \['fig9'\]"):
        numbers.gather({**{k: v for k, v in full.items() if k != "fig8"}, "fig9": {}})
    assert common.merge([{"a": 1}, {"b": {"c": 2}}]) == {"a": 1, "b": {"c": 2}}
    with pytest.raises(ValueError, match=r"measured twice: \['a'\]"):
        common.merge([{"a": 1}, {"a": 1}])
    np.testing.assert_allclose(common.log_grid({"low": 1, "high": 100, "n": 3}), [1, 10, 100])
    with pytest.raises(ValueError, match="low < high"):
        common.log_grid({"low": 2, "high": 1, "n": 3})
    assert common.unprefixed("a", common.prefixed("a", {"x": 1, "y": 2})) == {"x": 1, "y": 2}
