"""Bad input gets a ValueError that names the problem."""

import numpy as np
import pytest

import exactdln as ed


@pytest.fixture
def case():
    task = ed.tasks.random_regression(3, 2, 6, seed=0)
    w1, w2 = ed.initialisations.zero_balanced(3, 4, 2, 0.1, seed=0)
    return task, w1, w2


def test_shape_mismatch(case):
    task, w1, w2 = case
    with pytest.raises(ValueError, match=r"w2 has shape \(2, 3\) but w1 has shape \(4, 3\)"):
        ed.ExactSolution(w1, w2[:, :3], task.sigma_yx)
    with pytest.raises(ValueError, match=r"sigma_yx has shape \(3, 2\).*expected \(2, 3\)"):
        ed.ExactSolution(w1, w2, task.sigma_yx.T)
    with pytest.raises(ValueError, match="w1 must be a 2-D array"):
        ed.ExactSolution(w1[0], w2, task.sigma_yx)
    with pytest.raises(ValueError, match=r"x has shape \(2, 6\); expected \(n_in=3, P\)"):
        ed.ExactSolution(w1, w2, task.sigma_yx).rsm(1.0, task.x[:2])


def test_non_finite(case):
    task, w1, w2 = case
    bad = w1.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="w1 contains 1 non-finite"):
        ed.ExactSolution(bad, w2, task.sigma_yx)
    with pytest.raises(ValueError, match="sigma_yx contains"):
        ed.ExactSolution(w1, w2, np.full((2, 3), np.inf))


def test_non_whitened_inputs_are_refused(case):
    _, w1, w2 = case
    rng = np.random.default_rng(1)
    task = ed.Task(2.0 * rng.standard_normal((3, 6)), rng.standard_normal((2, 6)), "raw")
    with pytest.raises(ValueError, match=r"inputs of task 'raw' are not whitened: max .* whiten"):
        ed.ExactSolution.from_task(w1, w2, task)


def test_unbalanced_start_reports_its_imbalance(case):
    task, _, _ = case
    w1, w2 = ed.initialisations.gaussian(3, 4, 2, 0.3, seed=2)
    lam, imbalance = ed.measure_balance(w1, w2)
    with pytest.raises(ValueError, match="not lambda-balanced") as info:
        ed.ExactSolution(w1, w2, task.sigma_yx)
    assert f"{imbalance:.3g}" in str(info.value) and f"{lam:.6g}" in str(info.value)
    # a tiny imbalance is accepted only when the caller says so
    w1b, w2b = ed.initialisations.zero_balanced(3, 4, 2, 0.3, seed=2)
    w1b = w1b * (1 + 1e-5)
    with pytest.raises(ValueError, match="balance_tol"):
        ed.ExactSolution(w1b, w2b, task.sigma_yx)
    ed.ExactSolution(w1b, w2b, task.sigma_yx, balance_tol=1e-4)


def test_bad_times(case):
    task, w1, w2 = case
    sol = ed.ExactSolution(w1, w2, task.sigma_yx)
    with pytest.raises(ValueError, match="t must be >= 0"):
        sol.qqt(-1.0)
    with pytest.raises(ValueError, match="t contains nan"):
        sol.network_function([0.0, np.nan])
    with pytest.raises(ValueError, match="t must be a float or a 1-D array"):
        sol.loss(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="tau must be a finite number > 0"):
        ed.ExactSolution(w1, w2, task.sigma_yx, tau=0.0)
    with pytest.raises(ValueError, match="tau"):
        ed.ExactSolution(w1, w2, task.sigma_yx, tau=np.inf)
