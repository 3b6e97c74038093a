"""Part V's experiment code (exactdln.experiments.shemur2024) on small settings and data the tests make."""

import numpy as np
import pytest

from exactdln.experiments.shemur2024 import (
    correlation_sweep,
    data,
    linear_exact,
    mnist_mlp,
    numbers,
    output_scale,
    records,
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
            task, activation="relu", widths=[4, 8], alpha=float(a), eta0=0.1, n_steps=2, n_seeds=1, seed=0
        )
        for a in ("0", "-1")
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
            "linear_exact": linear_exact.measure(lin, fit_min_lam=5.0),
        },
        "fig4": {"mnist_mlp": mnist_mlp.measure(mlp), "mnist_mse_slopes_source": {"0": -1.14, "-1": -2.72}},
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
    ):
        assert isinstance(n[key], dict) and all(isinstance(v, float) for v in n[key].values()), key
    assert set(n["gap_width_slope"]) == {"tanh", "relu"} and set(n["c03_width_slope"]) == {"tanh"}
    assert set(n["mnist_mse_slopes"]) == {"0", "-1"} and n["mnist_mse_slopes_source"]["-1"] == -2.72
    assert isinstance(n["lam_slope_linear"], float) and isinstance(n["correlation_fd_max_err"], float)
    # Figure 3's ratio (its own measure) is the one Figure 1's measure keeps per activation
    assert n["gap_time_ratio"] == {a: n["width"]["teacher"][a]["gap_time_ratio"] for a in ("tanh", "relu")}
