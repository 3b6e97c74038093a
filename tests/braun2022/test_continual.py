"""Figure 6 (exactdln.experiments.continual and .forgetting) on cases with known answers.

References: hand-computed forgetting of diagonal tasks, the exact solution at
``t = inf`` restarted on a second task, gradient descent run to convergence,
and an independent DOP853 integration of the weights' flow across a task
switch (tests/reference.py).
"""

import numpy as np
import pytest

from exactdln import ExactSolution, sequences, train_nonlinear, train_two_layer
from exactdln.experiments.braun2022 import continual, forgetting
from exactdln.initialisations import gaussian, zero_balanced
from exactdln.tasks import task_sequence

S1 = np.diag([3.0, 1.0])
S2 = np.diag([1.0, 2.0])


# ---------------------------------------------------------------------------- the prediction
def test_measured_forgetting():
    loss = np.array([[9.0, 9.0], [1.0, 5.0], [4.0, 2.0]])  # start, after task 1, after task 2
    np.testing.assert_array_equal(continual.measured_forgetting(loss), [[0.0, 3.0], [3.0, 0.0]])
    with pytest.raises(ValueError, match="K \\+ 1, K"):
        continual.measured_forgetting(loss[1:])
    with pytest.raises(ValueError, match="sigmas"):
        sequences.forgetting_matrix(S1)


@pytest.mark.parametrize("dims", [(4, 6, 3), (5, 2, 4), (3, 3, 6)])
def test_prediction_matches_the_exact_solution_at_convergence(dims):
    """Exact solution to t = inf on task 1, restarted from Q(inf) on task 2 (also narrow networks)."""
    n_in, n_hidden, n_out = dims
    t1, t2 = task_sequence(2, n_in, n_out, 3 * n_in, seed=1)
    values = []
    for seed in (2, 3):  # the prediction does not depend on the (balanced) start
        w1, w2 = zero_balanced(n_in, n_hidden, n_out, 0.1, seed)
        first = ExactSolution.from_task(w1, w2, t1)
        q = first.q(np.inf)
        second = ExactSolution.from_task(q[:n_in].T, q[n_in:], t2)
        values.append(t1.loss(second.network_function(np.inf)) - t1.loss(first.network_function(np.inf)))
    predicted = sequences.predicted_forgetting(t1.sigma_yx, t2.sigma_yx, n_hidden)
    # the exact solution's relative accuracy is ~1e-12 (docs/mathematics.md §2 asks for 1e-9)
    np.testing.assert_allclose(values, predicted, rtol=1e-9)
    if n_hidden < min(n_in, n_out):  # the wide formula is wrong here
        assert abs(predicted - sequences.predicted_forgetting(t1.sigma_yx, t2.sigma_yx)) > 1e-3


def test_prediction_matches_gradient_descent_from_unbalanced_starts():
    """Gaussian starts (no exact solution) converge to the same forgetting under gradient descent."""
    t1, t2 = task_sequence(2, 4, 3, 10, seed=5)
    for n_hidden in (5, 2):
        w1, w2 = gaussian(4, n_hidden, 3, 0.5, seed=n_hidden)
        after1 = train_two_layer(w1, w2, t1, eta=0.1, n_steps=6000, record=[6000])
        after2 = train_two_layer(after1.w1[-1], after1.w2[-1], t2, eta=0.1, n_steps=6000, record=[6000])
        measured = t1.loss(after2.network_function()[-1]) - t1.loss(after1.network_function()[-1])
        predicted = sequences.predicted_forgetting(t1.sigma_yx, t2.sigma_yx, n_hidden)
        # converged to ~1e-12: the fixed points of gradient descent are those of the flow
        assert measured == pytest.approx(predicted, abs=1e-8)


def test_run_checks_restarts_and_the_first_order_gap():
    d = continual.run(
        n_in=3, n_hidden=5, n_out=4, n_items=9, n_tasks=3, target_std=1.0, init_scale=1e-3,
        eta=0.05, n_steps=2000, record_every=50, seed=0, restart_balance_tol=0.2,
    )  # fmt: skip
    assert d["times"][-1] == pytest.approx(3 * 0.05 * 2000)
    assert d["semigroup_error"].max() < 1e-10
    # converged: every end-of-task loss is the predicted one (the exact chain to its accuracy)
    np.testing.assert_allclose(d["exact_loss_matrix"][1:], d["predicted_loss_matrix"], atol=1e-9)
    np.testing.assert_allclose(d["sim_loss_matrix"][1:], d["predicted_loss_matrix"], atol=1e-9)
    # gradient descent is O(eta) off the flow: halving eta halves the gaps (ratio 2 +- 15%)
    ratio = d["restart_gap"][0, 1:] / d["restart_gap"][1, 1:]
    np.testing.assert_allclose(ratio, 2.0, rtol=0.15)
    np.testing.assert_allclose(d["sim_gap"] / d["sim_gap_half"], 2.0, rtol=0.15)
    assert np.all(d["restart_imbalance"][1] < d["restart_imbalance"][0])
    numbers = continual.measure(d, d, semigroup_tol=1e-10, first_order_ratio=[1.7, 2.3])
    assert numbers["sequence"]["all_phases_converge"]
    assert numbers["semigroup_below_tol"] and numbers["first_order"]
    assert numbers["matrix"]["sim_forgetting_error_max"] < 1e-9


# ---------------------------------------------------------------------------- Figure 6b-c
SETTINGS = {"dim_range": [2, 6], "n_items": 12, "target_std": 1.0, "init_gain": 0.5, "seed": 3}


def test_padded_batch_equals_separate_training():
    draws = forgetting.draw(4, **SETTINGS)
    assert len({d.dims for d in draws}) > 1  # sizes differ: the batch is padded
    loss, balance, drift, steps, converged = forgetting.train_pair(draws, "tanh", eta=0.05, n_steps=40)
    assert np.all(steps == 40) and converged.all()  # a fixed number of steps
    for i, d in enumerate(draws):
        w1, w2 = d.w1, d.w2
        for k, task in enumerate(d.tasks):
            traj = train_nonlinear(w1, w2, task.x, task.y, activation="tanh", eta=0.05, n_steps=40)
            w1, w2 = traj.w1[-1], traj.w2[-1]
            loss_task1 = traj.loss(d.tasks[0].x, d.tasks[0].y)
            assert loss[i, 2 + 2 * k, 0] == pytest.approx(loss_task1[-1], rel=1e-12)
            assert loss[i, 1 + 2 * k, 0] == pytest.approx(loss_task1[36], rel=1e-12)  # 90% of 40 steps
            assert balance[i, 2 + 2 * k] == pytest.approx(traj.balance()[-1], rel=1e-12)
    assert np.all(drift[:, 0] == 0)


def test_linear_runs_conserve_balance_to_first_order_and_jobs_cover_all_runs():
    parts = [
        forgetting.run(activation="linear", job=j, n_jobs=2, n_groups=2, n_runs=6, eta=eta, n_steps=n,
                       **SETTINGS)
        for eta, n in ((0.1, 300), (0.05, 600))
        for j in range(2)
    ]  # fmt: skip
    coarse, fine = forgetting.combine(parts[:2]), forgetting.combine(parts[2:])
    np.testing.assert_array_equal(coarse["index"], np.arange(6))
    # gradient descent changes D = W1 W1^T - W2^T W2 by O(eta^2) per step: O(eta) over a fixed time
    np.testing.assert_allclose(coarse["drift"][:, 2] / fine["drift"][:, 2], 2.0, rtol=0.2)
    with pytest.raises(ValueError, match="cover"):
        forgetting.combine(parts[:1])
    with pytest.raises(ValueError, match="job"):
        forgetting.run(activation="linear", job=2, n_jobs=2, n_groups=1, n_runs=4, eta=0.1, n_steps=5,
                       **SETTINGS)  # fmt: skip


def test_measure_linear_forgetting_and_the_check():
    """Short training leaves a convergence error; the 20x longer rerun removes it (to rounding)."""
    r = forgetting.run(
        activation="linear", job=0, n_jobs=1, n_groups=2, n_runs=5, eta=0.1, n_steps=150,
        check_runs=2, check_factor=20, **SETTINGS,
    )  # fmt: skip
    tanh = forgetting.run(
        activation="tanh", job=0, n_jobs=1, n_groups=1, n_runs=5, eta=0.1, n_steps=3000, **SETTINGS
    )
    both = forgetting.measure({"linear": forgetting.combine([r]), "tanh": forgetting.combine([tanh])})
    assert all(both["verdicts"].values())
    assert both["tanh"]["relative_error_max"] > 1e-3  # tanh networks are not linear ones
    numbers = both["linear"]
    assert 1e-4 < numbers["relative_error_max"] < 0.1
    assert numbers["check_error_after_max"] < 1e-12  # converged: exactly the prediction
    assert numbers["check_runs"] == 2
    np.testing.assert_allclose(
        r["predicted"],
        [sequences.predicted_forgetting(d.tasks[0].sigma_yx, d.tasks[1].sigma_yx, d.dims[1])
         for d in forgetting.draw(5, **SETTINGS)],
    )  # fmt: skip


def test_draws_and_groups():
    draws = forgetting.draw(10, **SETTINGS)
    assert all(2 <= n <= 6 for d in draws for n in d.dims)
    for d in draws:
        d.tasks[0].check_whitened()
        np.testing.assert_array_equal(d.tasks[0].x, d.tasks[1].x)
    assert [d.dims for d in forgetting.draw(10, **SETTINGS)] == [d.dims for d in draws]
    groups = forgetting.groups(draws, 3)
    np.testing.assert_array_equal(np.sort(np.concatenate(groups)), np.arange(10))
    cost = [d.dims[1] * (d.dims[0] + d.dims[2]) for d in draws]
    flat = [cost[i] for g in groups for i in g]
    assert flat == sorted(flat)
    with pytest.raises(ValueError, match="dim_range"):
        forgetting.draw(2, **{**SETTINGS, "dim_range": [5, 3]})
    with pytest.raises(ValueError, match="n_items"):
        forgetting.draw(2, **{**SETTINGS, "n_items": 4})
    with pytest.raises(ValueError, match="activation"):
        forgetting.train_pair(draws, "sigmoid", eta=0.1, n_steps=1)


def _train_until_by_hand(w1, w2, x, y, activation, eta, max_steps, window, tol):
    """The stopping rule for one run, window by window, with the unbatched simulation."""
    start = train_nonlinear(w1, w2, x, y, activation=activation, eta=eta, n_steps=0).loss(x, y)[0]
    previous, done = start, 0
    while True:
        traj = train_nonlinear(w1, w2, x, y, activation=activation, eta=eta, n_steps=window)
        late, (w1, w2) = (traj.w1[0], traj.w2[0]), (traj.w1[-1], traj.w2[-1])
        done += window
        current = traj.loss(x, y)[-1]
        if abs(previous - current) <= tol * (start - current):
            return late, (w1, w2), done, True
        if done >= max_steps:
            return late, (w1, w2), done, False
        previous = current


def test_train_until_stops_each_run_as_an_unbatched_reference():
    """Every run of a padded batch stops where the rule, applied to it alone, stops it."""
    draws = forgetting.draw(6, **SETTINGS)
    w1, w2, x, y = forgetting._pad(draws)
    rule = {"window": 50, "tol": 3e-3}
    (_, l2), (e1, _), steps, converged = forgetting.train_until(
        w1, w2, x, y[0], "relu", eta=0.1, max_steps=1000, **rule
    )
    assert len(set(steps.tolist())) > 1  # the runs stop at different steps: the batch shrinks
    for i, d in enumerate(draws):
        late, end, n, ok = _train_until_by_hand(
            d.w1, d.w2, d.tasks[0].x, d.tasks[0].y, "relu", 0.1, 1000, **rule
        )
        assert (steps[i], converged[i]) == (n, ok)
        n_hidden, n_in = d.w1.shape
        np.testing.assert_allclose(e1[i, :n_hidden, :n_in], end[0], rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(l2[i, : d.dims[2], :n_hidden], late[1], rtol=1e-10, atol=1e-13)
    # a cap below every stopping step: every run reaches it, none converged
    _, _, steps, converged = forgetting.train_until(w1, w2, x, y[0], "relu", eta=0.1, max_steps=50, **rule)
    assert np.all(steps == 50) and not converged.any()
    with pytest.raises(ValueError, match="multiple"):
        forgetting.train_until(w1, w2, x, y[0], "relu", eta=0.1, max_steps=120, **rule)
    with pytest.raises(ValueError, match="tol"):
        forgetting.train_until(w1, w2, x, y[0], "relu", eta=0.1, max_steps=100, window=50, tol=1.5)
    with pytest.raises(ValueError, match="stopping rule"):
        forgetting.train_pair(draws, "linear", eta=0.1, n_steps=100, stopping=rule)


def test_teacher_draws_share_the_random_draws_and_are_realisable():
    random = forgetting.draw(8, **SETTINGS)
    teacher = forgetting.draw(8, **SETTINGS, targets="teacher")
    stds = []
    for r, t in zip(random, teacher, strict=True):
        assert r.dims == t.dims
        np.testing.assert_array_equal(r.w1, t.w1)
        for k in range(2):
            np.testing.assert_array_equal(r.tasks[k].x, t.tasks[k].x)
            # y = T x exactly: the statistics reproduce the targets (whitened inputs)
            np.testing.assert_allclose(t.tasks[k].sigma_yx @ t.tasks[k].x, t.tasks[k].y, atol=1e-12)
            stds.append(np.std(t.tasks[k].y))
        assert not np.allclose(t.tasks[0].y, t.tasks[1].y)  # a new teacher per task
    assert 0.6 < np.median(stds) < 1.4  # the targets' scale is that of the random ones (1.0)
    with pytest.raises(ValueError, match="targets"):
        forgetting.draw(2, **SETTINGS, targets="noise")


def test_linear_networks_on_a_teacher_forget_as_predicted_and_measure_counts_the_cap():
    runs = {
        activation: forgetting.combine(
            [
                forgetting.run(
                    activation=activation, job=0, n_jobs=1, n_groups=2, n_runs=5, eta=0.1, n_steps=n,
                    targets="teacher", stopping=stopping, **SETTINGS,
                )
            ]
        )
        for activation, n, stopping in (
            ("linear", 3000, None), ("tanh", 100, {"window": 50, "tol": 1e-12})
        )
    }  # fmt: skip
    numbers = forgetting.measure(runs)
    assert numbers["linear"]["relative_error_max"] < 1e-3
    assert numbers["linear"]["n_capped"] == 0 and numbers["linear"]["steps_max"] == 3000
    # a tolerance no run meets within 100 steps: every tanh run reaches the cap
    assert numbers["tanh"]["n_capped"] == 5 and "ratio_median_converged" not in numbers["tanh"]
    assert numbers["tanh"]["ratio_q10"] <= numbers["tanh"]["ratio_median"] <= numbers["tanh"]["ratio_q90"]
