"""When a quantity first reaches a level (exactdln.crossings, measures.time_to_excess_loss),
against hand-computed answers, closed forms and Saxe et al.'s sigmoids."""

import numpy as np
import pytest
from scipy.optimize import brentq

from exactdln.crossings import first_root_on_grid, level_crossing, root_expanding
from exactdln.exact import ExactSolution
from exactdln.initialisations import aligned, lambda_balanced
from exactdln.limits import saxe_sigmoid
from exactdln.measures import learning_time, time_to_excess_loss
from exactdln.tasks import semantic_hierarchy


def test_level_crossing_interpolates_and_marks_what_never_gets_there():
    t = np.linspace(0.0, 1.0, 11)
    series = np.stack([t, 2 * t, 0.1 * t, np.ones_like(t)])
    out = level_crossing(t, series, 0.55)
    np.testing.assert_allclose(out[[0, 1, 3]], [0.55, 0.275, 0.0], atol=1e-15)
    assert np.isnan(out[2])
    # time along axis 0, and another value for "never"
    np.testing.assert_array_equal(
        level_crossing(t, series.T, 0.55, axis=0, never=np.inf), np.where(np.isnan(out), np.inf, out)
    )
    # a level per series
    np.testing.assert_allclose(level_crossing(t, series[:2], [0.25, 1.5]), [0.25, 0.75], atol=1e-15)
    with pytest.raises(ValueError, match="increasing"):
        level_crossing(t[::-1], t, 0.5)
    with pytest.raises(ValueError, match="records"):
        level_crossing(t, series[:, :5], 0.5)


def test_learning_time_is_the_crossing_of_the_loss_reduction():
    t = np.linspace(0.0, 4.0, 401)
    loss = np.exp(-t)
    # 90 % of the reduction 1 - e^-4: linear interpolation of e^-t, error ~ (dt)^2
    exact = -np.log(1.0 - 0.9 * (1.0 - np.exp(-4.0)))
    assert learning_time(t, loss) == pytest.approx(exact, abs=1e-4)
    with pytest.raises(ValueError, match="never reaches"):
        learning_time(t, loss, final_loss=-1.0)


def test_first_root_on_grid_finds_the_first_sign_change():
    grid = np.linspace(0.0, 10.0, 101)
    root = first_root_on_grid(np.sin, grid + 0.5, xtol=1e-14)  # sin starts positive: first root pi
    assert root == pytest.approx(np.pi, abs=1e-13)
    assert first_root_on_grid(np.cos, grid + 2.0, xtol=1e-14) == pytest.approx(1.5 * np.pi, abs=1e-13)
    assert first_root_on_grid(np.sin, grid, xtol=1e-14) == 0.0  # f(grid[0]) == 0
    assert first_root_on_grid(lambda x: x - 3.3, grid, rel_xtol=1e-15, vectorised=False) == pytest.approx(3.3)
    with pytest.raises(ValueError, match="no sign change"):
        first_root_on_grid(np.exp, grid, xtol=1e-12)
    with pytest.raises(ValueError, match="values must be"):
        first_root_on_grid(np.sin, grid, xtol=1e-12, values=np.zeros(3))


def test_root_expanding_grows_the_bracket_until_the_sign_changes():
    def f(x):
        return 1e3 - x**2

    assert root_expanding(f, 0.0, 1.0, xtol=1e-13) == pytest.approx(np.sqrt(1e3), abs=1e-12)
    assert root_expanding(f, 0.0, 1.0, grow=lambda h: h + 7.0, xtol=1e-13) == pytest.approx(np.sqrt(1e3))
    with pytest.raises(ValueError, match="stays positive"):
        root_expanding(lambda x: 1.0, 0.0, 1.0, xtol=1e-12, max_grow=10)


def test_time_to_excess_loss_matches_the_sigmoids_of_an_aligned_start():
    s, u0 = np.array([2.0, 1.0]), np.array([1e-3, 1e-3])
    rng = np.random.default_rng(7)
    u = np.linalg.qr(rng.standard_normal((3, 3)))[0][:, :2]
    v = np.linalg.qr(rng.standard_normal((2, 2)))[0]
    sigma_yx = u @ np.diag(s) @ v.T
    w1, w2 = aligned(sigma_yx, 2, u0, seed=8)
    sol = ExactSolution(w1, w2, sigma_yx)

    def log_excess(t):
        strengths = np.array([saxe_sigmoid(t, si, ui) for si, ui in zip(s, u0, strict=True)])
        return np.log(0.5 * np.sum((s - strengths) ** 2) / 1e-11)

    expected = brentq(log_excess, 0.0, 15.0, xtol=1e-13, rtol=1e-15)
    assert time_to_excess_loss(sol, 1e-11) == pytest.approx(expected, rel=1e-11)
    assert time_to_excess_loss(sol, 100.0) == 0.0  # the start is already below
    with pytest.raises(ValueError, match="threshold"):
        time_to_excess_loss(sol, 0.0)


def test_time_to_excess_loss_is_infinite_for_a_stalled_mode():
    sigma_yx = np.diag([2.0, 1.0])
    w1, w2 = aligned(sigma_yx, 2, [1e-3, 1e-3], seed=1)
    reversed_mode = ExactSolution(w1, w2, np.diag([2.0, -1.0]))  # mode 2 starts exactly at B = 0
    assert not reversed_mode.converges_to_optimum
    assert time_to_excess_loss(reversed_mode, 1e-6) == np.inf


def test_time_to_excess_loss_is_the_first_passage_of_a_lambda_balanced_network():
    task = semantic_hierarchy(distinct_singular_values=True)
    w1, w2 = lambda_balanced(8, 8, 8, 0.01, 30.0, 1)
    sol = ExactSolution.from_task(w1, w2, task)
    t = time_to_excess_loss(sol, 1e-3)
    assert 0.5 * np.sum((task.sigma_yx - sol.network_function(t)) ** 2) == pytest.approx(1e-3, rel=1e-9)
    # monotone: just before, the loss is still above
    assert 0.5 * np.sum((task.sigma_yx - sol.network_function(t * (1 - 1e-6))) ** 2) > 1e-3
