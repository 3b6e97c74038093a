"""Task sequences (exactdln.sequences): the exact chain against the ODE, restarts,
gradient descent continued across switches, and the forgetting predicted in closed form
(against hand-computed answers)."""

import numpy as np
import pytest
from reference import integrate_weights

import exactdln as ed
from exactdln.initialisations import gaussian, zero_balanced
from exactdln.sequences import (
    ExactChain,
    forgetting_matrix,
    predicted_forgetting,
    semigroup_gap,
    simulate_chain,
    truncated,
    weights_from_q,
)
from exactdln.tasks import random_regression, task_sequence

# a 3-3-3 task with well-separated singular values (about 2.8, 1.4, 0.2)
TASK = random_regression(3, 3, 9, seed=5, target_std=3.0)
START = zero_balanced(3, 5, 3, 0.3, 3)  # a square task: this seed's start does not stall
assert ed.ExactSolution.from_task(*START, TASK).converges_to_optimum


def test_exact_chain_matches_the_ode_across_task_switches():
    """Chain on three tasks against DOP853 on the weights, restarted from a factor of its own X(T)."""
    n_in, n_hidden, n_out = 3, 4, 2
    tasks = task_sequence(3, n_in, n_out, 6, seed=7, target_std=2.0)
    w1, w2 = zero_balanced(n_in, n_hidden, n_out, 0.05, seed=8)
    phase = 6.0
    chain = ExactChain(w1, w2, tasks, phase)
    local = np.linspace(0.0, phase, 13)
    a, b = w1, w2
    for k, task in enumerate(tasks):
        x = integrate_weights(a, b, task.sigma_yx, local)
        np.testing.assert_allclose(
            chain.network_function(k * phase + local), x[:, n_in:, :n_in], rtol=0, atol=1e-9
        )
        # the flow of X depends only on X: restart the ODE from any factor of X(T)
        vals, vecs = np.linalg.eigh(x[-1])
        q = vecs[:, -n_hidden:] * np.sqrt(np.clip(vals[-n_hidden:], 0, None))
        a, b = q[:n_in].T, q[n_in:]
    assert chain.network_function([10 * phase]).shape == (1, n_out, n_in)  # past the end: last phase


def test_exact_chain_phase_of_and_errors():
    tasks = task_sequence(2, 3, 2, 6, seed=1)
    w1, w2 = zero_balanced(3, 4, 2, 0.1, seed=2)
    chain = ExactChain(w1, w2, tasks, 2.0)
    k, local = chain.phase_of([0.0, 1.0, 2.0, 3.0, 4.0, 9.0], at_switch="previous")
    np.testing.assert_array_equal(k, [0, 0, 0, 1, 1, 1])
    np.testing.assert_allclose(local, [0.0, 1.0, 2.0, 1.0, 2.0, 7.0])
    with pytest.raises(ValueError, match="t must"):
        chain.phase_of([-1.0])
    with pytest.raises(ValueError, match="durations"):
        ExactChain(w1, w2, tasks, 0.0)
    with pytest.raises(ValueError, match="at least one"):
        ExactChain(w1, w2, [], 1.0)
    with pytest.raises(ValueError, match="balanced"):
        ExactChain(*gaussian(3, 4, 2, 0.5, seed=3), tasks, 1.0)


def test_exact_chain_on_the_same_task_is_the_uninterrupted_solution():
    # the flow is a semigroup: restarting from Q(t1) changes nothing (up to rounding)
    full = ed.ExactSolution.from_task(*START, TASK)
    parts = ExactChain(*START, [TASK, TASK], [3.0, 10.0])
    t = np.linspace(0.0, 10.0, 41)
    np.testing.assert_allclose(parts[1].network_function(t), full.network_function(3.0 + t), atol=1e-12)
    assert semigroup_gap(full, 3.0, t) < 1e-12


def test_evaluate_assigns_the_switch_to_the_new_phase():
    chain = ExactChain(*START, [TASK, TASK.reversed()], [40.0, 40.0])
    times = np.array([0.0, 39.0, 40.0, 41.0])
    out = chain.evaluate(times)
    np.testing.assert_array_equal(out["phase"], [0, 0, 1, 1])
    assert out["loss"][2] == pytest.approx(float(chain[1].loss(0.0)), rel=1e-14)
    assert out["loss"][1] == pytest.approx(float(chain[0].loss(39.0)), rel=1e-14)


def test_simulate_chain_continues_from_its_own_weights():
    tasks = [TASK, TASK.reversed()]
    steps, loss, nf, ends = simulate_chain(list(START), tasks, [30, 20], eta=0.05, record_every=10)
    np.testing.assert_array_equal(steps, [0, 10, 20, 30, 40, 50])
    one = ed.train_two_layer(*START, TASK, eta=0.05, n_steps=30)
    two = ed.train_two_layer(one.w1[-1], one.w2[-1], tasks[1], eta=0.05, n_steps=20)
    np.testing.assert_allclose(nf[-1], two.network_function()[-1], atol=1e-15)
    np.testing.assert_allclose(ends[0][1], one.w2[-1], atol=1e-15)
    assert loss[3] == pytest.approx(tasks[1].loss(one.network_function()[-1]), rel=1e-13)  # new task
    with pytest.raises(ValueError, match="multiple"):
        simulate_chain(list(START), tasks, [30, 25], eta=0.05, record_every=10)


def test_evaluate_with_switch_in_previous_phase_gives_the_same_values():
    chain = ExactChain(*START, [TASK, TASK.reversed()], 40.0)
    times = np.array([0.0, 20.0, 40.0, 60.0])
    nxt, prev = chain.evaluate(times), chain.evaluate(times, at_switch="previous")
    np.testing.assert_array_equal(prev["phase"], [0, 0, 0, 1])
    np.testing.assert_allclose(prev["network_function"], nxt["network_function"], atol=1e-12)
    with pytest.raises(ValueError, match="at_switch"):
        chain.phase_of(times, at_switch="later")


def test_semigroup_gap_is_rounding_while_a_restart_on_another_task_is_not():
    """A restart on another task is not the uninterrupted solution: the gap is O(1)."""
    sol = ed.ExactSolution.from_task(*START, TASK)
    assert semigroup_gap(sol, 2.0, np.linspace(0.0, 5.0, 11)) < 1e-12
    other = ed.ExactSolution.from_task(*START, TASK.reversed())
    w1, w2 = weights_from_q(other.q(2.0), 3)
    wrong = ed.ExactSolution.from_task(w1, w2, TASK)
    assert np.abs(wrong.network_function(1.0) - sol.network_function(3.0)).max() > 0.1


def test_simulate_chain_same_steps_for_every_task_and_errors():
    steps, loss, nf, ends = simulate_chain(list(START), [TASK, TASK], 20, eta=0.05, record_every=10)
    np.testing.assert_array_equal(steps, [0, 10, 20, 30, 40])
    assert len(ends) == 2 and nf.shape == (5, 3, 3) and loss.shape == (5,)
    with pytest.raises(ValueError, match="one step count per task"):
        simulate_chain(list(START), [TASK, TASK], [20], eta=0.05, record_every=10)
    with pytest.raises(ValueError, match="n_in"):
        weights_from_q(np.ones((4, 2)), 4)


# ---------------------------------------------------------------------------- forgetting, predicted
S1 = np.diag([3.0, 1.0])
S2 = np.diag([1.0, 2.0])


def test_truncated_is_the_best_low_rank_approximation():
    m = np.array([[0.0, 2.0, 0.0], [-5.0, 0.0, 0.0]])  # singular values 5, 2
    np.testing.assert_allclose(truncated(m, 1), [[0, 0, 0], [-5, 0, 0]], atol=1e-15)
    np.testing.assert_array_equal(truncated(m, 2), m)
    np.testing.assert_array_equal(truncated(m, 7), m)
    np.testing.assert_array_equal(truncated(m), m)
    batch = np.stack([m, 2 * m])
    np.testing.assert_allclose(truncated(batch, 1)[1], [[0, 0, 0], [-10, 0, 0]], atol=1e-14)
    for bad in ([1.0, 2.0], [[np.nan, 1.0]]):
        with pytest.raises(ValueError, match="matrix"):
            truncated(bad, 1)
    with pytest.raises(ValueError, match="n_hidden"):
        truncated(m, 0)


def test_predicted_forgetting_known_answers():
    # wide network: 1/2 ||S1 - S2||^2 = 1/2 (2^2 + 1^2)
    assert predicted_forgetting(S1, S2) == pytest.approx(2.5, abs=1e-14)
    assert predicted_forgetting(S1, S2, n_hidden=2) == pytest.approx(2.5, abs=1e-14)
    # one hidden unit: [S2]_1 = diag(0, 2), [S1]_1 = diag(3, 0): 1/2 (9 + 1) - 1/2 (1) = 4.5
    assert predicted_forgetting(S1, S2, n_hidden=1) == pytest.approx(4.5, abs=1e-14)
    # ... and the other way round: [S1]_1 = diag(3, 0), [S2]_1 = diag(0, 2): 1/2 (4 + 4) - 1/2 (1)
    assert predicted_forgetting(S2, S1, n_hidden=1) == pytest.approx(3.5, abs=1e-14)
    assert predicted_forgetting(S1, S1, n_hidden=1) == pytest.approx(0.0, abs=1e-14)
    # batches broadcast; a non-square pair of tasks
    out = predicted_forgetting(np.stack([S1, S2]), S2)
    np.testing.assert_allclose(out, [2.5, 0.0], atol=1e-14)
    a, b = np.array([[1.0, 0.0, 2.0]]), np.array([[0.0, 1.0, 0.0]])
    assert predicted_forgetting(a, b, n_hidden=1) == pytest.approx(3.0)


def test_predicted_forgetting_rejects_bad_input():
    with pytest.raises(ValueError, match="same inputs"):
        predicted_forgetting(S1, np.ones((2, 3)))
    with pytest.raises(ValueError, match="sigma_yx_old"):
        predicted_forgetting([1.0, 2.0], S2)
    with pytest.raises(ValueError, match="sigma_yx_new"):
        predicted_forgetting(S1, np.full((2, 2), np.inf))
    with pytest.raises(ValueError, match="n_hidden"):
        predicted_forgetting(S1, S2, n_hidden=0)


def test_forgetting_matrix_known_answers():
    sigmas = np.stack([S1, S2, -S1])
    f = forgetting_matrix(sigmas)
    np.testing.assert_allclose(np.diag(f), 0.0, atol=1e-15)
    np.testing.assert_allclose(f, f.T, atol=1e-14)  # 1/2 ||Si - Sj||^2 for wide networks
    assert f[2, 0] == pytest.approx(0.5 * np.sum((2 * S1) ** 2))
    assert f[1, 0] == pytest.approx(2.5)
    narrow = forgetting_matrix(sigmas, n_hidden=1)
    assert narrow[1, 0] == pytest.approx(4.5) and narrow[0, 1] == pytest.approx(3.5)
