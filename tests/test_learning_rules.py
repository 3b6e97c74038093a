"""Networks trained with GD, FA, DFA, Hebb and GLN (exactdln.learning_rules) against independent checks."""

import numpy as np
import pytest

from exactdln import learning_rules as lr
from exactdln import linear_feedback as lf
from exactdln import rule_networks as rn

RULE_CASES = [
    ("gd", None),
    ("fa", 0.0),
    ("fa", 0.6),
    ("fa", 1.0),
    ("dfa", None),
    ("hebb", None),
    ("gln", None),
]


def data(d=5, p=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((d, p)), rng.standard_normal(p)


def shifted(net, velocity, eps):
    return net.with_weights([w + eps * v for w, v in zip(net.weights, velocity, strict=True)])


# ---------------------------------------------------------------------------- gradients and the eNTK
@pytest.mark.parametrize("activation", ["linear", "tanh", "relu"])
@pytest.mark.parametrize("rule", ["gd", "gln"])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_gd_velocity_is_the_scaled_loss_gradient(rule, activation, depth):
    """d theta/dt = -gamma0^2 N dL/d theta, against central differences of the loss (with a step study)."""
    x, y = data()
    net = rn.init_networks(
        rule, n_in=5, width=7, depth=depth, n_seeds=2, seed=3, activation=activation, gamma0=1.7
    )
    vel = lr.velocity(net, x, y)
    rng = np.random.default_rng(1)
    scale = net.gamma0**2 * net.width
    for layer, w in enumerate(net.weights):
        for _ in range(3):
            idx = (1, *(int(rng.integers(0, s)) for s in w.shape[1:]))
            errors = []
            for h in (1e-3, 1e-5):
                plus = [v.copy() for v in net.weights]
                minus = [v.copy() for v in net.weights]
                plus[layer][idx] += h
                minus[layer][idx] -= h
                grad = (
                    lr.loss(net.with_weights(plus), x, y)[1] - lr.loss(net.with_weights(minus), x, y)[1]
                ) / (2 * h)
                errors.append(abs(-scale * grad - vel[layer][idx]))
            # central differences converge at second order (ReLU: away from its kink, exact at first order)
            assert errors[1] <= 1e-6 * max(1.0, abs(vel[layer][idx]))
            assert errors[1] <= errors[0] + 1e-9


@pytest.mark.parametrize("activation", ["linear", "tanh", "relu"])
@pytest.mark.parametrize(("rule", "rho"), RULE_CASES)
@pytest.mark.parametrize("depth", [1, 3])
def test_entk_moves_the_outputs(rule, rho, activation, depth):
    """df/dt along the rule's flow (central differences of f) equals K Delta with the recorded eNTK."""
    x, y = data()
    net = rn.init_networks(
        rule, n_in=5, width=9, depth=depth, n_seeds=2, seed=4, activation=activation, gamma0=1.3, rho=rho
    )
    vel = lr.velocity(net, x, y)
    eps = 1e-6
    dfdt = (lr.outputs(shifted(net, vel, eps), x) - lr.outputs(shifted(net, vel, -eps), x)) / (2 * eps)
    k = lr.kernels(net, x, y)
    delta = y - lr.outputs(net, x)
    assert np.allclose(dfdt, np.einsum("spq,sq->sp", k.ntk, delta), rtol=1e-6, atol=1e-7)
    # the parts: K = Phi_L + sum_{l<L} G~_{l+1} * Phi_l, and Phi_0 = x.x'/D
    assert np.allclose(k.phi[:, 0], x.T @ x / 5)
    assert np.allclose(k.ntk, k.phi[:, -1] + np.sum(k.g_tilde * k.phi[:, :-1], axis=1))


def test_rules_share_forward_weights_and_fa_rho_one_starts_as_gd():
    x, y = data()
    nets = {
        r: rn.init_networks(r, n_in=5, width=6, depth=3, n_seeds=2, seed=9, rho=1.0 if r == "fa" else None)
        for r in ("gd", "fa", "dfa", "hebb")
    }
    for net in nets.values():
        for a, b in zip(net.weights, nets["gd"].weights, strict=True):
            assert np.array_equal(a, b)
    # rho = 1: backpropagation through the initial weights, so G~ = G at the start
    k_fa, k_gd = lr.kernels(nets["fa"], x, y), lr.kernels(nets["gd"], x, y)
    assert np.allclose(k_fa.g_tilde, k_gd.g_tilde, atol=1e-14)
    assert np.allclose(k_fa.ntk, k_gd.ntk, atol=1e-14)


def test_networks_do_not_depend_on_the_batch():
    a = rn.init_networks("fa", n_in=3, width=5, depth=2, n_seeds=4, seed=2, rho=0.3)
    b = rn.init_networks("fa", n_in=3, width=5, depth=2, n_seeds=2, seed=2, rho=0.3, first=2)
    for u, v in zip(a.weights + a.feedback, b.weights + b.feedback, strict=True):
        assert np.array_equal(u[2:], v)


@pytest.mark.parametrize("rho", [0.0, 0.4, 1.0])
def test_fa_with_rho_equals_a_fresh_draw(rho):
    base = rn.init_networks("fa", n_in=3, width=6, depth=3, n_seeds=2, seed=7, rho=0.0, gamma0=0.5)
    fresh = rn.init_networks("fa", n_in=3, width=6, depth=3, n_seeds=2, seed=7, rho=rho, gamma0=0.5)
    made = rn.fa_with_rho(base, rho)
    assert made.rho == rho
    for u, v in zip(made.feedback, fresh.feedback, strict=True):
        assert np.allclose(u, v, rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match=r"rho must be in \[0, 1\]"):
        rn.fa_with_rho(base, 2.0)


def test_fa_with_rho_needs_the_noise():
    for net in (
        rn.init_networks("fa", n_in=3, width=4, depth=2, n_seeds=1, seed=7, rho=0.4),
        rn.init_networks("gd", n_in=3, width=4, depth=2, n_seeds=1, seed=7),
    ):
        with pytest.raises(ValueError, match="rho = 0"):
            rn.fa_with_rho(net, 0.5)


@pytest.mark.parametrize(
    ("rule", "rho"), [("gd", None), ("fa", 0.5), ("dfa", None), ("hebb", None), ("gln", None)]
)
def test_paired_start_has_zero_output(rule, rho):
    x, _ = data()
    net = rn.init_networks(
        rule, n_in=5, width=8, depth=1, n_seeds=3, seed=1, rho=rho, paired=True, activation="relu"
    )
    assert np.allclose(lr.outputs(net, x), 0.0, atol=1e-13)
    with pytest.raises(ValueError, match="depth 1 and an even width"):
        rn.init_networks(rule, n_in=5, width=7, depth=1, n_seeds=1, seed=1, rho=rho, paired=True)


# ---------------------------------------------------------------------------- training
def naive_trajectory(net, x, y, dt, n_steps, method):
    """Reference integrator: dense velocities, weights rebuilt every stage (no factored updates)."""
    w = [a.copy() for a in net.weights]

    def vel(ws):
        return lr.velocity(net.with_weights(ws), x, y)

    for _ in range(n_steps):
        v1 = vel(w)
        if method == "euler":
            w = [a + dt * b for a, b in zip(w, v1, strict=True)]
            continue
        v2 = vel([a + dt / 2 * b for a, b in zip(w, v1, strict=True)])
        v3 = vel([a + dt / 2 * b for a, b in zip(w, v2, strict=True)])
        v4 = vel([a + dt * b for a, b in zip(w, v3, strict=True)])
        w = [a + dt / 6 * (b + 2 * c + 2 * d + e) for a, b, c, d, e in zip(w, v1, v2, v3, v4, strict=True)]
    return lr.outputs(net.with_weights(w), x)


@pytest.mark.parametrize("method", ["euler", "rk4"])
@pytest.mark.parametrize(("rule", "rho"), RULE_CASES)
def test_train_matches_a_dense_reference(rule, rho, method):
    x, y = data()
    # width 300 exceeds the in-place update threshold for the hidden matrices
    for width in (6, 300):
        net = rn.init_networks(
            rule, n_in=5, width=width, depth=2, n_seeds=2, seed=2, activation="tanh", rho=rho
        )
        traj = lr.train(net, x, y, dt=0.05, n_steps=6, record=[0, 6], method=method)
        assert np.allclose(
            traj.outputs[-1], naive_trajectory(net, x, y, 0.05, 6, method), rtol=1e-11, atol=1e-12
        )
        assert np.allclose(traj.outputs[-1], lr.outputs(traj.final, x))
        assert np.array_equal(traj.outputs[0], lr.outputs(net, x))  # the input networks are untouched


def test_rk4_converges_at_fourth_order():
    x, y = data()
    net = rn.init_networks("gd", n_in=5, width=6, depth=2, n_seeds=1, seed=5, activation="tanh", gamma0=2.0)

    def end(dt):
        n = round(0.8 / dt)
        return lr.train(net, x, y, dt=dt, n_steps=n, record=[n], method="rk4").outputs[-1]

    ref = end(0.005)
    ratio = np.abs(end(0.05) - ref).max() / np.abs(end(0.025) - ref).max()
    assert 13 < ratio < 24  # 16 for a fourth-order method (20 measured: not yet fully asymptotic)


def test_trajectory_records_and_loss():
    x, y = data()
    net = rn.init_networks("hebb", n_in=5, width=6, depth=2, n_seeds=3, seed=5, activation="relu")
    traj = lr.train(net, x, y, dt=0.02, n_steps=10, record=[0, 4, 10])
    assert np.allclose(traj.times, [0, 0.08, 0.2])
    assert (
        traj.ntk.shape == (3, 3, 4, 4)
        and traj.phi.shape == (3, 3, 3, 4, 4)
        and traj.g_tilde.shape == (3, 3, 2, 4, 4)
    )
    assert traj.preactivations.shape == (3, 2, 6, 4)
    assert np.allclose(traj.loss()[0], lr.loss(net, x, y))


# ---------------------------------------------------------------------------- reduced linear FA / DFA
@pytest.mark.parametrize("method", ["euler", "rk4"])
@pytest.mark.parametrize(("rule", "rho"), [("fa", 0.0), ("fa", 0.7), ("fa", 1.0), ("dfa", None)])
@pytest.mark.parametrize("depth", [1, 2, 4])
def test_reduced_simulation_is_the_full_one(rule, rho, depth, method):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 3))  # any inputs, not only whitened ones
    y = rng.standard_normal(3)
    net = rn.init_networks(rule, n_in=4, width=12, depth=depth, n_seeds=2, seed=8, gamma0=1.4, rho=rho)
    full = lr.train(net, x, y, dt=0.04, n_steps=25, record=[0, 7, 25], method=method)
    red = lf.train_linear_feedback(net, x, y, dt=0.04, n_steps=25, record=[0, 7, 25], method=method)
    for key in ("outputs", "phi", "g_tilde", "ntk"):
        assert np.allclose(getattr(red, key), getattr(full, key), rtol=1e-10, atol=1e-11), key
    assert np.isnan(red.g).all() and red.final is None


def test_stacked_reductions_integrate_like_separate_ones():
    x, y = data(d=3, p=3)
    nets = [
        rn.init_networks("fa", n_in=3, width=10, depth=3, n_seeds=1, seed=1, rho=r, first=0)
        for r in (0.2, 0.9)
    ]
    nets.append(rn.init_networks("dfa", n_in=3, width=10, depth=3, n_seeds=1, seed=1))
    reds = [lf.reduce_linear_feedback(n, x) for n in nets]
    together = lf.train_reduced(lf.stack_reductions(reds), y, dt=0.05, n_steps=10, record=[10])
    for i, red in enumerate(reds):
        alone = lf.train_reduced(red, y, dt=0.05, n_steps=10, record=[10])
        assert np.allclose(together.outputs[:, i], alone.outputs[:, 0], rtol=1e-13, atol=1e-14)
    other = lf.reduce_linear_feedback(
        rn.init_networks("fa", n_in=3, width=10, depth=2, n_seeds=1, seed=1, rho=0.5), x
    )
    with pytest.raises(ValueError, match="share depth"):
        lf.stack_reductions([reds[0], other])


def test_reduced_simulation_refuses_other_networks():
    x, y = data()
    for rule, act in (("gd", "linear"), ("fa", "tanh")):
        net = rn.init_networks(
            rule,
            n_in=5,
            width=4,
            depth=2,
            n_seeds=1,
            seed=1,
            activation=act,
            rho=0.5 if rule == "fa" else None,
        )
        with pytest.raises(ValueError, match="linear FA or DFA"):
            lf.train_linear_feedback(net, x, y, dt=0.1, n_steps=2)


# ---------------------------------------------------------------------------- alignment and bad input
def test_task_alignment_known_values():
    y = np.array([1.0, -2.0, 0.5])
    assert np.isclose(lr.task_alignment(np.outer(y, y), y), 1.0)
    assert np.isclose(lr.task_alignment(np.eye(3), y), 1 / np.sqrt(3))
    assert lr.task_alignment(np.stack([np.eye(3), -np.outer(y, y)]), y).shape == (2,)
    with pytest.raises(ValueError, match="y is zero"):
        lr.task_alignment(np.eye(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"P = y\.size"):
        lr.task_alignment(np.eye(2), y)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rule": "bp"}, "rule must be one of"),
        ({"activation": "gelu"}, "activation must be one of"),
        ({"rule": "fa"}, "needs rho"),
        ({"rule": "fa", "rho": 1.5}, r"rho must be in \[0, 1\]"),
        ({"rho": 0.5}, "only used by rule 'fa'"),
        ({"width": 0}, "width must be a positive integer"),
        ({"gamma0": -1.0}, "gamma0 must be a finite number"),
        ({"seed": 1.5}, "seed must be a non-negative int"),
        ({"first": -1}, "first must be a non-negative int"),
    ],
)
def test_bad_settings_are_named(kwargs, match):
    args = {"rule": "gd", "n_in": 3, "width": 4, "depth": 2, "n_seeds": 1, "seed": 0, **kwargs}
    rule = args.pop("rule")
    with pytest.raises(ValueError, match=match):
        rn.init_networks(rule, **args)


def test_bad_data_and_schedules_are_named():
    net = rn.init_networks("gd", n_in=3, width=4, depth=2, n_seeds=1, seed=0)
    x, y = np.ones((3, 2)), np.ones(2)
    with pytest.raises(ValueError, match=r"x has shape \(4, 2\)"):
        lr.outputs(net, np.ones((4, 2)))
    with pytest.raises(ValueError, match="y must be a finite array of shape"):
        lr.loss(net, x, np.ones(3))
    with pytest.raises(ValueError, match="non-finite"):
        lr.outputs(net, np.full((3, 2), np.nan))
    with pytest.raises(ValueError, match="dt must be"):
        lr.train(net, x, y, dt=0.0, n_steps=3)
    with pytest.raises(ValueError, match="method must be one of"):
        lr.train(net, x, y, dt=0.1, n_steps=3, method="rk2")
    with pytest.raises(ValueError, match="record steps must lie"):
        lr.train(net, x, y, dt=0.1, n_steps=3, record=[5])
    big = rn.init_networks("gd", n_in=3, width=4, depth=1, n_seeds=1, seed=0, gamma0=0.01)
    with pytest.raises(FloatingPointError, match="lower dt"), np.errstate(all="ignore"):
        lr.train(big, x, 1e3 * y, dt=50.0, n_steps=60, record=range(61))
