"""Figure 5 (exactdln.experiments.regimes) on small cases with known answers."""

import numpy as np
import pytest

from exactdln import ExactSolution, measure_balance, train_two_layer
from exactdln.experiments.braun2022 import regimes
from exactdln.initialisations import random_orthogonal
from exactdln.limits import saxe_sigmoid
from exactdln.measures import learning_time

SQUARE = {"kind": "random", "n_out": 4, "n_in": 4, "singular_values": [1.0, 2.0]}
WIDE = {"kind": "random", "n_out": 3, "n_in": 5, "singular_values": [1.0, 2.0]}


def test_random_task_has_the_configured_spectrum_and_whitened_inputs():
    task = regimes.make_task("wide", WIDE, seed=3)
    assert task.sigma_yx.shape == (3, 5)
    task.check_whitened()
    s = np.linalg.svd(task.sigma_yx, compute_uv=False)
    np.testing.assert_allclose(s, [2.0, np.sqrt(2.0), 1.0], rtol=1e-13)
    with pytest.raises(ValueError, match="kind"):
        regimes.make_task("x", {"kind": "teacher"}, seed=0)


def test_balanced_starts_are_balanced_and_all_converge():
    task = regimes.make_task("square", SQUARE, seed=4)
    w1, w2, reflected = regimes.starts(task, "balanced", 6, 40, seed=1)
    # n_in = n_out: about half the draws have singular B (docs/mathematics.md §2) and are reflected
    assert 5 <= reflected.sum() <= 35
    for a, b in zip(w1, w2, strict=True):
        lam, imbalance = measure_balance(a, b)
        assert lam == 0.0 and imbalance < 1e-14
        assert ExactSolution(a, b, task.sigma_yx).converges_to_optimum
    _, _, reflected = regimes.starts(regimes.make_task("wide", WIDE, seed=4), "balanced", 6, 20, seed=1)
    assert not reflected.any()  # n_in != n_out: B is never singular
    with pytest.raises(ValueError, match="family"):
        regimes.starts(task, "orthogonal", 6, 2, seed=1)


def test_stable_learning_rate_bounds_the_hessian():
    rng = np.random.default_rng(0)
    sigma_yx = rng.standard_normal((3, 4))
    w1, w2 = 2.0 * rng.standard_normal((5, 4)), 2.0 * rng.standard_normal((3, 5))

    def gradient(theta):
        a, b = theta[:20].reshape(5, 4), theta[20:].reshape(3, 5)
        err = sigma_yx - b @ a
        return -np.concatenate([(b.T @ err).ravel(), (err @ a.T).ravel()])

    theta, eps = np.concatenate([w1.ravel(), w2.ravel()]), 1e-6
    hessian = np.stack(
        [(gradient(theta + eps * e) - gradient(theta - eps * e)) / (2 * eps) for e in np.eye(35)]
    )
    largest = np.linalg.eigvalsh(0.5 * (hessian + hessian.T)).max()
    eta = regimes.stable_learning_rate(w1, w2, sigma_yx, eta_max=1.0, stability=1.0)
    assert eta * largest <= 2.0  # 2 / Lambda never exceeds the stability limit 2 / lambda_max
    assert eta * largest > 0.2  # and the bound is not vacuous
    assert regimes.stable_learning_rate(w1 / 100, w2 / 100, sigma_yx, eta_max=0.01, stability=0.5) == 0.01


def test_slow_time_of_one_mode_is_the_closed_form():
    s, u0 = 1.5, 1e-6
    # (s - u)^2 = (1 - F)(s - u0)^2 with u from the sigmoid: solve for e^{-2 s t} by hand
    r = np.sqrt(1 - regimes.FRACTION) * (s - u0)
    q = r / (s - r)
    expected = np.log((s / u0 - 1) / q) / (2 * s)
    assert regimes.slow_time([s], u0) == pytest.approx(expected, rel=1e-11)
    assert s - saxe_sigmoid(expected, s, u0) == pytest.approx(r, rel=1e-9)
    assert np.isnan(regimes.slow_time([s, 0.5], 0.6))  # u0 above a singular value: no plateau


def test_fast_constant_of_a_frozen_isotropic_kernel():
    # w1^T w1 = alpha I and w2 w2^T = beta I: E(t) = E0 e^{-(alpha + beta) t}, the loss falls as
    # e^{-2 (alpha + beta) t}, and 90% of it is gone at t = ln 10 / (2 (alpha + beta))
    alpha, beta = 0.7, 1.9
    q = random_orthogonal(6, 0)
    w1, w2 = np.sqrt(alpha) * q[:, :4], np.sqrt(beta) * random_orthogonal(6, 1)[:3]
    c = regimes.fast_constants(w1[None], w2[None], "gaussian")
    assert c[0] == pytest.approx(np.log(10) / (2 * (alpha + beta)), rel=1e-10)


def test_fast_constant_is_the_large_scale_limit_of_the_exact_learning_time():
    task = regimes.make_task("wide", WIDE, seed=2)
    w1, w2, _ = regimes.starts(task, "balanced", 4, 3, seed=7)
    c = regimes.fast_constants(w1, w2, "balanced")
    for a0, tol in ((10.0, 0.05), (100.0, 5e-4)):  # the target's share of E shrinks like 1/a0^2
        times = np.geomspace(1e-9, 10.0, 2000) / a0**2
        for k in range(3):
            exact = ExactSolution(a0 * w1[k], a0 * w2[k], task.sigma_yx)
            loss = exact.loss(np.concatenate([[0.0], times]))
            t = learning_time(np.concatenate([[0.0], times]), loss, 0.9, exact.loss(np.inf))
            assert t * a0**2 == pytest.approx(c[k], rel=tol)


def test_run_exact_against_simulation_on_a_small_case():
    task = regimes.make_task("wide", WIDE, seed=2)
    args = dict(task=task, n_hidden=4, init_scales=[1e-3, 1.0], n_seeds=3, seed=3, horizon=25.0)
    d = regimes.run(family="balanced", eta_max=0.002, stability=0.5, **args)
    # the exact representation at t = inf is V S V^T for every balanced start (docs/mathematics.md §2)
    assert d["exact_distance"].max() < 1e-12
    # the start's kernel is the same matrix up to a factor at every scale: same movement to K(inf)
    np.testing.assert_allclose(d["exact_kernel_movement"][0], d["exact_kernel_movement"][1], rtol=1e-10)
    # gradient descent at small eta: learning times within O(eta) of the exact ones
    np.testing.assert_allclose(d["sim_learning_time"], d["exact_learning_time"], rtol=0.03)
    assert np.abs(d["sim_loss_gap"]).max() < 1e-10
    g = regimes.run(family="gaussian", eta_max=0.002, stability=0.5, **args)
    assert "exact_learning_time" not in g
    assert np.all(g["sim_distance"][1] > 10 * g["sim_distance"][0])  # the imbalance grows like a0^2
    # the simulated learning time matches a direct gradient-descent run
    w1, w2, _ = regimes.starts(task, "gaussian", 4, 3, seed=3)
    traj = train_two_layer(w1[0] * 1e-3, w2[0] * 1e-3, task, eta=0.002, n_steps=12500)
    t = learning_time(traj.times, traj.loss())
    assert g["sim_learning_time"][0, 0] == pytest.approx(t, rel=1e-12)


def test_large_scales_balanced_exact_only_and_gaussian_horizon_shrinks():
    task = regimes.make_task("wide", WIDE, seed=2)
    args = dict(task=task, n_hidden=8, init_scales=[3e-3, 1e-2, 1.0, 4.0], n_seeds=3, seed=3, horizon=20.0)
    d = regimes.run(family="balanced", eta_max=0.02, stability=0.5, balanced_sim_max_scale=1.0, **args)
    assert np.isnan(d["eta"][3]) and d["n_steps"][3] == 0 and np.all(np.isnan(d["sim_learning_time"][3]))
    assert np.all(np.isfinite(d["exact_learning_time"]))  # the exact solution holds at every scale
    g = regimes.run(family="gaussian", eta_max=0.02, stability=0.5, gaussian_horizon_scale=2.0, **args)
    np.testing.assert_allclose(g["horizon"], [20.0, 20.0, 20.0, 20.0 * (2.0 / 4.0) ** 2])
    assert g["n_steps"][3] == int(np.ceil(g["horizon"][3] / g["eta"][3]))
    assert np.all(np.abs(g["sim_loss_gap"]) < 1e-8 * g["sim_initial_loss_gap"])  # still converged
    assert regimes.simulated_horizon(4.0, "balanced", 20.0, 2.0) == 20.0
    with pytest.raises(ValueError, match="family"):
        regimes.simulated_horizon(4.0, "orthogonal", 20.0, 2.0)
    # measure: simulation numbers from the simulated scales only, the fit from the exact times
    runs = {"wide": {"balanced": d, "gaussian": g}}
    numbers = regimes.measure(runs, slow_max_scale=1e-2, fast_min_scale=1.0, distance_bound=1e-6)
    b = numbers["wide"]["balanced"]
    assert b["sim_max_scale"] == 1.0 and len(b["learning_time_gap_median"]) == 3
    assert np.isfinite(b["sim_loss_gap_max"]) and np.isfinite(b["learning_time_steps_largest"])
    assert b["fast_n_scales"] == 2 and len(b["fast_local_slopes"]) == 1
    assert numbers["fast_local_slope_min"] <= numbers["fast_local_slope_max"] < 0


def test_checked_scales():
    scales = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 1.0, 3.0, 10.0, 30.0, 100.0]
    kw = {"slow_max_scale": 1e-2, "fast_min_scale": 3.0}
    np.testing.assert_array_equal(regimes.checked_scales(scales, **kw, balanced_sim_max_scale=3.0), scales)
    with pytest.raises(ValueError, match="fast_min_scale leaves 3 scales"):
        regimes.checked_scales(scales, slow_max_scale=1e-2, fast_min_scale=10.0)
    with pytest.raises(ValueError, match="slow_max_scale leaves 3 scales"):
        regimes.checked_scales(scales, slow_max_scale=1e-3, fast_min_scale=3.0)
    with pytest.raises(ValueError, match="increase"):
        regimes.checked_scales(scales[::-1], **kw)
    with pytest.raises(ValueError, match="balanced_sim_max_scale"):
        regimes.checked_scales(scales, **kw, balanced_sim_max_scale=1e-3)
