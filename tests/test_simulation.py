"""Gradient descent against the exact flow, balance drift, batching and deep networks."""

import numpy as np
import pytest

import exactdln as ed


def student_teacher_case(seed=0, scale=0.1):
    task = ed.tasks.student_teacher(4, 3, 10, teacher_scale=0.5, seed=seed)
    w1, w2 = ed.initialisations.zero_balanced(4, 5, 3, scale, seed=seed + 1)
    return task, w1, w2


def gd_error(task, w1, w2, eta, t_end):
    """Max over the run of ||W_gd(t) - W_exact(t)||_F at the flow times t = eta * step."""
    n_steps = round(t_end / eta)
    traj = ed.train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, record=n_steps // 50)
    exact = ed.ExactSolution.from_task(w1, w2, task).network_function(traj.times)
    return np.max(np.linalg.norm(traj.network_function() - exact, axis=(1, 2)))


def test_gradient_descent_converges_at_first_order():
    """Halving eta halves the gap; a wrong time map (t = 2 eta k, tau != 1) or a factor of 2
    in the gradient would leave an O(1) gap that does not shrink."""
    task, w1, w2 = student_teacher_case()
    etas = [0.04, 0.02, 0.01, 0.005]
    errors = np.array([gd_error(task, w1, w2, eta, 40.0) for eta in etas])
    ratios = errors[:-1] / errors[1:]
    assert np.all((ratios > 1.8) & (ratios < 2.2)), (errors, ratios)
    assert errors[-1] < 5e-3


def test_wrong_time_map_does_not_converge():
    """The same comparison with t = 2 eta k (a factor of 2 off) stays wrong as eta shrinks."""
    task, w1, w2 = student_teacher_case()
    sol = ed.ExactSolution.from_task(w1, w2, task)
    gaps = []
    for eta in (0.02, 0.01):
        n = int(10 / eta)
        traj = ed.train_two_layer(w1, w2, task, eta=eta, n_steps=n, record=n // 20)
        wrong = sol.network_function(2 * traj.times)
        gaps.append(np.max(np.linalg.norm(traj.network_function() - wrong, axis=(1, 2))))
    assert min(gaps) > 0.1 and gaps[1] > 0.8 * gaps[0]


def test_balance_drift_is_second_order_per_step():
    task, w1, w2 = student_teacher_case(scale=0.3)
    drifts = []
    etas = [0.1, 0.05, 0.025]
    for eta in etas:
        traj = ed.train_two_layer(w1, w2, task, eta=eta, n_steps=1)
        a, b = traj.w1[-1], traj.w2[-1]
        drifts.append(np.linalg.norm(b.T @ b - a @ a.T))
    ratios = np.array(drifts[:-1]) / np.array(drifts[1:])
    assert np.allclose(ratios, 4.0, rtol=0.05), ratios
    # The exact flow conserves it: with D = lam I, the spectra of w2 w2^T and w1^T w1
    # (those of w2^T w2 and w1 w1^T, padded with zeros) stay shifted by lam.
    lam = 0.5
    task = ed.tasks.random_regression(5, 4, 15, seed=1)
    w1, w2 = ed.initialisations.lambda_balanced(5, 3, 4, 0.3, lam, seed=2)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    for t in (0.0, 1.0, 10.0, np.inf):
        top_out = np.linalg.eigvalsh(sol.w2w2t(t))[-3:]
        top_in = np.linalg.eigvalsh(sol.w1tw1(t))[-3:]
        assert np.allclose(top_out - top_in, lam, atol=1e-12)


def test_batched_training_equals_one_by_one():
    task = ed.tasks.random_regression(3, 2, 6, seed=4)
    inits = [ed.initialisations.gaussian(3, 4, 2, 0.2, seed=s) for s in range(3)]
    w1 = np.stack([i[0] for i in inits])
    w2 = np.stack([i[1] for i in inits])
    batch = ed.train_two_layer(w1, w2, task, eta=0.05, n_steps=100, record=[0, 50, 100])
    for k, (a, b) in enumerate(inits):
        one = ed.train_two_layer(a, b, task, eta=0.05, n_steps=100, record=[0, 50, 100])
        assert np.allclose(batch.network_function()[:, k], one.network_function(), rtol=1e-13)
    assert batch.loss().shape == (3, 3)


def test_batched_tasks_broadcast():
    tasks = ed.tasks.task_sequence(2, 3, 2, 6, seed=1)
    sigma = np.stack([t.sigma_yx for t in tasks])
    w1, w2 = ed.initialisations.zero_balanced(3, 4, 2, 0.1, seed=2)
    traj = ed.train_two_layer(np.stack([w1, w1]), np.stack([w2, w2]), sigma, eta=0.1, n_steps=500)
    for k, t in enumerate(tasks):
        assert np.allclose(traj.network_function()[-1, k], t.sigma_yx, atol=1e-6)


def test_loss_matches_the_data():
    task = ed.tasks.random_regression(3, 4, 9, seed=3)
    w1, w2 = ed.initialisations.gaussian(3, 5, 4, 0.3, seed=0)
    traj = ed.train_two_layer(w1, w2, task, eta=0.05, n_steps=20, record=5)
    assert np.allclose(traj.loss(), task.loss(traj.network_function()), rtol=1e-12)
    assert traj.steps.tolist() == [0, 5, 10, 15, 20]
    assert np.allclose(traj.times, 0.05 * traj.steps)


def test_non_whitened_inputs_use_sigma_xx():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 20)) * np.array([[1.0], [2.0], [0.5]])
    y = rng.standard_normal((2, 20))
    task = ed.Task(x, y)
    w1, w2 = ed.initialisations.gaussian(3, 4, 2, 0.3, seed=1)
    traj = ed.train_two_layer(w1, w2, task, eta=0.05, n_steps=20000, record=[20000])
    # converges to the least-squares solution y x^T (x x^T)^-1
    ls = y @ x.T @ np.linalg.inv(x @ x.T)
    assert np.allclose(traj.network_function()[-1], ls, atol=1e-5)


def test_deep_depth_two_is_two_layer():
    task, w1, w2 = student_teacher_case()
    a = ed.train_two_layer(w1, w2, task, eta=0.05, n_steps=50)
    b = ed.train_deep([w1, w2], task, eta=0.05, n_steps=50)
    assert np.array_equal(a.network_function(), b.network_function())


@pytest.mark.parametrize("depth", [3, 4])
def test_deep_aligned_modes_follow_the_mode_ode(depth):
    """docs/mathematics.md §5: balanced aligned deep network; each mode obeys tau du/dt = L u^(2-2/L) (s
    - u)."""
    task = ed.tasks.random_regression(3, 3, 9, seed=5)
    u, s, vt = np.linalg.svd(task.sigma_yx)
    a0 = 0.3
    n = 3
    weights = [np.diag(np.full(n, a0)) @ vt] + [np.diag(np.full(n, a0))] * (depth - 2)
    weights.append(u @ np.diag(np.full(n, a0)))
    t_end, errors = 6.0, []
    for eta in (0.01, 0.005):
        steps = int(t_end / eta)
        traj = ed.train_deep(weights, task, eta=eta, n_steps=steps, record=[steps])
        strengths = ed.measures.mode_strengths(traj.network_function()[-1], task.sigma_yx)
        ode = [ed.deep_modes.deep_mode_strength([0, t_end], si, a0**depth, depth)[-1] for si in s]
        errors.append(np.max(np.abs(strengths - ode)))
    assert errors[1] < 0.6 * errors[0] and errors[1] < 0.02


def test_record_validation():
    task, w1, w2 = student_teacher_case()
    with pytest.raises(ValueError, match="record steps"):
        ed.train_two_layer(w1, w2, task, eta=0.1, n_steps=10, record=[0, 11])
    with pytest.raises(ValueError, match="eta"):
        ed.train_two_layer(w1, w2, task, eta=-0.1, n_steps=10)
    with pytest.raises(ValueError, match="n_steps"):
        ed.train_two_layer(w1, w2, task, eta=0.1, n_steps=-3)
    with pytest.raises(ValueError, match="layer 2 must take 5 inputs"):
        ed.train_two_layer(w1, w2[:, :4], task, eta=0.1, n_steps=3)
    with pytest.raises(ValueError, match="sigma_yx"):
        ed.train_two_layer(w1, w2, np.zeros((2, 4)), eta=0.1, n_steps=3)


def test_progress_is_printed(capsys):
    task, w1, w2 = student_teacher_case()
    ed.train_two_layer(w1, w2, task, eta=0.1, n_steps=40, progress=True)
    assert "gradient descent: 100% (40/40 steps" in capsys.readouterr().err
