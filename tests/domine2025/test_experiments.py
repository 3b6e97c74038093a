"""Part II's experiment code on small settings, against independent references and known answers."""

import numpy as np
import pytest

import exactdln as ed
from exactdln.experiments.domine2025 import (
    continual,
    figure_numbers,
    funnel,
    hierarchy,
    lazy_ntk,
    minimal,
    modes,
    numbers,
    reversal,
)
from exactdln.lambda_modes import lambda_mode_time


def test_minimal_tracks_gradient_descent_at_first_order():
    data = minimal.run(
        name="3-3-3",
        dims=[3, 3, 3],
        lams=[-5.0, 0.0, 5.0],
        n_items=6,
        target_std=1.0,
        init_scale=1.0,
        eta=2e-3,
        n_steps=1000,
        eta_refinement=2,
        n_records=40,
        seed=1,
    )
    out = minimal.measure(data)
    assert out["representation_identity_max"] < 1e-12
    for key in ("lamminus5", "lam0", "lam5"):
        assert out[key]["first_order_ratio"] == pytest.approx(2.0, abs=0.1)
        assert out[key]["relative_gap"]["network_function"] < 0.05
    # the network function (and so the loss) is the same for +lam and -lam on a square network
    np.testing.assert_allclose(data["exact_loss"][0], data["exact_loss"][2], rtol=1e-9)
    # the t = inf kernel distance against the NTK of the converged network built from the
    # representations of sigma_yx (an independent route: no exact solver at t = inf); this
    # draw's square zero-balanced start stalls on a saddle instead (Part I), so lam = +-5 only
    x = data["x"]
    assert [out[minimal._lam_key(lam)]["converges"] for lam in data["lams"]] == [True, False, True]
    for k, lam in enumerate(data["lams"]):
        if lam == 0:
            continue
        f1, f2 = ed.lambda_modes.representations_from_network_function(data["sigma_yx"], lam)
        k_inf = ed.measures.ntk(f1, f2, x)
        expected = ed.measures.kernel_distance(data["exact_ntk"][k][0], k_inf)
        got = out[minimal._lam_key(lam)]["limit_kernel_distance"]
        assert got == pytest.approx(expected, rel=1e-8, abs=1e-14)


def test_modes_measure_against_the_reference_integration():
    data = modes.run(
        singular_values=[1.5, 0.5],
        u0=1e-3,
        lams=[0.0, 2.0, -2.0],
        eta=2e-3,
        eta_lam=0.01,
        horizon=4.0,
        n_records=20,
        seed=0,
        half_time_s=1.0,
        half_time_lams=[0.0, 1.0],
        u0_range=[1e-8, 1e-2],
        n_u0=5,
        exact_u0=[1e-4],
        ode_rtol=1e-12,
    )
    out = modes.measure(data)
    assert out["closed_vs_ode"] < 1e-10
    assert out["closed_vs_exact"] < 1e-12
    assert out["half_exact_error"] < 1e-10
    assert out["half_time_log_slope_lam0"] == pytest.approx(0.5, rel=1e-3)
    # the u0 -> 0 limit of the half time agrees with the implicit formula at a vanishing u0
    assert data["half_limit"][1] == pytest.approx(lambda_mode_time(0.5, 1.0, 1e-300, 1.0), rel=1e-12)
    with pytest.raises(ValueError, match="eta"):
        modes.run(**{**_modes_args(), "eta": 0.1})


def _modes_args():
    return {
        "singular_values": [1.0],
        "u0": 1e-3,
        "lams": [2.0],
        "eta": 1e-3,
        "eta_lam": 0.01,
        "horizon": 1.0,
        "n_records": 5,
        "seed": 0,
        "half_time_s": 1.0,
        "half_time_lams": [1.0],
        "u0_range": [1e-6, 1e-2],
        "n_u0": 3,
        "exact_u0": [1e-3],
        "ode_rtol": 1e-10,
    }


def test_lazy_ntk_slopes_and_sign_symmetry():
    data = lazy_ntk.run(
        shapes={"3-3-3": [3, 3, 3], "4-2-2": [4, 2, 2]},
        n_items=6,
        target_std=1.0,
        init_scale=0.5,
        lam_magnitudes=[32.0, 64.0, 128.0, 256.0],
        seed=2,
    )
    out = lazy_ntk.measure(data, [32.0, 256.0], [32.0, 256.0])
    square = out["3-3-3"]
    assert square["square"] and not out["4-2-2"]["square"]
    assert square["abs_change_slope"] == pytest.approx(-1, abs=0.02)
    assert square["rel_change_slope"] == pytest.approx(-2, abs=0.02)
    assert square["kernel_distance_slope"] == pytest.approx(-4, abs=0.05)
    assert square["sign_asymmetry"] < 1e-15
    assert out["4-2-2"]["sign_asymmetry"] > 0.1  # a funnel is lazy on one side only


def test_predicted_plateau_and_rich_limit_known_cases():
    sigma = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0]])
    w1 = np.array([[1.0, 0.0, 0.0], [0.0, 5.0, 0.0]])  # row space: the first two inputs
    assert funnel.predicted_plateau(w1, sigma) == pytest.approx(0.5 * 9.0)
    # rich limit: 1 - tr(P0 P_task) / r with P0 = span(e1, e2) and the task's row space
    _, _, vt = np.linalg.svd(sigma, full_matrices=False)
    p_task = vt.T @ vt
    expected = 1 - (p_task[0, 0] + p_task[1, 1]) / 2
    assert funnel.rich_limit(w1, None, sigma, -1.0) == pytest.approx(expected, rel=1e-12)


def test_funnel_lazy_side_and_plateau():
    task = ed.tasks.random_regression(5, 2, 8, seed=3)
    for lam, lazy in ((200.0, True), (-200.0, False)):
        w1, w2 = ed.initialisations.lambda_balanced(5, 2, 2, 0.1, lam, 4)
        sol = ed.ExactSolution.from_task(w1, w2, task)
        kd = ed.measures.kernel_distance(sol.ntk(0.0, task.x), sol.ntk(np.inf, task.x))
        if lazy:
            assert kd < 1e-8
        else:
            assert kd == pytest.approx(funnel.rich_limit(w1, w2, task.sigma_yx, lam), abs=1e-3)
            t_p, l_p = funnel.plateau(sol, lam)
            pred = funnel.predicted_plateau(w1, task.sigma_yx)
            assert 1 / 200 < t_p < 200
            assert abs(l_p - pred) / pred < 10 * np.log(200) / 200**2
    # loss_log_slope is t dL/dt: compare with a centred difference of the exact loss
    w1, w2 = ed.initialisations.lambda_balanced(5, 2, 2, 0.1, -3.0, 4)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    t, h = 0.7, 1e-5

    def loss(tt):
        return 0.5 * np.sum((task.sigma_yx - sol.network_function(tt)) ** 2)

    fd = t * (loss(t + h) - loss(t - h)) / (2 * h)
    assert funnel.loss_log_slope(sol, t)[0] == pytest.approx(fd, rel=1e-7)


def test_funnel_run_fits_inside_the_range_and_measures_the_plateau():
    args = {
        "shapes": {"funnel": [4, 2, 2], "inverse": [2, 2, 4]},
        "n_items": 6,
        "target_std": 1.0,
        "init_scale": 0.1,
        "lam_magnitudes": [1.0, 16.0, 32.0, 64.0, 128.0],
        "loss_shape": "funnel",
        "loss_lams": [-4.0, -16.0, -32.0, -64.0, -128.0],
        "gd_lams": [-16.0],
        "eta_max": 0.01,
        "eta_lam": 0.01,
        "gd_horizons": [1.0],
        "time_range": [1e-3, 1e3],
        "n_times": 60,
        "n_records": 20,
        "n_draws": 10,
        "n_plateau_draws": 2,
        "seed": 3,
    }
    data = funnel.run(**args)
    fits = {"fit_range": [16.0, 128.0], "early_fit_range": [1.0, 64.0]}
    out = funnel.measure(data, lazy_lam=64.0, lazy_bound=1e-5, rich_bound=0.1, **fits)
    assert out["fit_points"] == 4
    for name in ("funnel", "inverse"):
        assert out[name]["kd_slope_lazy_side"] == pytest.approx(-4, abs=0.05)  # |lam| = 1 left out
        assert out[name]["rich_gap_slope"] == pytest.approx(-2, abs=0.1)
        assert len(out[name]["kd_local_slopes_lazy_side"]) == 4
    assert out["funnel"]["lazy_sign"] == 1 and out["inverse"]["lazy_sign"] == -1
    # gradient descent only from gd_lams; every loss_lam has its plateau and slow phase
    assert list(data["gd_index"]) == [1] and "sim_loss_1" not in data
    assert set(out["plateau"]) == {"lam4", "lam16", "lam32", "lam64", "lam128"}
    assert "gd_gap" in out["plateau"]["lam16"] and "gd_gap" not in out["plateau"]["lam4"]
    assert out["plateau"]["lam16"]["gd_gap"] < 1e-2
    assert out["slow_half_time_slope"] == pytest.approx(1, abs=0.05)
    # the slow phase's half time is a root of the exact loss minus half the predicted plateau
    k = 2
    w1, w2 = ed.initialisations.lambda_balanced(4, 2, 2, 0.1, -32.0, _init_seed(args))
    task = ed.tasks.random_regression(4, 2, 6, ed.experiments.domine2025.common.seeds_for(3, 4, 2, 2)[0])
    sol = ed.ExactSolution.from_task(w1, w2, task)
    t_half = data["slow_half_time"][k]
    level = data["predicted_plateau"][k] / 2
    for t, sign in ((t_half * (1 - 1e-6), 1), (t_half * (1 + 1e-6), -1)):
        assert sign * (ed.measures.loss(sol.network_function(t), task.sigma_yx) - level) > 0
    # the independent draws: one row per draw, the figure's own draw not among them
    assert data["plateau_draws"].shape == (2, 5)
    own = np.abs(data["plateau_loss"] - data["predicted_plateau"]) / data["predicted_plateau"]
    assert not np.any(np.isclose(data["plateau_draws"], own[None], rtol=1e-6).all(axis=1))
    assert out["n_plateau_draws"] == 2
    with pytest.raises(ValueError, match="not among loss_lams"):
        funnel.run(**{**args, "gd_lams": [-8.0]})
    with pytest.raises(ValueError, match="one gd_horizon per gd_lam"):
        funnel.run(**{**args, "gd_horizons": [1.0, 2.0]})
    with pytest.raises(ValueError, match="fewer than 4"):
        funnel.measure(
            data, lazy_lam=64.0, lazy_bound=1e-5, rich_bound=0.1, **{**fits, "fit_range": [32.0, 128.0]}
        )


def _init_seed(args):
    """The initial-function seed :func:`funnel.run` uses for the funnel of ``args``."""
    _, init_rng = ed.experiments.domine2025.common.seeds_for(args["seed"], 4, 2, 2)
    return int(init_rng.integers(2**31))


def test_fit_laws_recover_known_laws():
    mags = np.geomspace(10, 1e4, 12)
    power = hierarchy.fit_laws(mags, 3.0 / mags, 10.0)
    assert power["power_exponent"] == pytest.approx(-1.0, abs=1e-12)
    assert power["power_rms"] < 1e-12 and power["exponential_rms"] > 0.5
    expo = hierarchy.fit_laws(np.linspace(10, 20, 8), 2.0 * np.exp(-0.3 * np.linspace(10, 20, 8)), 10.0)
    assert expo["exponential_rate"] == pytest.approx(0.3, rel=1e-12) and expo["exponential_rms"] < 1e-12
    with pytest.raises(ValueError, match="three"):
        hierarchy.fit_laws(mags, 1 / mags, 5e3)


def test_reversal_crossings_and_stall():
    data = reversal.run(
        shapes={"3-3-3": [3, 3, 3], "2-2-4": [2, 2, 4]},
        n_items=8,
        target_std=1.0,
        lams=[0.0, 0.1, -1.0],
        time_range=[1e-3, 50.0],
        n_times=40,
        stall_time=2000.0,
        gd_lams=[1.0],
        eta_max=0.01,
        eta_lam=0.01,
        gd_horizon=2.0,
        n_records=20,
        seed=5,
    )
    out = reversal.measure(data, stall_tol=1e-10)
    assert out["crossing_max_err"] < 1e-10
    assert out["stalls_at_zero"]
    s = data["s_0"]
    np.testing.assert_allclose(
        reversal.reversal_zero_crossing(s, 0.1), [lambda_mode_time(0.0, si, -si, 0.1) for si in s], rtol=1e-13
    )
    assert np.all(np.isinf(reversal.reversal_zero_crossing(s, 0.0)))


def test_continual_forgetting_does_not_depend_on_lam():
    data = continual.run(
        n_in=3,
        n_hidden=3,
        n_out=3,
        n_items=6,
        n_tasks=3,
        target_std=1.0,
        init_scale=0.01,
        lams=[0.5, 5.0],
        duration=60.0,
        n_times=30,
        seed=1,
    )
    out = continual.measure(data)
    assert out["forgetting_spread"] < 1e-12
    assert out["forgetting_vs_predicted"] < 1e-12
    assert out["path_spread"] > 0.01  # the paths differ


def test_numbers_names_every_key_of_the_issue():
    minimal_m = {
        "shape_a": {"name": "a", "representation_identity_max": 1e-15, "gap_max": 2.0, "gap_fine_max": 1.0}
    }
    ntk = {
        "4-4-4": {
            "abs_change_slope": -1,
            "rel_change_slope": -2,
            "kernel_distance_slope": -4,
            "sign_asymmetry": 1e-16,
            "square": True,
        }
    }
    fun = {
        "funnel": {"lazy_sign": -1, "kd_plus": 0.7, "kd_minus": 1e-8},
        "plateau": {"lam4": {"plateau_err": 0.1}},
    }
    figures = {
        "fig1": figure_numbers.fig1(**minimal_m),
        "fig2": figure_numbers.fig2(modes={"closed_vs_ode": 1e-13}, lazy_ntk=ntk, slope_shape="4-4-4"),
        "fig3": figure_numbers.fig3(funnel=fun, funnel_shape="funnel"),
        "fig4": figure_numbers.fig4(hierarchy={"sweep": {"fit": {"power_exponent": -1.0}}}),
        "fig5": figure_numbers.fig5(
            reversal={"crossing_max_err": 1e-13, "stalls_at_zero": True}, continual={"forgetting_spread": 0.0}
        ),
    }
    out = numbers.gather(figures)
    named = {
        "mode_closed_form_max_err", "representation_identity_max_err", "ntk_abs_change_slope",
        "ntk_rel_change_slope", "kernel_distance_slope", "ntk_sign_asymmetry_square", "funnel_kd_lazy",
        "funnel_kd_rich", "plateau_err", "convergence_time_slope", "reversal_crossing_max_err",
        "reversal_stalls_at_zero", "forgetting_lam_spread", "gd_first_order_ratio",
    }  # fmt: skip
    assert named <= set(out)
    assert (
        out["funnel_kd_lazy"] == 1e-8 and out["funnel_kd_rich"] == 0.7 and out["gd_first_order_ratio"] == 2.0
    )
    # the figures' named numbers move to the top level; under figN, only the measurements
    assert out["slope_theory_gap"] == {
        "ntk_abs_change": 0,
        "ntk_rel_change": 0,
        "kernel_distance": 0,
        "convergence_time": 0.0,
    }
    assert out["fig1"] == {"a": minimal_m["shape_a"]}
    assert out["fig2"] == {"modes": {"closed_vs_ode": 1e-13}, "ntk": ntk}
    assert out["fig3"] == fun
    # a figure reads its own numbers: the named ones beside its measurements
    assert figures["fig5"]["reversal_crossing_max_err"] == 1e-13 and "reversal" in figures["fig5"]
    with pytest.raises(ValueError, match="slope_shape"):
        figure_numbers.fig2(modes={}, lazy_ntk=ntk, slope_shape="x")
    with pytest.raises(ValueError, match="funnel_shape"):
        figure_numbers.fig3(funnel=fun, funnel_shape="x")
    with pytest.raises(ValueError, match="fig4"):
        numbers.gather({k: v for k, v in figures.items() if k != "fig4"})
