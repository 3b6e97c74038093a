"""Figure 2a–b: aligned modes from lambda-balanced starts, and their half-learning times.

A square task ``sigma_yx = U diag(s) V^T`` (Haar-random ``U``, ``V``,
prescribed ``s``, identity inputs scaled to be whitened) is learned from
task-aligned lambda-balanced starts, ``W2 W1(0) = U diag(u0) V^T`` with
``W2^T W2 - W1 W1^T = lam I``. Each mode then obeys
``tau du/dt = sqrt(lam^2 + 4 u^2) (s - u)`` on its own. The closed form
:func:`exactdln.lambda_modes.lambda_mode_strength` is compared with the exact
solver (:class:`exactdln.ExactSolution`), gradient descent and an
independent DOP853 integration of the mode ODE. The half-learning time
(:func:`exactdln.lambda_modes.lambda_mode_time` at ``u = s / 2``) is swept over
``u0``: finite as ``u0 -> 0`` when ``lam != 0``, ``ln(1 / u0) / (2 s)`` growth
at ``lam = 0``.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...crossings import first_root_on_grid
from ...exact import ExactSolution
from ...fits import linear_slope
from ...initialisations import aligned, random_orthogonal
from ...lambda_modes import lambda_mode_strength, lambda_mode_time
from ...measures import mode_strengths
from ...ode import integrate
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import Task, identity_inputs
from .common import check_eta_lam, log_grid, seeds_for

# the lam = 0 half time is fitted against ln(1 / u0) where u0 / s is at most this
SLOPE_MAX_U0 = 1e-4


def spectrum_task(singular_values, seed) -> Task:
    """Square task ``U diag(s) V^T`` (Haar ``U``, ``V``) on identity inputs scaled to be whitened."""
    s = np.asarray([positive_float("singular_values", v) for v in singular_values])
    n = s.size
    u_rng, v_rng = seeds_for(seed, n)
    sigma = random_orthogonal(n, u_rng) @ np.diag(s) @ random_orthogonal(n, v_rng).T
    x = identity_inputs(n)
    return Task(x, sigma @ x, f"spectrum {s.tolist()}")


def mode_ode(times, s: float, u0: float, lam: float, rtol: float) -> np.ndarray:
    """DOP853 integration of ``du/dt = sqrt(lam^2 + 4 u^2) (s - u)`` at sorted ``times`` (from 0).

    :func:`~exactdln.ode.integrate` (restarted at every output time), ``atol`` far below
    ``|u0|``: an independent reference for the closed form. ``times`` start at 0.
    """
    times = np.asarray(times, dtype=float)

    def rhs(_, u):
        return np.sqrt(lam * lam + 4.0 * u * u) * (s - u)

    return integrate(rhs, [u0], times, rtol=rtol, atol=rtol * 1e-6 * abs(u0))[:, 0]


def u0_grid(u0_range, n_u0: int, half_time_s: float) -> np.ndarray:
    """``n_u0`` log-spaced ``u0`` over ``u0_range``, checked to end below ``half_time_s / 2``."""
    sh = positive_float("half_time_s", half_time_s)
    lo, hi = u0_range
    u0s = np.geomspace(
        positive_float("u0_range", lo), positive_float("u0_range", hi), positive_int("n_u0", n_u0)
    )
    if hi >= sh / 2:
        raise ValueError(f"u0_range must end below half_time_s / 2 = {sh / 2:g}, got {hi!r}")
    return u0s


def trajectories(task: Task, s, lams, *, u0, eta, n_steps, steps, seed, ode_rtol, progress) -> dict:
    """:func:`run`'s mode strengths from ``u0`` for every ``lam``, four ways, at the recorded times.

    Gradient descent (every ``lam`` as one batch, ``n_steps`` at ``eta`` recorded at
    ``steps``) gives ``times (T,)`` and ``sim``; the exact solver ``exact``, the closed
    form ``closed``, the DOP853 mode ODE ``ode``: each ``(L, T, n)``.
    """
    n = s.size
    starts = [aligned(task.sigma_yx, n, u0, seeds_for(seed, n, k)[0], lam) for k, lam in enumerate(lams)]
    w1 = np.stack([a for a, _ in starts])
    w2 = np.stack([b for _, b in starts])
    traj = train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, record=steps, progress=progress)
    t = traj.times
    sim = np.moveaxis(mode_strengths(traj.network_function(), task.sigma_yx), 0, 1)
    exact, closed, ode = [], [], []
    for (a, b), lam in zip(starts, lams, strict=True):
        exact.append(ExactSolution.from_task(a, b, task).mode_strengths(t))
        closed.append(np.stack([lambda_mode_strength(t, si, u0, lam) for si in s], axis=-1))
        ode.append(np.stack([mode_ode(t, si, u0, lam, ode_rtol) for si in s], axis=-1))
    return {
        "times": t,
        "closed": np.stack(closed),
        "exact": np.stack(exact),
        "sim": sim,
        "ode": np.stack(ode),
    }


def half_time_limit(half_lams, sh: float) -> np.ndarray:
    """The ``u0 -> 0`` limit of the half-learning time of a mode of strength ``sh`` (inf at ``lam = 0``)."""
    k_half = np.hypot(half_lams, 2 * sh)
    with np.errstate(divide="ignore"):
        # u0 -> 0: t = (1/K) ln[G(s/2) / G(0)], G(s/2) = (lam^2 + 2 s^2 + K sqrt(lam^2 + s^2)) / (s/2),
        # G(0) = |lam| (|lam| + K) / s
        g_half = (half_lams**2 + 2 * sh**2 + k_half * np.hypot(half_lams, sh)) / (sh / 2)
        g_zero = np.abs(half_lams) * (np.abs(half_lams) + k_half) / sh
        return np.where(half_lams == 0, np.inf, np.log(g_half / np.where(g_zero > 0, g_zero, 1.0)) / k_half)


def half_times(sh: float, half_lams, u0s, exact_u0s, ode_rtol: float) -> dict:
    """:func:`run`'s half-learning times of one mode of strength ``sh`` against ``u0``.

    ``half_time (M, U)`` (closed form), ``half_closed`` and ``half_ode (M, U)`` (the
    closed form's and the ODE's strength at that time), ``half_exact (M, E)`` (the exact
    solver's first crossing of ``sh / 2`` from ``exact_u0s``), ``half_limit (M,)``.
    """
    half = np.array([[lambda_mode_time(sh / 2, sh, v, lam) for v in u0s] for lam in half_lams])
    half_closed = np.array(
        [
            [lambda_mode_strength(tt, sh, v, lam) for tt, v in zip(row, u0s, strict=True)]
            for row, lam in zip(half, half_lams, strict=True)
        ]
    )
    half_ode = np.array(
        [
            [mode_ode([0.0, tt], sh, v, lam, ode_rtol)[-1] for tt, v in zip(row, u0s, strict=True)]
            for row, lam in zip(half, half_lams, strict=True)
        ]
    )
    half_exact = np.empty((half_lams.size, exact_u0s.size))
    for i, lam in enumerate(half_lams):
        for j, v in enumerate(exact_u0s):
            w1_, w2_ = aligned(np.array([[sh]]), 1, v, 0, lam)
            sol = ExactSolution(w1_, w2_, np.array([[sh]]))
            t_hi = 4.0 * lambda_mode_time(sh / 2, sh, v, lam)
            half_exact[i, j] = first_root_on_grid(
                lambda tt, sol=sol: sol.mode_strengths(tt)[..., 0] - sh / 2, log_grid(t_hi), rel_xtol=1e-15
            )
    return {
        "half_time": half,
        "half_closed": half_closed,
        "half_ode": half_ode,
        "half_exact": half_exact,
        "half_limit": half_time_limit(half_lams, sh),
    }


def run(
    *,
    singular_values,
    u0: float,
    lams,
    eta: float,
    eta_lam: float,
    horizon: float,
    n_records: int,
    seed: int,
    half_time_s: float,
    half_time_lams,
    u0_range,
    n_u0: int,
    exact_u0,
    ode_rtol: float,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Mode strengths four ways, and half-learning times against ``u0``.

    Gradient descent runs every ``lam`` as one batch at ``eta`` (which must
    satisfy ``eta |lam| <= eta_lam``) up to ``horizon``, recorded at step 0
    and about ``n_records`` log-spaced steps. Returns ``times (T,)``,
    ``lams (L,)``, ``s (n,)``; ``closed``, ``exact``, ``sim``, ``ode``
    ``(L, T, n)``; for the half times ``half_lams (M,)``, ``u0s (U,)``,
    ``half_time (M, U)`` (closed form), ``half_ode (M, U)`` (the ODE's
    strength at that time, ideally ``s / 2``), ``half_closed (M, U)`` (the
    closed form's strength there), ``exact_u0s (E,)``, ``half_exact (M, E)``
    (the exact solver's first crossing of ``s / 2``), ``half_limit (M,)``
    (the ``u0 -> 0`` limit, ``inf`` for ``lam = 0``).
    """
    lams = np.asarray(lams, dtype=float)
    eta = positive_float("eta", eta)
    check_eta_lam(eta, lams, eta_lam)
    task = spectrum_task(singular_values, seed)
    s = np.sort(np.asarray(singular_values, dtype=float))[::-1]
    n_steps = round(positive_float("horizon", horizon) / eta)
    steps = log_steps(n_steps, positive_int("n_records", n_records))
    modes = trajectories(
        task,
        s,
        lams,
        u0=u0,
        eta=eta,
        n_steps=n_steps,
        steps=steps,
        seed=seed,
        ode_rtol=ode_rtol,
        progress=progress,
    )
    # half-learning times against u0 (one mode of strength half_time_s)
    sh = positive_float("half_time_s", half_time_s)
    half_lams = np.asarray(half_time_lams, dtype=float)
    u0s = u0_grid(u0_range, n_u0, sh)
    exact_u0s = np.asarray(exact_u0, dtype=float)
    half = half_times(sh, half_lams, u0s, exact_u0s, ode_rtol)
    return {
        "times": modes["times"],
        "lams": lams,
        "s": s,
        "u0": np.float64(u0),
        "eta": np.float64(eta),
        "sigma_yx": task.sigma_yx,
        "closed": modes["closed"],
        "exact": modes["exact"],
        "sim": modes["sim"],
        "ode": modes["ode"],
        "ode_rtol": np.float64(ode_rtol),
        "half_s": np.float64(sh),
        "half_lams": half_lams,
        "u0s": u0s,
        "half_time": half["half_time"],
        "half_closed": half["half_closed"],
        "half_ode": half["half_ode"],
        "exact_u0s": exact_u0s,
        "half_exact": half["half_exact"],
        "half_limit": half["half_limit"],
    }


def measure(data: dict[str, np.ndarray]) -> dict:
    """Errors of the closed form and the slopes of the half-learning time.

    ``closed_vs_ode``: largest ``|u_closed - u_ode| / |u_ode|`` over every
    mode, ``lam`` and time, and at every half time (``half_closed`` against
    ``half_ode``); ``closed_vs_exact``: largest ``|u_closed - u_exact| / s``;
    ``gd_gap``: largest ``|u_sim - u_exact| / s`` (first order in ``eta``);
    ``half_exact_error``: largest ``|t_closed - t_exact|`` of the half times;
    ``half_time_log_slope_lam0``: slope of the ``lam = 0`` half time against
    ``ln(1 / u0)`` over ``u0 <= SLOPE_MAX_U0 s`` (theory ``1 / (2 s)``); ``half_limit_gap``: per ``lam != 0``,
    ``|t_half(min u0) - limit|``.
    """
    s = data["s"]
    ode, closed = data["ode"], data["closed"]
    err_traj = float(np.max(np.abs(closed - ode) / np.abs(ode)))
    err_half = float(np.max(np.abs(data["half_closed"] - data["half_ode"]) / np.abs(data["half_ode"])))
    lam0 = np.flatnonzero(data["half_lams"] == 0)
    out = {
        "closed_vs_ode": max(err_traj, err_half),
        "closed_vs_ode_trajectories": err_traj,
        "closed_vs_ode_half_times": err_half,
        "closed_vs_exact": float(np.max(np.abs(closed - data["exact"]) / s)),
        "gd_gap": float(np.max(np.abs(data["sim"] - data["exact"]) / s)),
        "eta": float(data["eta"]),
        "ode_rtol": float(data["ode_rtol"]),
        "n_cases": int(closed.shape[0] * closed.shape[2] + data["half_time"].size),
    }
    closed_at_exact = np.array(
        [
            [lambda_mode_time(data["half_s"] / 2, data["half_s"], v, lam) for v in data["exact_u0s"]]
            for lam in data["half_lams"]
        ]
    )
    out["half_exact_error"] = float(np.max(np.abs(closed_at_exact - data["half_exact"])))
    if lam0.size:
        small = data["u0s"] <= SLOPE_MAX_U0 * data["half_s"]
        out["half_time_log_slope_lam0"] = linear_slope(
            np.log(1 / data["u0s"][small]), data["half_time"][lam0[0]][small]
        )
        out["half_time_log_slope_theory"] = float(1 / (2 * data["half_s"]))
    gaps = {}
    for lam, row, lim in zip(data["half_lams"], data["half_time"], data["half_limit"], strict=True):
        if lam != 0:
            gaps[f"lam{lam:g}".replace(".", "p")] = float(abs(row[0] - lim))
    out["half_limit_gap"] = gaps
    out["half_limit"] = {
        f"lam{lam:g}".replace(".", "p"): float(v)
        for lam, v in zip(data["half_lams"], data["half_limit"], strict=True)
        if lam != 0
    }
    return out
