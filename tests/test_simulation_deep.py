"""Deep networks: decoupled mode dynamics, learning-rate sweeps and the output-space reduction,
against full-matrix gradient descent and per-rate brute force."""

import numpy as np
import pytest

import exactdln as ed
from exactdln.initialisations import deep_decoupled, deep_gaussian, deep_orthogonal
from exactdln.limits import deep_mode_strength
from exactdln.measures import mode_strengths, settling_step
from exactdln.simulation import (
    learning_time_sweep,
    reduce_outputs,
    train_deep,
    train_deep_modes,
    train_nonlinear,
)


def random_task(n_out, n_in, s, seed):
    rng = np.random.default_rng(seed)
    u = ed.initialisations.random_orthogonal(n_out, rng)[:, : len(s)]
    v = ed.initialisations.random_orthogonal(n_in, rng)[:, : len(s)]
    return u @ np.diag(s) @ v.T


@pytest.mark.parametrize(
    ("widths", "depth_label"), [([4, 3], "1"), ([4, 6, 3], "2"), ([5, 7, 3, 4], "3"), ([4] * 7, "6")]
)
def test_train_deep_modes_is_full_gradient_descent_from_a_decoupled_start(widths, depth_label):
    s = np.array([2.0, 1.1, 0.4])[: min(widths)]
    sigma_yx = random_task(widths[-1], widths[0], s, seed=1)
    u0 = np.zeros(min(widths))
    u0[: s.size] = [0.05, 0.02, 0.01][: s.size]
    weights = deep_decoupled(sigma_yx, widths, u0, seed=2)
    depth = len(widths) - 1
    eta = 0.02
    traj = train_deep(weights, sigma_yx, eta=eta, n_steps=300, record=30)
    full = mode_strengths(traj.network_function(), sigma_yx)[:, : s.size]
    _, modes = train_deep_modes(s, u0[: s.size], depth, eta=eta, n_steps=300, record=30)
    np.testing.assert_allclose(full, modes, atol=1e-12)
    assert depth_label == str(depth)


def test_train_deep_modes_converges_to_the_mode_ode_at_first_order_and_batches_rates():
    s, u0, depth, horizon = np.array([1.5, 0.6]), 0.05, 4, 6.0
    errors = []
    for eta in (0.008, 0.004, 0.002):
        n = round(horizon / eta)
        steps, u = train_deep_modes(s, u0, depth, eta=eta, n_steps=n, record=n // 20)
        ode = np.stack([deep_mode_strength(eta * steps, si, u0, depth) for si in s], axis=1)
        errors.append(np.max(np.abs(u - ode)))
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all((ratios > 1.8) & (ratios < 2.2)), (errors, ratios)
    # an array of rates runs them side by side, each as if alone
    etas = np.array([0.01, 0.03])
    _, both = train_deep_modes(s, u0, depth, eta=etas, n_steps=50)
    for k, eta in enumerate(etas):
        np.testing.assert_array_equal(both[:, k], train_deep_modes(s, u0, depth, eta=eta, n_steps=50)[1])


def test_train_deep_modes_rejects_bad_input():
    with pytest.raises(ValueError, match="depth"):
        train_deep_modes([1.0], 0.1, 0, eta=0.1, n_steps=3)
    with pytest.raises(ValueError, match="eta"):
        train_deep_modes([1.0], 0.1, 2, eta=[0.1, -0.1], n_steps=3)
    with pytest.raises(ValueError, match="u0"):
        train_deep_modes([1.0], -0.1, 2, eta=0.1, n_steps=3)
    with pytest.raises(ValueError, match="s must"):
        train_deep_modes([[1.0]], 0.1, 2, eta=0.1, n_steps=3)


def test_settling_step():
    loss = np.array([[5.0, 3.0, 0.5, 0.4, 0.3], [5.0, 0.5, 2.0, 0.5, 0.4], [5.0, 4, 3, 2, 1.5], [0.1] * 5])
    np.testing.assert_array_equal(settling_step(loss, 1.0), [2.0, 3.0, np.inf, 0.0])
    assert settling_step([5.0, 0.5, np.nan, 0.5], 1.0) == 3.0
    assert settling_step([5.0, 0.5, 0.5, np.nan], 1.0) == np.inf
    with pytest.raises(ValueError, match="finite"):
        settling_step([1.0, 0.5], np.nan)


def brute_force_times(weights, sigma_yx, sigma_xx, sigma_yy, etas, threshold, n_steps):
    """Each rate trained alone for n_steps; settling step of its loss curve (inf if it diverged)."""
    out = []
    for eta in etas:
        with np.errstate(over="ignore", invalid="ignore"):
            traj = train_deep(weights, sigma_yx, sigma_xx=sigma_xx, eta=eta, n_steps=n_steps)
            w = traj.network_function()
            loss = 0.5 * np.trace(sigma_yy) - np.sum(sigma_yx * w, axis=(-2, -1))
            loss = loss + 0.5 * np.sum((w @ sigma_xx) * w, axis=(-2, -1))
        out.append(settling_step(loss, threshold))
    return np.array(out)


def test_learning_time_sweep_finds_the_brute_force_best_rate():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6, 40)) * np.linspace(2.0, 0.5, 6)[:, None]
    y = rng.standard_normal((3, 40))
    task = ed.Task(x, y)
    widths = [6, 5, 5, 3]
    etas = np.geomspace(0.03, 1.0, 6)
    w_star = task.sigma_yx @ np.linalg.inv(task.sigma_xx)
    best = 0.5 * np.trace(task.sigma_yy) - 0.5 * np.trace(w_star @ task.sigma_yx.T)
    threshold = best + 0.3 * (0.5 * np.trace(task.sigma_yy) - best)
    starts = [deep_gaussian(widths, seed=k) for k in range(2)]
    stacked = [np.stack(layer) for layer in zip(*starts, strict=True)]
    sweep = learning_time_sweep(stacked, task, etas=etas, threshold=threshold, max_steps=1200, chunk=25)
    assert sweep.times.shape == (2, 6) and sweep.steps_run.shape == (2,)
    for k, start in enumerate(starts):
        ref = brute_force_times(start, task.sigma_yx, task.sigma_xx, task.sigma_yy, etas, threshold, 1200)
        assert np.isfinite(ref.min()) and np.isinf(ref.max())  # some rates diverge
        assert sweep.best_time[k] == ref.min()
        assert sweep.best_eta[k] == etas[np.argmin(ref)]
        assert sweep.steps_run[k] >= 2 * sweep.best_time[k]
    # an unbatched start gives the same as the first of the batch
    single = learning_time_sweep(starts[0], task, etas=etas, threshold=threshold, max_steps=1200, chunk=25)
    assert single.best_time == sweep.best_time[0]


def test_learning_time_sweep_reports_unreached_thresholds_and_bad_input():
    sigma_yx = random_task(3, 3, [1.0, 0.5], seed=4)
    weights = deep_orthogonal([3, 3, 3], seed=5)
    sweep = learning_time_sweep(weights, sigma_yx, etas=[1e-4], threshold=-1.0, max_steps=50)
    assert sweep.best_time == np.inf and sweep.steps_run == 50
    with pytest.raises(ValueError, match="etas"):
        learning_time_sweep(weights, sigma_yx, etas=[0.1, -1], threshold=0.1, max_steps=5)
    with pytest.raises(ValueError, match="sigma_yx has shape"):
        learning_time_sweep(weights, sigma_yx[:2], etas=[0.1], threshold=0.1, max_steps=5)
    with pytest.raises(ValueError, match="batch"):
        learning_time_sweep([weights[0][None], weights[1]], sigma_yx, etas=[0.1], threshold=0.1, max_steps=5)


@pytest.mark.parametrize("activation", ["linear", "tanh", "relu"])
@pytest.mark.parametrize(("n_out", "n_items", "n_hidden"), [(40, 6, 5), (3, 6, 5), (30, 4, 8)])
def test_reduce_outputs_is_exact(activation, n_out, n_items, n_hidden):
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, n_items))
    y = rng.choice([-1.0, 1.0], size=(n_out, n_items))
    w1 = 0.3 * rng.standard_normal((2, n_hidden, 4))
    w2 = 0.3 * rng.standard_normal((2, n_out, n_hidden))
    w2_red, y_red, basis = reduce_outputs(w2, y)
    assert w2_red.shape == (2, basis.shape[1] + n_hidden, n_hidden)
    full = train_nonlinear(w1, w2, x, y, activation=activation, eta=0.05, n_steps=60, record=20)
    small = train_nonlinear(w1, w2_red, x, y_red, activation=activation, eta=0.05, n_steps=60, record=20)
    np.testing.assert_allclose(small.w1, full.w1, atol=1e-12)
    np.testing.assert_allclose(small.loss(), full.loss(), rtol=1e-12)
    r = basis.shape[1]
    np.testing.assert_allclose(small.w2[..., :r, :], basis.T @ full.w2, atol=1e-12)
