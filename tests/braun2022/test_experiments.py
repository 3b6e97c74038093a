"""The figure computations (exactdln.experiments) on small cases with known answers."""

import numpy as np
import pytest

from exactdln import ExactSolution, train_two_layer
from exactdln.experiments.braun2022 import init_scale, learning_rate, tracking
from exactdln.measures import loss as loss_of

CONFIG_ARGS = {
    "n_configs": 6,
    "dim_range": [2, 7],
    "max_hidden": 8,
    "init_scale_range": [0.01, 0.5],
    "seed": 5,
}


def test_configurations_follow_the_sampling_rules():
    configs = learning_rate.sample_configurations(**{**CONFIG_ARGS, "n_configs": 200})
    assert configs == learning_rate.sample_configurations(**{**CONFIG_ARGS, "n_configs": 200})  # seeded
    for c in configs:
        big = max(c["n_in"], c["n_out"])
        assert c["n_in"] != c["n_out"] and 2 <= min(c["n_in"], c["n_out"]) and big <= 7
        assert min(c["n_in"], c["n_out"]) <= c["n_hidden"] <= 8
        assert 2 * big <= c["n_items"] <= 3 * big - 1
        assert 0.01 / np.sqrt(big) <= c["init_scale"] <= 0.5 / np.sqrt(big)


def test_chunks_cover_every_configuration_once():
    configs = learning_rate.sample_configurations(**CONFIG_ARGS)
    parts = learning_rate.chunks(configs, 4)
    assert sorted(i for part in parts for i in part) == list(range(6))
    with pytest.raises(ValueError, match="n_chunks=7"):
        learning_rate.chunks(configs, 7)


def test_time_grid_is_on_whole_steps_of_every_rate():
    etas = [0.05, 0.02, 0.01, 0.005]
    times = learning_rate.time_grid(horizon=3.0, n_times=20, quantum=0.1, learning_rates=etas)
    assert times[0] == 0 and times[-1] == pytest.approx(3.0) and np.all(np.diff(times) > 0)
    for eta in etas:
        steps = times / eta
        np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)
    with pytest.raises(ValueError, match=r"not a whole number of steps at learning rate 0\.05"):
        learning_rate.time_grid(horizon=3.0, n_times=20, quantum=0.03, learning_rates=etas)


def test_zero_padded_batch_equals_separate_runs():
    configs = learning_rate.sample_configurations(**CONFIG_ARGS)
    times = learning_rate.time_grid(horizon=2.0, n_times=10, quantum=0.1, learning_rates=[0.05])
    indices = [0, 3, 5]
    batched = learning_rate.simulate(configs, indices, 0.05, times, target_std=1.0)
    for row, i in zip(batched, indices, strict=True):
        task, w1, w2 = learning_rate.build(configs[i], 1.0)
        traj = train_two_layer(w1, w2, task, eta=0.05, n_steps=40, record=np.round(times / 0.05).astype(int))
        np.testing.assert_allclose(row, traj.loss(), rtol=1e-12, atol=1e-14)


def test_simulated_loss_approaches_exact_loss_at_first_order():
    configs = learning_rate.sample_configurations(**CONFIG_ARGS)
    etas = [0.04, 0.02, 0.01]
    times = learning_rate.time_grid(horizon=4.0, n_times=30, quantum=0.04, learning_rates=etas)
    exact = learning_rate.exact_losses(configs, times, target_std=1.0)
    # the exact losses are the exact solution's, independent of the simulation path
    task, w1, w2 = learning_rate.build(configs[2], 1.0)
    np.testing.assert_allclose(exact[2], ExactSolution.from_task(w1, w2, task).loss(times))
    sim = np.stack([learning_rate.simulate(configs, range(6), eta, times, target_std=1.0) for eta in etas])
    numbers = learning_rate.measure(etas, sim, exact)
    assert numbers["monotone"]
    assert 0.9 < numbers["maxabs_slope_worst"] < 1.1
    assert 1.8 < numbers["mse_slope_median"] < 2.2
    ratios = numbers["maxabs_worst"][:-1] / numbers["maxabs_worst"][1:]
    assert np.all((ratios > 1.8) & (ratios < 2.2))


def test_gather_refuses_gaps_and_repeats(tmp_path):
    from exactdln.io import save_arrays

    a = save_arrays(tmp_path / "a.npz", eta=0.1, indices=[0, 1], loss=np.ones((2, 3)))
    b = save_arrays(tmp_path / "b.npz", eta=0.1, indices=[1, 2], loss=np.ones((2, 3)))
    with pytest.raises(ValueError, match="repeats"):
        learning_rate.gather([a, b], [0.1], (3, 3))
    with pytest.raises(ValueError, match="no simulation"):
        learning_rate.gather([a], [0.1], (3, 3))


def _init_scale_run(eta, n_steps):
    return init_scale.run(
        n_in=3,
        n_hidden=4,
        n_out=2,
        n_items=6,
        teacher_std=0.6,
        eta=eta,
        n_steps=n_steps,
        init_scales={"small": 1e-3, "large": 0.5},
        items_shown=3,
        seed=0,
    )


def test_init_scale_small_start_is_stage_like_and_large_is_near_exponential():
    data = _init_scale_run(0.02, 1500)
    assert data["sim_outputs"].shape == data["exact_outputs"].shape == (2, 1501, 2, 3)
    numbers = init_scale.measure(data)
    small, large = numbers["small"], numbers["large"]
    assert small["sigmoid_residual_max"] < 0.01 < small["exponential_residual_min"]
    assert large["exponential_residual_max"] < small["exponential_residual_min"]
    assert np.all(data["exact_loss"][:, -1] < 0.05 * data["exact_loss"][:, 0])  # both runs learn
    # the simulation-theory gap is the learning rate's: it halves with the learning rate
    half = init_scale.measure(_init_scale_run(0.01, 3000))
    for name in ("small", "large"):
        for key in ("output_gap_max", "loss_gap_max"):
            assert 1.7 < numbers[name][key] / half[name][key] < 2.3, (name, key)


def test_tracking_gap_shrinks_with_the_learning_rate():
    args = {
        "n_in": 3,
        "n_hidden": 4,
        "n_out": 2,
        "n_items": 6,
        "teacher_std": 0.6,
        "init_scales": {"s": 0.01},
    }
    gaps = []
    for eta, n_steps in ((0.04, 500), (0.02, 1000)):
        data = tracking.run(**args, eta=eta, n_steps=n_steps, n_records=40, seed=1)
        assert data["sim_ntk"].shape[-1] == 2 * 6
        # the loss recorded for the simulation is the loss of its own network function
        w = data["sim_network_function"][0]
        task_loss = data["sim_loss"][0]
        assert np.all(np.isfinite(task_loss)) and w.shape[-2:] == (2, 3)
        gaps.append(tracking.measure(data)["s"]["relative_gap"])
    for key in ("network_function", "input_similarity", "output_similarity", "ntk", "loss"):
        assert 1.6 < gaps[0][key] / gaps[1][key] < 2.4, key


def test_named_scales_are_checked():
    with pytest.raises(ValueError, match="init_scales\\['big'\\]"):
        init_scale.run(
            n_in=2,
            n_hidden=2,
            n_out=2,
            n_items=4,
            teacher_std=0.5,
            eta=0.1,
            n_steps=5,
            init_scales={"big": -1.0},
            items_shown=2,
            seed=0,
        )


def test_loss_helper_matches_task_loss():
    configs = learning_rate.sample_configurations(**CONFIG_ARGS)
    task, w1, w2 = learning_rate.build(configs[0], 1.0)
    assert loss_of(w2 @ w1, task.sigma_yx, task.sigma_yy) == pytest.approx(task.loss(w2 @ w1))
