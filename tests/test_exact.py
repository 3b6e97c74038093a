"""The exact solution against an independent high-precision integration of the weights."""

import numpy as np
import pytest
from reference import comparison_horizon, integrate_weights, relative_errors

import exactdln as ed

TOL = 1e-9  # required relative error of qqt(t) at every time (issue: exactness)


def make_case(n_in, n_hidden, n_out, scale, lam=0.0, seed=0, rank=None):
    rng = np.random.default_rng(seed)
    if rank is None:
        task = ed.tasks.random_regression(n_in, n_out, 3 * max(n_in, n_out), seed=rng)
    else:  # a linear teacher with `rank` hidden units gives a rank-deficient sigma_yx
        task = ed.tasks.student_teacher(
            n_in, n_out, 3 * max(n_in, n_out), 1.0, seed=rng, n_hidden_teacher=rank
        )
    w1, w2 = ed.initialisations.lambda_balanced(n_in, n_hidden, n_out, scale, lam, rng)
    return task, w1, w2


def converging_case(n_in, n_hidden, n_out, scale, lam=0.0, tau=1.0, rank=None, seed=7):
    """The first draw from ``seed`` on whose ``B`` is non-singular (docs/mathematics.md §2: check B)."""
    for k in range(seed, seed + 20):
        task, w1, w2 = make_case(n_in, n_hidden, n_out, scale, lam, seed=k, rank=rank)
        sol = ed.ExactSolution.from_task(w1, w2, task, tau=tau)
        if sol.converges_to_optimum:
            return task, w1, w2, sol
    raise AssertionError("no converging draw in 20 seeds")


def horizon(sol, scale, tau):
    """A time well past convergence (see reference.comparison_horizon)."""
    assert sol.converges_to_optimum
    return comparison_horizon(sol, scale, tau)


def time_grid(t_end, n=60):
    return np.concatenate([[0.0], np.geomspace(1e-3, t_end, n)])


# name, (n_in, n_hidden, n_out), scale, lam, tau, task rank
REGRESSION_CASES = [
    ("square", (5, 5, 5), 0.01, 0.0, 1.0, None),
    ("rectangular-wide-out", (3, 6, 7), 0.01, 0.0, 1.0, None),
    ("rectangular-wide-in", (7, 4, 3), 0.1, 0.0, 1.0, None),
    ("bottleneck", (6, 2, 5), 0.1, 0.0, 1.0, None),
    ("wide-hidden", (4, 12, 3), 0.1, 0.0, 1.0, None),
    ("tiny-init", (4, 6, 5), 1e-3, 0.0, 1.0, None),
    ("large-init", (4, 6, 5), 1.0, 0.0, 1.0, None),
    ("lambda-positive", (4, 3, 5), 0.1, 0.7, 1.0, None),
    ("lambda-negative", (5, 3, 4), 0.1, -0.7, 1.0, None),
    ("lambda-large", (5, 4, 4), 0.05, 5.0, 1.0, None),
    ("rank-deficient-task", (5, 6, 4), 0.05, 0.0, 1.0, 2),
    ("rank-deficient-lambda", (5, 3, 4), 0.05, -0.4, 1.0, 2),
    ("tau", (4, 6, 5), 0.01, 0.0, 2.5, None),
]


@pytest.mark.parametrize(
    "dims,scale,lam,tau,rank",
    [c[1:] for c in REGRESSION_CASES],
    ids=[c[0] for c in REGRESSION_CASES],
)
def test_qqt_matches_ode_everywhere(dims, scale, lam, tau, rank):
    task, w1, w2, sol = converging_case(*dims, scale, lam, tau=tau, rank=rank)
    times = time_grid(horizon(sol, scale, tau))
    ref = integrate_weights(w1, w2, task.sigma_yx, times, tau=tau)
    err = relative_errors(sol.qqt(times), ref)
    assert err.max() <= TOL, f"max relative error {err.max():.3g} at t = {times[err.argmax()]:.4g}"
    if rank is not None:
        return  # null-space components decay like 1/t: see test_rank_deficient_null_space_decay
    # The run converged: the last network function is the best rank-n_hidden fit.
    u, s, vt = np.linalg.svd(task.sigma_yx)
    k = min(dims[1], s.size)
    best = (u[:, :k] * s[:k]) @ vt[:k]
    assert np.allclose(ref[-1][dims[0] :, : dims[0]], best, atol=1e-6)


@pytest.mark.parametrize(
    "dims,scale,lam",
    [((3, 6, 7), 0.01, 0.0), ((5, 5, 4), 0.3, 0.0), ((4, 3, 5), 0.1, 0.7), ((5, 3, 4), 0.1, -0.7)],
)
def test_infinite_time_is_the_converged_ode(dims, scale, lam):
    task, w1, w2, sol = converging_case(*dims, scale, lam, seed=3)
    t_end = horizon(sol, scale, 1.0)
    ref = integrate_weights(w1, w2, task.sigma_yx, [0.0, t_end])[-1]
    assert relative_errors(sol.qqt(np.inf), ref) <= TOL
    # Far-future finite times agree with the limit too, and cost no more than t = 1.
    for t in (1e3, 1e6, 1e12):
        assert relative_errors(sol.qqt(t), sol.qqt(np.inf)) <= 1e-12


def test_rank_deficient_null_space_decay():
    """Zero-rate modes (null space of sigma_yx, lam = 0) relax algebraically, like 1/t."""
    task, _w1, _w2, sol = converging_case(5, 6, 4, 0.3, rank=2)
    t = np.array([1e4, 1e5, 1e6])
    gap = np.linalg.norm(sol.network_function(t) - sol.network_function(np.inf), axis=(1, 2))
    assert np.allclose(gap[:-1] / gap[1:], 10.0, rtol=0.01)
    assert np.allclose(sol.network_function(np.inf), task.sigma_yx, atol=1e-12)


def test_zero_balanced_final_representation_is_task_structured():
    task, _w1, _w2, sol = converging_case(6, 6, 6, 0.2, seed=11)
    u, s, vt = np.linalg.svd(task.sigma_yx)
    x_inf = sol.qqt(np.inf)
    assert np.allclose(x_inf[:6, :6], vt.T @ np.diag(s) @ vt, atol=1e-12)
    assert np.allclose(x_inf[6:, 6:], u @ np.diag(s) @ u.T, atol=1e-12)
    assert np.allclose(x_inf[6:, :6], task.sigma_yx, atol=1e-12)


@pytest.mark.parametrize("tau", [1.0, 0.3])
def test_aligned_small_init_is_saxe_sigmoid(tau):
    task = ed.tasks.random_regression(4, 5, 15, seed=2)
    u0 = np.array([1e-3, 2e-3, 5e-4, 1e-4])
    w1, w2 = ed.initialisations.aligned(task.sigma_yx, 6, u0, seed=5)
    sol = ed.ExactSolution.from_task(w1, w2, task, tau=tau)
    t = np.concatenate([[0.0], np.geomspace(1e-3, 400 * tau, 400), [np.inf]])
    strengths = sol.mode_strengths(t)
    expected = np.stack(
        [ed.saxe_sigmoid(t, s, u, tau) for s, u in zip(sol.singular_values, u0, strict=True)],
        axis=1,
    )
    assert np.max(np.abs(strengths - expected)) <= 1e-12
    # and nothing leaks off the diagonal: the modes stay decoupled
    proj = ed.measures.mode_projection(sol.network_function(t[:-1]), task.sigma_yx)
    off = proj * (1.0 - np.eye(5, 4))
    assert np.max(np.abs(off)) <= 1e-12


@pytest.mark.parametrize("dims", [(4, 4, 4), (4, 8, 4), (3, 3, 3)])
def test_square_random_starts_stall_about_half_the_time(dims):
    """docs/mathematics.md §2: with n_in = n_out a zero-balanced start stalls iff det(W2 W1)
    det(sigma_yx) < 0."""
    n_in, h, n_out = dims
    stalled = []
    for seed in range(200):
        task, w1, w2 = make_case(n_in, h, n_out, 0.1, seed=seed)
        sol = ed.ExactSolution.from_task(w1, w2, task)
        sign = np.linalg.det(w2 @ w1) * np.linalg.det(task.sigma_yx)
        assert (not sol.converges_to_optimum) == (sign < 0)
        stalled.append(not sol.converges_to_optimum)
    assert 0.35 < np.mean(stalled) < 0.65
    # One stalled run against the ODE: identical until rounding noise lets the ODE escape.
    seed = int(np.flatnonzero(stalled)[0])
    task, w1, w2 = make_case(n_in, h, n_out, 0.1, seed=seed)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    times = time_grid(5.0 / sol.growth_rates[0], 20)
    ref = integrate_weights(w1, w2, task.sigma_yx, times)
    assert relative_errors(sol.qqt(times), ref).max() <= TOL
    final = sol.mode_strengths(np.inf)
    assert np.sum(np.abs(final) < 1e-12) == len(sol.stalled_modes) == 1


@pytest.mark.parametrize("dims", [(4, 5, 5), (5, 5, 4)])
def test_non_square_random_starts_never_stall(dims):
    for seed in range(100):
        task, w1, w2 = make_case(*dims, 0.1, seed=seed)
        assert ed.ExactSolution.from_task(w1, w2, task).converges_to_optimum


def converged_start(task, n_hidden, seed):
    s = np.linalg.svd(task.sigma_yx, compute_uv=False)
    return ed.initialisations.aligned(task.sigma_yx, n_hidden, s, seed=seed)


def test_full_reversal_stalls_exactly():
    task = ed.tasks.random_regression(4, 4, 16, seed=3)
    w1, w2 = converged_start(task, 6, seed=1)
    rev = task.reversed()
    sol = ed.ExactSolution.from_task(w1, w2, rev)
    assert sol.rank_b == 0
    assert sol.stalled_modes == (0, 1, 2, 3)
    assert not sol.converges_to_optimum
    # Early on the noise-free ODE agrees (later, rounding noise lets the ODE escape).
    times = time_grid(2.0, 20)
    ref = integrate_weights(w1, w2, rev.sigma_yx, times)
    assert relative_errors(sol.qqt(times), ref).max() <= TOL
    # The network function decays to the saddle at zero and stays there.
    norms = np.linalg.norm(sol.network_function(np.geomspace(1, 1e4, 30)), axis=(1, 2))
    assert np.all(np.diff(norms) <= 0) and norms[0] > 0.1 and norms[-1] < 1e-12
    assert np.array_equal(sol.network_function(np.inf), np.zeros((4, 4)))


@pytest.mark.parametrize("mode", [0, 2])
def test_partial_reversal_stalls_the_negated_mode(mode):
    task = ed.tasks.random_regression(4, 5, 15, seed=4)
    w1, w2 = converged_start(task, 5, seed=2)
    rev = task.modes_reversed([mode])
    sol = ed.ExactSolution.from_task(w1, w2, rev)
    assert sol.stalled_modes == (mode,)
    assert sol.rank_b == 3
    final = sol.mode_strengths(np.inf)
    s = sol.singular_values
    assert abs(final[mode]) <= 1e-15 * s[0]  # zero up to rounding of the basis change
    others = np.delete(np.arange(4), mode)
    assert np.allclose(final[others], s[others], rtol=1e-12)
    times = time_grid(3.0, 20)
    ref = integrate_weights(w1, w2, rev.sigma_yx, times)
    assert relative_errors(sol.qqt(times), ref).max() <= TOL


def test_scalar_and_array_times():
    task, w1, w2 = make_case(3, 4, 2, 0.1)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    assert sol.qqt(1.0).shape == (5, 5)
    assert sol.qqt([1.0]).shape == (1, 5, 5)
    assert sol.network_function(np.array([0.0, 1.0, np.inf])).shape == (3, 2, 3)
    assert sol.loss([0.0, 1.0]).shape == (2,)
    assert np.ndim(sol.loss(1.0)) == 0
    q0 = np.vstack([w1.T, w2])
    assert np.allclose(sol.qqt(0.0), q0 @ q0.T, atol=1e-15)
    assert np.allclose(sol.w1tw1(2.0), sol.qqt(2.0)[:3, :3])
    assert np.allclose(sol.w2w2t(2.0), sol.qqt(2.0)[3:, 3:])
    q = sol.q(2.0)
    assert np.allclose(q @ q.T, sol.qqt(2.0), atol=1e-14)


def test_loss_rsm_ntk_match_the_reference_weights():
    task, w1, w2 = make_case(3, 4, 2, 0.3, seed=5)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    t = 1.7
    from scipy.integrate import solve_ivp

    def rhs(_, y):
        a, b = y[:12].reshape(4, 3), y[12:].reshape(2, 4)
        err = task.sigma_yx - b @ a
        return np.concatenate([(b.T @ err).ravel(), (err @ a.T).ravel()])

    y = solve_ivp(
        rhs,
        (0, t),
        np.concatenate([w1.ravel(), w2.ravel()]),
        method="DOP853",
        rtol=1e-12,
        atol=1e-16,
    ).y[:, -1]
    a, b = y[:12].reshape(4, 3), y[12:].reshape(2, 4)
    x = task.x
    assert np.isclose(sol.loss(t), task.loss(b @ a), rtol=1e-9)
    assert np.allclose(sol.rsm(t, x), x.T @ a.T @ a @ x, rtol=1e-9, atol=1e-12)
    # NTK from the explicit parameter Jacobian of the outputs f_i(x_mu) = (b a x_mu)_i.
    p = x.shape[1]
    jac = np.zeros((2 * p, a.size + b.size))
    for i in range(2):
        for mu in range(p):
            da = np.outer(b[i], x[:, mu])  # d f / d a
            db = np.zeros((2, 4))
            db[i] = a @ x[:, mu]  # d f / d b
            jac[i * p + mu] = np.concatenate([da.ravel(), db.ravel()])
    assert np.allclose(sol.ntk(t, x), jac @ jac.T, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("delta", [1e-2, 1e-4, 1e-6])
def test_perturbed_reversal_escapes_on_time(delta):
    """A reversal from a slightly rotated converged start is not a stall: it escapes.

    The start is the converged network with its output singular vectors rotated
    by ``expm(delta A)`` (A skew, 4 x 4, so invertible): exactly balanced, with
    ``B = O(delta)``. Exact and ODE agree through the plateau and the escape,
    which comes later the smaller ``delta`` is (docs/mathematics.md §2). (Below ``delta ~ 1e-7``
    the problem itself is ill-conditioned: rounding of ``B`` alone, ``eps / delta``
    relative, moves the escape by more than 1e-9 in any method.)
    """
    from scipy.linalg import expm

    task = ed.tasks.random_regression(4, 5, 15, seed=8)
    u, s, vt = np.linalg.svd(task.sigma_yx)
    a = np.random.default_rng(0).standard_normal((4, 4))
    u_rot = u.copy()
    u_rot[:, :4] = u[:, :4] @ expm(delta * (a - a.T))
    w1, w2 = ed.initialisations.from_product_svd(u_rot, s, vt.T, 4, 0.0, seed=1)
    rev = task.reversed()
    sol = ed.ExactSolution.from_task(w1, w2, rev)
    assert sol.converges_to_optimum
    times = time_grid(horizon(sol, delta, 1.0), 80)
    ref = integrate_weights(w1, w2, rev.sigma_yx, times)
    assert relative_errors(sol.qqt(times), ref).max() <= TOL
    # the loss on the reversed task is still high after ln(1/delta) / (4 s_1)
    early = np.log(1 / delta) / (4 * s[0])
    assert sol.loss(early) > 0.5 * sol.loss(0.0) * 0.25


def test_zero_weights_stay_at_the_saddle():
    task = ed.tasks.random_regression(3, 4, 6, seed=0)
    sol = ed.ExactSolution(np.zeros((2, 3)), np.zeros((4, 2)), task.sigma_yx)
    assert sol.rank_b == 0 and sol.stalled_modes == (0, 1)
    assert np.array_equal(sol.qqt([0.0, 1.0, np.inf]), np.zeros((3, 7, 7)))
    assert sol.q(1.0).shape == (7, 2)


def test_many_times_in_one_call_equal_one_at_a_time():
    """Chunked batched evaluation (3000 times) agrees with single evaluations."""
    task = ed.tasks.random_regression(12, 9, 30, seed=2)
    w1, w2 = ed.initialisations.zero_balanced(12, 12, 9, 0.01, seed=1)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    t = np.geomspace(1e-3, 1e4, 3000)
    batch = sol.network_function(t)
    for k in range(0, 3000, 250):
        assert np.allclose(batch[k], sol.network_function(t[k]), rtol=0, atol=1e-14)
