"""The lambda-balanced mode (exactdln.lambda_modes.lambda_mode_strength / lambda_mode_time)
against independent references: DOP853 integrations of the mode ODE, the implicit
time formula evaluated in 60-digit decimal arithmetic, Saxe et al.'s sigmoid and
the closed form of the lam = 0 decay to the saddle; and the representations read off the
network function, against an independent integration of the weights and hand-built weights."""

import itertools
from decimal import Decimal, localcontext

import numpy as np
import pytest
from reference import integrate_weights
from scipy.integrate import solve_ivp

import exactdln as ed
from exactdln.lambda_modes import (
    lambda_mode_strength,
    lambda_mode_time,
    representations_from_network_function,
)
from exactdln.limits import saxe_sigmoid

RTOL = 1e-12  # of the reference integration


def ode(times, s, u0, lam, tau=1.0):
    """DOP853 of tau du/dt = sqrt(lam^2 + 4 u^2) (s - u), restarted at every output time."""

    def rhs(_, u):
        return np.sqrt(lam * lam + 4 * u * u) * (s - u) / tau

    out, y = [u0], np.array([float(u0)])
    scale = max(abs(u0), s, abs(lam))
    for a, b in itertools.pairwise(times):
        sol = solve_ivp(rhs, (a, b), y, method="DOP853", rtol=RTOL, atol=RTOL * 1e-4 * scale)
        assert sol.success
        y = sol.y[:, -1]
        out.append(y[0])
    return np.array(out)


def decimal_time(u, s, u0, lam):
    """t(u) = (1/K) ln[G(u) / G(u0)] at 60 digits: the separated-variables integral, not the inversion."""
    with localcontext() as ctx:
        ctx.prec = 60
        s_, lam_ = Decimal(s), Decimal(lam)
        k = (lam_ * lam_ + 4 * s_ * s_).sqrt()

        def g(v):
            v = Decimal(v)
            return (lam_ * lam_ + 4 * s_ * v + k * (lam_ * lam_ + 4 * v * v).sqrt()) / abs(s_ - v)

        return float((g(u) / g(u0)).ln() / k)


CASES = [
    # (s, u0, lam, tau): small and large starts, both signs of lam, crossing, above target, near target
    (1.0, 1e-3, 0.0, 1.0),
    (1.0, 1e-3, 0.5, 1.0),
    (1.0, 1e-3, -0.5, 1.0),
    (2.0, 1e-8, 10.0, 1.0),
    (0.5, 0.3, -3.0, 2.0),
    (1.0, -1.0, 0.01, 1.0),  # reversal at small lam: crosses zero late
    (1.0, -1.0, -2.0, 1.0),
    (0.7, -5.0, 1.0, 0.5),
    (1.0, 3.0, 0.0, 1.0),  # above the target, lam = 0
    (1.0, 40.0, 2.0, 1.0),
    (1.0, 1.0 - 1e-9, 1.0, 1.0),  # next to the target
    (3.0, 1e-6, 300.0, 1.0),  # large |lam|: fast, lazy
    (1e-3, 1e-9, 1e-3, 1e-3),  # small scales and tau
    (5.0, 0.0, 0.2, 1.0),  # from the saddle itself (lam != 0 lets it leave)
]


@pytest.mark.parametrize(("s", "u0", "lam", "tau"), CASES)
def test_matches_dop853(s, u0, lam, tau):
    k = np.hypot(lam, 2 * s)
    t_end = tau * (40.0 / k + (np.log(s / abs(u0)) / s if lam == 0 and u0 > 0 else 0.0) + 5 / s)
    times = np.concatenate([[0.0], np.geomspace(t_end * 1e-6, t_end, 40)])
    ref = ode(times, s, u0, lam, tau)
    got = lambda_mode_strength(times, s, u0, lam, tau)
    # relative accuracy, except around a zero crossing (absolute, of the larger of s and |u0|)
    scale = np.maximum(np.abs(ref), max(s, abs(u0)) if u0 < 0 else 1e-300)
    np.testing.assert_array_less(np.abs(got - ref) / scale, 1e-10)
    assert got[0] == pytest.approx(u0, rel=1e-14, abs=1e-300)


EXTREME = [
    (1.0, 1e-3, 1e8),
    (1.0, 0.5, 1e200),  # |lam| far beyond 1e154 (where lam^2 overflows)
    (1.0, -1.0, 1e-9),
    (1e5, 1e-12 * 1e5, 3e-3),
    (1.0, -1e6, 5.0),  # a huge negative start
    (1.0, 1e6, 0.0),  # a huge start above the target
    (7.0, 1e-300, 1.0),
    (1e-200, 1e-210, 1e-201),  # everything tiny
]


@pytest.mark.parametrize(("s", "u0", "lam"), EXTREME)
def test_matches_decimal_implicit_formula_at_extremes(s, u0, lam):
    """Pick strengths between u0 and s, compute their times at 60 digits, and invert."""
    for frac in (1e-9, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-6):
        u = u0 + frac * (s - u0)
        if u in (u0, s):
            continue
        t = decimal_time(u, s, u0, lam)
        got = lambda_mode_strength(t, s, u0, lam)
        # the time was rounded to a double: allow the condition number |du/dt| |t| eps
        rate = np.sqrt(lam * lam + 4 * u * u) * abs(s - u)
        tol = 1e-13 * abs(u) + 4e-16 * rate * t + (1e-15 * max(s, abs(u0)) if u0 < 0 < u else 0.0)
        assert abs(got - u) <= tol, (frac, t, got, u)


def test_lam_zero_is_saxe_sigmoid_and_never_overflows():
    t = np.array([0.0, 0.1, 1.0, 10.0, 1e3, 1e300, np.inf])
    for s, u0 in ((1.0, 1e-3), (2.0, 1e-12), (0.5, 0.49), (3.0, 10.0)):
        with np.errstate(over="raise"):  # saxe_sigmoid itself never overflows either
            ref = saxe_sigmoid(t, s, u0)
        np.testing.assert_allclose(lambda_mode_strength(t, s, u0, 0.0), ref, rtol=1e-13)


def test_lam_zero_from_a_negative_start_decays_to_the_saddle():
    """u' = -2 u (s - u) for u < 0: u(t) = -s e^{-2st} / (s/|u0| + 1 - e^{-2st}), never crossing 0."""
    s, u0 = 1.5, -0.8
    t = np.array([0.0, 0.01, 0.5, 3.0, 30.0, 300.0])
    g = np.exp(-2 * s * t)
    ref = -s * g / (s / abs(u0) + 1 - g)
    got = lambda_mode_strength(t, s, u0, 0.0)
    np.testing.assert_allclose(got, ref, rtol=1e-13)
    assert np.all(got <= 0) and lambda_mode_strength(np.inf, s, u0, 0.0) == 0.0
    assert np.all(lambda_mode_strength(t, s, 0.0, 0.0) == 0.0)  # the saddle itself


def test_limits_shapes_and_sign_symmetry():
    t = np.geomspace(1e-3, 1e3, 24).reshape(4, 6)  # any shape of t
    for s, u0, lam in ((1.0, 1e-3, 2.0), (0.3, -2.0, 0.1), (1.0, 5.0, 7.0)):
        u = lambda_mode_strength(t, s, u0, lam)
        assert u.shape == (4, 6)
        np.testing.assert_array_equal(u, lambda_mode_strength(t, s, u0, -lam))  # only lam^2 matters
        assert lambda_mode_strength(np.inf, s, u0, lam) == s
    huge = lambda_mode_strength(np.array([0.0, 1e-3, 1.0, 1e300, np.inf]), 1.0, 1e-3, 1e300)
    assert np.all(np.isfinite(huge)) and huge[0] == 1e-3 and np.all(huge[1:] == 1.0)


def test_scale_invariance_of_the_ode():
    """u(t; c s, c u0, c lam) = c u(c t; s, u0, lam) (and tau rescales time)."""
    t = np.geomspace(1e-3, 30, 20)
    base = lambda_mode_strength(t, 0.8, -0.3, 0.4)
    for c in (1e-100, 1e-3, 7.0, 1e150):
        np.testing.assert_allclose(
            lambda_mode_strength(t / c, 0.8 * c, -0.3 * c, 0.4 * c) / c, base, rtol=1e-12, atol=1e-15
        )
    np.testing.assert_allclose(lambda_mode_strength(3 * t, 0.8, -0.3, 0.4, tau=3.0), base, rtol=1e-14)


@pytest.mark.parametrize("lam", [1e-4, 0.01, 1.0, -3.0, 1e3])
@pytest.mark.parametrize("s", [0.2, 1.0, 5.0])
def test_reversed_mode_crosses_zero_at_the_predicted_time(s, lam):
    k = np.hypot(lam, 2 * s)
    t_cross = np.log1p(k / abs(lam)) / k
    assert abs(lambda_mode_strength(t_cross, s, -s, lam)) <= 4e-16 * s
    assert lambda_mode_time(0.0, s, -s, lam) == pytest.approx(t_cross, rel=1e-13)


def test_mode_time_against_dop853_events():
    """Times at which the ODE reaches given strengths, by DOP853 event location."""
    for s, u0, lam, target in (
        (1.0, 1e-3, 0.5, 0.5),
        (1.0, -1.0, 0.2, 0.0),
        (2.0, 5.0, 1.0, 2.5),
        (1.0, 1e-6, 0.0, 0.5),
    ):

        def rhs(_, u, lam=lam, s=s):
            return np.sqrt(lam * lam + 4 * u * u) * (s - u)

        def hit(_, u, target=target):
            return u[0] - target

        sol = solve_ivp(rhs, (0, 100), [u0], method="DOP853", rtol=1e-13, atol=1e-20, events=hit)
        t_ref = sol.t_events[0][0]
        assert lambda_mode_time(target, s, u0, lam) == pytest.approx(t_ref, rel=1e-9)


def test_mode_time_is_the_inverse_and_marks_unreachable_strengths():
    for s, u0, lam in ((1.0, 1e-5, 0.0), (1.0, 1e-5, 3.0), (0.4, -2.0, 0.05), (1.0, 9.0, 1.0)):
        us = u0 + np.array([0.0, 1e-4, 0.3, 0.7, 0.999]) * (s - u0)
        t = lambda_mode_time(us, s, u0, lam)
        assert t[0] == 0.0 and np.all(np.diff(t) > 0)
        np.testing.assert_allclose(lambda_mode_strength(t, s, u0, lam), us, rtol=1e-11, atol=1e-15)
        assert lambda_mode_time(s, s, u0, lam) == np.inf
    assert lambda_mode_time(0.5, 1.0, -0.5, 0.0) == np.inf  # the saddle stops a lam = 0 mode
    # lam = 0 below the saddle: t = ln[|u0| (s + |u|) / (|u| (s + |u0|))] / (2 s)
    assert lambda_mode_time(-0.25, 1.0, -0.5, 0.0) == pytest.approx(
        np.log(0.5 * 1.25 / (0.25 * 1.5)) / 2, rel=1e-13
    )
    assert lambda_mode_time(0.3, 1.0, 0.0, 0.0) == np.inf
    # half time from a vanishing start: finite for lam != 0, ln(1/u0)/(2s) for lam = 0
    assert lambda_mode_time(0.5, 1.0, 1e-300, 1.0) < 1.0
    assert lambda_mode_time(0.5, 1.0, 1e-300, 0.0) == pytest.approx(np.log(1e300) / 2, rel=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"t": 1.0, "s": 0.0, "u0": 0.1, "lam": 1.0}, "s must be"),
        ({"t": 1.0, "s": 1.0, "u0": np.nan, "lam": 1.0}, "u0 must be"),
        ({"t": 1.0, "s": 1.0, "u0": 0.1, "lam": np.inf}, "lam must be"),
        ({"t": -1.0, "s": 1.0, "u0": 0.1, "lam": 1.0}, "t must be >= 0"),
        ({"t": [0.0, np.nan], "s": 1.0, "u0": 0.1, "lam": 1.0}, "nan"),
        ({"t": 1.0, "s": 1.0, "u0": 0.1, "lam": 1.0, "tau": 0.0}, "tau must be"),
    ],
)
def test_bad_input_is_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        lambda_mode_strength(**kwargs)


def test_mode_time_refuses_strengths_the_flow_never_visits():
    with pytest.raises(ValueError, match="not between u0"):
        lambda_mode_time(-0.1, 1.0, 0.1, 1.0)
    with pytest.raises(ValueError, match="not between u0"):
        lambda_mode_time(1.5, 1.0, 0.1, 1.0)
    with pytest.raises(ValueError, match="finite"):
        lambda_mode_time(np.nan, 1.0, 0.1, 1.0)


def decimal_log_g(v, s, lam):
    """ln G(v) of the implicit time formula, at 50 digits."""
    with localcontext() as ctx:
        ctx.prec = 50
        s_, lam_, v = Decimal(s), Decimal(lam), Decimal(v)
        k = (lam_ * lam_ + 4 * s_ * s_).sqrt()
        return ((lam_ * lam_ + 4 * s_ * v + k * (lam_ * lam_ + 4 * v * v).sqrt()) / abs(s_ - v)).ln(), k


@pytest.mark.parametrize(
    ("s", "u0", "lam", "kt"),
    [
        (1.0, 1e-3, 0.0, 3.0),
        (0.3, 1e-7, 0.02, 10.0),
        (2.0, 0.5, -7.0, 0.5),
        (5.0, 60.0, 1.0, 2.0),
        (1.0, 1e-3, 300.0, 0.01),  # lazy, early: u barely above u0
        (0.7, -0.7, 0.05, 1.0),
        (1.0, -3.0, 4.0, 20.0),
    ],
)
def test_a_few_ulps_from_a_50_digit_reference(s, u0, lam, kt):
    """The true u(t) lies within 8 ulps of the result: the 50-digit time formula, which increases
    monotonically from u0 towards s, puts t between the times of the result minus and plus 8 ulps."""
    t = kt / np.hypot(lam, 2 * s)
    got = float(lambda_mode_strength(t, s, u0, lam))
    delta = 8 * np.finfo(float).eps * (max(s, abs(u0)) if u0 < 0 else abs(got))  # negative starts: absolute
    with localcontext() as ctx:
        ctx.prec = 50
        base, k = decimal_log_g(u0, s, lam)
        times = [(decimal_log_g(got + sign * delta, s, lam)[0] - base) / k for sign in (-1, 1)]
        lo, hi = sorted(times)
        assert lo <= Decimal(t) <= hi


# ------------------------------------------------------------------ representations from the function
SHAPES = [(3, 3, 3), (5, 3, 3), (3, 3, 5), (6, 2, 2), (2, 2, 6), (1, 1, 1), (4, 1, 1)]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("lam", [-5.0, -0.3, 0.0, 0.7, 5.0])
def test_representations_along_an_independent_integration_of_the_weights(shape, lam):
    """Integrate the weights' gradient flow (DOP853, rtol 1e-12) from a random lambda-balanced start,
    then compare both representations with the formulas applied to the integrated W2 W1."""
    n_in, n_hidden, n_out = shape
    rng = np.random.default_rng(abs(hash((shape, lam))) % 2**32)
    task = ed.tasks.random_regression(n_in, n_out, 2 * n_in + 2, seed=rng)
    w1, w2 = ed.initialisations.lambda_balanced(n_in, n_hidden, n_out, 0.8, lam, rng)
    times = np.array([0.0, 0.05, 0.3, 1.0, 4.0])
    qqt = integrate_weights(w1, w2, task.sigma_yx, times)
    w1tw1, w2w2t = representations_from_network_function(qqt[:, n_in:, :n_in], lam)
    scale = np.linalg.norm(qqt, axis=(-2, -1))[:, None, None]
    np.testing.assert_array_less(np.abs(w1tw1 - qqt[:, :n_in, :n_in]) / scale, 1e-9)
    np.testing.assert_array_less(np.abs(w2w2t - qqt[:, n_in:, n_in:]) / scale, 1e-9)


def test_representations_of_hand_built_balanced_weights():
    """W1 = R diag(b) V^T, W2 = U diag(a) R^T with a b = s, a^2 - b^2 = lam, written out directly."""
    rng = np.random.default_rng(3)
    u, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    v, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    r, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    s = np.array([3.0, 1.0, 0.2, 1e-3])
    for lam in (-40.0, -1.0, 0.0, 2.0, 1e4):
        root = np.sqrt(lam**2 + 4 * s**2)
        if lam >= 0:  # the larger factor first (the other by division): no cancellation
            a = np.sqrt((root + lam) / 2)
            b = s / a
        else:
            b = np.sqrt((root - lam) / 2)
            a = s / b
        assert np.allclose(a**2 - b**2, lam, rtol=1e-14, atol=1e-14)
        w1 = r @ np.diag(b) @ v[:, :4].T
        w2 = u @ np.diag(a) @ r.T
        got1, got2 = representations_from_network_function(w2 @ w1, lam)
        np.testing.assert_allclose(got1, w1.T @ w1, atol=1e-12 * max(1, abs(lam)))
        np.testing.assert_allclose(got2, w2 @ w2.T, atol=1e-12 * max(1, abs(lam)))


def test_representations_refuse_what_the_function_does_not_determine():
    w = np.zeros((2, 5))
    w[0, 0] = 1.0  # rank 1 of 2: which input direction carries |lam| is free when lam < 0
    with pytest.raises(ValueError, match="not determined"):
        representations_from_network_function(w, -1.0)
    w1tw1, w2w2t = representations_from_network_function(w, 1.0)  # lam > 0: the output side is complete
    np.testing.assert_allclose(w2w2t, np.diag([(np.sqrt(5) + 1) / 2, 1.0]))
    expected = np.zeros((5, 5))
    expected[0, 0] = (np.sqrt(5) - 1) / 2
    np.testing.assert_allclose(w1tw1, expected, atol=1e-15)
    with pytest.raises(ValueError, match="finite"):
        representations_from_network_function(np.full((2, 2), np.nan), 1.0)
    with pytest.raises(ValueError, match="lam must be finite"):
        representations_from_network_function(np.eye(2), np.inf)
