"""Figure 5a–b: reversal learning across ``lam``.

A network that has learned ``sigma_yx`` exactly (task-aligned, lambda-balanced:
``W2 W1 = sigma_yx``) is trained on ``-sigma_yx``. In the new task's singular
basis every mode starts at ``u0 = -s``. At ``lam = 0`` the start has no
component in the growing eigenspace (``B = 0``, docs/mathematics.md §2): the exact flow
takes every mode to the saddle ``u = 0`` and stays there. For ``lam != 0``
each mode obeys ``tau du/dt = sqrt(lam^2 + 4 u^2) (s - u)``, whose right-hand
side is ``|lam| s > 0`` at ``u = 0``: it crosses zero at
``t = ln(1 + K / |lam|) / K``, ``K = sqrt(lam^2 + 4 s^2)``
(:func:`exactdln.lambda_modes.lambda_mode_time`), which diverges only
logarithmically as ``lam -> 0``.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float
from ...crossings import first_root_on_grid
from ...exact import ExactSolution
from ...initialisations import aligned
from ...lambda_modes import lambda_mode_strength
from ...measures import loss, mode_strengths
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import random_regression
from .common import gd_learning_rate, log_grid, log_times, min_width_shape, named, seeds_for


def reversal_zero_crossing(s, lam: float) -> np.ndarray:
    """Zero crossing of a reversed mode, ``ln(1 + K / |lam|) / K``, ``K = sqrt(lam^2 + 4 s^2)`` (inf at 0)."""
    s = np.asarray(s, dtype=float)
    if lam == 0:
        return np.full(s.shape, np.inf)
    k = np.hypot(lam, 2.0 * s)
    return np.log1p(k / abs(lam)) / k


def _shape_task(name: str, dims, n_items: int, target_std: float, seed: int):
    """A shape's ``(n_in, n_hidden, n_out)``, its task and its start's seed (from ``seed`` and the shape)."""
    n_in, n_hidden, n_out = min_width_shape(name, dims)
    task_rng, init_rng = seeds_for(seed, n_in, n_hidden, n_out)
    task = random_regression(n_in, n_out, n_items, task_rng, target_std)
    return (n_in, n_hidden, n_out), task, int(init_rng.integers(2**31))


def exact_crossings(sol: ExactSolution, formula) -> list[float]:
    """First zero of each mode strength of ``sol``, bracketed on a log grid up to 4 times ``formula``."""
    return [
        first_root_on_grid(
            lambda t, j=j: sol.mode_strengths(t)[..., j], log_grid(4.0 * formula[j]), rel_xtol=1e-15
        )
        for j in range(len(formula))
    ]


def exact_reversal(task, n_hidden: int, init_seed: int, lams, times, stall_time: float) -> dict:
    """:func:`run`'s exact reversal of one shape from every ``lam`` (keys without the ``_i``)."""
    s = np.linalg.svd(task.sigma_yx, compute_uv=False)
    reverse = task.reversed()
    keys = ("exact_modes", "closed_modes", "exact_loss", "crossing_exact", "crossing_formula")
    rows = {k: [] for k in (*keys, "stalled", "stall_modes", "stall_loss")}
    for lam in lams:
        w1, w2 = aligned(task.sigma_yx, n_hidden, s, init_seed, lam)
        sol = ExactSolution.from_task(w1, w2, reverse)
        rows["exact_modes"].append(sol.mode_strengths(times))
        rows["closed_modes"].append(
            np.stack([lambda_mode_strength(times, si, -si, lam) for si in s], axis=-1)
        )
        rows["exact_loss"].append(loss(sol.network_function(times), reverse.sigma_yx))
        formula = reversal_zero_crossing(s, lam)
        rows["crossing_formula"].append(formula)
        rows["crossing_exact"].append(np.full(s.size, np.nan) if lam == 0 else exact_crossings(sol, formula))
        rows["stalled"].append(len(sol.stalled_modes))
        rows["stall_modes"].append(sol.mode_strengths(stall_time))
        rows["stall_loss"].append(loss(sol.network_function(np.inf), reverse.sigma_yx))
    out = {key: np.asarray(values) for key, values in rows.items()}
    out["s"] = s
    out["saddle_loss"] = np.float64(loss(np.zeros_like(task.sigma_yx), task.sigma_yx))
    return out


def gd_reversal(
    task, n_hidden: int, init_seed: int, gd_lams, *, eta_max, eta_lam, gd_horizon, n_records, progress
) -> dict:
    """:func:`run`'s gradient descent through the reversal from every ``lam`` of ``gd_lams``."""
    s = np.linalg.svd(task.sigma_yx, compute_uv=False)
    reverse = task.reversed()
    gd_lams = np.asarray(gd_lams, dtype=float)
    out = {"gd_lams": gd_lams}
    for k, lam in enumerate(gd_lams):
        eta = gd_learning_rate(lam, eta_max, eta_lam)
        n_steps = round(positive_float("gd_horizon", gd_horizon) / eta)
        w1, w2 = aligned(task.sigma_yx, n_hidden, s, init_seed, lam)
        record = log_steps(n_steps, n_records)
        traj = train_two_layer(w1, w2, reverse, eta=eta, n_steps=n_steps, record=record, progress=progress)
        sol = ExactSolution.from_task(w1, w2, reverse)
        out[f"sim_times_{k}"] = traj.times
        out[f"sim_modes_{k}"] = mode_strengths(traj.network_function(), reverse.sigma_yx)
        out[f"sim_exact_{k}"] = sol.mode_strengths(traj.times)
    return out


def run(
    *,
    shapes,
    n_items: int,
    target_std: float,
    lams,
    time_range,
    n_times: int,
    stall_time: float,
    gd_lams,
    eta_max: float,
    eta_lam: float,
    gd_horizon: float,
    n_records: int,
    seed: int,
    progress: bool = False,
) -> dict:
    """Exact reversal from a learned, aligned start for every shape and ``lam``.

    Per shape ``i`` (``names``): ``s_i`` (singular values), ``exact_modes_i
    (L, T, r)`` (mode strengths in the reversed task's basis) and
    ``closed_modes_i (L, T, r)`` (:func:`exactdln.lambda_modes.lambda_mode_strength`
    from ``u0 = -s``) at ``times (T,)``; ``exact_loss_i (L, T)``;
    ``crossing_exact_i (L, r)`` (first zero of each exact mode strength,
    ``nan`` at ``lam = 0``), ``crossing_formula_i (L, r)``; ``stalled_i (L,)``
    (the number of stalled modes the exact solver reports), ``stall_modes_i
    (L, r)`` (mode strengths at ``stall_time``), ``stall_loss_i (L,)`` (the
    loss at ``t = inf``) and ``saddle_loss_i`` (``1/2 ||sigma_yx||_F^2``, the
    loss at ``W = 0``). Gradient descent for ``gd_lams`` on the first shape:
    ``sim_times_k``, ``sim_modes_k`` and ``sim_exact_k`` (the exact modes at
    those times).
    """
    entries = named(shapes, "shapes")
    lams = np.asarray(lams, dtype=float)
    times = log_times(*time_range, n_times)
    stall_time = positive_float("stall_time", stall_time)
    out: dict = {"names": np.asarray([n for n, _ in entries]), "lams": lams, "times": times}
    for i, (name, dims) in enumerate(entries):
        (_, n_hidden, _), task, init_seed = _shape_task(name, dims, n_items, target_std, seed)
        exact = exact_reversal(task, n_hidden, init_seed, lams, times, stall_time)
        out.update({f"{key}_{i}": value for key, value in exact.items()})
        if i == 0:
            gd = gd_reversal(
                task,
                n_hidden,
                init_seed,
                gd_lams,
                eta_max=eta_max,
                eta_lam=eta_lam,
                gd_horizon=gd_horizon,
                n_records=n_records,
                progress=progress,
            )
            out.update(gd)
    return out


def measure(data: dict, *, stall_tol: float) -> dict:
    """Crossing-time errors, the stall at ``lam = 0`` and the closed form against the exact solver.

    Per shape: ``crossing_max_err`` (largest ``|t_exact - t_formula|`` over
    ``lam != 0`` and modes), ``closed_vs_exact`` (largest
    ``|u_closed - u_exact| / s``), ``stalls_at_zero`` (at ``lam = 0`` every
    mode is reported stalled, no mode strength ever exceeds ``stall_tol``
    (none crosses zero), the strengths at ``stall_time`` are within
    ``stall_tol`` of 0 and the ``t = inf`` loss is
    the saddle's to ``stall_tol`` relative), ``stall_loss`` and
    ``saddle_loss``; ``gd_gap`` (largest ``|u_sim - u_exact| / s``) per
    simulated ``lam``.
    """
    lams = data["lams"]
    out: dict = {}
    worst = 0.0
    stalls = True
    for i, name in enumerate(data["names"]):
        s = data[f"s_{i}"]
        nonzero = lams != 0
        err = np.abs(data[f"crossing_exact_{i}"][nonzero] - data[f"crossing_formula_{i}"][nonzero])
        zero = np.flatnonzero(lams == 0)
        entry = {
            "crossing_max_err": float(err.max()),
            "closed_vs_exact": float(
                np.max(np.abs(data[f"closed_modes_{i}"] - data[f"exact_modes_{i}"]) / s)
            ),
            "saddle_loss": float(data[f"saddle_loss_{i}"]),
        }
        for j in zero:
            modes = data[f"exact_modes_{i}"][j]
            ok = (
                data[f"stalled_{i}"][j] == s.size
                and float(np.max(modes)) <= stall_tol
                and float(np.max(np.abs(data[f"stall_modes_{i}"][j]))) <= stall_tol
                and abs(data[f"stall_loss_{i}"][j] - data[f"saddle_loss_{i}"])
                <= stall_tol * data[f"saddle_loss_{i}"]
            )
            entry.update(stalls_at_zero=bool(ok), stall_loss=float(data[f"stall_loss_{i}"][j]))
            stalls = stalls and ok
        out[str(name)] = entry
        worst = max(worst, float(err.max()))
    out["crossing_max_err"] = worst
    out["stalls_at_zero"] = bool(stalls)
    s0 = data["s_0"]
    out["gd"] = {
        f"lam{lam:g}".replace("-", "minus").replace(".", "p"): float(
            np.max(np.abs(data[f"sim_modes_{k}"] - data[f"sim_exact_{k}"]) / s0)
        )
        for k, lam in enumerate(data["gd_lams"])
    }
    return out
