"""Figure 4: the semantic hierarchy learned across ``lam``.

The 8-item hierarchy of Braun et al. (:func:`exactdln.tasks.semantic_hierarchy`
with distinct singular values, as in Part I) is learned by an 8-8-8 network
from small and large Gaussian starts (gradient descent only: they are not
balanced), a zero-balanced start and lambda-balanced starts at ``lam = +-100``
(gradient descent and the exact solution). All reach ``W2 W1 = sigma_yx``;
the hidden representations they end with differ: for a lambda-balanced start
``W1^T W1 = V (sqrt(lam^2 + 4 S^2) - lam) / 2 V^T``, task-structured
(``V S V^T``) only at ``lam = 0``.

The time to reach a loss threshold is then swept over ``|lam|`` from a
lambda-balanced start of fixed initial function. For ``|lam| >> s`` every
mode relaxes at rate ``K = sqrt(lam^2 + 4 s^2) ~ |lam|``, so the time falls
as ``1 / |lam|``; a power law and an exponential in ``|lam|`` are both fitted.
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...exact import ExactSolution
from ...fits import fit_line
from ...initialisations import gaussian, lambda_balanced
from ...lambda_modes import representations_from_network_function
from ...measures import loss, relative_error, time_to_excess_loss
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import semantic_hierarchy
from .common import gd_learning_rate, named

KINDS = ("gaussian", "lambda_balanced")


def _start(name: str, spec, n: int, n_hidden: int):
    """Initial weights of one named start ``{kind, scale, seed[, lam]}``."""
    kind = spec.get("kind")
    if kind == "gaussian":
        return gaussian(n, n_hidden, n, spec["scale"], spec["seed"])
    if kind == "lambda_balanced":
        return lambda_balanced(n, n_hidden, n, spec["scale"], spec["lam"], spec["seed"])
    raise ValueError(f"start {name!r}: kind must be one of {KINDS}, got {kind!r}")


def run(
    *,
    n_hidden: int,
    starts,
    eta_max: float,
    eta_lam: float,
    horizon: float,
    balanced_horizon: float,
    n_records: int,
    threshold: float,
    progress: bool = False,
) -> dict:
    """Gradient descent from every start, and the exact solution from the balanced ones.

    ``starts`` maps a name to ``{kind: gaussian | lambda_balanced, scale,
    seed[, lam]}``. Gradient descent runs at ``eta = min(eta_max, eta_lam /
    |lam|)`` (``lam`` of Gaussian starts: measured, not conserved, so
    ``eta_max``) up to ``horizon`` (``balanced_horizon`` for ``lam != 0``,
    whose learning is over by then). Returns ``names``, ``kinds``, ``lams``
    (the start's ``lam``, ``nan`` for Gaussian ones), ``eta``, ``item_names``,
    ``feature_names``, ``sigma_yx``, ``s``; per start ``k``: ``sim_times_k``,
    ``sim_loss_k``, ``sim_qqt_final_k`` (``QQ^T`` after the last step) and,
    for balanced starts, ``exact_loss_k`` at ``sim_times_k``,
    ``exact_qqt_inf_k`` and ``exact_time_k`` (time to ``threshold``); also
    ``sim_time (R,)``, the first recorded time with loss below ``threshold``.
    """
    task = semantic_hierarchy(distinct_singular_values=True)
    n = task.n_in
    n_hidden = positive_int("n_hidden", n_hidden)
    threshold = positive_float("threshold", threshold)
    entries = named(starts, "starts")
    out: dict = {
        "names": np.asarray([k for k, _ in entries]),
        "kinds": np.asarray([spec.get("kind") for _, spec in entries]),
        "item_names": np.asarray(task.item_names),
        "feature_names": np.asarray(task.feature_names),
        "sigma_yx": task.sigma_yx,
        "s": np.linalg.svd(task.sigma_yx, compute_uv=False),
        "threshold": np.float64(threshold),
    }
    lams, etas, sim_time = [], [], []
    for k, (name, spec) in enumerate(entries):
        w1, w2 = _start(name, spec, n, n_hidden)
        balanced = spec["kind"] == "lambda_balanced"
        lam = float(spec["lam"]) if balanced else np.nan
        eta = gd_learning_rate(lam if balanced else 0.0, eta_max, eta_lam)
        t_end = balanced_horizon if balanced and lam != 0 else horizon
        n_steps = positive_int("steps", round(positive_float("horizon", t_end) / eta))
        traj = train_two_layer(
            w1, w2, task, eta=eta, n_steps=n_steps, record=log_steps(n_steps, n_records), progress=progress
        )
        sim_loss = loss(traj.network_function(), task.sigma_yx)
        q = np.concatenate([traj.w1[-1].T, traj.w2[-1]])
        out[f"sim_times_{k}"] = traj.times
        out[f"sim_loss_{k}"] = sim_loss
        out[f"sim_qqt_final_{k}"] = q @ q.T
        below = np.flatnonzero(sim_loss <= threshold)
        sim_time.append(traj.times[below[0]] if below.size else np.nan)
        if balanced:
            sol = ExactSolution.from_task(w1, w2, task)
            out[f"exact_loss_{k}"] = loss(sol.network_function(traj.times), task.sigma_yx)
            out[f"exact_qqt_inf_{k}"] = sol.qqt(np.inf)
            out[f"exact_time_{k}"] = np.float64(time_to_excess_loss(sol, threshold))
            out[f"converges_{k}"] = np.bool_(sol.converges_to_optimum)
        lams.append(lam)
        etas.append(eta)
    out.update(lams=np.asarray(lams), eta=np.asarray(etas), sim_time=np.asarray(sim_time))
    return out


def sweep(*, n_hidden: int, scale: float, seed: int, lam_range, n_lams: int, threshold: float) -> dict:
    """Exact time to ``threshold`` against ``|lam|`` (both signs), one initial function for every ``lam``.

    Returns ``lam_magnitudes (M,)`` (log-spaced over ``lam_range``), ``signs =
    [+1, -1]``, ``time (2, M)``, ``converges (2, M)`` and ``s``.
    """
    task = semantic_hierarchy(distinct_singular_values=True)
    n = task.n_in
    lo, hi = lam_range
    mags = np.geomspace(
        positive_float("lam_range", lo), positive_float("lam_range", hi), positive_int("n_lams", n_lams)
    )
    signs = np.array([1.0, -1.0])
    time = np.empty((2, mags.size))
    converges = np.zeros((2, mags.size), dtype=bool)
    for i, sign in enumerate(signs):
        for j, mag in enumerate(mags):
            w1, w2 = lambda_balanced(n, n_hidden, n, scale, sign * mag, seed)
            sol = ExactSolution.from_task(w1, w2, task)
            time[i, j] = time_to_excess_loss(sol, threshold)
            converges[i, j] = sol.converges_to_optimum
    return {
        "lam_magnitudes": mags,
        "signs": signs,
        "time": time,
        "converges": converges,
        "s": np.linalg.svd(task.sigma_yx, compute_uv=False),
        "threshold": np.float64(threshold),
    }


def fit_laws(mags, times, min_lam: float) -> dict:
    """Power law ``t = c |lam|^p`` and exponential ``t = c e^{-b |lam|}`` fitted for ``|lam| >= min_lam``.

    Both are least-squares fits of ``ln t`` (a linear fit against ``ln |lam|``
    and against ``|lam|``); returns the exponent ``p``, the rate ``b``, each
    fit's root-mean-square residual in ``ln t`` and the number of points.
    """
    mags, times = np.asarray(mags, dtype=float), np.asarray(times, dtype=float)
    sel = mags >= min_lam
    if np.count_nonzero(sel) < 3:
        raise ValueError(f"need at least three |lam| >= {min_lam:g} to fit, got {np.count_nonzero(sel)}")
    x, y = mags[sel], np.log(times[sel])
    power, expo = fit_line(np.log(x), y), fit_line(x, y)
    return {
        "power_exponent": power.slope,
        "power_prefactor": float(np.exp(power.intercept)),
        "power_rms": power.rms,
        "exponential_rate": -expo.slope,
        "exponential_prefactor": float(np.exp(expo.intercept)),
        "exponential_rms": expo.rms,
        "n_points": int(sel.sum()),
        "min_lam": float(min_lam),
    }


def measure(data: dict, sweep_data: dict, *, fit_min_lam: float) -> dict:
    """Per start: the time to the threshold and the final hidden representation; the fitted laws.

    Per start: ``lam``, ``eta``, ``sim_time`` (first recorded time below the
    threshold), ``exact_time`` and ``converges`` (balanced starts),
    ``sim_exact_gap`` (largest ``|L_sim - L_exact| / L(0)``), ``final_w1tw1_to_vsv``
    (``||W1^T W1 - V S V^T||_F / ||V S V^T||_F`` at the end: exact ``t = inf``
    for balanced starts, the last step otherwise), ``final_function_error``
    (``||W2 W1 - sigma_yx||_F`` at the end), ``final_formula_err`` (balanced
    starts: largest relative error of the exact final ``W1^T W1`` and
    ``W2 W2^T`` against
    :func:`exactdln.lambda_modes.representations_from_network_function` of
    ``sigma_yx``). Sweep: ``fit`` (both signs
    pooled, :func:`fit_laws`), ``sign_gap`` (largest relative difference of
    the times at ``+lam`` and ``-lam``), ``converges``.
    """
    sigma = data["sigma_yx"]
    n = sigma.shape[1]
    _, s, vt = np.linalg.svd(sigma)
    vsv = vt.T @ np.diag(s) @ vt
    out: dict = {"threshold": float(data["threshold"])}
    for k, name in enumerate(data["names"]):
        balanced = f"exact_qqt_inf_{k}" in data
        qqt = data[f"exact_qqt_inf_{k}"] if balanced else data[f"sim_qqt_final_{k}"]
        entry = {
            "eta": float(data["eta"][k]),
            "sim_time": float(data["sim_time"][k]),
            "final_w1tw1_to_vsv": float(np.linalg.norm(qqt[:n, :n] - vsv) / np.linalg.norm(vsv)),
            "final_function_error": float(np.linalg.norm(qqt[n:, :n] - sigma)),
        }
        if balanced:
            ref, sim = data[f"exact_loss_{k}"], data[f"sim_loss_{k}"]
            f1, f2 = representations_from_network_function(sigma, data["lams"][k])
            entry["final_formula_err"] = max(
                float(relative_error(qqt[:n, :n], f1)), float(relative_error(qqt[n:, n:], f2))
            )
            entry.update(
                lam=float(data["lams"][k]),
                exact_time=float(data[f"exact_time_{k}"]),
                converges=bool(data[f"converges_{k}"]),
                sim_exact_gap=float(np.max(np.abs(sim - ref)) / ref[0]),
            )
        out[str(name)] = entry
    t = sweep_data["time"]
    mags = sweep_data["lam_magnitudes"]
    out["sweep"] = {
        "fit": fit_laws(np.concatenate([mags, mags]), t.ravel(), fit_min_lam),
        "sign_gap": float(np.max(np.abs(t[0] - t[1]) / t[0])),
        "converges": bool(np.all(sweep_data["converges"])),
        "lam_range": [float(mags[0]), float(mags[-1])],
        "n_lams": int(mags.size),
        "s_max": float(sweep_data["s"][0]),
    }
    return out
