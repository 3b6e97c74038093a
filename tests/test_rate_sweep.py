"""The learning-rate sweep (exactdln.rate_sweep) against brute force, and the settling step."""

import numpy as np
import pytest

import exactdln as ed
from exactdln.initialisations import deep_gaussian, deep_orthogonal
from exactdln.measures import settling_step
from exactdln.rate_sweep import edge_rates, learning_time_sweep, refined_learning_time_sweep
from exactdln.simulation import train_deep


def random_task(n_out, n_in, s, seed):
    rng = np.random.default_rng(seed)
    u = ed.initialisations.random_orthogonal(n_out, rng)[:, : len(s)]
    v = ed.initialisations.random_orthogonal(n_in, rng)[:, : len(s)]
    return u @ np.diag(s) @ v.T


def test_settling_step():
    loss = np.array([[5.0, 3.0, 0.5, 0.4, 0.3], [5.0, 0.5, 2.0, 0.5, 0.4], [5.0, 4, 3, 2, 1.5], [0.1] * 5])
    np.testing.assert_array_equal(settling_step(loss, 1.0), [2.0, 3.0, np.inf, 0.0])
    assert settling_step([5.0, 0.5, np.nan, 0.5], 1.0) == 3.0
    assert settling_step([5.0, 0.5, 0.5, np.nan], 1.0) == np.inf
    with pytest.raises(ValueError, match="finite"):
        settling_step([1.0, 0.5], np.nan)


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


def test_edge_rates_lie_between_the_rate_below_the_best_and_the_stability_edge():
    etas = np.array([0.1, 0.2, 0.4, 0.8, 1.6, 3.2])
    inf = np.inf
    times = np.array([[90.0, 50, 30, 40, inf, inf], [95, 55, 35, 30, 60, inf]])  # best (median): 0.4
    fine = edge_rates(etas, times, 3)
    np.testing.assert_allclose(fine, np.geomspace(0.2, 3.2, 5)[1:-1])  # up to the first dead rate
    one = edge_rates(etas, times[:1], 3)
    np.testing.assert_allclose(one, np.geomspace(0.2, 1.6, 5)[1:-1])
    # best at the smallest rate, no dead rate: up to the largest rate; best at the largest: below it
    np.testing.assert_allclose(edge_rates(etas, [[1.0, 2, 3, 4, 5, 6]], 1), [np.sqrt(0.1 * 3.2)])
    np.testing.assert_allclose(edge_rates(etas, [[9.0, 8, 7, 6, 5, 4]], 1), [np.sqrt(1.6 * 3.2)])
    with pytest.raises(ValueError, match="increasing"):
        edge_rates(etas[::-1], times, 2)


def test_refined_sweep_adds_rates_near_the_edge_with_the_brute_force_times():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6, 40)) * np.linspace(2.0, 0.5, 6)[:, None]
    task = ed.Task(x, rng.standard_normal((3, 40)))
    w_star = task.sigma_yx @ np.linalg.inv(task.sigma_xx)
    best = 0.5 * np.trace(task.sigma_yy) - 0.5 * np.trace(w_star @ task.sigma_yx.T)
    threshold = best + 0.3 * (0.5 * np.trace(task.sigma_yy) - best)
    start = deep_gaussian([6, 5, 5, 3], seed=0)
    etas = np.geomspace(0.03, 1.0, 6)
    coarse = learning_time_sweep(start, task, etas=etas, threshold=threshold, max_steps=1200)
    res = refined_learning_time_sweep(start, task, etas=etas, n_fine=4, threshold=threshold, max_steps=1200)
    assert res.etas.size == 10 and np.all(np.diff(res.etas) > 0) and set(etas) <= set(res.etas)
    fine = ~np.isin(res.etas, etas)
    np.testing.assert_allclose(res.etas[fine], edge_rates(etas, coarse.times, 4))
    ref = brute_force_times(
        start, task.sigma_yx, task.sigma_xx, task.sigma_yy, res.etas[fine], threshold, 1200
    )
    settled = np.isfinite(res.times[fine])
    np.testing.assert_array_equal(res.times[fine][settled], ref[settled])
    assert res.best_time <= coarse.best_time and res.best_time == min(ref.min(), coarse.best_time)
