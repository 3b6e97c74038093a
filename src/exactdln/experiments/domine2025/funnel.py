"""Figure 3: unequal input and output dimensions (funnel and inverse funnel).

With ``n_hidden = min(n_in, n_out) = r``, ``W2 W2^T = U (K + lam) / 2 U^T``
and ``W1^T W1 = V (K - lam) / 2 V^T`` (``K = sqrt(lam^2 + 4 S^2)``,
``W2 W1 = U S V^T`` reduced). In a funnel (``n_in > n_out = r``) ``U`` is
complete and ``V`` is not. For ``lam -> +inf`` the NTK is dominated by
``W2 W2^T ~ lam I``, which does not move: lazy. For ``lam -> -inf`` it is
dominated by ``W1^T W1 ~ |lam| V V^T``, the projector on the network's row
space, which turns from the row space of ``W1(0)`` to that of the task:
the kernel moves by O(1) however large ``|lam|`` is (rich). The inverse
funnel (``n_out > n_in = r``) is the mirror image: ``lam < 0`` is lazy.

In the rich funnel the function learns in two phases: within the fixed row
space of ``W1(0)`` at rate ``~ |lam|``, which leaves the loss at
``1/2 ||sigma_yx (I - P_row(W1(0)))||_F^2`` (the task outside that row space),
then by rotating the row space at rate ``~ s^2 / |lam|``: a plateau whose
length grows with ``|lam|``.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar

from ..._checks import positive_float, positive_int
from ...crossings import first_root_on_grid
from ...exact import ExactSolution
from ...fits import local_loglog_slopes, loglog_slope
from ...initialisations import lambda_balanced
from ...measures import kernel_distance, loss
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import random_regression
from .common import gd_learning_rate, log_times, named, seeds_for, shape_of
from .lazy_ntk import fit_mask


def _task_and_seed(name, dims, n_items, target_std, seed):
    n_in, n_hidden, n_out = shape_of(name, dims)
    task_rng, init_rng = seeds_for(seed, n_in, n_hidden, n_out)
    return (
        (n_in, n_hidden, n_out),
        random_regression(n_in, n_out, n_items, task_rng, target_std),
        int(init_rng.integers(2**31)),
    )


def predicted_plateau(w1, sigma_yx) -> float:
    """``1/2 ||sigma_yx (I - P_row(w1))||_F^2``: the part of the task outside the row space of ``w1``."""
    w1 = np.asarray(w1, dtype=float)
    _, sv, vt = np.linalg.svd(w1, full_matrices=False)
    rows = vt[sv > sv[0] * max(w1.shape) * np.finfo(float).eps]
    return float(loss((sigma_yx @ rows.T) @ rows, sigma_yx))  # the loss of the projection on those rows


def loss_log_slope(solution: ExactSolution, t) -> np.ndarray:
    """``dL / d ln t = t dL/dt`` of ``L = 1/2 ||sigma_yx - W||_F^2`` along an exact solution (``tau = 1``).

    ``dL/dt = -<E, W2 W2^T E + E W1^T W1>_F`` with ``E = sigma_yx - W``
    (docs/mathematics.md §1), every factor from the exact solution: no finite differences.
    """
    t = np.atleast_1d(np.asarray(t, dtype=float))
    e = solution.sigma_yx - solution.network_function(t)
    flow = solution.w2w2t(t) @ e + e @ solution.w1tw1(t)
    return -t * np.sum(e * flow, axis=(-2, -1))


def plateau(solution: ExactSolution, lam: float) -> tuple[float, float]:
    """Time and loss ``1/2 ||sigma_yx - W||_F^2`` of the plateau of a rich funnel.

    The plateau is the inflection of the loss against ``ln t``: the time in
    ``[1/|lam|, |lam|]`` where ``|dL / d ln t|`` is smallest (between the fast
    phase, rate ``~ |lam|``, and the slow one, rate ``~ s^2 / |lam|``), found
    on a log grid and refined by a bounded scalar minimisation.
    """
    lo, hi = -np.log(abs(lam)), np.log(abs(lam))
    grid = np.linspace(lo, hi, 201)
    slope = np.abs(loss_log_slope(solution, np.exp(grid)))
    k = int(np.argmin(slope))
    a, b = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
    best = minimize_scalar(
        lambda x: float(np.abs(loss_log_slope(solution, np.exp(x)))[0]),
        bounds=(a, b),
        method="bounded",
        options={"xatol": 1e-10},
    )
    t = float(np.exp(best.x))
    w = solution.network_function(t)
    return t, float(loss(w, solution.sigma_yx))


def rich_limit(w1, w2, sigma_yx, lam: float) -> float:
    """Kernel distance between ``t = 0`` and ``t = inf`` in the limit ``|lam| -> inf`` on the rich side.

    The NTK tends to ``|lam| I (x) X^T P X`` (funnel, ``lam < 0``, ``P`` the
    row-space projector of ``W1``) or ``|lam| P (x) X^T X`` (inverse funnel,
    ``lam > 0``, ``P`` the column-space projector of ``W2``); with whitened
    inputs the distance is ``1 - tr(P(0) P(inf)) / r``, ``P(inf)`` that of the
    task (``r = n_hidden``, the rank of both projectors).
    """
    u, _, vt = np.linalg.svd(sigma_yx, full_matrices=False)
    if lam < 0:
        _, sv, start = np.linalg.svd(w1, full_matrices=False)
        end = vt
    else:
        start, sv, _ = np.linalg.svd(w2, full_matrices=False)
        start, end = start.T, u.T
    r = int(np.count_nonzero(sv > sv[0] * 1e-12))
    start, end = start[:r], end[:r]
    return float(1.0 - np.sum((start @ end.T) ** 2) / r)


def rich_limit_draws(dims, n_items, target_std, init_scale, lam, draws, seed) -> np.ndarray:
    """:func:`rich_limit` over ``draws`` independent tasks and starts (how typical one draw is).

    Both row spaces are uniformly distributed, so the mean is ``1 - r / n_in``
    (funnel, ``lam < 0``) or ``1 - r / n_out`` (inverse funnel, ``lam > 0``).
    """
    n_in, n_hidden, n_out = dims
    rng = np.random.default_rng(seed)
    out = np.empty(positive_int("draws", draws))
    for k in range(out.size):
        task = random_regression(n_in, n_out, n_items, rng, target_std)
        w1, w2 = lambda_balanced(n_in, n_hidden, n_out, init_scale, lam, rng)
        out[k] = rich_limit(w1, w2, task.sigma_yx, lam)
    return out


def gd_indices(gd_lams, gd_horizons, loss_lams) -> np.ndarray:
    """Where each of ``gd_lams`` sits in ``loss_lams``, checked: one horizon per ``gd_lam``, and
    each ``gd_lam`` one of ``loss_lams``."""
    gd = np.asarray(gd_lams, dtype=float)
    horizons = np.asarray(gd_horizons, dtype=float)
    losses = np.asarray(loss_lams, dtype=float)
    if horizons.shape != gd.shape:
        raise ValueError(f"need one gd_horizon per gd_lam, got {horizons.tolist()} for {gd.tolist()}")
    missing = [float(v) for v in gd if v not in losses]
    if missing:
        raise ValueError(f"gd_lams {missing} are not among loss_lams {losses.tolist()}")
    return np.array([int(np.flatnonzero(losses == v)[0]) for v in gd], dtype=int)


def slow_half_time(solution: ExactSolution, level: float, times, exact_loss) -> float:
    """First time the exact loss ``1/2 ||sigma_yx - W||_F^2`` falls below ``level``.

    Bracketed on ``times`` (where the loss is ``exact_loss``) and refined by Brent's
    method on the exact solution; ``nan`` if the loss stays above ``level`` on ``times``.
    """
    values = np.asarray(exact_loss, dtype=float) - level
    if not np.any(values < 0):
        return float("nan")

    def excess(t):
        return loss(solution.network_function(t), solution.sigma_yx) - level

    return first_root_on_grid(excess, times, values=values, rel_xtol=1e-12)


def plateau_error_draws(dims, n_items, target_std, init_scale, loss_lams, draws, seed) -> np.ndarray:
    """``(draws, L)``: relative plateau error ``|L_plateau - L_predicted| / L_predicted`` of the funnel
    ``dims`` at every ``loss_lam`` over independent draws of task and start (how typical one draw is).

    Draw ``k`` has its own task and initial function (generator ``seeds_for(seed, *dims, 2, n=1)``);
    all ``lam`` of one draw share them, like the figure's own draw.
    """
    (rng,) = seeds_for(seed, *dims, 2, n=1)
    out = np.empty((int(draws), len(loss_lams)))
    for k in range(out.shape[0]):
        task = random_regression(dims[0], dims[2], n_items, rng, target_std)
        init_seed = int(rng.integers(2**31))
        for m, lam in enumerate(loss_lams):
            w1, w2 = lambda_balanced(*dims, init_scale, lam, init_seed)
            pred = predicted_plateau(w1, task.sigma_yx)
            _, got = plateau(ExactSolution.from_task(w1, w2, task), lam)
            out[k, m] = abs(got - pred) / pred
    return out


def kernel_distances(
    tasks: dict, signs, mags, *, n_items, target_std, init_scale, n_draws: int, seed: int
) -> dict:
    """:func:`run`'s kernel distances over ``lam`` for every shape of ``tasks``.

    ``tasks`` maps a shape's name to ``(dims, task, init_seed)``. Returns
    ``kernel_distance``, ``rich_limit`` and ``converges`` ``(S, 2, M)`` (``signs``
    ``[+1, -1]``, ``mags (M,)``) and ``rich_limit_draws (S, n_draws)`` (seed ``seed + 1 + s``).
    """
    kd = np.empty((len(tasks), 2, mags.size))
    limit = np.empty_like(kd)
    draws_out = []
    converges = np.zeros(kd.shape, dtype=bool)
    for i, (dims, task, init_seed) in enumerate(tasks.values()):
        for j, sign in enumerate(signs):
            for m, mag in enumerate(mags):
                w1, w2 = lambda_balanced(*dims, init_scale, sign * mag, init_seed)
                sol = ExactSolution.from_task(w1, w2, task)
                k0, kinf = sol.ntk(np.array([0.0, np.inf]), task.x)
                kd[i, j, m] = kernel_distance(k0, kinf)
                limit[i, j, m] = rich_limit(w1, w2, task.sigma_yx, sign * mag)
                converges[i, j, m] = sol.converges_to_optimum
        rich_sign = -1.0 if dims[0] > dims[2] else 1.0
        draws_out.append(
            rich_limit_draws(
                dims, n_items, target_std, init_scale, rich_sign * mags[-1], n_draws, seed + 1 + i
            )
        )
    return {
        "kernel_distance": kd,
        "rich_limit": limit,
        "rich_limit_draws": np.stack(draws_out),
        "converges": converges,
    }


def loss_curves(
    dims,
    task,
    init_seed,
    *,
    init_scale,
    loss_lams,
    gd_lams,
    times,
    horizons,
    eta_max,
    eta_lam,
    n_records,
    progress,
) -> dict:
    """:func:`run`'s loss curves from every ``lam`` of ``loss_lams`` on one shape: exact and plateau;
    gradient descent from each of ``gd_lams`` (a subset of ``loss_lams``).

    Returns ``exact_loss (L, T)``, ``predicted_plateau``, ``plateau_time``, ``plateau_loss``,
    ``slow_half_time`` (:func:`slow_half_time` at half the predicted plateau) and ``eta``
    (``min(eta_max, eta_lam / |lam|)``, the rate gradient descent runs at) ``(L,)``;
    ``gd_index (G,)`` (where each of ``gd_lams`` sits in ``loss_lams``) and, per
    ``g < G``, ``sim_times_<g>``, ``sim_loss_<g>``, ``exact_at_sim_<g>`` (gradient descent
    up to ``horizons[g]`` and the exact loss at its times).
    """
    index = gd_indices(gd_lams, horizons, loss_lams)
    out = {"gd_index": index}
    rows = {
        k: []
        for k in ("exact_loss", "predicted_plateau", "plateau_time", "plateau_loss", "slow_half_time", "eta")
    }
    solutions = []
    for lam in loss_lams:
        w1, w2 = lambda_balanced(*dims, init_scale, lam, init_seed)
        sol = ExactSolution.from_task(w1, w2, task)
        exact_loss = loss(sol.network_function(times), task.sigma_yx)
        pred = predicted_plateau(w1, task.sigma_yx)
        t_p, l_p = plateau(sol, lam)
        rows["exact_loss"].append(exact_loss)
        rows["predicted_plateau"].append(pred)
        rows["plateau_time"].append(t_p)
        rows["plateau_loss"].append(l_p)
        rows["slow_half_time"].append(slow_half_time(sol, pred / 2, times, exact_loss))
        rows["eta"].append(gd_learning_rate(lam, eta_max, eta_lam))
        solutions.append((w1, w2, sol))
    for g, k in enumerate(index):
        w1, w2, sol = solutions[k]
        eta = rows["eta"][k]
        n_steps = positive_int("gd steps", round(positive_float("gd_horizons", horizons[g]) / eta))
        traj = train_two_layer(
            w1, w2, task, eta=eta, n_steps=n_steps, record=log_steps(n_steps, n_records), progress=progress
        )
        out[f"sim_times_{g}"] = traj.times
        out[f"sim_loss_{g}"] = loss(traj.network_function(), task.sigma_yx)
        out[f"exact_at_sim_{g}"] = loss(sol.network_function(traj.times), task.sigma_yx)
    out.update({k: np.asarray(v) for k, v in rows.items()})
    return out


def run(
    *,
    shapes,
    n_items: int,
    target_std: float,
    init_scale: float,
    lam_magnitudes,
    loss_shape: str,
    loss_lams,
    gd_lams,
    eta_max: float,
    eta_lam: float,
    gd_horizons,
    time_range,
    n_times: int,
    n_records: int,
    n_draws: int,
    n_plateau_draws: int,
    seed: int,
    progress: bool = False,
) -> dict:
    """Kernel distances over ``lam`` for every shape, and loss curves of ``loss_shape``.

    ``(S, 2, M)`` arrays for ``names (S,)``, ``signs = [+1, -1]`` and
    ``lam_magnitudes (M,)``: ``kernel_distance`` (exact NTK between ``t = 0``
    and ``t = inf``), ``rich_limit`` (its ``|lam| -> inf`` limit on the rich
    side, :func:`rich_limit`; meaningful for the rich sign only),
    ``converges``; ``rich_limit_draws (S, n_draws)``, that limit over
    independent draws (seed ``seed + 1 + s``); see :func:`kernel_distances`. For
    ``loss_lams (L,)`` on ``loss_shape`` (:func:`loss_curves`):
    ``times (T,)`` (0 and ``n_times`` log-spaced over ``time_range``),
    ``exact_loss (L, T)`` (``1/2 ||sigma_yx - W2 W1||_F^2``, the loss above its
    linear-regression floor), ``predicted_plateau (L,)``, ``plateau_time``,
    ``plateau_loss (L,)``, ``slow_half_time (L,)`` (the exact loss first below
    half the predicted plateau), ``eta (L,)`` (``min(eta_max, eta_lam / |lam|)``);
    gradient descent from each of ``gd_lams (G,)`` at its ``eta`` up to
    ``gd_horizon (G,)``: ``gd_index (G,)`` (its place in ``loss_lams``),
    ``sim_times_<g>``, ``sim_loss_<g>``, ``exact_at_sim_<g>``; and
    ``plateau_draws (n_plateau_draws, L)``, the relative plateau error of
    ``loss_shape`` over independent draws (:func:`plateau_error_draws`).
    """
    entries = named(shapes, "shapes")
    mags = np.asarray(lam_magnitudes, dtype=float)
    signs = np.array([1.0, -1.0])
    tasks = {name: _task_and_seed(name, dims, n_items, target_std, seed) for name, dims in entries}
    kd = kernel_distances(
        tasks,
        signs,
        mags,
        n_items=n_items,
        target_std=target_std,
        init_scale=init_scale,
        n_draws=n_draws,
        seed=seed,
    )
    if loss_shape not in tasks:
        raise ValueError(f"loss_shape {loss_shape!r} is not one of the shapes {sorted(tasks)}")
    loss_lams = np.asarray(loss_lams, dtype=float)
    gd_lams = np.asarray(gd_lams, dtype=float)
    horizons = np.asarray(gd_horizons, dtype=float)
    gd_indices(gd_lams, horizons, loss_lams)
    times = log_times(*time_range, n_times)
    out = {
        "names": np.asarray([n for n, _ in entries]),
        "dims": np.asarray([shape_of(n, d) for n, d in entries]),
        "signs": signs,
        "lam_magnitudes": mags,
        **kd,
        "loss_shape": np.asarray(loss_shape),
        "loss_lams": loss_lams,
        "gd_lams": gd_lams,
        "times": times,
        "gd_horizon": horizons,
    }
    curves = loss_curves(
        *tasks[loss_shape],
        init_scale=init_scale,
        loss_lams=loss_lams,
        gd_lams=gd_lams,
        times=times,
        horizons=horizons,
        eta_max=eta_max,
        eta_lam=eta_lam,
        n_records=n_records,
        progress=progress,
    )
    draws = plateau_error_draws(
        tasks[loss_shape][0],
        n_items,
        target_std,
        init_scale,
        loss_lams,
        positive_int("n_plateau_draws", n_plateau_draws),
        seed,
    )
    return {**out, **curves, "plateau_draws": draws}


def lam_index(lazy_lam: float, lam_magnitudes) -> int:
    """The index of ``lazy_lam`` in ``lam_magnitudes``; raises if it is not one of them."""
    mags = np.asarray(lam_magnitudes, dtype=float)
    found = np.flatnonzero(mags == lazy_lam)
    if found.size == 0:
        raise ValueError(f"lazy_lam = {lazy_lam!r} is not one of lam_magnitudes {mags.tolist()}")
    return int(found[0])


def measure(
    data: dict, *, lazy_lam: float, lazy_bound: float, rich_bound: float, fit_range, early_fit_range
) -> dict:
    """Kernel distances at ``+-lazy_lam``, which sign is lazy per shape, their laws, and the plateau.

    Per shape: ``kd_plus`` and ``kd_minus`` at ``|lam| = lazy_lam``,
    ``lazy_sign`` (+1 or -1, the sign with the smaller kernel distance),
    ``lazy_ok`` (it is at most ``lazy_bound``), ``rich_ok`` (the other is at
    least ``rich_bound``), ``kd_slope_lazy_side`` (log–log slope of the lazy
    side's kernel distance over the ``|lam|`` in ``fit_range``, at least four),
    ``kd_local_slopes_lazy_side`` (between neighbouring ``|lam|``, all of them),
    ``kd_slope_lazy_side_early`` (the fit over ``early_fit_range``, where the law has not set
    in: the range of an earlier version of the figure),
    ``rich_limit`` and ``rich_limit_gap`` (the ``|lam| -> inf`` limit of the rich
    side and its distance from the value at ``lazy_lam``), ``rich_gap_slope`` and
    ``rich_gap_local_slopes`` (the same for the rich side's ``|kd - limit|``),
    ``rich_limit_draws_mean`` (over independent draws; theory
    ``1 - n_hidden / max(n_in, n_out)``) and ``rich_limit_draws_above_bound``
    (the fraction of draws at least ``rich_bound``); ``fit_range`` and
    ``fit_points`` (how many ``|lam|`` it holds). Plateau, per ``|lam|`` of the loss curves
    (keys ``lam<|lam|>``):
    ``plateau_err`` (``|L_plateau - L_predicted| / L_predicted``),
    ``plateau_err_scaled`` (times ``lam^2 / ln|lam|``, constant if the error
    is ``c ln|lam| / lam^2``), ``slow_half_time``, ``eta`` and ``slow_half_steps``
    (the gradient-descent steps the slow phase takes at ``eta``), and for the
    ``lam`` simulated ``gd_horizon`` and ``gd_gap`` (largest ``|L_sim - L_exact| / L(0)``
    over the simulated horizon). ``plateau_err_local_slopes`` and
    ``slow_half_time_local_slopes`` (between neighbouring ``|lam|``),
    ``slow_half_time_slope`` (log–log, over the ``|lam|`` of the loss curves in
    ``fit_range``, at least four); over the independent draws
    (``plateau_draws``): ``n_plateau_draws`` and, of the change of the scaled error
    between the two largest ``|lam|`` (``|scaled(last) / scaled(last but one) - 1|``) and
    between the smallest and the largest, the median and the largest over draws
    (``plateau_draws_last_change``, ``plateau_draws_total_change``), with the same for
    the figure's draw (``plateau_last_change``, ``plateau_total_change``).
    """
    mags = data["lam_magnitudes"]
    m = lam_index(lazy_lam, mags)
    fit = fit_mask(fit_range, mags)
    early = fit_mask(early_fit_range, mags)
    out: dict = {"fit_range": [float(v) for v in fit_range], "fit_points": int(np.count_nonzero(fit))}
    for i, name in enumerate(data["names"]):
        kd = data["kernel_distance"][i]
        plus, minus = float(kd[0, m]), float(kd[1, m])
        lazy = 0 if plus < minus else 1
        rich_gap = np.abs(kd[1 - lazy] - data["rich_limit"][i, 1 - lazy])
        draws = data["rich_limit_draws"][i]
        out[str(name)] = {
            "kd_plus": plus,
            "kd_minus": minus,
            "lazy_sign": 1 if lazy == 0 else -1,
            "lazy_ok": bool(min(plus, minus) <= lazy_bound),
            "rich_ok": bool(max(plus, minus) >= rich_bound),
            "kd_slope_lazy_side": loglog_slope(mags[fit], kd[lazy][fit]),
            "kd_local_slopes_lazy_side": local_loglog_slopes(mags, kd[lazy]).tolist(),
            "kd_slope_lazy_side_early": loglog_slope(mags[early], kd[lazy][early]),
            "rich_limit": float(data["rich_limit"][i, 1 - lazy, m]),
            "rich_limit_gap": float(rich_gap[m]),
            "rich_gap_slope": loglog_slope(mags[fit], rich_gap[fit]),
            "rich_gap_local_slopes": local_loglog_slopes(mags, rich_gap).tolist(),
            "rich_limit_draws_mean": float(draws.mean()),
            "rich_limit_draws_theory": float(
                1 - data["dims"][i][1] / max(data["dims"][i][0], data["dims"][i][2])
            ),
            "rich_limit_draws_above_bound": float(np.mean(draws >= rich_bound)),
            "n_draws": int(draws.size),
            "converges": bool(np.all(data["converges"][i])),
        }
    lams = np.abs(data["loss_lams"])
    errs, plateau_out = [], {}
    for k, lam in enumerate(data["loss_lams"]):
        pred, got = float(data["predicted_plateau"][k]), float(data["plateau_loss"][k])
        err = abs(got - pred) / pred
        errs.append(err)
        plateau_out[f"lam{abs(lam):g}"] = {
            "lam": float(lam),
            "predicted": pred,
            "measured": got,
            "plateau_time": float(data["plateau_time"][k]),
            "plateau_err": err,
            "plateau_err_scaled": err * lam**2 / np.log(abs(lam)),
            "slow_half_time": float(data["slow_half_time"][k]),
            "eta": float(data["eta"][k]),
            "slow_half_steps": round(float(data["slow_half_time"][k] / data["eta"][k])),
        }
    for g, k in enumerate(data["gd_index"]):
        sim, ref = data[f"sim_loss_{g}"], data[f"exact_at_sim_{g}"]
        plateau_out[f"lam{lams[k]:g}"].update(
            gd_horizon=float(data["gd_horizon"][g]), gd_gap=float(np.max(np.abs(sim - ref)) / ref[0])
        )
    out["plateau"] = plateau_out
    out["plateau_err_local_slopes"] = local_loglog_slopes(lams, errs).tolist()
    late = fit_mask(fit_range, lams, "|loss_lams|")
    out["slow_half_time_slope"] = loglog_slope(lams[late], data["slow_half_time"][late])
    out["slow_half_time_local_slopes"] = local_loglog_slopes(lams, data["slow_half_time"]).tolist()
    scaled = np.asarray(errs) * lams**2 / np.log(lams)
    draws = data["plateau_draws"] * lams**2 / np.log(lams)
    last = np.abs(draws[:, -1] / draws[:, -2] - 1)
    total = np.abs(draws[:, -1] / draws[:, 0] - 1)
    out.update(
        n_plateau_draws=int(draws.shape[0]),
        plateau_last_change=float(abs(scaled[-1] / scaled[-2] - 1)),
        plateau_total_change=float(abs(scaled[-1] / scaled[0] - 1)),
        plateau_draws_last_change={"median": float(np.median(last)), "max": float(last.max())},
        plateau_draws_total_change={"median": float(np.median(total)), "max": float(total.max())},
    )
    return out
