"""Networks in NTK parameterisation, gradient descent and the linearised model (exactdln.linearisation).

References: central finite differences of the outputs and of the loss (with
a step study), gradient descent on the explicitly linearised model in
parameter space, a DOP853 integration of the linearised linear network's
weight ODE, and the exact solution of the full linear network. Stochastic
gradient descent: a step computed by hand, full-batch gradient descent
(batch = P), and SGD on the explicitly linearised model driven by the same
minibatches.
"""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import exactdln as ed
from exactdln.activations import NAMES
from exactdln.linearisation import (
    linearised_gd,
    linearised_linear_network,
    linearised_sgd,
    minibatches,
    relative_ntk_change,
    relative_weight_change,
    train_gd,
    train_sgd,
)
from exactdln.schedules import even_steps, record_steps
from exactdln.wide_networks import MLP, TwoLayer, init_mlp, init_two_layer


def inputs(d=3, p=5, seed=0):
    x = np.random.default_rng(seed).standard_normal((d, p))
    return x * np.sqrt(d) / np.linalg.norm(x, axis=0)


def fd_jacobian(net, x, activation, h):
    """Per-item gradients from central differences of the outputs, ``(S, P, n_params)``."""
    theta = net.flat()
    cols = []
    for j in range(theta.shape[1]):
        e = np.zeros_like(theta)
        e[:, j] = h
        cols.append(
            (net.unflat(theta + e).outputs(x, activation) - net.unflat(theta - e).outputs(x, activation))
            / (2 * h)
        )
    return np.stack(cols, axis=-1)


NETWORKS = {
    "two_layer": lambda d: init_two_layer(d, 5, 2, 1),
    "two_layer_width1": lambda d: init_two_layer(d, 1, 2, 4),
    "mlp": lambda d: init_mlp(d, 4, 2, 2),
}


@pytest.mark.parametrize("kind", sorted(NETWORKS))
@pytest.mark.parametrize("activation", NAMES)
def test_jacobian_and_ntk_match_finite_differences(kind, activation):
    x = inputs()
    net = NETWORKS[kind](3)
    jac = net.jacobian(x, activation)
    fd = fd_jacobian(net, x, activation, 1e-6)
    np.testing.assert_allclose(jac, fd, rtol=0, atol=1e-8)
    ntk = net.ntk(x, activation)
    np.testing.assert_allclose(ntk, fd @ np.swapaxes(fd, 1, 2), rtol=0, atol=1e-8)
    # kernel between two different sets of points
    x2 = inputs(p=2, seed=5)
    np.testing.assert_allclose(
        net.ntk(x, activation, x2), jac @ np.swapaxes(net.jacobian(x2, activation), 1, 2), rtol=0, atol=1e-12
    )


def test_finite_difference_step_study_for_the_jacobian():
    """The central-difference error falls as h^2 (tanh): the analytic gradient is right, not just close."""
    x = inputs()
    net = init_two_layer(3, 5, 1, 3)
    jac = net.jacobian(x, "tanh")
    errors = [np.abs(fd_jacobian(net, x, "tanh", h) - jac).max() for h in (1e-2, 1e-3)]
    assert errors[1] < errors[0] / 50


def test_known_outputs():
    w = np.array([[[1.0, -2.0], [0.5, 0.0]]])  # d = 2, m = 2
    a = np.array([[1.0, 3.0]])
    x = np.array([[1.0], [1.0]]) * np.sqrt(2)  # h = (-1, 0.5)
    net = TwoLayer(w, a)
    assert net.outputs(x, "relu")[0, 0] == pytest.approx(3 * 0.5 / np.sqrt(2))
    assert net.outputs(x, "tanh")[0, 0] == pytest.approx((np.tanh(-1.0) + 3 * np.tanh(0.5)) / np.sqrt(2))
    assert net.outputs(x, "linear")[0, 0] == pytest.approx((-1.0 + 1.5) / np.sqrt(2))
    # the linear MLP is the product of its matrices, scaled
    mlp = init_mlp(2, 3, 1, 0)
    expect = mlp.v[0] @ mlp.w2[0] @ mlp.w1[0] @ x[:, 0] / (3 * np.sqrt(2))
    assert mlp.outputs(x, "linear")[0, 0] == pytest.approx(expect)


@pytest.mark.parametrize("activation", NAMES)
@pytest.mark.parametrize(("scale", "center"), [(1.0, False), (7.0, True), (0.3, False)])
def test_one_step_is_minus_eta_times_the_numerical_gradient(activation, scale, center):
    x, y = inputs(), np.random.default_rng(1).standard_normal(5)
    net = init_two_layer(3, 4, 2, 7)
    eta = 0.3
    run = train_gd(net, x, y, activation=activation, eta=eta, n_steps=1, scale=scale, center=center)
    f0 = net.outputs(x, activation)

    def loss(theta):
        out = net.unflat(theta).outputs(x, activation)
        big_f = scale * (out - (f0 if center else 0.0))
        return 0.5 * np.mean((big_f - y) ** 2, axis=-1) / scale**2

    theta, h = net.flat(), 1e-6
    grad = np.zeros_like(theta)
    for j in range(theta.shape[1]):
        e = np.zeros_like(theta)
        e[:, j] = h
        grad[:, j] = (loss(theta + e) - loss(theta - e)) / (2 * h)
    np.testing.assert_allclose(run.final.flat() - theta, -eta * grad, rtol=0, atol=1e-8)
    np.testing.assert_allclose(run.train[0], scale * (f0 - (f0 if center else 0.0)), atol=1e-14)


def test_mlp_step_is_minus_eta_times_the_numerical_gradient():
    x, y = inputs(d=4, p=6), np.random.default_rng(2).standard_normal(6)
    net = init_mlp(4, 3, 2, 3)
    run = train_gd(net, x, y, activation="tanh", eta=0.2, n_steps=1)

    def loss(theta):
        return 0.5 * np.mean((net.unflat(theta).outputs(x, "tanh") - y) ** 2, axis=-1)

    theta, h = net.flat(), 1e-6
    grad = np.stack(
        [(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in np.eye(theta.shape[1])], -1
    )
    np.testing.assert_allclose(run.final.flat() - theta, -0.2 * grad, rtol=0, atol=1e-8)


@pytest.mark.parametrize("kind", ["two_layer", "mlp"])
@pytest.mark.parametrize("activation", NAMES)
def test_linearised_gd_equals_gradient_descent_on_the_explicit_linear_model(kind, activation):
    """The closed form against the discrete update in parameter space, F_lin = F_0 + J (theta - theta_0).

    P = 7 points and up to 18 parameters: the kernel is rank-deficient for the
    linear activation (rank <= d), which the closed form must handle."""
    d, p, q = 3, 7, 4
    x, xt = inputs(d, p, 3), inputs(d, q, 4)
    y = np.random.default_rng(5).standard_normal(p)
    net = init_two_layer(d, 4, 2, 6) if kind == "two_layer" else init_mlp(d, 3, 2, 6)
    jac, jac_t = net.jacobian(x, activation), net.jacobian(xt, activation)
    f0, f0t = net.outputs(x, activation), net.outputs(xt, activation)
    eta, steps = 1.3, [0, 1, 2, 10, 57]
    lin, lin_t = linearised_gd(
        net.ntk(x, activation),
        f0,
        y,
        eta=eta,
        steps=steps,
        ntk_test_train=net.ntk(xt, activation, x),
        f0_test=f0t,
    )
    dtheta = np.zeros((2, jac.shape[-1]))
    for k in range(max(steps) + 1):
        if k in steps:
            i = steps.index(k)
            # (eta is above the stability limit for some seeds: the closed form follows the divergence too)
            np.testing.assert_allclose(
                lin[i], f0 + np.einsum("spn,sn->sp", jac, dtheta), rtol=1e-10, atol=1e-11
            )
            np.testing.assert_allclose(
                lin_t[i], f0t + np.einsum("sqn,sn->sq", jac_t, dtheta), rtol=1e-10, atol=1e-11
            )
        res = f0 + np.einsum("spn,sn->sp", jac, dtheta) - y
        dtheta -= eta / p * np.einsum("spn,sp->sn", jac, res)


def test_linearised_gd_long_times_and_vanishing_steps():
    """Many steps converge to the fit of the training targets; tiny steps give the first-order change."""
    x = inputs(3, 4, 8)
    y = np.array([1.0, -1.0, 0.5, 0.0])
    net = init_two_layer(3, 50, 1, 1)
    k = net.ntk(x, "tanh")
    f0 = net.outputs(x, "tanh")
    lin, _ = linearised_gd(k, f0, y, eta=1.0, steps=[10**6])
    np.testing.assert_allclose(lin[0, 0], y, atol=1e-10)
    lin, _ = linearised_gd(k, f0, y, eta=1e-12, steps=[3])
    expect = f0 - 3e-12 / 4 * (k @ (f0 - y)[..., None])[..., 0]
    np.testing.assert_allclose(lin[0], expect, rtol=0, atol=1e-14)


@pytest.mark.parametrize("activation", ["tanh", "linear"])
def test_wide_networks_follow_their_linearisation_at_rate_one_over_width(activation):
    """The gap shrinks about 4x per 4x width (smooth activations); slope in [-1.3, -0.7]."""
    x, xt = inputs(4, 8, 9), inputs(4, 8, 10)
    y = np.sin(np.arange(8.0))
    gaps = []
    for m in (128, 512, 2048):
        net = init_two_layer(4, m, 4, m)
        run = train_gd(net, x, y, activation=activation, eta=1.0, n_steps=40, record=[40], x_test=xt)
        _, lin_t = linearised_gd(
            net.ntk(x, activation),
            net.outputs(x, activation),
            y,
            eta=1.0,
            steps=[40],
            ntk_test_train=net.ntk(xt, activation, x),
            f0_test=net.outputs(xt, activation),
        )
        gaps.append(np.sqrt(np.mean((run.test[0] - lin_t[0]) ** 2)))
    slope = np.polyfit(np.log([128, 512, 2048]), np.log(gaps), 1)[0]
    assert -1.3 < slope < -0.7


def test_output_scale_linearises_at_rate_one_over_alpha_and_doubling_at_one_over_alpha_squared():
    x = inputs(4, 6, 11)
    y = np.cos(np.arange(6.0))
    rates = {}
    for doubling in (False, True):
        net = init_two_layer(4, 32, 3, 12, doubling=doubling)
        gaps = []
        for alpha in (30.0, 300.0):
            run = train_gd(
                net,
                x,
                y,
                activation="tanh",
                eta=1.0,
                n_steps=30,
                record=[0, 30],
                scale=alpha,
                center=not doubling,
            )
            lin, _ = linearised_gd(net.ntk(x, "tanh"), run.train[0], y, eta=1.0, steps=[30])
            gaps.append(np.sqrt(np.mean((run.train[-1] - lin[0]) ** 2)))
        rates[doubling] = np.log10(gaps[0] / gaps[1])
    assert rates[False] == pytest.approx(1.0, abs=0.1)
    assert rates[True] == pytest.approx(2.0, abs=0.1)


def test_doubling_start_has_zero_output_and_mirrored_neurons():
    net = init_two_layer(3, 6, 2, 0, doubling=True)
    np.testing.assert_array_equal(net.w[:, :3], net.w[:, 3:])
    np.testing.assert_array_equal(net.a[:, :3], -net.a[:, 3:])
    np.testing.assert_allclose(net.outputs(inputs(), "tanh"), 0.0, atol=1e-15)


def test_seeds_train_independently():
    x, y = inputs(), np.arange(5.0)
    net = init_two_layer(3, 6, 3, 0)
    run = train_gd(net, x, y, activation="tanh", eta=0.5, n_steps=20, record=5)
    for s in range(3):
        one = TwoLayer(net.w[s : s + 1], net.a[s : s + 1])
        alone = train_gd(one, x, y, activation="tanh", eta=0.5, n_steps=20, record=5)
        np.testing.assert_allclose(alone.train[:, 0], run.train[:, s], rtol=0, atol=1e-13)
    assert run.steps.tolist() == [0, 5, 10, 15, 20]
    np.testing.assert_allclose(run.times, 0.5 * run.steps)


def test_relative_changes():
    net = TwoLayer(np.ones((1, 2, 2)), np.ones((1, 2)))
    moved = TwoLayer(np.ones((1, 2, 2)), np.array([[1.0, 1.0 + np.sqrt(6.0)]]))
    assert relative_weight_change(net, moved)[0] == pytest.approx(1.0)
    k0 = np.eye(2)[None]
    assert relative_ntk_change(k0, 2 * k0)[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        relative_ntk_change(k0, np.eye(3)[None])


def test_linearised_linear_network_matches_an_integration_of_the_weight_ode():
    """Closed form against DOP853 on the linearised weights (dW1 = w2^T E, dW2 = E w1^T), incl. a
    rank-deficient kernel (n_hidden < n_in, n_out) whose unlearnable error survives at t = inf."""
    rng = np.random.default_rng(0)
    for n_in, n_h, n_out in ((3, 4, 2), (4, 2, 3)):
        w1, w2 = rng.standard_normal((n_h, n_in)), rng.standard_normal((n_out, n_h))
        syx = rng.standard_normal((n_out, n_in))

        def rhs(_, z, w1=w1, w2=w2, syx=syx, n_h=n_h, n_in=n_in):
            d1, d2 = z[: n_h * n_in].reshape(n_h, n_in), z[n_h * n_in :].reshape(-1, n_h)
            e = syx - (w2 @ w1 + d2 @ w1 + w2 @ d1)
            return np.concatenate([(w2.T @ e).ravel(), (e @ w1.T).ravel()])

        times = np.array([0.0, 0.1, 1.0, 5.0])
        sol = solve_ivp(
            rhs,
            (0, 5),
            np.zeros(n_h * n_in + n_out * n_h),
            method="DOP853",
            t_eval=times,
            rtol=1e-12,
            atol=1e-14,
        )
        for k, t in enumerate(times):
            d1 = sol.y[: n_h * n_in, k].reshape(n_h, n_in)
            d2 = sol.y[n_h * n_in :, k].reshape(n_out, n_h)
            np.testing.assert_allclose(
                linearised_linear_network(w1, w2, syx, t), w2 @ w1 + d2 @ w1 + w2 @ d1, rtol=0, atol=1e-9
            )
        final = linearised_linear_network(w1, w2, syx, np.inf)
        np.testing.assert_allclose(final, linearised_linear_network(w1, w2, syx, 1e4), atol=1e-9)
        # tau rescales time
        np.testing.assert_allclose(
            linearised_linear_network(w1, w2, syx, 2.0, tau=2.0),
            linearised_linear_network(w1, w2, syx, 1.0),
            atol=1e-14,
        )


def test_linearised_linear_network_against_the_exact_network_over_lambda():
    """A lambda-balanced network and its linearisation: the gap falls like 1/lam^2 and vanishes at t = inf."""
    task = ed.tasks.random_regression(n_in=4, n_out=3, n_items=8, seed=1)
    times = np.concatenate([np.geomspace(1e-5, 1e2, 300), [np.inf]])
    sup = []
    for lam in (20.0, 40.0):
        w1, w2 = ed.initialisations.lambda_balanced(4, 3, 3, 0.3, lam, seed=2)
        sol = ed.ExactSolution.from_task(w1, w2, task)
        gap = np.linalg.norm(
            sol.network_function(times) - linearised_linear_network(w1, w2, task.sigma_yx, times), axis=(1, 2)
        )
        assert gap[-1] < 1e-12
        sup.append(gap.max())
    assert np.log2(sup[0] / sup[1]) == pytest.approx(2.0, abs=0.1)


def test_record_steps():
    assert record_steps(None, 3).tolist() == [0, 1, 2, 3]
    assert record_steps(2, 5).tolist() == [0, 2, 4, 5]
    assert record_steps([5, 0, 5], 5).tolist() == [0, 5]
    with pytest.raises(ValueError, match="record steps"):
        record_steps([6], 5)


def test_minibatches_are_seeded_permutations_per_epoch():
    b = minibatches(6, 3, 8, 2, 0)  # 8 steps of 3 items: 4 epochs of 6 items, per seed
    assert b.shape == (8, 2, 3) and b.dtype.kind == "i"
    for s in range(2):
        stream = b[:, s].ravel()
        for epoch in range(4):
            assert sorted(stream[6 * epoch : 6 * epoch + 6]) == list(range(6))
    assert not np.array_equal(b[:, 0], b[:, 1])  # every network has its own stream
    np.testing.assert_array_equal(b, minibatches(6, 3, 8, 2, 0))  # the seed fixes the stream
    full = minibatches(5, 5, 3, 1, 4)
    assert all(sorted(full[k, 0]) == list(range(5)) for k in range(3))  # b = P: the whole set
    straddle = minibatches(5, 2, 5, 1, 1)[:, 0].ravel()  # b does not divide P
    assert sorted(straddle[:5]) == list(range(5)) and sorted(straddle[5:]) == list(range(5))


@pytest.mark.parametrize("activation", NAMES)
def test_sgd_step_by_hand(activation):
    """One step of the two-layer network's SGD from the hand-written gradient of the batch loss."""
    d, p, m, s = 3, 5, 4, 2
    x, y = inputs(d, p, 8), np.random.default_rng(9).standard_normal(p)
    net = init_two_layer(d, m, s, 3)
    batches = np.array([[[0, 3], [4, 1]]])  # one step, batch (0, 3) for seed 0 and (4, 1) for seed 1
    eta = 0.7
    run = train_sgd(net, x, y, activation=activation, eta=eta, batches=batches)
    phi = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "linear": lambda z: z}[activation]
    dphi = {
        "tanh": lambda z: 1 - np.tanh(z) ** 2,
        "relu": lambda z: (z > 0).astype(float),
        "linear": np.ones_like,
    }[activation]
    for k in range(s):
        w, a = net.w[k], net.a[k]
        batch = batches[0, k]
        xb = x[:, batch]
        h = w @ xb / np.sqrt(d)  # (m, b)
        r = (a @ phi(h) / np.sqrt(m) - y[batch]) / len(batch)  # dL_B / df
        grad_a = phi(h) @ r / np.sqrt(m)
        grad_w = (a[:, None] * dphi(h) * r[None]) @ xb.T / np.sqrt(m * d)
        np.testing.assert_allclose(run.final.a[k], a - eta * grad_a, rtol=0, atol=1e-14)
        np.testing.assert_allclose(run.final.w[k], w - eta * grad_w, rtol=0, atol=1e-14)
    np.testing.assert_allclose(run.train[0], net.outputs(x, activation), atol=0)
    np.testing.assert_allclose(run.train[-1], run.final.outputs(x, activation), atol=0)


@pytest.mark.parametrize("kind", ["two_layer", "mlp"])
@pytest.mark.parametrize("activation", NAMES)
def test_sgd_with_the_whole_set_is_gradient_descent(kind, activation):
    x, xt = inputs(3, 6, 1), inputs(3, 4, 2)
    y = np.random.default_rng(3).standard_normal(6)
    net = init_two_layer(3, 5, 2, 0) if kind == "two_layer" else init_mlp(3, 4, 2, 0)
    batches = minibatches(6, 6, 12, 2, 5)  # shuffled, but every batch is the whole set
    sgd = train_sgd(net, x, y, activation=activation, eta=0.4, batches=batches, record=3, x_test=xt)
    gd = train_gd(net, x, y, activation=activation, eta=0.4, n_steps=12, record=3, x_test=xt)
    np.testing.assert_array_equal(sgd.steps, gd.steps)
    np.testing.assert_allclose(sgd.train, gd.train, rtol=0, atol=1e-13)
    np.testing.assert_allclose(sgd.test, gd.test, rtol=0, atol=1e-13)
    np.testing.assert_allclose(sgd.final.flat(), gd.final.flat(), rtol=0, atol=1e-13)
    np.testing.assert_allclose(sgd.times, 0.4 * sgd.steps)


@pytest.mark.parametrize("kind", ["two_layer", "mlp"])
@pytest.mark.parametrize("activation", NAMES)
def test_linearised_sgd_equals_sgd_on_the_explicit_linear_model(kind, activation):
    """The function-space recursion against SGD in parameter space on F_lin = F_0 + J (theta - theta_0),
    driven by the same minibatches (each seed its own), at training and test points."""
    d, p, q, s = 3, 7, 4, 2
    x, xt = inputs(d, p, 3), inputs(d, q, 4)
    y = np.random.default_rng(5).standard_normal(p)
    net = init_two_layer(d, 4, s, 6) if kind == "two_layer" else init_mlp(d, 3, s, 6)
    jac, jac_t = net.jacobian(x, activation), net.jacobian(xt, activation)
    f0, f0t = net.outputs(x, activation), net.outputs(xt, activation)
    eta, b, n_steps = 0.9, 3, 40
    batches = minibatches(p, b, n_steps, s, 11)
    lin, lin_t = linearised_sgd(
        net.ntk(x, activation),
        f0,
        y,
        eta=eta,
        batches=batches,
        steps=None,
        ntk_test_train=net.ntk(xt, activation, x),
        f0_test=f0t,
    )
    assert lin.shape == (n_steps + 1, s, p) and lin_t.shape == (n_steps + 1, s, q)
    dtheta = np.zeros((s, jac.shape[-1]))
    seeds = np.arange(s)[:, None]
    for k in range(n_steps + 1):
        np.testing.assert_allclose(lin[k], f0 + np.einsum("spn,sn->sp", jac, dtheta), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(
            lin_t[k], f0t + np.einsum("sqn,sn->sq", jac_t, dtheta), rtol=1e-10, atol=1e-12
        )
        if k == n_steps:
            break
        batch = batches[k]
        res = (f0 + np.einsum("spn,sn->sp", jac, dtheta))[seeds, batch] - y[batch]  # (S, b)
        dtheta -= eta / b * np.einsum("sbn,sb->sn", jac[seeds, batch], res)
    # without test points, and with the batches shared by every seed
    shared = batches[:, 0]
    alone, none = linearised_sgd(net.ntk(x, activation), f0, y, eta=eta, batches=shared, steps=[0, n_steps])
    assert none is None and alone.shape == (2, s, p)


def test_linearised_sgd_with_the_whole_set_is_linearised_gd():
    x, y = inputs(3, 6, 1), np.random.default_rng(3).standard_normal(6)
    net = init_two_layer(3, 5, 2, 0)
    k0, f0 = net.ntk(x, "tanh"), net.outputs(x, "tanh")
    sgd, _ = linearised_sgd(k0, f0, y, eta=1.1, batches=minibatches(6, 6, 30, 2, 0), steps=[0, 7, 30])
    gd, _ = linearised_gd(k0, f0, y, eta=1.1, steps=[0, 7, 30])
    np.testing.assert_allclose(sgd, gd, rtol=1e-11, atol=1e-12)


def test_sgd_batches_are_checked():
    x, y = inputs(3, 5, 1), np.zeros(5)
    net = init_two_layer(3, 4, 2, 0)
    for bad, match in (
        (np.zeros((3, 3, 2), dtype=int), "batches"),  # 3 seeds for a batch of 2 networks
        (np.full((3, 2, 2), 5), "batches"),  # an item out of range
        (np.zeros((3, 2, 2)), "batches"),  # not integers
    ):
        with pytest.raises(ValueError, match=match):
            train_sgd(net, x, y, activation="tanh", eta=0.1, batches=bad)
        with pytest.raises(ValueError, match=match):
            linearised_sgd(net.ntk(x, "tanh"), np.zeros((2, 5)), y, eta=0.1, batches=bad, steps=[0])
    with pytest.raises(ValueError, match="exceeds"):
        minibatches(4, 5, 3, 1, 0)
    with pytest.raises(ValueError, match="explicit seed"):
        minibatches(4, 2, 3, 1, None)
    with pytest.raises(ValueError, match="per-seed inputs"):
        net.vjp(np.zeros((3, 3, 2)), np.zeros((2, 2)), "tanh")


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: TwoLayer(np.zeros((1, 2, 3)), np.zeros((1, 3))), "w must be"),
        (lambda: TwoLayer(np.full((1, 2, 3), np.nan), np.zeros((1, 2))), "non-finite"),
        (lambda: MLP(np.zeros((1, 2, 3)), np.zeros((1, 3, 3)), np.zeros((1, 2))), "w1 must be"),
        (lambda: init_two_layer(3, 5, 1, 0, doubling=True), "even width"),
        (lambda: init_two_layer(3, 4, 1, None), "explicit seed"),
        (lambda: init_two_layer(3, 0, 1, 0), "width"),
        (lambda: init_two_layer(3, 4, 1, 0).outputs(inputs(), "sigmoid"), "activation"),
        (lambda: init_two_layer(2, 4, 1, 0).outputs(inputs(), "tanh"), "n_in=2"),
        (
            lambda: train_gd(
                init_two_layer(3, 4, 1, 0), inputs(), np.zeros(4), activation="tanh", eta=0.1, n_steps=1
            ),
            "y must be",
        ),
        (
            lambda: train_gd(
                init_two_layer(3, 4, 1, 0), inputs(), np.zeros(5), activation="tanh", eta=0.0, n_steps=1
            ),
            "eta",
        ),
        (
            lambda: train_gd(
                init_two_layer(3, 4, 1, 0),
                inputs(),
                np.zeros(5),
                activation="tanh",
                eta=0.1,
                n_steps=1,
                scale=-1.0,
            ),
            "scale",
        ),
        (
            lambda: linearised_gd(np.zeros((1, 2, 3)), np.zeros((1, 2)), np.zeros(2), eta=0.1, steps=[1]),
            "ntk_train",
        ),
        (
            lambda: linearised_gd(np.zeros((1, 2, 2)), np.zeros((1, 2)), np.zeros(2), eta=0.1, steps=[-1]),
            "steps",
        ),
        (
            lambda: linearised_gd(np.zeros((1, 2, 2)), np.zeros((1, 3)), np.zeros(2), eta=0.1, steps=[1]),
            "f0_train",
        ),
        (
            lambda: linearised_linear_network(np.zeros((2, 3)), np.zeros((4, 3)), np.zeros((4, 3)), 1.0),
            "shapes",
        ),
        (
            lambda: linearised_linear_network(np.zeros((2, 3)), np.zeros((4, 2)), np.zeros((4, 3)), -1.0),
            ">= 0",
        ),
        (lambda: init_two_layer(3, 4, 2, 0).unflat(np.zeros((2, 3))), "theta has shape"),
    ],
)
def test_bad_input_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_even_steps():
    assert even_steps(10, 3).tolist() == [0, 5, 10]
    assert even_steps(4, 9).tolist() == [0, 1, 2, 3, 4]  # rounded to unique integers
    assert even_steps(0, 2).tolist() == [0]
    with pytest.raises(ValueError, match="n_records"):
        even_steps(10, 0)
    with pytest.raises(ValueError, match="n_steps"):
        even_steps(-1, 3)
