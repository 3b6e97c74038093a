"""Figure 4 (exactdln.experiments.alignment) on cases with known answers."""

import numpy as np
import pytest
from scipy.optimize import brentq

from exactdln import ExactSolution, measure_balance, saxe_sigmoid
from exactdln.experiments.braun2022 import alignment
from exactdln.initialisations import aligned, random_orthogonal
from exactdln.measures import mode_projection
from exactdln.ode import integrate_weights

TARGET = [[5, 6, 3, 0, 1], [4, 1, 0, 1, 2], [3, 0, 2, 4, 0], [3, 4, 0, 3, 2], [2, 0, 1, 3, 4]]


def task_with(singular_values, seed=0):
    """``sigma_yx = U diag(s) V^T`` with random orthogonal ``U, V``: the answer's scale is known."""
    rng = np.random.default_rng(seed)
    n = len(singular_values)
    return random_orthogonal(n, rng) @ np.diag(singular_values) @ random_orthogonal(n, rng).T


def test_identity_task_is_whitened_and_its_optimum_has_zero_loss():
    task = alignment.identity_task(TARGET)
    task.check_whitened()
    np.testing.assert_allclose(task.sigma_yx, np.array(TARGET) / np.sqrt(5), rtol=1e-15)
    # targets are linear in the inputs (P = n_in): the loss constant vanishes up to rounding
    assert abs(0.5 * (np.trace(task.sigma_yy) - np.sum(task.sigma_yx**2))) < 1e-13


def test_structured_start_is_zero_balanced_and_keeps_its_form():
    sigma_yx = task_with([3.0, 2.0, 1.0])
    w1, w2 = alignment.structured_start(sigma_yx, 4, [1e-3, 0.5, 2.0], seed=1)
    for k in range(3):
        lam, imbalance = measure_balance(w1[k], w2[k])
        assert lam == 0.0 and imbalance < 1e-14
    # U^T W2 W1 V = A^T A: symmetric positive definite, and it stays symmetric under the flow
    m0 = mode_projection(w2 @ w1, sigma_yx)
    np.testing.assert_allclose(m0, np.swapaxes(m0, -1, -2), atol=1e-15 * np.abs(m0).max())
    assert np.all(np.linalg.eigvalsh(m0[1]) > 0)
    qqt = integrate_weights(w1[1], w2[1], sigma_yx, [0.0, 0.3, 1.0])
    m = mode_projection(qqt[:, 3:, :3], sigma_yx)
    np.testing.assert_allclose(m, np.swapaxes(m, -1, -2), atol=1e-10)
    # the three starts differ only in scale
    np.testing.assert_allclose(w1[2] / 2.0, w1[0] / 1e-3, rtol=1e-13)


def test_effective_strengths_of_an_aligned_start_are_its_initial_strengths():
    sigma_yx = task_with([3.0, 2.0, 1.0])
    strengths = np.array([1e-3, 2e-3, 5e-4])
    w1, w2 = aligned(sigma_yx, 4, strengths, seed=2)
    np.testing.assert_allclose(alignment.effective_strengths(w1, w2, sigma_yx), strengths, rtol=1e-12)


@pytest.mark.parametrize("scale", [1e-8, 1e-4, 0.3, 2.0])
def test_aligned_start_follows_the_sigmoids_to_rounding(scale):
    # known answer (docs/mathematics.md §4): from an aligned balanced start each mode *is* Saxe's sigmoid,
    # at any
    # scale; the 1e-12 bound (relative to ||S||_F) is ~1e3 times the rounding of 5x5 algebra
    sigma_yx = alignment.identity_task(TARGET).sigma_yx
    w1, w2 = alignment.structured_start(sigma_yx, 5, [scale], seed=3)
    strengths = np.diag(mode_projection(w2[0] @ w1[0], sigma_yx))
    w1a, w2a = aligned(sigma_yx, 5, strengths, seed=3)
    gaps = alignment.sigmoid_gaps(w1a, w2a, sigma_yx, 500)
    for kind in alignment.GAP_KINDS:
        assert gaps[kind] < 1e-12, kind


def test_gap_measured_on_the_ode_reference_equals_the_exact_one():
    # an independent trajectory (DOP853 on the weights, rtol 1e-12) gives the same gaps
    sigma_yx = task_with([3.0, 2.0, 1.0], seed=4)
    w1, w2 = alignment.structured_start(sigma_yx, 3, [1e-3], seed=5)
    exact = alignment.sigmoid_gaps(w1[0], w2[0], sigma_yx, 300)
    qqt = integrate_weights(w1[0], w2[0], sigma_yx, exact["times"])
    ode = alignment.sigmoid_gaps(w1[0], w2[0], sigma_yx, 300, modes=mode_projection(qqt[:, 3:, :3], sigma_yx))
    for kind in alignment.GAP_KINDS:
        assert abs(ode[kind] - exact[kind]) < 1e-8 * exact[kind], kind


def test_gap_to_effective_sigmoids_vanishes_at_the_predicted_rate_and_naive_gap_does_not():
    # s = (3, 2, 1): r = max s_{i+1}/s_i = 2/3, so the gap falls as a0^(1 - r) = a0^(1/3) (off-diagonal,
    # dominant) and a0^(2(1 - r)) = a0^(2/3) (diagonal). Corrections to these rates are relative
    # powers a0^(2(1 - r)) <= 1e-4 here, so 0.05 on a slope over six decades is a loose bound.
    sigma_yx = task_with([3.0, 2.0, 1.0], seed=6)
    scales = np.array([1e-12, 1e-6])
    gaps = {kind: [] for kind in alignment.GAP_KINDS}
    for seed in range(3):
        w1, w2 = alignment.structured_start(sigma_yx, 3, scales, seed=seed)
        for k in range(2):
            g = alignment.sigmoid_gaps(w1[k], w2[k], sigma_yx, 4000)
            for kind in alignment.GAP_KINDS:
                gaps[kind].append(g[kind])
    g = {kind: np.array(v).reshape(3, 2) for kind, v in gaps.items()}
    slope = {kind: np.log10(v[:, 1] / v[:, 0]) / 6.0 for kind, v in g.items()}
    np.testing.assert_allclose(slope["total"], 1 / 3, atol=0.05)
    np.testing.assert_allclose(slope["diagonal"], 2 / 3, atol=0.05)
    assert np.all(g["naive"][:, 0] > 0.5 * g["naive"][:, 1])  # the naive gap does not shrink


def test_exact_crossing_matches_the_sigmoids_of_an_aligned_start():
    sigma_yx = task_with([2.0, 1.0], seed=7)
    strengths = np.array([1e-3, 1e-3])
    w1, w2 = aligned(sigma_yx, 2, strengths, seed=8)
    sol = ExactSolution(w1, w2, sigma_yx)

    def log_excess(t):
        u = np.array([saxe_sigmoid(t, s, u0) for s, u0 in zip([2.0, 1.0], strengths, strict=True)])
        return np.log(0.5 * np.sum((np.array([2.0, 1.0]) - u) ** 2) / 1e-11)

    expected = brentq(log_excess, 0.0, 15.0, xtol=1e-12)
    assert alignment.exact_crossing(sol, 1e-11, 50.0) == pytest.approx(expected, abs=1e-7)
    with pytest.raises(ValueError, match="still above"):
        alignment.exact_crossing(sol, 1e-11, 1.0)


def run_dynamics(**settings):
    """``alignment.run_dynamics`` on the issue's task (5 hidden units, threshold 1e-11)."""
    return alignment.run_dynamics(target=TARGET, n_hidden=5, loss_threshold=1e-11, **settings)


def test_dynamics_gap_is_first_order_in_the_learning_rate_and_training_converges():
    data = run_dynamics(
        eta=0.02,
        check_eta=0.01,
        n_steps=1000,
        n_records=60,
        init_scales={"small": 1e-3, "medium": 0.3},
        seed=4,
    )
    numbers = alignment.measure_dynamics(data, 1e-11)
    assert numbers["all_below_threshold"]
    for name in ("small", "medium"):
        assert 1.8 < numbers[name]["gap_ratio"] < 2.2, name  # halving eta halves the gap
        assert numbers[name]["imbalance"] < 1e-14
    # the diagonal/off-diagonal split holds all of M: squares add up
    m = data["exact_modes"]
    np.testing.assert_allclose(
        data["exact_diagonal"] ** 2 + data["exact_offdiagonal"] ** 2, np.sum(m**2, axis=(-2, -1)), rtol=1e-12
    )


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: alignment.structured_start(np.ones((2, 3)), 3, [0.1], 0), "square task"),
        (lambda: alignment.structured_start(task_with([2.0, 1.0]), 1, [0.1], 0), "n_hidden=1"),
        (lambda: alignment.structured_start(task_with([2.0, 1.0]), 2, [-0.1], 0), "scale"),
        (lambda: alignment.structured_start(task_with([1.0, 1.0]), 2, [0.1], 0), "distinct positive"),
        (lambda: alignment.gap_scales([1e-2, 1e-4], 4), "increasing"),
        (lambda: alignment.timescales([1.0, 2.0], 0.0), "scale"),
    ],
)
def test_bad_input_raises_naming_the_problem(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_learning_rates_must_nest():
    with pytest.raises(ValueError, match=r"check_eta=0\.003"):
        run_dynamics(eta=0.01, check_eta=0.003, n_steps=10, n_records=5, init_scales={"s": 0.1}, seed=0)


def test_fit_needs_three_scales():
    data = {"scales": np.array([1e-6, 1e-5, 1e-4]), "singular_values": np.array([2.0, 1.0])}
    with pytest.raises(ValueError, match="fit_max_scale=1e-05"):
        alignment.measure_gap(data, 1e-5)
