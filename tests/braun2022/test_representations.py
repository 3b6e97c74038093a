"""Figure 3 (exactdln.experiments.representations) against answers known independently of the code."""

import numpy as np
import pytest

from exactdln.experiments.braun2022 import representations as rep
from exactdln.initialisations import zero_balanced
from exactdln.tasks import semantic_hierarchy

STARTS = {
    "small_gaussian": {"kind": "gaussian", "scale": 1e-4, "seed": 1},
    "large_gaussian": {"kind": "gaussian", "scale": 0.42, "seed": 2},
    "large_balanced": {"kind": "zero_balanced", "scale": 0.44, "seed": 3},
}
ARGS = {
    "n_hidden": 14,
    "eta": 0.05,
    "n_steps": 2000,
    "initialisations": STARTS,
    "n_records": 40,
    "eta_refinement": 2,
    "balance_tol": 1e-6,
    "stall_check_draws": 20,
    "stall_check_seed": 0,
}
CLAIMED = ["small_gaussian", "large_balanced"]
TOL = 1e-6


@pytest.fixture(scope="module")
def data():
    return rep.run(**ARGS)


@pytest.fixture(scope="module")
def numbers(data):
    return rep.measure(data, TOL, CLAIMED)


def test_every_start_ends_at_the_task_function(data, numbers):
    # whitened inputs: the global minimum of the loss is W2 W1 = sigma_yx, whatever the start
    task = semantic_hierarchy(distinct_singular_values=True)
    final = rep.blocks(data["sim_qqt"][:, -1], task.n_in)["network_function"]
    np.testing.assert_allclose(final, np.broadcast_to(task.sigma_yx, final.shape), atol=1e-12)
    assert numbers["same_function"] and numbers["function_spread"] < 1e-12
    # the recorded loss is the task's own loss (with sigma_yy) of the recorded function
    functions = rep.blocks(data["sim_qqt"], task.n_in)["network_function"]
    expected = [[task.loss(w) for w in run] for run in functions]
    np.testing.assert_allclose(data["sim_loss"], expected, rtol=1e-12, atol=1e-14)


def test_exact_limit_is_the_balanced_optimum_built_from_the_svd(data):
    # docs/mathematics.md §2: X(inf) = [[V S V^T, V S U^T], [U S V^T, U S U^T]] for a balanced start with
    # invertible B
    task = semantic_hierarchy(distinct_singular_values=True)
    u, s, vt = np.linalg.svd(task.sigma_yx)
    q = np.vstack([vt.T * np.sqrt(s), u * np.sqrt(s)])
    k = list(data["names"]).index("large_balanced")
    assert data["exact_applies"][k] and data["converges_to_optimum"][k]
    np.testing.assert_allclose(data["exact_qqt_inf"][k], q @ q.T, atol=1e-12)


def test_exact_solution_matches_the_integrated_flow(numbers):
    # 1e-9 relative: docs/mathematics.md §2's accuracy requirement against a high-precision ODE integration
    assert numbers["large_balanced"]["exact_vs_ode"] < 1e-9
    assert numbers["large_balanced"]["exact_structured"]


def test_gradient_descent_drift_from_balance_is_first_order(numbers):
    # GD changes D = W2^T W2 - W1 W1^T by O(eta^2) per step, O(eta) over a fixed time: halving eta
    # halves the final distance (first order: ratio 2 up to O(eta) corrections; measured 2.02)
    row = numbers["large_balanced"]
    assert row["flow_distance"] < TOL < row["sim_distance"]
    assert 1.8 < row["drift_ratio"] < 2.2


def test_simulation_exact_gap_is_first_order_in_the_learning_rate():
    # at small learning rates the O(eta^2) part is negligible and the gap halves with eta
    args = {**ARGS, "initialisations": {"b": STARTS["large_balanced"]}, "eta": 0.0125, "n_steps": 1600}
    row = rep.measure(rep.run(**args), TOL, ["b"])["b"]
    assert 1.8 < row["gap_ratio"] < 2.2


def test_small_gaussian_start_is_simulation_only(data, numbers):
    k = list(data["names"]).index("small_gaussian")
    assert not data["exact_applies"][k] and data["imbalance"][k] > ARGS["balance_tol"]
    assert np.all(np.isnan(data["exact_qqt"][k])) and "exact_distance_inf" not in numbers["small_gaussian"]
    # ||D||_F of independent Gaussian weights of std sigma: each of the n_h^2 entries of
    # W2^T W2 - W1 W1^T has variance about 2 n sigma^4 (n = 8 terms per Gram entry, two Grams)
    expected = STARTS["small_gaussian"]["scale"] ** 2 * np.sqrt(2 * 8 * 14**2)
    assert 0.5 < numbers["small_gaussian"]["imbalance_abs"] / expected < 2


def test_claim_verdicts(data, numbers):
    assert numbers["claim_flow"]
    assert numbers["large_gaussian"]["flow_distance"] > 1  # far from V S V^T, not a rounding effect
    assert not rep.measure(data, TOL, [*CLAIMED, "large_gaussian"])["claim_flow"]
    with pytest.raises(ValueError, match="'medium'"):
        rep.measure(data, TOL, ["medium"])


def test_stall_fraction_follows_the_determinant_rule():
    # docs/mathematics.md §2: a zero-balanced start on a square task stalls iff det(W2 W1) and
    # det(sigma_yx) differ in sign
    task = semantic_hierarchy(distinct_singular_values=True)
    rng = np.random.default_rng(7)
    signs = []
    for _ in range(40):
        w1, w2 = zero_balanced(8, 14, 8, 0.44, rng)
        signs.append(np.sign(np.linalg.det(w2 @ w1)) != np.sign(np.linalg.det(task.sigma_yx)))
    assert rep.stall_fraction(14, 0.44, 40, 7) == np.mean(signs)
    assert 0.2 < np.mean(signs) < 0.8  # about half (binomial, 40 draws)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"initialisations": {"a": {"kind": "uniform", "scale": 1.0, "seed": 0}}}, "kind must be one of"),
        ({"initialisations": {"a": {"kind": "gaussian", "scale": 1.0}}}, r"initialisations\['a'\] must have"),
        ({"initialisations": {"a": {"kind": "gaussian", "scale": -1.0, "seed": 0}}}, r"\['a'\]\.scale"),
        ({"initialisations": {"a": {"kind": "gaussian", "scale": 1.0, "seed": 0}}}, "zero_balanced start"),
        ({"initialisations": {}}, "non-empty mapping"),
        ({"eta_refinement": 1}, "eta_refinement"),
        ({"eta": 0}, "eta"),
    ],
)
def test_bad_arguments_are_named(change, message):
    with pytest.raises(ValueError, match=message):
        rep.run(**{**ARGS, "n_steps": 5, "stall_check_draws": 1, **change})


def test_bad_distance_tolerance_is_named(data):
    with pytest.raises(ValueError, match="distance_tol"):
        rep.measure(data, 0.0, CLAIMED)
