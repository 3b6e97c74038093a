"""Part V's experiment code (exactdln.experiments.shemur2024) on small settings and data the tests make."""

import numpy as np
import pytest

from exactdln.experiments.shemur2024 import (
    authors_protocol,
    correlation_sweep,
    data,
    linear_exact,
    mnist_mlp,
    numbers,
    output_scale,
    records,
    sgd,
    slopes,
    width,
)
from exactdln.io import load_json, save_json


@pytest.fixture(scope="module")
def task():
    return data.teacher_task(n_in=5, n_train=8, n_test=6, n_teacher=3, seed=0)


def test_teacher_task(task):
    assert task["x"].shape == (5, 8) and task["x_test"].shape == (5, 6)
    np.testing.assert_allclose(np.sum(task["x"] ** 2, axis=0), 5.0)
    assert np.std(np.concatenate([task["y"], task["y_test"]])) == pytest.approx(1.0)


def test_pool_images_averages_blocks():
    img = np.arange(784.0).reshape(1, 784)
    pooled = data.pool_images(img, 14)
    block = np.arange(784.0).reshape(28, 28)[:14, :14].mean()
    assert pooled.shape == (1, 4) and pooled[0, 0] == pytest.approx(block)
    with pytest.raises(ValueError, match="divide"):
        data.pool_images(img, 5)
    with pytest.raises(ValueError, match="784"):
        data.pool_images(np.zeros((2, 100)), 2)


def test_mnist_task_on_images_the_test_makes():
    rng = np.random.default_rng(1)
    images = rng.uniform(0, 1, (40, 784))
    labels = np.arange(40) % 10
    t = data.mnist_task(images, labels, n_train=10, n_test=5, pool=4, seed=2)
    assert t["x"].shape == (49, 10) and t["x_test"].shape == (49, 5)
    np.testing.assert_allclose(np.sum(t["x"] ** 2, axis=0), 49.0)
    np.testing.assert_array_equal(t["y"], np.where(t["labels"] % 2 == 0, 1.0, -1.0))
    # train and test images are distinct draws
    all_x = np.concatenate([t["x"], t["x_test"]], axis=1).T
    assert len(np.unique(all_x.round(12), axis=0)) == 15
    with pytest.raises(ValueError, match="exceeds"):
        data.mnist_task(images, labels, n_train=30, n_test=20, pool=4, seed=0)


def test_width_groups():
    assert width.width_groups([16, 32, 64, 128], 100) == [[16, 32], [64], [128]]
    assert width.width_groups([4096, 16], 8192) == [[16, 4096]]
    assert width.width_groups([8, 9000], 100) == [[8], [9000]]
    with pytest.raises(ValueError, match="distinct"):
        width.width_groups([8, 8], 100)


def test_record_grid():
    g = records.record_grid(200, 10)
    assert g[0] == 0 and g[-1] == 200 and 100 in g and np.all(np.diff(g) > 0)


def test_width_runs_do_not_depend_on_the_grouping(task):
    kw = {"activation": "tanh", "n_seeds": 2, "seed": 3, "eta": 1.0, "horizon": 10.0, "n_records": 4}
    whole = width.run(task, widths=[4, 8, 16], **kw)
    parts = width.merge([width.run(task, widths=[16], **kw), width.run(task, widths=[4, 8], **kw)])
    for key in (*width.SERIES, *width.FINAL):
        np.testing.assert_array_equal(parts[key], whole[key])
    assert whole["gap_test"].shape == (3, whole["steps"].size, 2)
    np.testing.assert_array_equal(whole["gap_test"][:, 0], 0.0)  # the models start equal
    with pytest.raises(ValueError, match="different settings"):
        width.merge([whole, width.run(task, widths=[32], **{**kw, "eta": 0.5})])


def test_width_measure_recovers_a_known_power_law():
    widths = np.array([16, 64, 256, 1024])
    steps = np.array([0, 5, 10])
    gap = np.ones((4, 3, 2)) * (widths[:, None, None] / 16.0) ** -1.0
    gap[:, 1] *= 0.5  # the middle step
    d = {
        "widths": widths,
        "steps": steps,
        "gap_test": gap,
        "gap_train": 2 * gap,
        "ntk_change": np.ones((4, 2)) * widths[:, None] ** -0.8,
        "weight_change": np.ones((4, 2)) * widths[:, None] ** -0.5,
    }
    s = width.summary(d)
    np.testing.assert_allclose(s["gap_sup_test"], (widths / 16.0) ** -1.0)  # the maximum over time
    np.testing.assert_allclose(s["gap_final_train"], 2 * (widths / 16.0) ** -1.0)
    m = width.measure({"tanh": d}, fit_min_width=64)["tanh"]
    assert m["gap_sup_test_slope"] == pytest.approx(-1.0)
    assert m["mse_final_test_slope"] == pytest.approx(-2.0)
    assert m["ntk_change_slope"] == pytest.approx(-0.8)
    assert m["weight_change_slope"] == pytest.approx(-0.5)
    assert m["gap_time_ratio"] == pytest.approx(2.0) and width.gap_time_ratio(d) == m["gap_time_ratio"]
    with pytest.raises(ValueError, match="fewer than two"):
        width.measure({"tanh": d}, fit_min_width=1000)


def test_correlation_sweep_and_fd_study(task):
    corr = correlation_sweep.run(
        task, activations=["tanh", "relu"], widths=[8, 32, 128], n_seeds=3, seed=1, n_points=3
    )
    assert corr["c02"].shape == (2, 3, 3)
    assert np.max(corr["c02_doubling"]) < 1e-15  # doubling cancels C_{0,2} exactly
    fd = correlation_sweep.fd_study(
        task, activations=["tanh", "relu"], width=3, n_points=2, seed=1, steps=[1e-2, 1e-3]
    )
    assert np.isnan(fd["errors"][1, list(fd["quantities"]).index("c03")]).all()
    m = correlation_sweep.measure(corr, fd, fit_min_width=8)
    assert m["fd_max_error"] < 1e-4
    assert m["tanh"]["c11_slope"] == pytest.approx(-0.5, abs=0.15)
    assert "c03_slope" not in m["relu"]  # vanishes identically
    with pytest.raises(ValueError, match="n_points"):
        correlation_sweep.run(task, activations=["tanh"], widths=[8], n_seeds=1, seed=0, n_points=20)


def test_output_scale_doubling_linearises_faster(task):
    kw = {
        "activation": "tanh",
        "width": 16,
        "scales": [10.0, 100.0],
        "n_seeds": 2,
        "seed": 0,
        "eta": 1.0,
        "horizon": 20.0,
        "n_records": 4,
    }
    runs = {"tanh": {s: output_scale.run(task, start=s, **kw) for s in output_scale.STARTS}}
    m = output_scale.measure(runs, fit_min_scale=1.0)["tanh"]
    assert m["plain_slope"] == pytest.approx(-1.0, abs=0.1)
    assert m["doubling_slope"] == pytest.approx(-2.0, abs=0.1)
    with pytest.raises(ValueError, match="start"):
        output_scale.run(task, start="mirrored", **kw)


def test_linear_exact():
    d = linear_exact.run(
        n_in=3,
        n_hidden=2,
        n_out=2,
        n_items=6,
        task_seed=0,
        init_scale=0.3,
        lams=[10.0, 20.0, 40.0],
        n_seeds=2,
        seed=1,
        t_min=1e-5,
        t_max=100.0,
        n_times=200,
    )
    m = linear_exact.measure(d, fit_min_lam=10.0)
    assert m["all_converge"] and m["final_gap_max"] < 1e-12
    assert m["lam_slope"] == pytest.approx(-2.0, abs=0.1)
    np.testing.assert_allclose(d["gap"][..., 0], 0.0, atol=1e-13)  # both start at w2 w1


def test_mnist_mlp(task):
    assert [mnist_mlp.alpha_key(a) for a in (0, -0.5, -1.0, 0.25)] == ["0", "-0.5", "-1", "0.25"]
    r = mnist_mlp.run(
        task, activation="tanh", widths=[8, 32], alpha=-0.5, eta0=0.1, n_steps=5, n_seeds=2, seed=0
    )
    assert r["mse_test"].shape == (2, 2) and r["etas"][1] == pytest.approx(0.1 / np.sqrt(32))
    m = mnist_mlp.measure({"-0.5": r})["-0.5"]
    assert m["short_time_slope"] == -4.0 and m["flow_time_widest"] == pytest.approx(5 * 0.1 / np.sqrt(32))


def test_numbers_have_the_keys_the_issue_names(task, tmp_path):
    kw = {"n_seeds": 2, "seed": 0, "eta": 1.0, "horizon": 8.0, "n_records": 3}
    runs = {act: width.run(task, activation=act, widths=[8, 16, 32], **kw) for act in ("tanh", "relu")}
    corr = correlation_sweep.run(
        task, activations=["tanh", "relu"], widths=[8, 16, 32], n_seeds=2, seed=0, n_points=2
    )
    fd = correlation_sweep.fd_study(task, activations=["tanh"], width=2, n_points=2, seed=0, steps=[1e-3])
    skw = {
        "width": 8,
        "scales": [1.0, 10.0],
        "n_seeds": 1,
        "seed": 0,
        "eta": 1.0,
        "horizon": 4.0,
        "n_records": 3,
    }
    scale = {
        "tanh": {s: output_scale.run(task, activation="tanh", start=s, **skw) for s in output_scale.STARTS}
    }
    lin = linear_exact.run(
        n_in=3,
        n_hidden=2,
        n_out=2,
        n_items=6,
        task_seed=0,
        init_scale=0.3,
        lams=[5.0, 10.0],
        n_seeds=1,
        seed=1,
        t_min=1e-4,
        t_max=10.0,
        n_times=20,
    )
    mlp = {
        a: mnist_mlp.run(
            task, activation="relu", widths=[4, 8], alpha=float(a), eta0=0.1, n_steps=2, n_seeds=2, seed=0
        )
        for a in ("0", "-1")
    }
    matched = {
        a: mnist_mlp.run(
            task,
            activation="relu",
            widths=[4, 8],
            alpha=float(a),
            eta0=0.1,
            flow_time=0.4,
            reference_width=4,
            n_seeds=2,
            seed=0,
        )
        for a in ("0", "-1")
    }
    authors = {
        "0": authors_protocol.run(
            classes_task(), widths=[4, 8], n_seeds=2, seed=0, eta0=1.0, alpha=0.0, n_steps=3
        )
    }
    sgd_plan = sgd.plan(SGD_CONFIG, n_train=task["x"].shape[1])
    sgd_runs = {
        name: sgd.run(task, **sgd.settings(p), seed=0, n_steps=10, n_records=3)
        for name, p in sgd_plan.items()
    }
    # the four figures' measurements as their measure scripts write them (through JSON)
    figures = {
        "fig1": {"width": {task: width.measure(runs, fit_min_width=8) for task in ("teacher", "mnist")}},
        "fig2": {
            "correlations": correlation_sweep.measure(corr, fd, fit_min_width=8),
            "output_scale": output_scale.measure(scale, fit_min_scale=1.0),
        },
        "fig3": {
            "gap_time_ratio": {act: width.gap_time_ratio(d) for act, d in runs.items()},
            "collapse": {act: width.collapse(d, widths=[8, 32]) for act, d in runs.items()},
            "linear_exact": linear_exact.measure(lin, fit_min_lam=5.0),
        },
        "fig4": {
            "mnist_mlp": mnist_mlp.measure(mlp),
            "mnist_matched": mnist_mlp.measure(matched),
            "mnist_authors": authors_protocol.measure(authors, fit_min_width=4),
            "mnist_mse_slopes_source": {"0": -1.14, "-1": -2.72},
        },
        "fig5": {"sgd": sgd.measure(sgd_runs, fit_min_width=8), "plan": sgd_plan},
    }
    for name, figure in figures.items():
        figures[name] = load_json(save_json(tmp_path / f"{name}.json", figure))
    n = numbers.gather(figures)
    for key in (
        "gap_width_slope",
        "ntk_change_width_slope",
        "weight_change_width_slope",
        "c02_width_slope",
        "c11_width_slope",
        "c03_width_slope",
        "hessian_width_slope",
        "alpha_slope",
        "alpha_slope_doubling",
        "gap_time_ratio",
        "mnist_mse_slopes",
        "mnist_matched_time_slopes",
        "mnist_authors_protocol_slopes",
        "sgd_gap_width_slope",
        "sgd_gap_width_slope_stderr",
        "sgd_gap_growth",
        "sgd_vs_gd_gap_ratio",
    ):
        assert isinstance(n[key], dict) and all(isinstance(v, float) for v in n[key].values()), key
    assert set(n["sgd_gap_width_slope"]) == {"tanh", "relu", "mlp_relu"}
    assert set(n["sgd_vs_gd_gap_ratio"]) == {"tanh", "relu"}
    assert isinstance(n["sgd_noncontracting_gap_width_slope"], float)
    assert set(n["mnist_matched_time_slopes"]) == {"0", "-1"} and set(n["mnist_authors_protocol_slopes"]) == {
        "0"
    }
    assert n["sgd_gap_growth"]["tanh"] == n["sgd"]["tanh_b2"]["growth"]
    assert set(n["gap_width_slope"]) == {"tanh", "relu"} and set(n["c03_width_slope"]) == {"tanh"}
    assert set(n["mnist_mse_slopes"]) == {"0", "-1"} and n["mnist_mse_slopes_source"]["-1"] == -2.72
    assert isinstance(n["lam_slope_linear"], float) and isinstance(n["correlation_fd_max_err"], float)
    # Figure 3's ratio (its own measure) is the one Figure 1's measure keeps per activation
    assert n["gap_time_ratio"] == {a: n["width"]["teacher"][a]["gap_time_ratio"] for a in ("tanh", "relu")}


SGD_CONFIG = {
    "activations": ["tanh", "relu"],
    "widths": [8, 16, 32, 64],
    "n_seeds": 2,
    "batch_size": 2,
    "eta": {"tanh": 1.0, "relu": 1.0},
    "batch_study": {"activation": "tanh", "batch_sizes": [1, 2]},
    "noncontracting": {"activation": "tanh", "batch_size": 1, "eta": 3.0},
    "mlp": {"activation": "relu", "widths": [8, 16], "n_seeds": 2, "eta": 1.0},
}


def classes_task():
    rng = np.random.default_rng(3)
    return data.mnist_classes_task(
        rng.uniform(0, 1, (30, 784)), np.arange(30) % 10, n_train=6, n_test=4, seed=1
    )


def test_slopes_fit_recovers_a_power_law_and_flags_a_bend():
    x = np.array([16, 32, 64, 128, 256, 512], dtype=float)
    noise = np.exp(np.random.default_rng(0).normal(0, 0.01, (6, 5)))
    f = slopes.fit(x, 3.0 * x[:, None] ** -1.5 * noise, fit_min=32, tolerance=0.25)
    assert f["slope"] == pytest.approx(-1.5, abs=0.02) and f["power_law"] and f["n_points"] == 5
    assert 0 < f["stderr"] < 0.02 and len(f["half_slopes"]) == 2
    # a curve that levels off: steep, then flat
    bent = np.where(x < 100, x**-1.5, 100**-1.5 * (x / 100) ** -0.1)
    g = slopes.fit(x, bent, fit_min=16, tolerance=0.25)
    assert not g["power_law"] and g["stderr"] is None and g["half_slopes"][0] < g["half_slopes"][1] - 0.5
    # seeds that scatter over orders of magnitude fail even on a straight mean
    scattered = x[:, None] ** -1.0 * np.exp(np.random.default_rng(1).normal(0, 3, (6, 4)))
    assert not slopes.fit(x, scattered, fit_min=16, tolerance=0.25)["power_law"]
    # three points are no power law, and named() drops what is not set
    h = slopes.fit(x[:3], x[:3] ** -1.0, fit_min=0, tolerance=0.25)
    assert h["slope"] == pytest.approx(-1.0) and not h["power_law"] and h["half_slopes"] is None
    assert set(slopes.named(h)) == {"slope", "power_law"}
    assert slopes.halves(7) == (slice(0, 4), slice(3, 7)) and slopes.halves(4) == (slice(0, 3), slice(1, 4))
    with pytest.raises(ValueError, match="positive"):
        slopes.fit(x, -x, fit_min=0, tolerance=0.25)
    with pytest.raises(ValueError, match="fewer than two"):
        slopes.fit(x, x, fit_min=1000, tolerance=0.25)


def test_width_collapse():
    times = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    widths = np.array([8, 16, 32])
    scaled = np.array([[1.0, 2.0, 1.5, 1.05, 1.0], [1.0, 1.0, 1.0, 1.0, 1.0], [1.0, 1.2, 1.2, 1.02, 1.04]])
    d = {"widths": widths, "times": times, "gap_test": (scaled / widths[:, None])[:, :, None] * np.ones(2)}
    c = width.collapse(d, widths=[8, 16, 32], within=1.1)
    assert c["spread_max"] == pytest.approx(2.0) and c["spread_final"] == pytest.approx(1.04)
    assert c["collapses"] and c["collapse_time"] == 3.0 and c["spread_max_early"] == pytest.approx(2.0)
    assert not width.collapse(d, widths=[8, 32], within=1.01)["collapses"]
    with pytest.raises(ValueError, match="not all among"):
        width.collapse(d, widths=[8, 64])


def test_mnist_mlp_matched_flow_time(task):
    kw = {"activation": "tanh", "widths": [8, 32], "n_seeds": 2, "seed": 0}
    r = mnist_mlp.run(task, alpha=-1.0, eta0=0.2, flow_time=2.0, reference_width=8, **kw)
    np.testing.assert_allclose(r["etas"], [0.2, 0.05])
    np.testing.assert_array_equal(r["n_steps"], [10, 40])
    m = mnist_mlp.measure({"-1": r})["-1"]
    assert m["flow_time_min"] == pytest.approx(2.0) and m["flow_time_max"] == pytest.approx(2.0)
    # the fixed-step protocol is unchanged by the new options
    fixed = mnist_mlp.run(task, alpha=-0.5, eta0=0.1, n_steps=5, **kw)
    again = mnist_mlp.run(task, alpha=-0.5, eta0=0.1, n_steps=5, reference_width=1, **kw)
    np.testing.assert_array_equal(fixed["mse_test"], again["mse_test"])
    with pytest.raises(ValueError, match="exactly one"):
        mnist_mlp.run(task, alpha=0.0, eta0=0.1, n_steps=5, flow_time=1.0, **kw)


def test_authors_protocol_against_explicit_references():
    """Training in the span form against explicit gradient descent, the kernel against the Jacobian, the
    exact linearisation against gradient descent on the explicitly linearised model, and the averaged
    kernel's gradient flow against a matrix exponential."""
    from scipy.linalg import expm

    rng = np.random.default_rng(0)
    d, p, k, n, s = 5, 4, 3, 6, 2
    x, y = rng.standard_normal((d, p)), np.eye(k)[rng.integers(0, k, p)]
    params = authors_protocol.init(d, n, s, 1, n_out=k)
    eta, steps = 0.9, 7

    def flat(pr):
        return np.concatenate([pr[key].reshape(s, -1) for key in ("w", "b", "v", "c")], axis=1)

    def unflat(theta):
        out, i = {}, 0
        for key in ("w", "b", "v", "c"):
            size = params[key][0].size
            out[key] = theta[:, i : i + size].reshape(params[key].shape)
            i += size
        return out

    def loss(theta):
        return authors_protocol.loss(authors_protocol.outputs(unflat(theta), x), y)

    theta, h = flat(params), 1e-6
    run = authors_protocol.train(params, x, y, eta=eta, n_steps=1, record=[0, 1])
    grad = np.stack(
        [(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in np.eye(theta.shape[1])], -1
    )
    np.testing.assert_allclose(flat(run["params"]), theta - eta * grad, rtol=0, atol=1e-8)
    run = authors_protocol.train(params, x, y, eta=eta, n_steps=steps, record=np.arange(steps + 1))
    np.testing.assert_allclose(run["train"][-1], authors_protocol.outputs(run["params"], x), atol=1e-13)

    jac = np.stack(
        [
            (
                authors_protocol.outputs(unflat(theta + h * e), x)
                - authors_protocol.outputs(unflat(theta - h * e), x)
            ).reshape(s, k * p)
            / (2 * h)
            for e in np.eye(theta.shape[1])
        ],
        -1,
    )
    kernel = authors_protocol.tangent_kernel(params, x)
    np.testing.assert_allclose(kernel, jac @ np.swapaxes(jac, 1, 2), rtol=0, atol=1e-8)

    f0 = authors_protocol.outputs(params, x)
    lin = authors_protocol.linearised(kernel, f0, y, eta=eta, steps=np.arange(steps + 1), flow=False)
    dtheta = np.zeros_like(theta)
    for step in range(steps + 1):
        f = f0.reshape(s, k * p) + np.einsum("sqn,sn->sq", jac, dtheta)
        np.testing.assert_allclose(lin[step].reshape(s, k * p), f, rtol=1e-7, atol=1e-9)
        dtheta -= eta * np.einsum("sq,sqn->sn", (f - y.T.reshape(-1)) / (p * k), jac)

    averaged = np.mean([kernel[:, j * p : (j + 1) * p, j * p : (j + 1) * p] for j in range(k)], axis=0)
    flow = authors_protocol.linearised(averaged, f0, y, eta=eta, steps=[5], flow=True)[0]
    for i in range(s):
        expected = y.T + (expm(-eta * 5 * averaged[i] / (p * k)) @ (f0[i] - y.T).T).T
        np.testing.assert_allclose(flow[i], expected, rtol=0, atol=1e-12)


def test_authors_protocol_run_and_measure():
    t = classes_task()
    assert t["x"].shape == (784, 6) and t["y"].shape == (6, 10)
    assert t["x"].mean() == pytest.approx(0.0, abs=1e-12) and t["x"].std() == pytest.approx(1.0)
    np.testing.assert_array_equal(t["y"].argmax(axis=1), t["labels"])
    r = authors_protocol.run(t, widths=[4, 8, 16, 32], n_seeds=2, seed=0, eta0=1.0, alpha=0.0, n_steps=5)
    assert r["loss"].shape == (4, 2) and np.all(r["loss"] < r["loss_initial"])
    m = authors_protocol.measure({"0": r}, fit_min_width=4)["0"]
    np.testing.assert_allclose(
        m["loss_difference_widest"], np.mean(np.abs(r["loss"][-1] - r["loss_lin_authors"][-1])) / np.sqrt(2)
    )
    assert {"loss_difference_slope", "mse_slope", "mse_authors_stderr", "mse_flow_power_law"} <= set(m)
    assert m["flow_time_widest"] == pytest.approx(5.0)


def test_sgd_plan_run_and_measure(task):
    plan = sgd.plan(SGD_CONFIG, n_train=8)
    assert set(plan) == {
        "tanh_b2",
        "tanh_full",
        "relu_b2",
        "relu_full",
        "tanh_b1",
        "noncontracting",
        "mlp_relu_b2",
    }
    assert plan["tanh_full"]["batch_size"] == 8 and plan["tanh_b1"]["role"] == "batch"
    assert plan["mlp_relu_b2"]["network"] == "mlp" and "role" not in sgd.settings(plan["tanh_b2"])
    d = sgd.run(task, **sgd.settings(plan["tanh_b2"]), seed=0, n_steps=20, n_records=4)
    assert d["gap_test"].shape == (4, d["steps"].size, 2) and 2 in d["steps"] and d["steps"][-1] == 20
    assert d["ntk_diag"].shape == (4, 2, 8) and np.all(d["gap_test"][:, 0] == 0)
    m = sgd.measure({"tanh_b2": d}, fit_min_width=8)["tanh_b2"]
    assert m["sup_test_slope"] < 0 and m["sup_test_stderr"] > 0 and len(m["expanding_networks"]) == 4
    assert m["growth"] == pytest.approx(sgd.growth(d)) and m["eta_ntk_diag_widest"] > 0
    # the full batch through SGD's code is the full-batch run of Figure 1 (same initial weights)
    full = sgd.run(task, **sgd.settings(plan["tanh_full"]), seed=0, n_steps=20, n_records=4)
    gd = width.run(
        task, activation="tanh", widths=[8, 16, 32, 64], n_seeds=2, seed=0, eta=1.0, horizon=20.0, n_records=4
    )
    shared = np.intersect1d(full["steps"], gd["steps"])
    pick = lambda r: r["gap_test"][:, np.searchsorted(r["steps"], shared)]  # noqa: E731
    np.testing.assert_allclose(pick(full), pick(gd), rtol=1e-8, atol=1e-14)
