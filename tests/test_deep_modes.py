"""Closed forms of the decoupled mode dynamics (Saxe et al. 2014) against independent references:
adaptive quadrature of the mode ODE, DOP853 integrations, and finite-difference Hessians."""

import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp

import exactdln as ed
from exactdln.deep_modes import (
    deep_learning_time,
    deep_mode_curvature,
    deep_mode_strength,
    hyperbolic_learning_time,
    train_deep_modes,
)
from exactdln.initialisations import deep_decoupled
from exactdln.measures import mode_strengths
from exactdln.simulation import train_deep


def quadrature_time(s, u0, uf, depth, tau=1.0):
    """tau * int du / (D u^{2-2/D} (s - u)), in ln(u) below s/2 and in -ln(s - u) above (smooth)."""
    mid = min(uf, 0.5 * s)
    total = 0.0
    if mid > u0:
        total += quad(
            lambda lu: np.exp(lu) ** (2 / depth - 1) / (depth * (s - np.exp(lu))),
            np.log(u0),
            np.log(mid),
            epsabs=0,
            epsrel=1e-13,
            limit=400,
        )[0]
    lo = max(mid, u0)
    if uf > lo:
        total += quad(
            lambda w: (s - np.exp(-w)) ** (2 / depth - 2) / depth,
            -np.log(s - lo),
            -np.log(s - uf),
            epsabs=0,
            epsrel=1e-13,
            limit=400,
        )[0]
    return tau * total


@pytest.mark.parametrize("depth", range(2, 11))
def test_deep_learning_time_matches_quadrature(depth):
    worst = 0.0
    for s in (0.2, 1.0, 7.0):
        for u0 in (1e-7, 1e-3, 0.05):
            for f in (1e-4, 0.3, 0.9, 0.9999, 0.999999):
                uf = u0 + f * (s - u0)
                t, ref = deep_learning_time(s, u0, uf, depth), quadrature_time(s, u0, uf, depth)
                worst = max(worst, abs(t - ref) / ref)
    assert worst <= 1e-10, worst


def test_deep_learning_time_large_depth_and_near_s():
    cases = [(0.31, 1e-3, 0.2, 99), (0.31, 1e-3, 0.31 * (1 - 1e-12), 99), (1.0, 1e-3, 1 - 1e-9, 20)]
    cases += [(1.0, 1 - 1e-9, 1 - 1e-10, 4), (3.0, 0.2, 3.0 * (1 - 1e-15), 7)]
    for s, u0, uf, depth in cases:
        t, ref = deep_learning_time(s, u0, uf, depth), quadrature_time(s, u0, uf, depth)
        # within 1e-8 s of s the time is ill-conditioned (rounding of s - uf), hence 1e-9 there
        assert abs(t - ref) / ref <= 1e-9, (s, u0, uf, depth, t, ref)


@pytest.mark.parametrize(
    ("s", "u0", "width", "depth"), [(2.0, 0.5, 2**-24, 5), (2.0, 1.5, 2**-30, 3), (1.0, 1e-4, 1e-12, 8)]
)
def test_deep_learning_time_on_short_intervals(s, u0, width, depth):
    """Where F(uf) - F(u0) would cancel: against plain quadrature over [u0, uf] (smooth there)."""
    uf = u0 + width
    ref = quad(lambda u: 1 / (depth * u ** (2 - 2 / depth) * (s - u)), u0, uf, epsabs=0, epsrel=1e-13)[0]
    assert deep_learning_time(s, u0, uf, depth) == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("depth", [1, 2, 3, 6])
def test_deep_learning_time_inverts_the_mode_ode(depth):
    s, u0, tau = 1.7, 0.02, 2.5
    uf = np.array([0.1, 0.9, 1.69])
    t = deep_learning_time(s, u0, uf, depth, tau)
    reached = [deep_mode_strength([0.0, ti], s, u0, depth, tau)[-1] for ti in t]
    np.testing.assert_allclose(reached, uf, rtol=1e-9)


def test_depth_two_is_saxe_sigmoid_and_depth_one_is_exponential():
    s, u0 = 1.3, 1e-4
    t = deep_learning_time(s, u0, np.array([0.01, 0.5, 1.2]), 2)
    np.testing.assert_allclose(ed.saxe_sigmoid(t, s, u0), [0.01, 0.5, 1.2], rtol=1e-12)
    # depth 1: tau du/dt = s - u; any u0 < s, including negative
    for u0 in (-0.4, 0.0, 0.7):
        uf = 1.0
        assert deep_learning_time(s, u0, uf, 1) == pytest.approx(np.log((s - u0) / (s - uf)), rel=1e-14)
        ode = solve_ivp(
            lambda _, u: s - u, (0, deep_learning_time(s, u0, uf, 1)), [u0], rtol=1e-12, atol=1e-14
        )
        assert ode.y[0, -1] == pytest.approx(uf, rel=1e-9)


def test_deep_learning_time_edge_cases():
    assert deep_learning_time(1.0, 0.1, 0.1, 4) == 0.0
    assert deep_learning_time(1.0, 0.1, 1.0, 4) == np.inf
    out = deep_learning_time(1.0, [0.1, 0.1, 0.2], [0.1, 0.5, 1.0], 3)
    assert out.shape == (3,) and out[0] == 0 and np.isfinite(out[1]) and out[2] == np.inf
    assert deep_learning_time(1.0, 0.1, 0.5, 3, tau=4.0) == pytest.approx(
        4 * deep_learning_time(1.0, 0.1, 0.5, 3)
    )
    # the time falls with depth at fixed strengths near 1 and grows as u0 shrinks
    assert deep_learning_time(1.0, 1e-6, 0.5, 3) > deep_learning_time(1.0, 1e-3, 0.5, 3)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1.0, 0.5, 0.2, 3), "uf must be >= u0"),
        ((1.0, 0.1, 1.5, 3), "uf must be <= s"),
        ((1.0, 0.0, 0.5, 3), "u0 must be > 0"),
        ((1.0, -0.1, 0.5, 2), "u0 must be > 0"),
        ((1.0, 1.0, 1.0, 3), "u0 must be < s"),
        ((0.0, 0.1, 0.5, 3), "s must be"),
        ((1.0, 0.1, 0.5, 0), "depth"),
        ((1.0, 0.1, 0.5, 2.5), "depth"),
        ((1.0, 0.1, 0.5, True), "depth"),
        ((1.0, np.nan, 0.5, 3), "finite"),
        ((1.0, 0.1, np.inf, 3), "finite"),
    ],
)
def test_deep_learning_time_rejects_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        deep_learning_time(*args)


def ode_time_to_product(s, a0, b0, uf):
    """Time at which a b = uf under tau da/dt = b (s - ab), tau db/dt = a (s - ab) (DOP853, events)."""

    def event(_, y):
        return y[0] * y[1] - uf

    event.terminal = True
    sol = solve_ivp(
        lambda _, y: [y[1] * (s - y[0] * y[1]), y[0] * (s - y[0] * y[1])],
        (0, 1e4),
        [a0, b0],
        method="DOP853",
        rtol=1e-12,
        atol=1e-14,
        events=event,
    )
    return sol.t_events[0][0]


@pytest.mark.parametrize(
    ("a0", "b0", "uf"),
    [(0.5, 0.1, 1.0), (0.1, 0.5, 1.2), (0.3, -0.2, 1.0), (1e-3, 2e-3, 0.5), (2.0, 1.5, 1.5), (1.7, 1.2, 1.4)],
)
def test_hyperbolic_learning_time_matches_integration(a0, b0, uf):
    s = 1.3
    assert hyperbolic_learning_time(s, a0, b0, uf) == pytest.approx(
        ode_time_to_product(s, a0, b0, uf), rel=1e-9
    )


def test_hyperbolic_learning_time_balanced_limit_symmetry_and_edges():
    s = 0.8
    # a = b: the sigmoid (eq. 11), from either layer
    assert hyperbolic_learning_time(s, 0.1, 0.1, 0.5) == pytest.approx(
        deep_learning_time(s, 0.01, 0.5, 2), rel=1e-13
    )
    assert hyperbolic_learning_time(s, 0.2, 0.7, 0.6) == pytest.approx(
        hyperbolic_learning_time(s, 0.7, 0.2, 0.6), rel=1e-14
    )
    assert hyperbolic_learning_time(s, 0.2, 0.7, 0.14) == 0.0
    assert hyperbolic_learning_time(s, 0.2, 0.7, s) == np.inf
    assert hyperbolic_learning_time(s, 0.2, 0.7, 0.6, tau=3.0) == pytest.approx(
        3 * hyperbolic_learning_time(s, 0.2, 0.7, 0.6)
    )
    with pytest.raises(ValueError, match="a0 \\+ b0 must be > 0"):
        hyperbolic_learning_time(s, -0.3, 0.2, 0.5)
    with pytest.raises(ValueError, match="uf must lie between"):
        hyperbolic_learning_time(s, 0.2, 0.7, 0.9)
    with pytest.raises(ValueError, match="uf must lie between"):
        hyperbolic_learning_time(s, 0.2, 0.7, 0.1)


def test_printed_appendix_a_rate_is_off_by_a_factor_two_in_s():
    """The closed form with tau dtheta/dt = s - c0 sinh(theta) (as printed) disagrees with the ODE;
    with 2 s it agrees (that is the corrected form in hyperbolic_learning_time)."""
    s, a0, b0, uf = 1.0, 0.6, 0.2, 0.45
    c0 = a0 * a0 - b0 * b0

    def theta(a, b):
        return 2 * np.arctanh(b / a)

    af = np.sqrt(0.5 * (c0 + np.hypot(c0, 2 * uf)))
    th0, thf = theta(a0, b0), theta(af, uf / af)
    printed = quad(lambda th: 1 / (s - c0 * np.sinh(th)), th0, thf)[0]
    corrected = quad(lambda th: 1 / (2 * s - c0 * np.sinh(th)), th0, thf)[0]
    t_ode = ode_time_to_product(s, a0, b0, uf)
    assert corrected == pytest.approx(t_ode, rel=1e-9)
    assert abs(printed - t_ode) > 0.3 * t_ode


@pytest.mark.parametrize(("s", "depth"), [(0.5, 1), (0.5, 2), (2.0, 3), (0.3, 7), (1.5, 12)])
def test_deep_mode_curvature_is_the_largest_hessian_eigenvalue_at_the_optimum(s, depth):
    a = np.full(depth, s ** (1 / depth))

    def loss(x):
        return 0.5 * (s - np.prod(x)) ** 2

    h = 1e-4 * max(a[0], 1e-3)
    hess = np.empty((depth, depth))
    for i in range(depth):
        for j in range(depth):
            ei, ej = np.eye(depth)[i] * h, np.eye(depth)[j] * h
            hess[i, j] = (loss(a + ei + ej) - loss(a + ei - ej) - loss(a - ei + ej) + loss(a - ei - ej)) / (
                4 * h * h
            )
    assert np.linalg.eigvalsh(hess)[-1] == pytest.approx(deep_mode_curvature(s, depth), rel=1e-6)


# ---------------------------------------------------------------------------- gradient descent on the modes
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
