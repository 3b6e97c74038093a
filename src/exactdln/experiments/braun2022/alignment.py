"""Figure 4: alignment dynamics, and the decoupled (Saxe) sigmoid as the small-scale limit.

A square task with identity inputs, and the initialisation ``W1 = R A V^T``,
``W2 = U A^T R^T`` (task singular vectors ``sigma_yx = U S V^T``, random
orthogonal ``R``, Gaussian ``A``). This start is zero-balanced by construction
(``W2^T W2 = W1 W1^T = R A A^T R^T``) and keeps its form under the flow, so
``U^T W2 W1 V = a(t)^T a(t)`` stays symmetric: its diagonal holds the mode
strengths (learning), its off-diagonal part the misalignment with the task.

:func:`run_dynamics` trains the network by gradient descent from three scales
of ``A`` and evaluates the exact solution at the same times;
:func:`run_gap` measures, with the exact solution only, how far the trajectory
from a small random start is from decoupled sigmoids (docs/mathematics.md §4), over many
decades of the initial scale. Which sigmoids: see :func:`effective_strengths`.
"""

from __future__ import annotations

import numpy as np

from ..._checks import as_matrix, positive_float, positive_int
from ...exact import ExactSolution, measure_balance
from ...fits import loglog_slope
from ...initialisations import aligned, random_orthogonal
from ...limits import saxe_sigmoid
from ...measures import alignment_split, loss, mode_projection, mode_strengths, time_to_excess_loss
from ...ode import integrate_weights
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import Task, identity_inputs
from .common import named_scales

ODE_RTOL = 1e-12


def identity_task(target) -> Task:
    """Items = input dimensions: inputs ``sqrt(P) I_P`` (whitened, ``sigma_xx = I``), targets ``target``.

    ``target`` is ``(n_out, P)``, one column per item; ``sigma_yx = target / sqrt(P)``.
    The targets are a linear function of the inputs, so the optimum's loss is 0.
    """
    y = as_matrix("target", target)
    return Task(identity_inputs(y.shape[1]), y, name="identity inputs")


def square_task(name: str, matrix) -> np.ndarray:
    """``matrix`` (the targets or ``sigma_yx``) as an array, checked to be square (n_in = n_out)."""
    matrix = as_matrix(name, matrix)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"W2 = U A^T R^T needs a square task, but {name} has shape {matrix.shape}")
    return matrix


def checked_n_hidden(n_hidden: int, n: int) -> int:
    """``n_hidden`` as an int, checked to be at least the task's dimension ``n``."""
    n_hidden = positive_int("n_hidden", n_hidden)
    if n_hidden < n:
        raise ValueError(f"n_hidden={n_hidden} must be at least the task's dimension {n}")
    return n_hidden


def step_ratio(eta: float, check_eta: float) -> int:
    """``eta / check_eta``, checked to be a whole number > 1 (steps at ``check_eta`` per step at ``eta``)."""
    eta, check_eta = positive_float("eta", eta), positive_float("check_eta", check_eta)
    ratio = eta / check_eta
    if check_eta >= eta or abs(ratio - round(ratio)) > 1e-9 * ratio:
        raise ValueError(f"check_eta={check_eta:g} must divide eta={eta:g} a whole number (> 1) of times")
    return round(ratio)


def _svd_square(sigma_yx) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sigma_yx = square_task("sigma_yx", sigma_yx)
    u, s, vt = np.linalg.svd(sigma_yx)
    if s[-1] <= 0 or np.any(np.diff(s) >= -1e-10 * s[0]):
        raise ValueError(f"sigma_yx must have distinct positive singular values, got {s}")
    return u, s, vt.T


def structured_start(sigma_yx, n_hidden: int, scales, seed) -> tuple[np.ndarray, np.ndarray]:
    """``W1 = R A V^T`` and ``W2 = U A^T R^T`` for every scale of ``A`` (zero-balanced,
    docs/mathematics.md §1).

    ``sigma_yx = U S V^T`` is ``(n, n)`` with distinct positive singular values;
    ``R`` is a random ``(n_hidden, n_hidden)`` orthogonal matrix and ``A = scale G``
    with one standard Gaussian ``G`` of shape ``(n_hidden, n)`` shared by all
    scales (only the scale differs). Returns ``w1 (S, n_hidden, n)`` and
    ``w2 (S, n, n_hidden)`` for ``S`` scales.
    """
    u, _, v = _svd_square(sigma_yx)
    n = u.shape[0]
    n_hidden = checked_n_hidden(n_hidden, n)
    scales = np.array([positive_float("scale", a) for a in np.atleast_1d(scales)])
    r_seed, g_seed = np.random.SeedSequence(seed).spawn(2)
    r = random_orthogonal(n_hidden, np.random.default_rng(r_seed))
    g = np.random.default_rng(g_seed).standard_normal((n_hidden, n))
    w1 = scales[:, None, None] * (r @ g @ v.T)
    w2 = scales[:, None, None] * (u @ g.T @ r.T)
    return w1, w2


def effective_strengths(w1, w2, sigma_yx) -> np.ndarray:
    """Initial strengths ``u0`` of the decoupled sigmoids that a random start tends to
    (docs/mathematics.md §2, §4).

    ``B = W2^T U + W1 V`` holds the start's components in the growing
    eigenspace of ``F``; while the weights are small, mode ``i`` grows as
    ``|B_i|^2 / 4 e^{2 s_i t}``. Modes are learned one after another (in order
    of decreasing ``s_i``), and once mode ``j`` is learned the bracket of the
    closed form projects the hidden direction ``B_j`` out of every slower mode.
    So mode ``i`` follows the sigmoid with ``u0_i = R_ii^2 / 4``, ``B = Q R``
    (Gram–Schmidt of ``B``'s columns in that order). For an aligned start the
    columns are orthogonal and ``u0_i`` is the initial strength ``u_i^T W v_i``.
    Returns ``(n,)``; needs ``n_hidden >= n`` (every mode has a hidden unit).
    """
    u, _, v = _svd_square(sigma_yx)
    b = np.asarray(w2, dtype=float).T @ u + np.asarray(w1, dtype=float) @ v  # (n_hidden, n)
    if b.shape[0] < b.shape[1]:
        raise ValueError(f"effective strengths need n_hidden >= {b.shape[1]}, got {b.shape[0]}")
    return np.diag(np.linalg.qr(b, mode="r")) ** 2 / 4.0


def decoupled_sigmoids(t, singular_values, u0) -> np.ndarray:
    """Saxe et al.'s sigmoid per mode (docs/mathematics.md §4): ``(T, n)`` for times ``(T,)`` and ``n``
    modes."""
    return np.stack([saxe_sigmoid(t, s, a) for s, a in zip(singular_values, u0, strict=True)], axis=-1)


def timescales(singular_values, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """The issue's timescales per mode: ``1/s`` and ``(1/s) ln(s/a0)`` (``tau = 1``, ``a0`` = scale).

    The second is the plateau length of a small start; it is ``nan`` where
    ``s <= a0`` (no plateau).
    """
    s = np.asarray(singular_values, dtype=float)
    a0 = positive_float("scale", scale)
    with np.errstate(invalid="ignore"):
        plateau = np.where(s > a0, np.log(s / a0) / s, np.nan)
    return 1.0 / s, plateau


def exact_crossing(solution: ExactSolution, threshold: float, horizon: float) -> float:
    """First flow time at which the exact excess loss ``1/2 ||sigma_yx - W||_F^2`` falls to ``threshold``
    (:func:`~exactdln.measures.time_to_excess_loss`); raises ``ValueError`` if that is after ``horizon``."""
    t = time_to_excess_loss(solution, positive_float("threshold", threshold))
    if t > horizon:
        raise ValueError(f"the exact excess loss is still above {threshold:g} at t = {horizon:g}")
    return t


def run_dynamics(
    *,
    target,
    n_hidden: int,
    eta: float,
    check_eta: float,
    n_steps: int,
    n_records: int,
    init_scales,
    loss_threshold: float,
    seed: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Gradient descent (all scales in one batch) and the exact solution at the recorded steps.

    One seed fixes ``R`` and ``G`` (:func:`structured_start`); the starts differ
    only in scale. Records step 0 and about ``n_records`` log-spaced steps. The
    run is repeated at the smaller learning rate ``check_eta`` (``eta /
    check_eta`` must be a whole number), recorded at the same flow times, to
    show that the simulation–theory gap is the learning rate's.

    Returns ``times (T,)``, ``steps (T,)``, ``names``, ``scales (S,)``,
    ``singular_values (n,)``; for ``kind`` in ``sim``/``exact``:
    ``{kind}_modes (S, T, n, n)`` (``U^T W2 W1 V``), ``{kind}_diagonal`` and
    ``{kind}_offdiagonal (S, T)`` (the Frobenius norms of its two parts,
    :func:`exactdln.measures.alignment_split`), ``{kind}_loss (S, T)`` (excess
    loss ``1/2 ||sigma_yx - W||_F^2`` above the optimum); ``optimum_loss`` (the
    loss constant ``1/2 tr sigma_yy - 1/2 ||sigma_yx||_F^2``), ``imbalance (S,)``
    (:func:`exactdln.measure_balance`), ``exact_crossing (S,)`` (exact flow time
    at which the excess loss reaches ``loss_threshold``, :func:`exact_crossing`),
    the :func:`timescales` ``inverse_rate (n,)`` and ``plateau (S, n)``, and
    ``check_modes (S, T, n, n)``: ``U^T W2 W1 V`` simulated at ``check_eta``.
    """
    eta, check_eta = positive_float("eta", eta), positive_float("check_eta", check_eta)
    ratio = step_ratio(eta, check_eta)
    names, scales = named_scales(init_scales)
    task = identity_task(target)
    sigma_yx = task.sigma_yx
    s = _svd_square(sigma_yx)[1]
    w1, w2 = structured_start(sigma_yx, n_hidden, scales, seed)
    steps = log_steps(positive_int("n_steps", n_steps), positive_int("n_records", n_records))
    traj = train_two_layer(w1, w2, sigma_yx, eta=eta, n_steps=n_steps, record=steps, progress=progress)
    t = traj.times
    check = train_two_layer(
        w1,
        w2,
        sigma_yx,
        eta=check_eta,
        n_steps=n_steps * round(ratio),
        record=steps * round(ratio),
        progress=progress,
    )
    exact = [ExactSolution.from_task(w1[k], w2[k], task) for k in range(scales.size)]
    nets = {
        "sim": np.swapaxes(traj.network_function(), 0, 1),  # (S, T, n, n)
        "exact": np.stack([sol.network_function(t) for sol in exact]),
    }
    out = {
        "times": t,
        "steps": steps,
        "eta": eta,
        "check_eta": check_eta,
        "names": np.asarray(names),
        "scales": scales,
        "singular_values": s,
        "optimum_loss": 0.5 * (np.trace(task.sigma_yy) - np.sum(sigma_yx**2)),
        "imbalance": np.array([measure_balance(w1[k], w2[k])[1] for k in range(scales.size)]),
        "exact_crossing": np.array([exact_crossing(sol, loss_threshold, t[-1]) for sol in exact]),
        "inverse_rate": timescales(s, 1.0)[0],
        "plateau": np.stack([timescales(s, a)[1] for a in scales]),
        "check_modes": mode_projection(np.swapaxes(check.network_function(), 0, 1), sigma_yx),
    }
    for kind, w in nets.items():
        out[f"{kind}_modes"] = mode_projection(w, sigma_yx)
        out[f"{kind}_diagonal"], out[f"{kind}_offdiagonal"] = alignment_split(w, sigma_yx)
        out[f"{kind}_loss"] = loss(w, sigma_yx)
    return out


def measure_dynamics(data: dict, loss_threshold: float) -> dict:
    """Convergence, misalignment and the simulation–theory gap, per initial scale.

    Per scale: the relative imbalance of the start, the exact flow time at
    which the excess loss reaches ``loss_threshold``, the simulated and exact
    excess losses at the end and whether the simulation ends below the
    threshold, the off-diagonal norm of ``U^T W V`` relative to ``||S||_F``
    (initially, at its peak, and the peak's time), and the largest
    simulation–exact gap ``max_t ||M_sim - M_exact||_F / ||S||_F``, at ``eta``
    and at ``check_eta`` (``sim_exact_gap_check``).
    """
    loss_threshold = positive_float("loss_threshold", loss_threshold)
    t, s = data["times"], data["singular_values"]
    norm_s = float(np.linalg.norm(s))
    out = {
        "n_modes": int(s.size),
        "singular_values": [float(x) for x in s],
        "singular_value_ratio_max": float(np.max(s[1:] / s[:-1])),
        "optimum_loss": float(data["optimum_loss"]),
        "eta_ratio": round(float(data["eta"]) / float(data["check_eta"])),
        "final_time": float(t[-1]),
        "n_times": int(t.size),
    }
    below = []
    for k, name in enumerate(data["names"]):
        off = data["exact_offdiagonal"][k]
        gap = np.linalg.norm(data["sim_modes"][k] - data["exact_modes"][k], axis=(-2, -1))
        gap_check = np.linalg.norm(data["check_modes"][k] - data["exact_modes"][k], axis=(-2, -1))
        sim_final = float(data["sim_loss"][k, -1])
        below.append(sim_final < loss_threshold)
        out[str(name)] = {
            "init_scale": float(data["scales"][k]),
            "imbalance": float(data["imbalance"][k]),
            "exact_time_to_threshold": float(data["exact_crossing"][k]),
            "sim_final_loss": sim_final,
            "exact_final_loss": float(data["exact_loss"][k, -1]),
            "offdiagonal_initial": float(off[0] / norm_s),
            "offdiagonal_peak": float(off.max() / norm_s),
            "offdiagonal_peak_time": float(t[np.argmax(off)]),
            "sim_exact_gap": float(gap.max() / norm_s),
            "sim_exact_gap_check": float(gap_check.max() / norm_s),
            "gap_ratio": float(gap.max() / gap_check.max()),
        }
    out["imbalance_max"] = float(np.max(data["imbalance"]))
    out["sim_exact_gap_max"] = max(out[str(n)]["sim_exact_gap"] for n in data["names"])
    out["all_below_threshold"] = bool(all(below))
    return out


# ---------------------------------------------------------------------------- the sigmoid limit
GAP_KINDS = ("total", "diagonal", "offdiagonal", "naive")


def gap_horizon(singular_values, u0) -> float:
    """A time by which every mode has finished its sigmoid: ``max_i (ln(s_i/u0_i)^+ + 20) / (2 s_i)``.

    After its transition a mode's gap decays like ``e^{-2 s_i t}``; 20 more
    units of ``2 s_i t`` leave a factor ``e^{-20}``.
    """
    s, u0 = np.asarray(singular_values, dtype=float), np.asarray(u0, dtype=float)
    return float(np.max((np.maximum(np.log(s / u0), 0.0) + 20.0) / (2.0 * s)))


def sigmoid_gaps(w1, w2, sigma_yx, n_times: int, modes=None) -> dict:
    """Distances between the exact ``M(t) = U^T W2 W1(t) V`` and decoupled sigmoids (docs/mathematics.md §4).

    On ``n_times`` equally spaced times from 0 to :func:`gap_horizon`, all
    relative to ``||S||_F`` and maximised over time:

    - ``total``: ``||M - diag(u_eff(t))||_F`` with the sigmoids of
      :func:`effective_strengths`;
    - ``diagonal``: ``||diag(M) - u_eff(t)||_2`` (the mode strengths alone);
    - ``offdiagonal``: ``||M - diag(M)||_F`` (misalignment, which any decoupled
      sigmoid puts at 0);
    - ``naive``: ``||M - diag(u_naive(t))||_F`` with each sigmoid started at the
      mode's initial strength ``u_i^T W2 W1(0) v_i``.

    ``modes``, if given, replaces the exact ``M`` (``(n_times, n, n)``, for
    checking the measurement with another trajectory on the same times).
    Returns the four numbers and ``times``, ``modes``, ``effective`` and
    ``naive_sigmoids`` (the sigmoids, ``(T, n)``) and ``offdiagonal_norm (T,)``.
    """
    sigma_yx = as_matrix("sigma_yx", sigma_yx)
    _, s, _ = _svd_square(sigma_yx)
    u_eff = effective_strengths(w1, w2, sigma_yx)
    u_naive = mode_strengths(np.asarray(w2) @ np.asarray(w1), sigma_yx)
    t = np.linspace(0.0, gap_horizon(s, u_eff), positive_int("n_times", n_times))
    if modes is None:
        modes = mode_projection(ExactSolution(w1, w2, sigma_yx).network_function(t), sigma_yx)
    eff, naive = decoupled_sigmoids(t, s, u_eff), decoupled_sigmoids(t, s, u_naive)
    diag = np.diagonal(modes, axis1=-2, axis2=-1)
    norm_s = np.linalg.norm(s)
    eye = np.eye(s.size)
    off = np.linalg.norm(modes - diag[:, :, None] * eye, axis=(-2, -1))
    return {
        "total": np.max(np.linalg.norm(modes - eff[:, :, None] * eye, axis=(-2, -1))) / norm_s,
        "diagonal": np.max(np.linalg.norm(diag - eff, axis=-1)) / norm_s,
        "offdiagonal": np.max(off) / norm_s,
        "naive": np.max(np.linalg.norm(modes - naive[:, :, None] * eye, axis=(-2, -1))) / norm_s,
        "times": t,
        "modes": modes,
        "effective": eff,
        "naive_sigmoids": naive,
        "offdiagonal_norm": off,
    }


def gap_scales(scale_range, per_decade: int) -> np.ndarray:
    """Log-spaced scales from ``scale_range[0]`` to ``scale_range[1]``, ``per_decade`` per decade."""
    lo, hi = (positive_float(f"scale_range[{i}]", a) for i, a in enumerate(scale_range))
    if hi <= lo:
        raise ValueError(f"scale_range must be increasing, got {list(scale_range)}")
    n = round(float(np.log10(hi / lo)) * positive_int("per_decade", per_decade)) + 1
    return np.geomspace(lo, hi, max(n, 2))


def run_gap(
    *,
    target,
    n_hidden: int,
    scale_range,
    scales_per_decade: int,
    n_seeds: int,
    n_times: int,
    example_scale: float,
    seed: int,
) -> dict[str, np.ndarray]:
    """Exact-vs-sigmoid gaps over initial scales and seeds (exact solution only, no simulation).

    Seed ``j`` of ``n_seeds`` (drawn from ``seed``) fixes ``R`` and ``G`` of
    :func:`structured_start`; every scale rescales the same ``G``. As a floor,
    the aligned start (:func:`exactdln.initialisations.aligned`) with the same
    initial mode strengths as seed 0 is measured at every scale: its exact
    trajectory *is* the sigmoids, so its gap is rounding error.

    Returns ``scales (K,)``, ``{kind}_gap (K, n_seeds)`` for ``kind`` in
    :data:`GAP_KINDS`, ``aligned_gap (K,)``, ``singular_values (n,)``, and for
    seed 0 at ``example_scale``: ``example_times (T,)``, ``example_modes (T, n, n)``,
    ``example_effective`` and ``example_naive (T, n)`` (the two sigmoids),
    ``example_offdiagonal (T,)`` (the off-diagonal norm of ``M``), and
    ``example_ode_modes`` with ``example_ode_times`` (every 10th time): the same
    ``M(t)`` from a DOP853 integration of the weights (rtol ``ODE_RTOL``), an
    independent check of the exact trajectory the gaps are measured on.
    """
    task = identity_task(target)
    sigma_yx = task.sigma_yx
    s = _svd_square(sigma_yx)[1]
    scales = gap_scales(scale_range, scales_per_decade)
    seeds = np.random.SeedSequence(seed).generate_state(positive_int("n_seeds", n_seeds))
    gaps = {kind: np.empty((scales.size, seeds.size)) for kind in GAP_KINDS}
    for j, sub in enumerate(seeds):
        w1, w2 = structured_start(sigma_yx, n_hidden, scales, int(sub))
        for i in range(scales.size):
            g = sigmoid_gaps(w1[i], w2[i], sigma_yx, n_times)
            for kind in GAP_KINDS:
                gaps[kind][i, j] = g[kind]
    aligned_gap = np.empty(scales.size)
    for i, a in enumerate(scales):
        w1, w2 = structured_start(sigma_yx, n_hidden, [a], int(seeds[0]))
        strengths = mode_strengths(w2[0] @ w1[0], sigma_yx)
        w1a, w2a = aligned(sigma_yx, n_hidden, strengths, seed=int(seeds[0]))
        aligned_gap[i] = sigmoid_gaps(w1a, w2a, sigma_yx, n_times)["total"]
    w1, w2 = structured_start(sigma_yx, n_hidden, [positive_float("example_scale", example_scale)], seeds[0])
    example = sigmoid_gaps(w1[0], w2[0], sigma_yx, n_times)
    ode_times = example["times"][::10]
    qqt = integrate_weights(w1[0], w2[0], sigma_yx, ode_times, rtol=ODE_RTOL)
    n = s.size
    return {
        "scales": scales,
        "singular_values": s,
        **{f"{kind}_gap": v for kind, v in gaps.items()},
        "aligned_gap": aligned_gap,
        "example_scale": float(example_scale),
        "example_times": example["times"],
        "example_modes": example["modes"],
        "example_effective": example["effective"],
        "example_naive": example["naive_sigmoids"],
        "example_offdiagonal": example["offdiagonal_norm"],
        "example_ode_times": ode_times,
        "example_ode_modes": mode_projection(qqt[:, n:, :n], sigma_yx),
    }


def _slopes(scales, gaps, mask) -> np.ndarray:
    """Least-squares slope of ``log10 gap`` against ``log10 scale`` per seed (column)."""
    return np.array([loglog_slope(scales[mask], col[mask]) for col in gaps.T])


def measure_gap(data: dict, fit_max_scale: float) -> dict:
    """Power-law rates of the gaps and the checks behind them.

    Slopes of ``log gap`` against ``log scale`` over the scales up to
    ``fit_max_scale``, per seed (median, min, max), with the predictions
    ``1 - r`` (total and off-diagonal) and ``2 (1 - r)`` (diagonal),
    ``r = max_i s_{i+1} / s_i``, and 0 for the naive sigmoids (their gap
    does not vanish). Also the median gaps at the smallest scale, the largest
    gap of the aligned start, and the example's exact-vs-ODE difference of
    ``M(t)`` (relative to ``||S||_F``).
    """
    scales, s = data["scales"], data["singular_values"]
    mask = scales <= positive_float("fit_max_scale", fit_max_scale)
    if np.count_nonzero(mask) < 3:
        raise ValueError(f"fit_max_scale={fit_max_scale:g} leaves fewer than 3 scales to fit")
    r = float(np.max(s[1:] / s[:-1]))
    out = {
        "n_scales": int(scales.size),
        "n_fit_scales": int(np.count_nonzero(mask)),
        "n_seeds": int(data["total_gap"].shape[1]),
        "decades": float(np.log10(scales[-1] / scales[0])),
        "singular_value_ratio_max": r,
        "predicted_slope_total": 1.0 - r,
        "predicted_slope_diagonal": 2.0 * (1.0 - r),
    }
    for kind in GAP_KINDS:
        slopes = _slopes(scales, data[f"{kind}_gap"], mask)
        out[f"{kind}_slope_median"] = float(np.median(slopes))
        out[f"{kind}_slope_min"] = float(slopes.min())
        out[f"{kind}_slope_max"] = float(slopes.max())
        out[f"{kind}_at_smallest_median"] = float(np.median(data[f"{kind}_gap"][0]))
        out[f"{kind}_at_fit_max_median"] = float(np.median(data[f"{kind}_gap"][mask][-1]))
    total = data["total_gap"]
    out["shrinks"] = bool(np.all(np.diff(total[mask], axis=0) > 0))
    out["aligned_max"] = float(np.max(data["aligned_gap"]))
    exact_sub = data["example_modes"][::10]
    out["example_exact_vs_ode"] = float(
        np.max(np.linalg.norm(exact_sub - data["example_ode_modes"], axis=(-2, -1))) / np.linalg.norm(s)
    )
    out["example_scale"] = float(data["example_scale"])
    out["ode_rtol"] = ODE_RTOL
    out["fit_max_scale"] = float(fit_max_scale)
    return out
