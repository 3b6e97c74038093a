"""The DMFT solvers (exactdln.dmft, exactdln.dmft_deep) against independent references.

- linear two-layer networks: the closures of exactdln.learning_rule_theory (gradient flow,
  continuous time), approached at first order in dt by the solvers' Euler steps;
- deep linear rho-FA and DFA: the exact reduced flow of exactdln.linear_feedback with the
  infinite-width Gram matrices, in the same Euler steps (agreement to rounding), and the
  continuous closure deep_linear_closure at first order in dt;
- gamma0 -> 0: the lazy kernels of exactdln.lazy_kernels and the static-kernel Euler recursion;
- wide networks (rule_networks.init_networks + learning_rules.train, several seeds): the
  squared gap falls like 1/N;
- the Monte Carlo error (spread of independent batches) falls like M^(-1/2) and covers the
  gap to a solve with many more particles.
"""

import numpy as np
import pytest

from exactdln import lazy_kernels as lk
from exactdln import learning_rule_theory as lrt
from exactdln import learning_rules as lr
from exactdln import linear_feedback as lf
from exactdln import rule_networks as rn
from exactdln.dmft import DMFTTrajectory, solve, two_layer_dmft
from exactdln.dmft_deep import deep_dmft


def items(d, p, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((d, p))
    x *= np.sqrt(d) / np.linalg.norm(x, axis=0)
    return x, np.where(rng.random(p) < 0.5, -1.0, 1.0)


def whitened(p, seed):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((p, p)))
    return np.sqrt(p) * q, np.where(rng.random(p) < 0.5, -1.0, 1.0)


# ---------------------------------------------------------------------------- linear: closures


def first_order_gaps(pairs_coarse, pairs_fine):
    """Largest gaps (relative to each reference's largest value) at dt, at dt/2 and of the Richardson
    extrapolation 2 X(dt/2) - X(dt) (the references are sampled at the coarse times)."""
    out = np.zeros(3)
    for (a, ref), (b, _) in zip(pairs_coarse, pairs_fine, strict=True):
        scale = np.max(np.abs(ref))
        for i, value in enumerate((a, b, 2 * b - a)):
            out[i] = max(out[i], np.max(np.abs(value - ref)) / scale)
    return out


def assert_first_order(gaps):
    """Euler's error: halving dt halves the gap, and Richardson extrapolation removes most of it."""
    assert 0.4 < gaps[1] / gaps[0] < 0.6, gaps
    assert gaps[2] < 0.1 * gaps[1], gaps


@pytest.mark.parametrize(
    ("rule", "rho"), [("gd", None), ("fa", 0.0), ("fa", 0.7), ("fa", 1.0), ("hebb", None)]
)
def test_two_layer_linear_approaches_the_closure_at_first_order_in_dt(rule, rho):
    """One item with |x|^2 = D: the Euler solves at dt and dt/2 approach the closure (gradient flow)
    at first order; moment-matched linear particles are exact at any M (zero batch spread)."""
    x, y, gamma0, horizon = np.ones((3, 1)), 1.5, 1.3, 1.5
    pairs = []
    for dt, every in ((0.02, 1), (0.01, 2)):
        n = round(horizon / dt)
        res = two_layer_dmft(
            rule,
            x,
            [y],
            gamma0=gamma0,
            dt=dt,
            n_steps=n,
            record=every,
            n_particles=64,
            n_batches=2,
            seed=0,
            rho=rho,
        )
        ref = lrt.two_layer_closure(rule, y, gamma0, res.times, rho=rho)
        assert np.max(res.error("outputs")) < 1e-12
        pairs.append(
            (
                (y - res.mean("outputs")[:, 0], ref.delta),
                (res.mean("phi")[:, 1, 0, 0], ref.h),
                (res.mean("g_tilde")[:, 0, 0, 0], ref.g_tilde),
            )
        )
    assert_first_order(first_order_gaps(*pairs))


def test_two_layer_linear_without_moment_matching_is_within_its_monte_carlo_error():
    """Plain Gaussian starts (no moment matching): the GD closure lies within a few standard errors
    (the Euler error at dt = 0.005 is far below them)."""
    x, y, gamma0 = np.ones((2, 1)), 1.0, 2.0
    res = two_layer_dmft(
        "gd",
        x,
        [y],
        gamma0=gamma0,
        dt=0.005,
        n_steps=200,
        n_particles=8000,
        n_batches=8,
        seed=3,
        record=20,
        moment_matching=False,
    )
    ref = lrt.two_layer_gd_closure(y, gamma0, res.times)
    err = res.error("outputs")[1:, 0]
    z = (y - res.mean("outputs")[1:, 0] - ref.delta[1:]) / err
    assert np.all(err > 1e-4)
    assert np.max(np.abs(z)) < 4.0


def infinite_width_reduction(kx, depth, gamma0, rule, rho):
    """linear_feedback's reduced flow with the infinite-width Gram matrices: E_l^T E_l / N ->
    blockdiag(K_x, C^l) and omega -> (0, rho^(L+1-k)) (the overlaps of deep_linear_closure)."""
    p = kx.shape[0]
    gram, omega = lrt._fa_gram(depth, 0.0 if rule == "dfa" else rho)
    grams = []
    for layer in range(1, depth + 1):
        g = np.zeros((p + layer, p + layer))
        g[:p, :p] = kx
        g[p:, p:] = gram[layer, 1 : layer + 1, 1 : layer + 1]
        grams.append(g[None])
    om = np.zeros((1, p + depth))
    om[0, p:] = omega[1:]
    return lf.LinearFeedbackReduction(tuple(grams), om, kx, gamma0)


@pytest.mark.parametrize("depth", [2, 3])
@pytest.mark.parametrize(("rule", "rho"), [("dfa", None), ("fa", 0.0), ("fa", 0.5), ("fa", 1.0)])
def test_deep_linear_feedback_is_the_infinite_width_reduced_flow(rule, rho, depth):
    """Deep linear DFA / rho-FA on random (non-whitened) items, in the same Euler steps: the exact
    reduced flow of linear_feedback with infinite-width Gram matrices, to rounding (with a cutoff
    far below rounding: dropped source directions cost O(sqrt(cutoff)))."""
    x, y = items(6, 4, 1)
    kx = x.T @ x / 6
    red = infinite_width_reduction(kx, depth, 1.3, rule, rho)
    ref = lf.train_reduced(red, y, dt=0.05, n_steps=40, record=4, method="euler")
    res = deep_dmft(
        rule,
        x,
        y,
        depth=depth,
        gamma0=1.3,
        dt=0.05,
        n_steps=40,
        record=4,
        n_particles=600,
        n_batches=2,
        seed=1,
        rho=rho,
        cutoff=1e-13,
    )
    assert np.allclose(res.mean("outputs"), ref.outputs[:, 0], rtol=0, atol=1e-12)
    assert np.allclose(res.mean("phi"), ref.phi[:, 0], rtol=0, atol=1e-12)
    assert np.allclose(res.mean("g_tilde"), ref.g_tilde[:, 0], rtol=0, atol=1e-12)
    assert np.allclose(res.mean("ntk"), ref.ntk[:, 0], rtol=0, atol=1e-12)


def test_deep_linear_fa_approaches_the_continuous_closure_at_first_order_in_dt():
    """Whitened items, L = 3, rho = 0.5: deep_linear_closure (gradient flow) at first order in dt."""
    x, y = whitened(4, 2)
    pairs = []
    for dt, every in ((0.02, 5), (0.01, 10)):
        res = deep_dmft(
            "fa",
            x,
            y,
            depth=3,
            gamma0=1.0,
            rho=0.5,
            dt=dt,
            n_steps=round(1.0 / dt),
            record=every,
            n_particles=400,
            n_batches=2,
            seed=0,
        )
        ref = lrt.deep_linear_closure(y, gamma0=1.0, depth=3, times=res.times, rule="fa", rho=0.5)
        pairs.append(
            ((res.mean("loss"), ref.loss), (res.mean("ntk"), ref.ntk), (res.mean("outputs"), ref.outputs))
        )
    assert_first_order(first_order_gaps(*pairs))


# ---------------------------------------------------------------------------- lazy limit


def lazy_euler_loss(ntk, y, dt, n_steps):
    f = np.zeros_like(y)
    losses = [0.5 * y @ y]
    for _ in range(n_steps):
        f = f + dt * ntk @ (y - f)
        losses.append(0.5 * np.sum((y - f) ** 2))
    return np.array(losses)


LAZY_CASES = [
    ("gd", None, 1),
    ("fa", 0.5, 1),
    ("dfa", None, 1),
    ("hebb", None, 1),
    ("gln", None, 1),
    ("gd", None, 2),
    ("fa", 0.5, 2),
    ("dfa", None, 2),
    ("hebb", None, 2),
]


@pytest.mark.parametrize(("rule", "rho", "depth"), LAZY_CASES)
def test_small_gamma0_gives_the_lazy_kernels(rule, rho, depth):
    """gamma0 = 1e-3, ReLU: every kernel stays at lazy_kernels (within 4 standard errors plus O(gamma0))
    and the loss follows the static-eNTK Euler recursion."""
    x, y = items(5, 3, 4)
    kx = x.T @ x / 5
    dt, n = 0.1, 20
    res = solve(
        rule,
        x,
        y,
        depth=depth,
        gamma0=1e-3,
        dt=dt,
        n_steps=n,
        record=[0, n],
        n_particles=8000,
        n_batches=8,
        seed=2,
        activation="relu",
        rho=rho,
    )
    lazy = lk.lazy_kernels(rule, kx, depth, "relu", rho)
    for name, ref in (("phi", lazy.phi), ("g", lazy.g), ("g_tilde", lazy.g_tilde), ("ntk", lazy.ntk)):
        gap = np.abs(res.mean(name) - ref)
        assert np.all(gap <= 4 * res.error(name) + 5e-3), name
    loss = lazy_euler_loss(lazy.ntk, y, dt, n)[[0, n]]
    assert np.all(np.abs(res.mean("loss") - loss) <= 4 * res.error("loss") + 5e-3)


# ---------------------------------------------------------------------------- wide networks


def width_slope(rule, depth, activation, gamma0, ref, x, y, dt, n_steps, record, widths, seeds, rho=None):
    """Slope of log(mean squared gap) against log(N) for the loss and the eNTK."""
    gaps = []
    for n, s in zip(widths, seeds, strict=True):
        net = rn.init_networks(
            rule,
            n_in=x.shape[0],
            width=n,
            depth=depth,
            n_seeds=s,
            seed=9,
            activation=activation,
            gamma0=gamma0,
            rho=rho,
            paired=depth == 1,
        )
        tr = lr.train(net, x, y, dt=dt, n_steps=n_steps, record=record)
        gaps.append(
            [
                np.mean((tr.loss() - ref.mean("loss")[:, None]) ** 2),
                np.mean((tr.ntk - ref.mean("ntk")[:, None]) ** 2),
            ]
        )
    gaps = np.array(gaps)
    return [np.polyfit(np.log(widths), np.log(gaps[:, j]), 1)[0] for j in range(2)]


@pytest.mark.parametrize(("rule", "rho"), [("gd", None), ("fa", 0.0), ("hebb", None), ("gln", None)])
def test_two_layer_networks_approach_the_dmft(rule, rho):
    """Paired ReLU networks (f(0) = 0, as in the DMFT) of widths 64, 256, 1024, 32 seeds each."""
    x, y = items(8, 4, 5)
    dt, n, rec = 0.1, 30, [5, 10, 20, 30]
    ref = two_layer_dmft(
        rule,
        x,
        y,
        gamma0=1.5,
        dt=dt,
        n_steps=n,
        record=rec,
        n_particles=64000,
        n_batches=4,
        seed=1,
        activation="relu",
        rho=rho,
    )
    slopes = width_slope(rule, 1, "relu", 1.5, ref, x, y, dt, n, rec, [64, 256, 1024], [32, 32, 32], rho)
    assert max(slopes) < -0.7, slopes


@pytest.mark.parametrize(
    ("rule", "rho", "activation"),
    [
        ("dfa", None, "tanh"),
        ("hebb", None, "tanh"),
        ("gd", None, "tanh"),
        ("gd", None, "linear"),
        ("fa", 0.5, "tanh"),
    ],
)
def test_deep_networks_approach_the_dmft(rule, rho, activation):
    """L = 2 networks of widths 64, 256, 1024 (32, 16, 8 seeds): squared gap slope below -0.7."""
    x, y = items(8, 3, 6)
    dt, n, rec = 0.15, 12, [4, 8, 12]
    ref = deep_dmft(
        rule,
        x,
        y,
        depth=2,
        gamma0=1.5,
        dt=dt,
        n_steps=n,
        record=rec,
        n_particles=8000,
        n_batches=4,
        seed=1,
        activation=activation,
        rho=rho,
        cutoff=1e-8,
    )
    slopes = width_slope(rule, 2, activation, 1.5, ref, x, y, dt, n, rec, [64, 256, 1024], [32, 16, 8], rho)
    assert max(slopes) < -0.7, slopes


# ---------------------------------------------------------------------------- Monte Carlo error


def test_monte_carlo_error_falls_as_inverse_sqrt_particles():
    """Two-layer ReLU GD: the batch standard errors fall as M^(-1/2) (fitted slope), and they cover
    the gap to a solve with 16x more particles (z-scores of order one)."""
    x, y = items(6, 4, 7)
    kw = {"gamma0": 2.0, "dt": 0.1, "n_steps": 30, "record": [10, 20, 30], "activation": "relu"}
    ref = two_layer_dmft("gd", x, y, n_particles=256000, n_batches=8, seed=99, **kw)
    errors, z = [], []
    for m in (2048, 8192, 32768):
        res = two_layer_dmft("gd", x, y, n_particles=m, n_batches=16, seed=m, **kw)
        errors.append([np.mean(res.error(name)) for name in ("loss", "phi", "ntk")])
        z.append((res.mean("loss") - ref.mean("loss")) / res.error("loss"))
    slopes = np.polyfit(np.log([2048, 8192, 32768]), np.log(errors), 1)[0]
    assert np.all((slopes > -0.7) & (slopes < -0.3)), slopes
    assert np.mean(np.square(z)) < 6.0, z


def test_deep_monte_carlo_error_falls_as_inverse_sqrt_particles():
    x, y = items(6, 3, 8)
    kw = {"depth": 2, "gamma0": 1.5, "dt": 0.1, "n_steps": 15, "record": [5, 10, 15], "activation": "tanh"}
    errors = []
    for m in (1600, 6400, 25600):
        res = deep_dmft("dfa", x, y, n_particles=m, n_batches=16, seed=m, cutoff=1e-8, **kw)
        errors.append([np.mean(res.error(name)) for name in ("loss", "phi", "ntk")])
    slopes = np.polyfit(np.log([1600, 6400, 25600]), np.log(errors), 1)[0]
    assert np.all((slopes > -0.7) & (slopes < -0.3)), slopes


# ---------------------------------------------------------------------------- results and input checks


def test_deep_solver_at_one_layer_agrees_with_the_particles():
    """L = 1 through the deep march (f by Stein's lemma, sources drawn as couplings) and the two-layer
    particles: the same loss and kernels within their Monte Carlo errors."""
    x, y = items(6, 3, 3)
    kw = {"gamma0": 1.0, "dt": 0.1, "n_steps": 20, "record": [10, 20], "activation": "tanh", "n_batches": 8}
    for rule, rho in (("gd", None), ("fa", 0.5), ("hebb", None)):
        a = deep_dmft(rule, x, y, depth=1, n_particles=16000, seed=1, rho=rho, **kw)
        b = two_layer_dmft(rule, x, y, n_particles=16000, seed=2, rho=rho, **kw)
        for name in ("loss", "ntk"):
            sigma = np.hypot(a.error(name), b.error(name))
            assert np.all(np.abs(a.mean(name) - b.mean(name)) <= 4 * sigma + 1e-12), (rule, name)


def test_preactivation_density_at_the_start_is_gaussian():
    x, y = items(5, 2, 1)
    res = deep_dmft(
        "dfa",
        x,
        y,
        depth=2,
        gamma0=1.0,
        dt=0.1,
        n_steps=3,
        n_particles=16000,
        n_batches=8,
        seed=4,
        activation="relu",
        preactivation_steps=[0, 3],
    )
    assert isinstance(res, DMFTTrajectory)
    assert res.preactivations.shape == (2, 2, 8, 2000, 2)
    edges = np.linspace(-3, 3, 13)
    _, dens, err = res.density(1, 0, edges)
    centres = 0.5 * (edges[1:] + edges[:-1])
    # |x|^2 = D: h_1 ~ N(0, 1); a bin's mean density differs from the centre value at O(width^2)
    expected = np.exp(-0.5 * centres**2) / np.sqrt(2 * np.pi)
    assert np.all(np.abs(dens - expected) <= 4 * err + 0.01)
    with pytest.raises(ValueError, match="step 1 was not kept"):
        res.density(1, 1, edges)


def test_bad_input_is_refused():
    x, y = items(4, 3, 0)
    kw = {"gamma0": 1.0, "dt": 0.1, "n_steps": 2, "seed": 0}
    with pytest.raises(ValueError, match="rule must be one of"):
        two_layer_dmft("sgd", x, y, n_particles=8, **kw)
    with pytest.raises(ValueError, match="GLN"):
        deep_dmft("gln", x, y, depth=2, n_particles=40, **kw)
    with pytest.raises(ValueError, match="multiple of 2 x n_batches"):
        two_layer_dmft("gd", x, y, n_particles=12, n_batches=4, **kw)
    with pytest.raises(ValueError, match=r"y must be a finite array of shape \(3,\)"):
        two_layer_dmft("gd", x, y[:2], n_particles=8, n_batches=2, **kw)
    with pytest.raises(ValueError, match="rule 'fa' needs rho"):
        deep_dmft("fa", x, y, depth=2, n_particles=40, **kw)
    with pytest.raises(ValueError, match="preactivation_steps must lie"):
        two_layer_dmft("gd", x, y, n_particles=8, n_batches=2, preactivation_steps=[5], **kw)
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        two_layer_dmft("gd", x, y, n_particles=8, n_batches=2, **{**kw, "seed": None})
    with pytest.raises(ValueError, match="cutoff must be in"):
        deep_dmft("dfa", x, y, depth=2, n_particles=40, cutoff=2.0, **kw)
    with pytest.raises(ValueError, match="more particles per batch"):
        deep_dmft("gd", x, y, depth=2, n_particles=8, n_batches=1, activation="tanh", **{**kw, "n_steps": 5})
