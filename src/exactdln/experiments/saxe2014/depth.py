"""Figure 4: learning time and optimal learning rate against depth, from decoupled deep starts.

Three computations:

- :func:`closed_form_check`: :func:`~exactdln.limits.deep_learning_time` (the hypergeometric
  closed form) against adaptive quadrature of ``tau dt = du / (D u^{2-2/D} (s - u))`` and
  against the DOP853 integration of the mode ODE (:func:`~exactdln.limits.deep_mode_strength`).
- :func:`gd_check`: full-matrix gradient descent (:func:`~exactdln.simulation.train_deep`) from
  a decoupled start (:func:`~exactdln.initialisations.deep_decoupled`) against the mode ODE, at
  a learning rate and at half of it (first order in ``eta``: the error halves).
- :func:`sweep`: Saxe et al.'s depth experiment (their Fig. 4 and Appendix C) on whitened
  MNIST (5k) inputs: for every depth, gradient descent from a decoupled start with initial mode
  strength ``u0`` at every rate of a grid; the learning time is the number of steps after which
  the loss stays below ``E* + f (E0 - E*)``, and the optimal rate is the fastest. With whitened
  inputs a decoupled start stays decoupled exactly, so each run is computed on its modes
  (:func:`~exactdln.simulation.train_deep_modes`); :func:`full_network_check` repeats chosen
  depths with the full weight matrices.

Depth: ``N_l`` layers of units as in the source, ``D = N_l - 1`` weight matrices (the
library's ``depth``).
"""

from __future__ import annotations

import sys

import numpy as np
from scipy.integrate import quad

from ..._checks import positive_float, positive_int
from ...crossings import root_expanding
from ...deep_modes import deep_learning_time, deep_mode_curvature, deep_mode_strength, train_deep_modes
from ...initialisations import deep_decoupled, random_orthogonal
from ...measures import mode_strengths, settling_step
from ...simulation import train_deep

QUAD_RTOL = 1e-13


def time_by_quadrature(s: float, u0: float, uf: float, depth: int, tau: float = 1.0) -> float:
    """``tau * int_{u0}^{uf} du / (D u^{2-2/D} (s - u))`` by adaptive quadrature (scipy ``quad``).

    Integrated in ``ln u`` up to ``min(uf, s/2)`` and in ``-ln(s - u)`` beyond, where the
    integrand is smooth, at relative tolerance 1e-13: an independent reference for
    :func:`~exactdln.limits.deep_learning_time`.
    """
    mid = min(uf, 0.5 * s)

    def in_log_u(lu):
        u = np.exp(lu)
        return u ** (2.0 / depth - 1.0) / (depth * (s - u))

    def in_log_gap(w):  # u = s - e^{-w}
        return (s - np.exp(-w)) ** (2.0 / depth - 2.0) / depth

    value = 0.0
    if mid > u0:
        value += quad(in_log_u, np.log(u0), np.log(mid), epsabs=0.0, epsrel=QUAD_RTOL, limit=400)[0]
    lo = max(mid, u0)
    if uf > lo:
        value += quad(in_log_gap, -np.log(s - lo), -np.log(s - uf), epsabs=0.0, epsrel=QUAD_RTOL, limit=400)[
            0
        ]
    return tau * value


def closed_form_check(
    *, depths, singular_values, u0s, fractions, ode_u0s, ode_fraction
) -> dict[str, np.ndarray]:
    """Closed form vs quadrature (every case) and vs the mode ODE (a subset) over depths, ``s``, ``u0``.

    End points are ``uf = u0 + f (s - u0)`` for ``f`` in ``fractions`` (the time is
    ill-conditioned as ``f -> 1``: a rounding-size change of ``s - uf`` moves it by
    ``tau ln``-many units, so ``f`` should stay below ``1 - 1e-6`` for a 1e-10 comparison).
    Returns flat arrays (one entry per case) ``depth``, ``s``, ``u0``, ``uf``, ``closed`` and
    ``quadrature``; and, for ``u0`` in ``ode_u0s`` and ``f = ode_fraction``, ``ode_uf`` and
    ``ode_end``: the strength :func:`~exactdln.limits.deep_mode_strength` (DOP853) reaches at
    the closed-form time, which should equal ``ode_uf``.
    """
    rows: dict[str, list] = {
        k: [] for k in ("depth", "s", "u0", "uf", "closed", "quadrature", "ode_uf", "ode_end")
    }
    for depth in depths:
        for s in singular_values:
            for u0 in u0s:
                if u0 >= s:
                    continue
                for f in fractions:
                    uf = u0 + f * (s - u0)
                    rows["depth"].append(depth)
                    rows["s"].append(s)
                    rows["u0"].append(u0)
                    rows["uf"].append(uf)
                    rows["closed"].append(deep_learning_time(s, u0, uf, depth))
                    rows["quadrature"].append(time_by_quadrature(s, u0, uf, depth))
            for u0 in ode_u0s:
                if u0 >= s:
                    continue
                uf = u0 + ode_fraction * (s - u0)
                t = deep_learning_time(s, u0, uf, depth)
                rows["ode_uf"].append(uf)
                rows["ode_end"].append(deep_mode_strength([0.0, t], s, u0, depth)[-1])
    return {k: np.asarray(v, dtype=float) for k, v in rows.items()}


def gd_check(
    *,
    singular_values,
    n_in: int,
    n_out: int,
    hidden: int,
    depths,
    u0: float,
    eta_fraction: float,
    horizon_fraction: float,
    n_records: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Gradient descent on full weight matrices from a decoupled start, against the mode ODE.

    The task is ``sigma_yx = U diag(s) V^T`` with Haar ``U``, ``V`` (``n_out x n_in``); every
    hidden layer has ``hidden`` units. At each depth the learning rate is
    ``eta_fraction / curvature`` (:func:`~exactdln.limits.deep_mode_curvature` of the strongest
    mode) and the horizon is the time at which the weakest mode reaches ``horizon_fraction`` of
    its value; the run is repeated at half the rate. Returns ``depths``, ``eta (D,)``, and the
    largest ``|u_GD - u_ODE| / s`` over modes and records, ``err (D,)`` and ``err_half (D,)``.
    """
    s = np.sort(np.asarray(singular_values, dtype=float))[::-1]
    rng = np.random.default_rng(seed)
    u = random_orthogonal(n_out, rng)[:, : s.size]
    v = random_orthogonal(n_in, rng)[:, : s.size]
    sigma_yx = u @ np.diag(s) @ v.T
    errs, errs_half, etas = [], [], []
    for depth in depths:
        widths = [n_in] + [hidden] * (depth - 1) + [n_out]
        strengths = np.zeros(min(widths))
        strengths[: s.size] = u0
        weights = deep_decoupled(sigma_yx, widths, strengths, rng)
        horizon = deep_learning_time(s[-1], u0, u0 + horizon_fraction * (s[-1] - u0), depth)
        eta = eta_fraction / deep_mode_curvature(s[0], depth)
        out = []
        for rate in (eta, eta / 2):
            n_steps = int(np.ceil(horizon / rate))
            record = np.unique(np.linspace(0, n_steps, n_records).astype(int))
            traj = train_deep(weights, sigma_yx, eta=rate, n_steps=n_steps, record=record)
            measured = mode_strengths(traj.network_function(), sigma_yx)[:, : s.size]
            theory = np.stack([deep_mode_strength(traj.times, si, u0, depth) for si in s], axis=1)
            out.append(float(np.max(np.abs(measured - theory) / s)))
        errs.append(out[0])
        errs_half.append(out[1])
        etas.append(eta)
    return {
        "depths": np.asarray(depths),
        "eta": np.asarray(etas),
        "err": np.asarray(errs),
        "err_half": np.asarray(errs_half),
    }


def mode_loss(u, s) -> np.ndarray:
    """Loss above its minimum, ``1/2 sum_i (s_i - u_i)^2``, for strengths ``u (..., m)`` (``inf`` or
    ``nan`` for runs that diverged)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return 0.5 * np.sum((s - np.asarray(u, dtype=float)) ** 2, axis=-1)


def strength_at(t: float, s: float, u0: float, depth: int) -> float:
    """Strength of a decoupled mode at flow time ``t``: the inverse of
    :func:`~exactdln.limits.deep_learning_time` in ``uf`` (Brent's method, closed form inside)."""
    from scipy.optimize import brentq

    if t <= 0:
        return u0
    top = s * (1.0 - 1e-14)
    if deep_learning_time(s, u0, top, depth) <= t:
        return top
    return brentq(lambda uf: deep_learning_time(s, u0, uf, depth) - t, u0, top, xtol=1e-15 * s, rtol=1e-14)


def flow_time(s, u0: float, depth: int, target: float) -> float:
    """Flow time at which ``1/2 sum_i (s_i - u_i(t))^2`` falls to ``target`` (decoupled modes,
    closed form; :func:`~exactdln.crossings.root_expanding` from ``[0, 1]``, doubling)."""
    s = np.asarray(s, dtype=float)

    def excess(t):
        return mode_loss(np.array([strength_at(t, si, u0, depth) for si in s]), s) - target

    return root_expanding(excess, 0.0, 1.0, xtol=1e-12, rtol=1e-10)


def sweep(
    *,
    singular_values,
    layers,
    u0: float,
    etas,
    fraction: float,
    n_steps: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Learning time (steps) at every rate for every number of layers ``N_l`` (decoupled modes).

    ``layers`` lists ``N_l`` (``depth = N_l - 1``); every mode starts at strength ``u0``. The
    threshold is ``E* + fraction (E0 - E*)`` in terms of ``1/2 sum (s_i - u_i)^2``. Each depth
    is simulated for ``n_steps`` steps, doubled until the fastest rate's learning time is at
    most half of the run (so that its loss has stayed below the threshold at least as long as
    it took to get there). Returns ``layers (N,)``, ``etas (R,)``, ``times (N, R)`` (``inf``:
    not learned or unstable), ``diverged (N, R)`` (the loss became non-finite), ``best_time
    (N,)``, ``best_eta (N,)``, ``steps_run (N,)`` and the flow-time prediction ``flow_time (N,)``
    (the ODE's time to the threshold).
    """
    s = np.asarray(singular_values, dtype=float)
    etas = np.asarray(etas, dtype=float)
    u0 = positive_float("u0", u0)
    fraction = positive_float("fraction", fraction)
    threshold = fraction * mode_loss(np.full(s.shape, u0), s)
    out: dict[str, list] = {
        k: [] for k in ("times", "diverged", "best_time", "best_eta", "steps_run", "flow_time")
    }
    for n_layers in layers:
        depth = positive_int("layers[i] - 1", n_layers - 1)
        steps = positive_int("n_steps", n_steps)
        while True:
            _, u = train_deep_modes(s, u0, depth, eta=etas, n_steps=steps)
            losses = np.moveaxis(mode_loss(u, s), 0, -1)
            times = settling_step(losses, threshold)
            if times.min() <= steps / 2:
                break
            steps *= 2
        k = int(np.argmin(times))
        out["times"].append(times)
        out["diverged"].append(~np.all(np.isfinite(losses), axis=-1))
        out["best_time"].append(times[k])
        out["best_eta"].append(etas[k])
        out["steps_run"].append(steps)
        out["flow_time"].append(flow_time(s, u0, depth, threshold))
        if progress:
            print(f"N_l = {n_layers}: best eta {etas[k]:.4g}, {times[k]:.0f} steps", file=sys.stderr)
    return {
        "layers": np.asarray(layers),
        "etas": etas,
        "threshold": threshold,
        **{k: np.asarray(v) for k, v in out.items()},
    }


def full_network_check(
    *, sigma_yx, hidden: int, layers, u0: float, etas, n_steps, fraction: float, seed: int
) -> dict:
    """Full-matrix gradient descent (:func:`~exactdln.simulation.train_deep`) from a decoupled start
    against the mode equations, at the rate ``etas[i]`` for ``layers[i]`` over ``n_steps[i]`` steps.

    Returns ``layers``, ``full_time``, ``mode_time`` (learning times in steps, threshold as in
    :func:`sweep`) and ``max_strength_gap`` (largest ``|u_full - u_modes|`` over steps, modes and
    depths).
    """
    sigma_yx = np.asarray(sigma_yx, dtype=float)
    s = np.linalg.svd(sigma_yx, compute_uv=False)
    threshold = fraction * mode_loss(np.full(s.shape, u0), s)
    rng = np.random.default_rng(seed)
    full_t, mode_t, gap = [], [], 0.0
    for n_layers, eta, steps in zip(layers, etas, n_steps, strict=True):
        depth = n_layers - 1
        widths = [sigma_yx.shape[1]] + [hidden] * (depth - 1) + [sigma_yx.shape[0]]
        strengths = np.zeros(min(widths))
        strengths[: s.size] = u0
        weights = deep_decoupled(sigma_yx, widths, strengths, rng)
        _, u_modes = train_deep_modes(s, u0, depth, eta=eta, n_steps=int(steps))
        traj = train_deep(weights, sigma_yx, eta=eta, n_steps=int(steps))
        u_full = mode_strengths(traj.network_function(), sigma_yx)[:, : s.size]
        full_t.append(float(settling_step(mode_loss(u_full, s), threshold)))
        mode_t.append(float(settling_step(mode_loss(u_modes, s), threshold)))
        gap = max(gap, float(np.max(np.abs(u_full - u_modes))))
    return {
        "layers": np.asarray(layers),
        "full_time": np.asarray(full_t),
        "mode_time": np.asarray(mode_t),
        "max_strength_gap": gap,
    }


def censored(times, steps_run, window: float) -> np.ndarray:
    """Learning times that count only as lower bounds (right-censored): the loss settled below the
    threshold within the last ``window`` fraction of the run (``times > (1 - window) steps_run``;
    ``steps_run`` broadcasts against ``times``), so the run ended before it showed that the loss
    stays there."""
    times = np.asarray(times, dtype=float)
    limit = (1.0 - window) * np.asarray(steps_run, dtype=float)
    return np.isfinite(times) & (times > limit)


def measure(
    checks: dict, gd: dict, sweep_data: dict, full: dict, cv_min_layers: int, censor_window: float
) -> dict:
    """The numbers of Figure 4's section (and the closed-form and gradient-descent checks);
    ``decoupled_censored``: how many of the sweep's learning times settled only in the last
    ``censor_window`` of their run (:func:`censored`; the figure marks them)."""
    closed, ref = checks["closed"], checks["quadrature"]
    layers = sweep_data["layers"]
    deep = layers >= cv_min_layers
    product = sweep_data["best_eta"] * (layers - 1)
    s_max = float(np.max(sweep_data["singular_values"]))
    curvature = np.array([deep_mode_curvature(s_max, n - 1) for n in layers])
    scaled = sweep_data["best_eta"] * curvature
    best = sweep_data["best_time"]
    ratio = gd["err"] / gd["err_half"]
    cens = censored(sweep_data["times"], sweep_data["steps_run"][:, None], censor_window)
    return {
        "deep_time_closed_form_max_err": float(np.max(np.abs(closed - ref) / ref)),
        "deep_time_vs_ode_max_err": float(
            np.max(np.abs(checks["ode_end"] - checks["ode_uf"]) / checks["ode_uf"])
        ),
        "deep_time_cases": int(closed.size),
        "deep_gd_vs_theory_max_err": {
            "eta": float(gd["err"].max()),
            "half_eta": float(gd["err_half"].max()),
            "ratio": float(np.median(ratio)),
        },
        "deep_gd_vs_theory_ratio_range": [float(ratio.min()), float(ratio.max())],
        "optimal_rate_times_depth_cv": float(np.std(product[deep]) / np.mean(product[deep])),
        "optimal_rate_times_curvature_cv": float(np.std(scaled[deep]) / np.mean(scaled[deep])),
        "optimal_rate_times_depth_mean": float(np.mean(product[deep])),
        "rate_grid_step": float(sweep_data["etas"][1] / sweep_data["etas"][0] - 1.0),
        "decoupled_time": {
            "shallowest": float(best[0]),
            "deepest": float(best[-1]),
            "ratio": float(best[-1] / best[0]),
            "ratio_deepest_half": float(best[-1] / best[np.argmin(np.abs(layers - layers[-1] / 2))]),
        },
        "decoupled_steps_over_flow": {
            "min": float(np.min(best * sweep_data["best_eta"] / sweep_data["flow_time"])),
            "max": float(np.max(best * sweep_data["best_eta"] / sweep_data["flow_time"])),
        },
        "decoupled_layers": {
            "shallowest": int(layers[0]),
            "deepest": int(layers[-1]),
            "count": int(layers.size),
        },
        "decoupled_censored": {
            "window": float(censor_window),
            "runs": int(np.sum(cens)),
            "settled_runs": int(np.sum(np.isfinite(sweep_data["times"]))),
            "best_runs": int(np.sum(cens[np.arange(layers.size), np.argmin(sweep_data["times"], axis=1)])),
            "diverged_runs": int(np.sum(sweep_data["diverged"])),
        },
        "decoupled_full_vs_modes": {
            "time_gap": float(np.max(np.abs(full["full_time"] - full["mode_time"]))),
            "strength_gap": float(full["max_strength_gap"]),
        },
    }
