"""Infinite-width theory of the learning rules (exactdln.learning_rule_theory) against independent
references: 1-D quadrature, closed forms, ExactSolution, DOP853 integrations and wide networks."""

import numpy as np
import pytest

from exactdln import lazy_kernels as lk
from exactdln import learning_rule_theory as th
from exactdln import learning_rules as lr
from exactdln import linear_feedback as lf
from exactdln import rule_networks as rn

# ---------------------------------------------------------------------------- lazy kernels


def reference_expectations(h):
    """E[relu(u) relu(v)] and P(u > 0, v > 0) for (u, v) ~ N(0, h), as 1-D integrals over u of the
    conditional Gaussian moments of v given u (scipy.integrate.quad)."""
    from scipy.integrate import quad
    from scipy.stats import norm

    q1, q2, c = h[0, 0], h[1, 1], h[0, 1]
    slope, sd = c / q1, np.sqrt(q2 - c * c / q1)  # v | u ~ N(slope u, sd^2)

    def relu_given(u):
        m = slope * u
        return m * norm.cdf(m / sd) + sd * norm.pdf(m / sd)

    density = norm(scale=np.sqrt(q1)).pdf
    relu, _ = quad(lambda u: u * relu_given(u) * density(u), 0, np.inf, epsabs=1e-13, epsrel=1e-12)
    step, _ = quad(lambda u: norm.cdf(slope * u / sd) * density(u), 0, np.inf, epsabs=1e-13, epsrel=1e-12)
    return relu, step


@pytest.mark.parametrize(("q1", "q2", "c"), [(1.0, 1.0, 0.3), (2.0, 0.5, -0.7), (0.7, 1.3, 0.95)])
def test_relu_expectations_against_quadrature(q1, q2, c):
    h = np.array([[q1, c * np.sqrt(q1 * q2)], [c * np.sqrt(q1 * q2), q2]])
    phi, dphi = lk.relu_expectations(h)
    relu, step = reference_expectations(h)
    assert np.isclose(phi[0, 1], relu, rtol=1e-10)
    assert np.isclose(dphi[0, 1], step, rtol=1e-10)
    assert np.isclose(phi[0, 0], q1 / 2) and np.isclose(dphi[1, 1], 0.5)  # E[relu(u)^2] = q/2 exactly


def circle_kernel(n=9):
    theta = np.linspace(0, np.pi, n)
    x = np.sqrt(2) * np.stack([np.cos(theta), np.sin(theta)])
    return theta, x, x.T @ x / 2


@pytest.mark.parametrize("depth", [1, 2, 4])
@pytest.mark.parametrize("rho", [0.0, 0.3, 1.0])
def test_linear_fa_lazy_kernel_weights_layers_by_rho(depth, rho):
    _, _, kx = circle_kernel()
    k = lk.lazy_kernels("fa", kx, depth, "linear", rho)
    assert np.allclose(k.ntk, sum(rho ** (depth - ell) for ell in range(depth + 1)) * kx, rtol=0, atol=1e-13)
    # G~_l(0) = rho^(L + 1 - l): the readout feedback contributes a factor rho too
    for ell in range(1, depth + 1):
        assert np.allclose(k.g_tilde[ell - 1], rho ** (depth + 1 - ell))


def test_rules_lazy_kernels_relations():
    _, _, kx = circle_kernel()
    gd = lk.lazy_kernels("gd", kx, 3, "relu")
    assert np.allclose(lk.lazy_kernels("fa", kx, 3, "relu", 1.0).ntk, gd.ntk)
    for rule, rho in (("fa", 0.0), ("dfa", None), ("hebb", None)):
        assert np.allclose(lk.lazy_kernels(rule, kx, 3, "relu", rho).ntk, gd.phi[-1])  # last layer only
    # the ReLU NTK on the diagonal: (L + 1) 2^-L
    assert np.allclose(np.diag(gd.ntk), 4 / 8)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_gln_lazy_kernel_closed_form(depth):
    theta, _, kx = circle_kernel(17)
    k = lk.lazy_kernels("gln", kx, depth, "relu")
    assert np.allclose(k.ntk[0], lk.gln_lazy_kernel(theta, depth), rtol=0, atol=1e-14)
    with pytest.raises(ValueError, match=r"\[0, pi\]"):
        lk.gln_lazy_kernel([4.0], depth)


@pytest.mark.parametrize(
    ("rule", "rho", "activation"),
    [
        ("gd", None, "relu"),
        ("fa", 0.5, "relu"),
        ("dfa", None, "relu"),
        ("hebb", None, "relu"),
        ("gln", None, "relu"),
        ("fa", 0.5, "linear"),
    ],
)
def test_lazy_kernels_match_wide_networks(rule, rho, activation):
    """Initial eNTK of wide networks (seed mean) against the lazy theory, within a few finite-width errors."""
    _, x, kx = circle_kernel(5)
    n = 1500
    net = rn.init_networks(rule, n_in=2, width=n, depth=2, n_seeds=4, seed=11, activation=activation, rho=rho)
    k = lr.kernels(net, x, np.zeros(5)).ntk.mean(axis=0)
    theory = lk.lazy_kernels(rule, kx, 2, activation, rho).ntk
    assert np.abs(k - theory).max() < 6 / np.sqrt(4 * n) * max(1.0, np.abs(theory).max())


def test_lazy_kernels_refuse_bad_input():
    _, _, kx = circle_kernel()
    with pytest.raises(ValueError, match="closed form for activation"):
        lk.lazy_kernels("gd", kx, 2, "tanh")
    with pytest.raises(ValueError, match="symmetric"):
        lk.lazy_kernels("gd", np.triu(kx) + 1.0, 2)
    with pytest.raises(ValueError, match="rule must be one of"):
        lk.lazy_kernels("bp", kx, 2)
    with pytest.raises(ValueError, match="needs rho"):
        lk.lazy_kernels("fa", kx, 2)


# ---------------------------------------------------------------------------- two-layer closures
TIMES = np.linspace(0, 12, 49)


@pytest.mark.parametrize("gamma0", [1e-3, 0.3, 2.0, 50.0])
@pytest.mark.parametrize("y", [1.0, -0.5, 3.0])
def test_gd_closure_is_a_lambda_balanced_exact_solution(gamma0, y):
    ode = th.two_layer_gd_closure(y, gamma0, TIMES)
    exact = th.two_layer_gd_exact(y, gamma0, TIMES)
    assert np.abs(ode.delta - exact.delta).max() <= 1e-10 * max(1, abs(y))
    assert np.abs(ode.h - exact.h).max() <= 1e-10 * max(1, gamma0 * abs(y))
    sol = th.gd_exact_solution(y, gamma0)
    assert np.isclose(sol.lam, 2.0)
    # conserved: H^2 - (gamma0 f)^2 = lam^2 / 4 = 1
    assert np.allclose(
        exact.h**2 - (gamma0 * (y - exact.delta)) ** 2, 1.0, atol=1e-9 * max(1, gamma0 * y) ** 2
    )


def test_printed_eq7_is_twice_slower():
    slow = th.two_layer_gd_closure(1.0, 1.0, 2 * TIMES, factor=1.0)
    fast = th.two_layer_gd_closure(1.0, 1.0, TIMES)
    assert np.allclose(slow.delta, fast.delta, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("rho", [0.0, 0.4, 1.0])
def test_fa_closure_is_the_deep_closure_at_depth_one(rho):
    two = th.two_layer_fa_closure(0.8, 1.5, rho, TIMES)
    deep = th.deep_linear_closure(np.array([0.8]), gamma0=1.5, depth=1, times=TIMES, rho=rho)
    assert np.allclose(two.delta, 0.8 - deep.outputs[:, 0], atol=1e-9)
    assert np.allclose(two.g_tilde, deep.g_tilde[:, 0], atol=1e-9)
    assert np.allclose(two.h - 1, deep.phi_rank_one[:, 1] * deep.s[:, 0] ** 2, atol=1e-9)  # H_y = 1 + a^2


@pytest.mark.parametrize(("rule", "rho"), [("gd", None), ("fa", 0.0), ("fa", 1.0), ("hebb", None)])
@pytest.mark.parametrize("gamma0", [0.05, 1.0, 8.0])
def test_final_feature_change_is_the_long_time_closure(rule, rho, gamma0):
    t_end = th.convergence_time(rule, 1.0, gamma0, rho, tol=1e-12)
    closure = th.two_layer_closure(rule, 1.0, gamma0, [0.0, t_end], rho)
    assert np.isclose(th.final_feature_change(rule, gamma0, 1.0, rho), closure.h[-1] - 1, rtol=1e-7)
    assert np.isclose(abs(closure.delta[-1]), 1e-12, rtol=1e-3)


def test_feature_change_limits():
    # small gamma0: GD gamma0^2/2, FA gamma0^2/(1+rho)^2, Hebb gamma0 (Eq. 8 at first order)
    g = 1e-3
    assert np.isclose(th.final_feature_change("gd", g), g**2 / 2, rtol=1e-5)
    assert np.isclose(th.final_feature_change("fa", g, rho=1.0), g**2 / 4, rtol=1e-5)
    assert np.isclose(th.final_feature_change("hebb", g), g, rtol=1e-2)
    # large gamma0: GD ~ gamma0, FA ~ (2 gamma0)^(2/3)
    g = 1e6
    assert np.isclose(th.final_feature_change("gd", g), g, rtol=1e-5)
    assert np.isclose(th.final_feature_change("fa", g, rho=0.0), (2 * g) ** (2 / 3), rtol=1e-3)
    assert th.final_feature_change("gd", 1.0, y=0.0) == 0.0


@pytest.mark.parametrize(("rule", "rho"), [("gd", None), ("fa", 0.0), ("fa", 1.0), ("hebb", None)])
def test_two_layer_closures_match_wide_networks(rule, rho):
    """Seed-mean error Delta(t) of wide paired networks (RK4) against the closure."""
    x = np.ones((1, 1))
    net = rn.init_networks(
        rule, n_in=1, width=4096, depth=1, n_seeds=8, seed=3, gamma0=1.5, rho=rho, paired=True
    )
    traj = lr.train(net, x, [1.0], dt=0.05, n_steps=80, record=range(0, 81, 8), method="rk4")
    closure = th.two_layer_closure(rule, 1.0, 1.5, traj.times, rho)
    assert np.abs((1 - traj.outputs[:, :, 0]).mean(axis=1) - closure.delta).max() < 0.01
    h_net = traj.phi[:, :, 1, 0, 0].mean(axis=1)
    assert np.abs(h_net - closure.h).max() < 0.03
    g_net = np.array([np.mean(g[:, 0, 0, 0]) for g in traj.g_tilde])
    assert np.abs(g_net - closure.g_tilde).max() < 0.03


def test_two_layer_closures_refuse_bad_input():
    with pytest.raises(ValueError, match="rule must be one of"):
        th.two_layer_closure("dfa", 1.0, 1.0, TIMES)
    with pytest.raises(ValueError, match="only used by rule 'fa'"):
        th.two_layer_closure("gd", 1.0, 1.0, TIMES, rho=0.5)
    with pytest.raises(ValueError, match="gamma0"):
        th.two_layer_gd_closure(1.0, 0.0, TIMES)
    with pytest.raises(ValueError, match=">= 0"):
        th.two_layer_hebb_closure(1.0, 1.0, [-1.0, 0.0])
    with pytest.raises(ValueError, match="y must be finite"):
        th.two_layer_fa_closure(np.nan, 1.0, 0.5, TIMES)
    with pytest.raises(ValueError, match="tol"):
        th.convergence_time("gd", 1.0, 1.0, tol=2.0)


# ---------------------------------------------------------------------------- deep linear FA / DFA closure
Y = np.array([1.0, -0.5, 0.7])


@pytest.mark.parametrize("depth", [1, 2, 4])
@pytest.mark.parametrize("rho", [0.0, 0.5, 1.0])
def test_deep_closure_identities(depth, rho):
    """kappa = 1 + sum_l G~_l (computed by separate recursions), and df/dt = K Delta with the recorded K."""
    t = np.linspace(0, 1.5, 151)
    c = th.deep_linear_closure(Y, gamma0=1.2, depth=depth, times=t, rho=rho)
    assert np.allclose(c.kappa, 1 + c.g_tilde.sum(axis=1), rtol=1e-12, atol=1e-12)
    dfdt = np.gradient(c.outputs, t, axis=0, edge_order=2)
    kd = np.einsum("tij,tj->ti", c.ntk, Y - c.outputs)
    assert np.abs(dfdt - kd)[2:-2].max() < 2e-3 * np.abs(kd).max()
    assert np.allclose(c.g_tilde[0], rho ** (depth + 1 - np.arange(1, depth + 1)))


def test_deep_dfa_closure_is_the_rho_zero_one():
    t = np.linspace(0, 2, 9)
    dfa = th.deep_linear_closure(Y, gamma0=0.9, depth=3, times=t, rule="dfa")
    fa = th.deep_linear_closure(Y, gamma0=0.9, depth=3, times=t, rule="fa", rho=0.0)
    assert np.allclose(dfa.outputs, fa.outputs, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("rule", "rho"), [("fa", 0.6), ("dfa", None)])
def test_deep_closure_is_the_wide_network_limit(rule, rho):
    """Squared network-closure gap of the outputs falls like 1/N (networks: the reduced exact simulation)."""
    x = np.sqrt(3) * np.eye(3)
    steps = np.arange(0, 41, 8)
    closure = th.deep_linear_closure(Y, gamma0=1.3, depth=3, times=0.025 * steps, rule=rule, rho=rho)
    gaps = []
    for n in (128, 1024):
        net = rn.init_networks(rule, n_in=3, width=n, depth=3, n_seeds=8, seed=4, gamma0=1.3, rho=rho)
        traj = lf.train_linear_feedback(net, x, Y, dt=0.025, n_steps=40, record=steps)
        gaps.append(np.mean((traj.outputs - closure.outputs[:, None, :]) ** 2))
        g = traj.g_tilde[:, :, :, 0, 0].mean(axis=1)
        assert np.abs(g - closure.g_tilde).max() < 8 / np.sqrt(n)
    assert 3 < gaps[0] / gaps[1] < 25  # 8 expected for a 1/N law, with seed noise


def test_deep_closure_refuses_bad_input():
    with pytest.raises(ValueError, match="rules 'fa' and 'dfa'"):
        th.deep_linear_closure(Y, gamma0=1.0, depth=2, times=[0, 1], rule="gd")
    with pytest.raises(ValueError, match="only used by rule 'fa'"):
        th.deep_linear_closure(Y, gamma0=1.0, depth=2, times=[0, 1], rule="dfa", rho=0.5)
    with pytest.raises(ValueError, match="1-D array of targets"):
        th.deep_linear_closure(np.ones((2, 2)), gamma0=1.0, depth=2, times=[0, 1], rho=0.5)
    with pytest.raises(ValueError, match="depth"):
        th.deep_linear_closure(Y, gamma0=1.0, depth=0, times=[0, 1], rho=0.5)
