"""Figure 5: fast or slow, rich or lazy — learning time, kernel movement and final representation.

One task and one family of initial weights (zero-balanced or unbalanced
Gaussian) per call of :func:`run`: ``n_seeds`` initial weight directions,
each rescaled to every initial scale ``a0``, trained by gradient descent as
one batch per scale. Balanced runs are also solved exactly
(:class:`~exactdln.exact.ExactSolution`); Gaussian runs are simulation-only,
because the exact solution holds only for balanced starts (docs/mathematics.md §2).

Per run: the learning time (time to 90% of the loss reduction,
:func:`~exactdln.measures.learning_time`), the NTK's movement between start and
end (:func:`~exactdln.measures.kernel_distance`) and the relative distance of
the final ``W1^T W1`` from the task-structured ``V S V^T``
(:func:`~exactdln.measures.representation_distance` divided by ``||S||_F``).
:func:`theory` gives the analytical timescales of the slow (Saxe et al.) and
fast (large-``a0``) limits; :func:`measure` reduces everything to the
numbers the paper quotes.
"""

from __future__ import annotations

import sys

import numpy as np

from ..._checks import positive_float, positive_int
from ...crossings import first_root_on_grid, root_expanding
from ...exact import ExactSolution
from ...fits import linear_slope, local_loglog_slopes, loglog_slope
from ...initialisations import gaussian, random_orthogonal, zero_balanced
from ...limits import saxe_sigmoid
from ...measures import kernel_distance, learning_time, ntk, representation_distance
from ...measures import loss as loss_of
from ...simulation import train_two_layer
from ...tasks import Task, identity_inputs, semantic_hierarchy

FAMILIES = ("balanced", "gaussian")
FRACTION = 0.9  # learning time: time to this fraction of the total loss reduction
THEORY_POINTS = 200  # scales at which the analytical timescales are evaluated
EXACT_GRID = 400  # log-spaced times that bracket the exact learning time
CHUNK = 200  # steps simulated per call of train_two_layer (bounds the memory of recorded weights)
MIN_FIT_SCALES = 4  # a slope (a power law, or ln t against ln 1/a0) is fitted to at least this many scales


def checked_scales(
    init_scales, *, slow_max_scale: float, fast_min_scale: float, balanced_sim_max_scale: float | None = None
) -> np.ndarray:
    """``init_scales`` as an array, checked to increase strictly, to give each regime's fit at least
    :data:`MIN_FIT_SCALES` scales (``<= slow_max_scale`` and ``>= fast_min_scale``), and to simulate
    every slow-regime scale of the balanced family (``balanced_sim_max_scale >= slow_max_scale``:
    the slow regime's simulation–exact gap is measured there)."""
    a = np.array([positive_float("init_scales[i]", v) for v in init_scales])
    if np.any(np.diff(a) <= 0):
        raise ValueError(f"init_scales must increase strictly, got {list(init_scales)}")
    for name, n in (
        ("slow_max_scale", int(np.sum(a <= positive_float("slow_max_scale", slow_max_scale)))),
        ("fast_min_scale", int(np.sum(a >= positive_float("fast_min_scale", fast_min_scale)))),
    ):
        if n < MIN_FIT_SCALES:
            raise ValueError(f"{name} leaves {n} scales in its fit, fewer than {MIN_FIT_SCALES}")
    if balanced_sim_max_scale is not None and balanced_sim_max_scale < slow_max_scale:
        raise ValueError(
            f"balanced_sim_max_scale={balanced_sim_max_scale:g} < slow_max_scale={slow_max_scale:g}: "
            "the slow regime's balanced runs must be simulated"
        )
    return a


def make_task(name: str, spec: dict, seed: int) -> Task:
    """The hierarchy (``spec = {"kind": "hierarchy"}``) or a random task with controlled spectrum.

    A random task (``{"kind": "random", "n_out": m, "n_in": n}``) has
    ``sigma_yx = U diag(s) V^T`` with Haar-random ``U``, ``V`` and ``s``
    geometrically spaced over ``spec["singular_values"] = [s_min, s_max]``;
    its items are ``x = sqrt(n) I`` (whitened, ``P = n``) and ``y = sigma_yx x``.
    """
    kind = spec.get("kind")
    if kind == "hierarchy":
        return semantic_hierarchy(distinct_singular_values=True)
    if kind != "random":
        raise ValueError(f"task {name!r}: kind must be 'hierarchy' or 'random', got {kind!r}")
    n_out, n_in = positive_int("n_out", spec["n_out"]), positive_int("n_in", spec["n_in"])
    lo, hi = (positive_float("singular_values", v) for v in spec["singular_values"])
    if hi < lo:
        raise ValueError(
            f"task {name!r}: singular_values must be [s_min, s_max], got {spec['singular_values']}"
        )
    u_seed, v_seed = np.random.SeedSequence(seed).spawn(2)
    u = random_orthogonal(n_out, np.random.default_rng(u_seed))
    v = random_orthogonal(n_in, np.random.default_rng(v_seed))
    r = min(n_in, n_out)
    sigma_yx = u[:, :r] @ np.diag(np.geomspace(hi, lo, r)) @ v[:, :r].T
    x = identity_inputs(n_in)
    return Task(x, sigma_yx @ x, f"random {n_out}x{n_in}")


def starts(task: Task, family: str, n_hidden: int, n_seeds: int, seed: int):
    """Unit-scale initial weights ``w1 (N, h, n_in)``, ``w2 (N, n_out, h)`` and ``reflected (N,)``.

    ``gaussian``: independent N(0, 1) entries. ``balanced``: zero-balanced
    weights whose product has the singular values and vectors of the
    Gaussian product (:func:`~exactdln.initialisations.zero_balanced`). A
    balanced start whose growing-eigenspace projection ``B`` is singular
    would stall at a saddle under the exact flow (docs/mathematics.md §2; about half of all
    draws when ``n_in = n_out``); such a draw is replaced by its reflection
    ``w2 -> H w2`` (``H`` a Householder reflection of the output space), which
    keeps it zero-balanced and flips the sign of ``det(W2 W1)``, and is flagged
    in ``reflected``.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    draw = zero_balanced if family == "balanced" else gaussian
    rngs = [
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(positive_int("n_seeds", n_seeds))
    ]
    w1s, w2s, reflected = [], [], []
    for rng in rngs:
        w1, w2 = draw(task.n_in, n_hidden, task.n_out, 1.0, rng)
        flip = family == "balanced" and not ExactSolution(w1, w2, task.sigma_yx).converges_to_optimum
        if flip:
            e = np.zeros(task.n_out)
            e[0] = 1.0
            w2 = w2 - 2.0 * np.outer(e, e @ w2)
            if not ExactSolution(w1, w2, task.sigma_yx).converges_to_optimum:
                raise ValueError("a reflected balanced start still stalls: the task is rank-deficient")
        w1s.append(w1)
        w2s.append(w2)
        reflected.append(flip)
    return np.stack(w1s), np.stack(w2s), np.asarray(reflected)


def stable_learning_rate(w1, w2, sigma_yx, eta_max: float, stability: float) -> float:
    """``min(eta_max, stability * 2 / Lambda)`` with ``Lambda`` bounding the initial Hessian.

    ``Lambda = max over the batch of ||w1||_2^2 + ||w2||_2^2 + ||sigma_yx - w2 w1||_2``
    bounds the largest eigenvalue of the Hessian of the loss at the start
    (the Gauss–Newton part by the first two terms, the residual part by the
    third); gradient descent on a quadratic is stable for ``eta < 2 / Lambda``.
    """
    norm = np.linalg.norm
    bound = norm(w1, 2, axis=(-2, -1)) ** 2 + norm(w2, 2, axis=(-2, -1)) ** 2
    bound = bound + norm(sigma_yx - w2 @ w1, 2, axis=(-2, -1))
    return min(
        positive_float("eta_max", eta_max), positive_float("stability", stability) * 2.0 / float(bound.max())
    )


def _simulate(w1, w2, task: Task, eta: float, n_steps: int):
    """Loss ``(N, n_steps + 1)`` at every step and the final weights; simulated in chunks of steps."""
    losses, done = [task.loss(w2 @ w1)[:, None]], 0
    while done < n_steps:
        chunk = min(CHUNK, n_steps - done)
        traj = train_two_layer(w1, w2, task, eta=eta, n_steps=chunk)
        losses.append(traj.loss()[1:].T)
        w1, w2, done = traj.w1[-1], traj.w2[-1], done + chunk
    return eta * np.arange(n_steps + 1), np.concatenate(losses, axis=1), w1, w2


def _exact_learning_time(solution: ExactSolution, horizon: float) -> float:
    """Exact learning time: the first root of ``L(t) - [L(0) - FRACTION (L(0) - L(inf))]``,
    bracketed on a log-spaced grid and refined by Brent's method (to ~1e-14 relative)."""
    start, final = float(solution.loss(0.0)), float(solution.loss(np.inf))
    target = start - FRACTION * (start - final)
    times = np.concatenate([[0.0], np.geomspace(1e-6 * horizon, horizon, EXACT_GRID)])
    return first_root_on_grid(lambda t: solution.loss(t) - target, times, rel_xtol=1e-14)


def run(
    *,
    task: Task,
    family: str,
    n_hidden: int,
    init_scales,
    n_seeds: int,
    seed: int,
    eta_max: float,
    stability: float,
    horizon: float,
    gaussian_horizon_scale: float | None = None,
    balanced_sim_max_scale: float | None = None,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train ``n_seeds`` networks at every initial scale; measure each run (and its exact solution).

    Gradient descent runs to the flow time ``horizon``, except for two cases in which the
    stable learning rate (``~ 1/a0^2``, :func:`stable_learning_rate`) would make that
    ``~ a0^2`` steps: Gaussian runs at ``a0 > gaussian_horizon_scale`` run to
    ``horizon * (gaussian_horizon_scale / a0)^2`` (:func:`simulated_horizon`; their
    timescale is ``c / a0^2``, the lazy limit of :func:`fast_constants`), and balanced
    runs at ``a0 > balanced_sim_max_scale`` are not simulated (their weights come down to
    the task's scale, a flow time of order one): their ``sim_*`` entries, ``eta`` and
    ``n_steps`` are ``nan``, ``nan`` and 0, and only the exact solution measures them.

    Returns ``scales (S,)``, ``eta (S,)``, ``n_steps (S,)``, ``horizon (S,)``, ``reflected (N,)``,
    ``singular_values (r,)``, and ``(S, N)`` arrays ``sim_learning_time``,
    ``sim_kernel_movement`` (NTK over the task's items, start vs end of
    training), ``sim_distance`` (``||W1^T W1 - V S V^T||_F / ||S||_F`` at the
    end), ``sim_loss_gap`` (final loss minus the global minimum) and ``sim_initial_loss_gap``
    (the same at the start); for the
    balanced family also ``exact_learning_time``, ``exact_kernel_movement``
    and ``exact_distance`` (at ``t = inf``), and ``sim_loss_curves`` /
    ``exact_loss_curves`` ``(S, T)`` of seed 0 with ``curve_times (S, T)``.
    """
    scales = np.array([positive_float("init_scales[i]", a) for a in init_scales])
    horizon = positive_float("horizon", horizon)
    w1u, w2u, reflected = starts(task, family, n_hidden, n_seeds, seed)
    sigma_yx, x = task.sigma_yx, task.x
    s = np.linalg.svd(sigma_yx, compute_uv=False)
    optimum = 0.5 * (np.trace(task.sigma_yy) - np.sum(s[: min(n_hidden, s.size)] ** 2))
    out: dict[str, list] = {}
    for a0 in scales:
        w1, w2 = a0 * w1u, a0 * w2u
        k0 = ntk(np.swapaxes(w1, -1, -2) @ w1, w2 @ np.swapaxes(w2, -1, -2), x)
        flow_time = simulated_horizon(a0, family, horizon, gaussian_horizon_scale)
        if family == "balanced" and balanced_sim_max_scale is not None and a0 > balanced_sim_max_scale:
            missing = np.full(len(w1u), np.nan)
            row = {"eta": np.nan, "n_steps": 0, "horizon": np.nan}
            kinds = ("learning_time", "kernel_movement", "distance", "loss_gap", "initial_loss_gap")
            row |= {f"sim_{k}": missing for k in kinds}
            if progress:
                print(f"{task.name}, {family}, scale {a0:g}: exact solution only", file=sys.stderr)
        else:
            eta = stable_learning_rate(w1, w2, sigma_yx, eta_max, stability)
            n_steps = int(np.ceil(flow_time / eta))
            if progress:
                print(
                    f"{task.name}, {family}, scale {a0:g}: eta = {eta:.3g}, {n_steps} steps", file=sys.stderr
                )
            times, loss, w1_end, w2_end = _simulate(w1, w2, task, eta, n_steps)
            k_end = ntk(np.swapaxes(w1_end, -1, -2) @ w1_end, w2_end @ np.swapaxes(w2_end, -1, -2), x)
            row = {
                "eta": eta,
                "n_steps": n_steps,
                "horizon": flow_time,
                "sim_learning_time": learning_time(times, loss, FRACTION),
                "sim_kernel_movement": kernel_distance(k0, k_end),
                "sim_distance": representation_distance(np.swapaxes(w1_end, -1, -2) @ w1_end, sigma_yx)
                / np.linalg.norm(s),
                "sim_loss_gap": loss_of(w2_end @ w1_end, sigma_yx, task.sigma_yy) - optimum,
                "sim_initial_loss_gap": loss[:, 0] - optimum,
            }
        if family == "balanced":
            exact = [ExactSolution.from_task(a, b, task) for a, b in zip(w1, w2, strict=True)]
            row["exact_learning_time"] = np.array([_exact_learning_time(e, horizon) for e in exact])
            row["exact_kernel_movement"] = np.array(
                [kernel_distance(k0[i], e.ntk(np.inf, x)) for i, e in enumerate(exact)]
            )
            row["exact_distance"] = np.array(
                [representation_distance(e.w1tw1(np.inf), sigma_yx) for e in exact]
            ) / np.linalg.norm(s)
        for key, value in row.items():
            out.setdefault(key, []).append(value)
    result = {k: np.asarray(v) for k, v in out.items()}
    grid = np.geomspace(scales.min(), scales.max(), THEORY_POINTS)
    fast = fast_constants(w1u, w2u, family)
    return {
        **result,
        "scales": scales,
        "n_hidden": n_hidden,
        "reflected": reflected,
        "singular_values": s,
        "theory_scales": grid,
        "slow_time": np.array(
            [slow_time(s[: min(n_hidden, s.size)], a * a * np.sqrt(n_hidden)) for a in grid]
        ),
        "fast_constants": fast,
        "fast_time": np.median(fast) / grid**2,
    }


def simulated_horizon(a0: float, family: str, horizon: float, gaussian_horizon_scale: float | None) -> float:
    """Flow time simulated at scale ``a0``: ``horizon``, or for Gaussian runs above
    ``gaussian_horizon_scale`` the shorter ``horizon * (gaussian_horizon_scale / a0)^2``.

    Large Gaussian starts learn in the lazy limit on the timescale ``c / a0^2``
    (:func:`fast_constants`) and converge at rates of order ``a0^2``, so the shortened horizon
    keeps the simulated time fixed in units of their own timescale; the stable learning rate
    falls as ``1 / a0^2`` too, so the number of steps stops growing with ``a0``.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    horizon, a0 = positive_float("horizon", horizon), positive_float("a0", a0)
    if family == "gaussian" and gaussian_horizon_scale is not None:
        ref = positive_float("gaussian_horizon_scale", gaussian_horizon_scale)
        return horizon * min(1.0, (ref / a0) ** 2)
    return horizon


def _decreasing_root(f) -> float:
    """Root of a decreasing function with ``f(0) > 0``, bracketed by doubling from 1."""
    return root_expanding(f, 0.0, 1.0, xtol=1e-14, rtol=1e-12)


def slow_time(s, u0: float) -> float:
    """Learning time of aligned Saxe sigmoids (docs/mathematics.md §4) from strength ``u0`` in every mode.

    Solves ``sum_i (s_i - u_i(t))^2 = (1 - FRACTION) sum_i (s_i - u0)^2`` with
    ``u_i`` from :func:`~exactdln.limits.saxe_sigmoid`; for ``u0 -> 0`` this is
    ``(tau / (2 s_k)) ln(s_k / u0)`` for the mode ``s_k`` that completes the
    reduction. ``nan`` when ``u0 >= min(s)`` (outside the small-scale limit).
    """
    s = np.asarray(s, dtype=float)
    u0 = positive_float("u0", u0)
    if u0 >= s.min():
        return float("nan")
    total = np.sum((s - u0) ** 2)
    return _decreasing_root(
        lambda t: np.sum((s - [saxe_sigmoid(t, si, u0) for si in s]) ** 2) - (1 - FRACTION) * total
    )


def fast_constants(w1, w2, family: str) -> np.ndarray:
    """Large-scale limit ``c`` of the learning time ``t = c / a0^2`` per unit-scale start ``(N,)``.

    For ``a0 -> inf`` the target is negligible, the error is ``E = -W``.
    Balanced: ``W1^T W1 = (W^T W)^{1/2}``, so each singular value obeys
    ``dw/dt = -2 w^2``, ``w(t) = w0 / (1 + 2 w0 t)``; ``c`` solves
    ``sum w0^2 / (1 + 2 w0 c)^2 = (1 - FRACTION) sum w0^2`` (unit-scale ``w0``).
    Gaussian: the lazy (frozen-kernel) limit ``dE/dt = -(B E + E A)`` with
    ``A = W1^T W1(0)``, ``B = W2 W2^T(0)``; in their eigenbases
    ``E_ij(t) = E_ij(0) e^{-(b_i + a_j) t}`` and ``c`` solves
    ``sum E_ij(0)^2 e^{-2 (b_i + a_j) c} = (1 - FRACTION) sum E_ij(0)^2``.
    """
    out = []
    for a, b in zip(w1, w2, strict=True):
        w = b @ a
        if family == "balanced":
            w0 = np.linalg.svd(w, compute_uv=False)
            w0 = w0[w0 > 0]
            out.append(
                _decreasing_root(
                    lambda c, w0=w0: np.sum(w0**2 / (1 + 2 * w0 * c) ** 2) - (1 - FRACTION) * np.sum(w0**2)
                )
            )
        elif family == "gaussian":
            ea, pa = np.linalg.eigh(a.T @ a)
            eb, pb = np.linalg.eigh(b @ b.T)
            e2 = (pb.T @ w @ pa) ** 2
            rate = eb[:, None] + ea[None, :]
            out.append(
                _decreasing_root(
                    lambda c, e2=e2, rate=rate: np.sum(e2 * np.exp(-2 * rate * c)) - (1 - FRACTION) * e2.sum()
                )
            )
        else:
            raise ValueError(f"family must be one of {FAMILIES}, got {family!r}")
    return np.asarray(out)


def boundary_scales(s, n_hidden: int) -> list[float]:
    """Scales ``a0`` at which the typical initial mode strength ``a0^2 sqrt(n_hidden)`` equals
    the smallest and the largest singular value: ``[sqrt(s_min / sqrt(h)), sqrt(s_max / sqrt(h))]``.

    Below the first every mode starts far below its target and is learned
    after a plateau (slow, Saxe et al.); above the second every mode starts
    above it and the dynamics is set by the initial weights (fast).
    """
    s = np.asarray(s, dtype=float)
    s = s[s > 0]
    return [float(np.sqrt(s.min() / np.sqrt(n_hidden))), float(np.sqrt(s.max() / np.sqrt(n_hidden)))]


def measure(runs: dict, *, slow_max_scale: float, fast_min_scale: float, distance_bound: float) -> dict:
    """The numbers Figure 5 quotes, from ``runs[task][family]`` (the dicts of :func:`run`).

    Per task and family: median learning time, kernel movement and distance
    per scale; the slope of the median learning time against ``ln(1/a0)`` for
    scales ``<= slow_max_scale`` (and of the Saxe prediction at the same
    scales) and of ``ln t`` against ``ln a0`` for scales ``>= fast_min_scale``
    (theory: -2) with the number of scales it uses and the local slopes between neighbouring
    scales there, the measured/predicted learning time at the largest scale,
    the largest simulated scale, and the regime boundaries (:func:`boundary_scales`).
    Simulation numbers (``sim_*``, ``eta_min``, ``n_steps_max``) cover the simulated scales
    only (:func:`run` may solve the largest balanced scales exactly only). Balanced
    runs add the largest exact ``t = inf`` and simulated end-of-training
    distances, the median relative simulation–exact learning-time gap per
    simulated scale, its largest value over the slow-regime scales, and the median
    learning time in steps at the largest simulated scale.
    Over all tasks and families: the smallest and largest fast-regime local slope, the largest
    distance of one from the theory's -2, and the number of scales of the fast fit.
    Verdicts: every exact balanced distance below ``distance_bound``; the Gaussian median
    distance grows with the scale on every task; the Gaussian kernel moves less than the
    balanced one at the largest scale on every task.
    """
    out: dict = {}
    exact_max, sim_max, gap_max, loss_gap_max, relative_gap_max = 0.0, 0.0, 0.0, 0.0, 0.0
    grows, lazier = True, True
    local_slopes, fast_n = [], set()
    for name, families in runs.items():
        entry = {}
        for family, d in families.items():
            a = d["scales"]
            kind = "exact" if family == "balanced" else "sim"
            t = np.median(d[f"{kind}_learning_time"], axis=1)
            slow, fast = a <= slow_max_scale, a >= fast_min_scale
            saxe = np.interp(np.log(a[slow]), np.log(d["theory_scales"]), d["slow_time"])
            fast_theory = np.median(d["fast_constants"]) / a[-1] ** 2
            simulated = np.isfinite(d["eta"])
            e = {
                "learning_time_median": t,
                "kernel_movement_median": np.median(d[f"{kind}_kernel_movement"], axis=1),
                "distance_median": np.median(d[f"{kind}_distance"], axis=1),
                "slow_slope": linear_slope(-np.log(a[slow]), t[slow]),
                "slow_slope_theory": linear_slope(-np.log(a[slow]), saxe),
                "slow_n_scales": int(np.sum(slow)),
                "fast_slope": loglog_slope(a[fast], t[fast]),
                "fast_n_scales": int(np.sum(fast)),
                "fast_local_slopes": local_loglog_slopes(a[fast], t[fast]),
                "fast_ratio": float(t[-1] / fast_theory),
                "sim_max_scale": float(a[simulated].max()),
                "sim_loss_gap_max": float(np.max(np.abs(d["sim_loss_gap"][simulated]))),
                "sim_loss_gap_relative_max": float(
                    np.max(np.abs(d["sim_loss_gap"][simulated]) / d["sim_initial_loss_gap"][simulated])
                ),
                "eta_min": float(d["eta"][simulated].min()),
                "n_steps_max": int(d["n_steps"].max()),
                "sim_distance_max": float(d["sim_distance"][simulated].max()),
            }
            local_slopes.extend(e["fast_local_slopes"])
            fast_n.add(e["fast_n_scales"])
            loss_gap_max = max(loss_gap_max, e["sim_loss_gap_max"])
            relative_gap_max = max(relative_gap_max, e["sim_loss_gap_relative_max"])
            if family == "balanced":
                exact_t = d["exact_learning_time"]
                e["exact_distance_max"] = float(d["exact_distance"].max())
                gap = np.abs(d["sim_learning_time"] - exact_t)[simulated] / exact_t[simulated]
                e["learning_time_gap_median"] = np.median(gap, axis=1)
                e["learning_time_gap_slow_max"] = float(gap[slow[simulated]].max())
                last = np.flatnonzero(simulated)[-1]  # the largest simulated scale
                e["learning_time_steps_largest"] = float(t[last] / d["eta"][last])
                e["reflected_fraction"] = float(np.mean(d["reflected"]))
                exact_max = max(exact_max, e["exact_distance_max"])
                sim_max = max(sim_max, e["sim_distance_max"])
                gap_max = max(gap_max, e["learning_time_gap_slow_max"])
            else:
                grows &= bool(np.all(np.diff(e["distance_median"]) > 0))
            entry[family] = e
        lazier &= bool(
            entry["gaussian"]["kernel_movement_median"][-1] < entry["balanced"]["kernel_movement_median"][-1]
        )
        entry["boundary"] = boundary_scales(d["singular_values"], int(d["n_hidden"]))
        out[name] = entry
    out.update(
        {
            "balanced_exact_distance_max": exact_max,
            "balanced_sim_distance_max": sim_max,
            "balanced_below_bound": bool(exact_max < distance_bound),
            "distance_bound": distance_bound,
            "learning_time_gap_slow_max": gap_max,
            "sim_loss_gap_max": loss_gap_max,
            "sim_loss_gap_relative_max": relative_gap_max,
            "fast_local_slope_min": float(min(local_slopes)),
            "fast_local_slope_max": float(max(local_slopes)),
            "fast_local_slope_deviation_max": float(np.max(np.abs(np.asarray(local_slopes) + 2.0))),
            "fast_n_scales": int(min(fast_n)),
            "gaussian_distance_grows": grows,
            "gaussian_kernel_lazier": lazier,
        }
    )
    return out
