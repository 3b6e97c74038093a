"""Figure 7 (exactdln.experiments.reversal, reversal_structure) against answers known independently."""

import numpy as np
import pytest

import exactdln as ed
from exactdln.experiments.braun2022 import reversal as rev
from exactdln.experiments.braun2022 import reversal_structure as rs
from exactdln.experiments.braun2022 import stall
from exactdln.ode import integrate_weights
from exactdln.sequences import ExactChain
from exactdln.tasks import random_regression, semantic_hierarchy

# a 3-3-3 reversal task with well-separated singular values (about 2.8, 1.4, 0.2)
TASK = random_regression(3, 3, 9, seed=5, target_std=3.0)
START = rs.converging_start(TASK, 5, 0.3, 3)


@pytest.fixture(scope="module")
def chain():
    return ExactChain(*START, [TASK, TASK.reversed()], [40.0, 40.0])


def test_reversal_of_a_converged_network_stalls_exactly_and_the_ode_agrees(chain):
    # docs/mathematics.md §2: the reversed task starts at B = 0, every mode stalls
    assert chain[1].rank_b == 0
    assert chain[1].stalled_modes == (0, 1, 2)
    # an independent reference: the weight ODE from the same end-of-phase weights (DOP853, rtol 1e-12)
    q = chain[0].q(40.0)
    t = np.linspace(0.0, 4.0, 9)
    ref = integrate_weights(q[:3].T, q[3:], TASK.reversed().sigma_yx, t)[:, 3:, :3]
    np.testing.assert_allclose(chain[1].network_function(t), ref, atol=1e-9)
    # the network function decays to zero and the loss to the saddle value 1/2 tr(sigma_yy)
    # (weakest mode last, like e^{-2 s_min t}: X = Q Q^T and Q decays like e^{-s t})
    s_min = np.linalg.svd(TASK.sigma_yx, compute_uv=False)[-1]
    late = np.linalg.norm(chain[1].network_function(np.array([300.0, 400.0])), axis=(1, 2))
    assert late[1] / late[0] == pytest.approx(np.exp(-2 * s_min * 100.0), rel=1e-6)
    assert chain[1].loss(400.0) == pytest.approx(0.5 * np.trace(TASK.sigma_yy), rel=1e-12)


def test_output_rotation_keeps_balance_and_has_the_requested_size():
    w1, w2 = START
    for delta in (1e-8, 1e-3):
        p = rev.output_rotation(w2, delta, seed=4)
        np.testing.assert_allclose(p.T @ p, w2.T @ w2, atol=1e-14)  # w2^T w2 unchanged: D preserved
        size = np.linalg.norm(p - w2)
        assert size == pytest.approx(delta, rel=2 * delta)  # first order in delta
        assert ed.measure_balance(w1, p)[1] < 1e-14
    assert not np.allclose(rev.output_rotation(w2, 0.1, 1), rev.output_rotation(w2, 0.1, 2))
    with pytest.raises(ValueError, match="zero"):
        rev.output_rotation(np.zeros((3, 5)), 0.1, 0)


def test_escape_time_grows_like_log_inverse_delta_over_s1(chain):
    # a growing component delta e^{s1 t}: each decade of delta delays the escape by ln(10)/s1
    q = chain[0].q(40.0)
    w1, w2 = q[:3].T, q[3:]
    task = TASK.reversed()
    u, s, vt = np.linalg.svd(task.sigma_yx)
    times = []
    for delta in (1e-10, 1e-8, 1e-6):
        e = ed.ExactSolution.from_task(w1, rev.output_rotation(w2, delta, 3), task)
        times.append(rs.exact_mode_crossing(e, u[:, 0], vt[0], 0.5 * s[0], 40.0))
    # asymptotic law; the corrections (other modes, delta^2 terms) are ~1e-4 relative here
    np.testing.assert_allclose(np.diff(times), -np.log(100.0) * rev.escape_slope(s[0]), rtol=1e-3)
    # gradient descent grows by (1 + eta s) per step of duration eta
    assert rev.escape_slope(2.0, 0.05) == pytest.approx(0.05 / np.log(1.1), rel=1e-14)
    assert rev.escape_slope(2.0, 1e-8) == pytest.approx(0.5 + 0.5e-8, rel=1e-12)


def test_shallow_gradient_descent_is_the_discrete_exponential():
    rng = np.random.default_rng(0)
    w0 = 0.3 * rng.standard_normal((3, 3))
    s = TASK.sigma_yx
    traj = ed.train_deep([w0], TASK, eta=0.1, n_steps=30)
    k = np.arange(31)[:, None, None]
    # W_k = sigma + (1 - eta)^k (W0 - sigma) exactly; the flow replaces (1 - eta)^k by e^{-eta k}
    np.testing.assert_allclose(traj.network_function(), s + (1 - 0.1) ** k * (w0 - s), atol=1e-13)
    np.testing.assert_allclose(rev.shallow_exact(w0, s, 0.1 * k[:, 0, 0]), s + np.exp(-0.1 * k) * (w0 - s))
    # d/dt W = sigma - W (central difference, error ~h^2)
    h = 1e-5
    deriv = (rev.shallow_exact(w0, s, 1.0 + h) - rev.shallow_exact(w0, s, 1.0 - h)) / (2 * h)
    np.testing.assert_allclose(deriv, s - rev.shallow_exact(w0, s, 1.0), atol=1e-9)
    with pytest.raises(ValueError, match="times"):
        rev.shallow_exact(w0, s, -1.0)


def test_shallow_reversal_gap_is_first_order():
    spec = {"n_in": 3, "n_out": 3, "n_items": 9, "seed": 5}
    d = rev.run_shallow(
        task=spec, init_std=0.3, seed=1, eta=0.05, n_steps=[200, 200], record_every=1, eta_refinement=2
    )
    # max_k |(1 - eta)^k - e^{-eta k}| = eta / (2e) + O(eta^2): the gap halves with eta
    assert d["gap"][0] / d["gap"][1] == pytest.approx(2.0, rel=0.05)
    assert d["exact_loss"][-1] == pytest.approx(d["sim_loss"][-1], abs=1e-6)


def test_stall_fraction_is_half_for_square_and_zero_for_non_square():
    shapes = {"3-3-3": [3, 3, 3], "3-6-3": [3, 6, 3], "3-4-4": [3, 4, 4]}
    d = stall.run_stall(shapes=shapes, draws=200, n_items=6, init_scale=0.5, seed=0)
    # the exact solver's verdict agrees with det(W2 W1) det(sigma_yx) < 0 on every draw
    np.testing.assert_array_equal(d["stalled"], d["det_rule"])
    for k in range(2):  # binomial(200, 1/2): 99.99% of draws lie in [70, 130]
        assert 70 <= d["stalled"][k].sum() <= 130
    assert d["stalled"][2].sum() == 0


def test_binomial_interval_known_values():
    # k = 0: the upper end solves (1 - p)^n = alpha / 2
    lo, hi = stall.binomial_interval(0, 100, 0.95)
    assert lo == 0.0 and hi == pytest.approx(1 - 0.025 ** (1 / 100), rel=1e-10)
    lo, hi = stall.binomial_interval(50, 100)
    assert lo == pytest.approx(1 - hi, rel=1e-10) and lo < 0.5 < hi
    with pytest.raises(ValueError, match="k="):
        stall.binomial_interval(101, 100)


def test_negating_one_feature_stalls_one_mode_and_an_odd_regrouping_stalls_too():
    h = semantic_hierarchy(distinct_singular_values=True)
    w1, w2 = rs.converging_start(h, 14, 0.35, 1)
    q = ed.ExactSolution.from_task(w1, w2, h).q(30.0)
    a, b = q[:8].T, q[8:]
    # reflecting one output row has determinant -1: B on the new task is singular in one direction
    negated = ed.ExactSolution.from_task(a, b, rs.second_task({"reversed_features": [7]}))
    assert negated.rank_b == 7 and len(negated.stalled_modes) == 1
    # the stalled mode stays at the saddle: its loss 1/2 s_m^2 remains
    s = np.linalg.svd(h.reversed(features=[7]).sigma_yx, compute_uv=False)[negated.stalled_modes[0]]
    assert negated.loss(np.inf) == pytest.approx(0.5 * s * s, rel=1e-10)
    even = ed.ExactSolution.from_task(a, b, rs.second_task({"grouping": [1, 4, 0, 5, 6, 7, 2, 3]}))
    odd = ed.ExactSolution.from_task(a, b, rs.second_task({"grouping": [4, 1, 0, 5, 6, 7, 2, 3]}))
    assert even.converges_to_optimum and not odd.converges_to_optimum
    with pytest.raises(ValueError, match="exactly one"):
        rs.second_task({"grouping": list(range(8)), "reversed_features": [0]})


def test_converging_start_refuses_a_stalling_seed():
    stalls = next(
        seed
        for seed in range(20)
        if not ed.ExactSolution.from_task(
            *ed.initialisations.zero_balanced(3, 5, 3, 0.3, seed), TASK
        ).converges_to_optimum
    )
    with pytest.raises(ValueError, match="singular B"):
        rs.converging_start(TASK, 5, 0.3, stalls)


SEQUENCE = {
    "n_hidden": 14,
    "eta": 0.05,
    "record_every": 5,
    "eta_refinement": 2,
    "restart_balance_tol": 0.05,
    "semigroup_time": 5.0,
    "escape_fraction": 0.5,
}


def test_regrouped_hierarchy_restart_from_simulated_weights_is_first_order():
    spec = {"init_scale": 0.35, "seed": 1, "n_steps": [300, 300], "grouping": [1, 4, 0, 5, 6, 7, 2, 3]}
    d = rs.run_sequence(spec, **SEQUENCE)
    assert list(d["rank_b"]) == [8, 8] and d["stalled_modes"].size == 0
    # simulated end weights are balanced only to O(eta); the restart differs from the chain at O(eta)
    assert d["restart_imbalance"][0] / d["restart_imbalance"][1] == pytest.approx(2.0, rel=0.1)
    assert d["restart_gap"][0] / d["restart_gap"][1] == pytest.approx(2.0, rel=0.1)
    assert d["semigroup_gap"] < 1e-12
    assert d["mds"].shape == (2, d["times"].size, 8, 2)
    numbers = rs.measure({f"x_{k}": v for k, v in d.items()}, ["x"])
    assert numbers["x"]["restart_gap_ratio"] == pytest.approx(2.0, rel=0.1)
    assert numbers["speedup"] == pytest.approx(d["exact_learning_time"][0] / d["exact_learning_time"][1])


def test_measure_recovers_a_known_slope_and_floor():
    deltas = np.geomspace(1e-8, 1e-1, 8)
    s1 = 0.8
    law = (np.log(1 / deltas) / s1 + 2.0)[:, None] * np.ones((1, 3))
    saddle = {
        "deltas": deltas,
        "s1": s1,
        "eta": 0.05,
        "switch_times": np.array([0.0, 1.0]),
        "times": np.array([0.0, 1.0, 2.0]),
        "sim_nf": np.ones((3, 2, 2)),
        "exact_nf": np.zeros((3, 2, 2)),
        "exact_loss": np.array([1.0, 2.0, 1.5]),
        "sim_loss": np.array([1.0, 2.0, 1.0]),
        "saddle_loss": 1.5,
        "min_loss": 1.0,
        "switch_rank_b": 0,
        "stalled_modes": np.array([0, 1]),
        "singular_values": np.array([0.8, 0.4]),
        "phase1_loss_gap": 0.0,
        "semigroup_gap": 0.0,
        "escape_exact": law,
        "escape_sim_exact": law,
        "escape_sim_sim": np.minimum(law, np.log(1 / 1e-3) / s1 + 2.0),
        "floor_escape": np.array([np.log(1e3) / s1 + 2.0, np.log(2e3) / s1 + 2.0]),
        "floor_escape_exact": np.array([1.0, 1.0]),
        "floor_imbalance": np.array([1e-3, 5e-4]),
        "floor_etas": np.array([0.05, 0.025]),
    }
    shallow = {"gap": np.array([0.02, 0.01])}
    draws = {
        "names": np.array(["a", "b"]),
        "dims": np.array([[2, 2, 2], [2, 3, 3]]),
        "stalled": np.array([[True, False] * 50, [False] * 100]),
        "det_rule": np.array([[True, False] * 50, [False] * 100]),
    }
    out = rev.measure(saddle, shallow, draws, fit_max_delta=1e-2)
    assert out["saddle"]["slope_exact"] == pytest.approx(1 / s1, rel=1e-12)
    assert out["saddle"]["theory_intercept"] == pytest.approx(2.0, rel=1e-12)
    assert out["saddle"]["floor_delta"] == pytest.approx(1e-3, rel=1e-9)
    assert out["saddle"]["floor_shift"] == pytest.approx(out["saddle"]["floor_shift_theory"], rel=1e-12)
    assert out["shallow"]["gap_ratio"] == pytest.approx(2.0)
    assert out["stall"]["a"]["agree"] == 100 and out["stall"]["square_contains_half"]
    assert out["stall"]["nonsquare_never"]
