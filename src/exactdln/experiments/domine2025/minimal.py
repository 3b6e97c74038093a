"""Figure 1 (the source's Figure 1): a minimal model of the rich and lazy regimes.

A network of one shape learns a whitened random-regression task from
lambda-balanced starts of unit scale that share their network function and
differ only in ``lam``. Gradient descent (at ``eta`` and at ``eta /
eta_refinement``, the same flow times) is compared with the exact solution on
the loss, ``W2 W1``, ``W1^T W1``, ``W2 W2^T`` and the NTK. The exact
solution's hidden representations are also compared with the closed-form
functions of the network function,
:func:`exactdln.lambda_modes.representations_from_network_function` (valid for
``n_hidden = min(n_in, n_out)``).
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...exact import ExactSolution
from ...initialisations import lambda_balanced
from ...lambda_modes import representations_from_network_function
from ...measures import kernel_distance, loss, ntk, relative_error
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import random_regression
from .common import seeds_for, shape_of

QUANTITIES = ("network_function", "w1tw1", "w2w2t", "ntk")


def exact_trajectories(starts, lams, task, t) -> dict[str, np.ndarray]:
    """The exact solution from every start (one per ``lam``) at times ``t``, stacked over ``lam``.

    ``exact_network_function``, ``exact_w1tw1``, ``exact_w2w2t``, ``exact_ntk``;
    ``exact_ntk_inf`` (the NTK at ``t = inf``, one per ``lam``); ``formula_w1tw1`` and
    ``formula_w2w2t`` (the representations as functions of the exact network function) and
    ``converges``.
    """
    out: dict[str, list] = {}
    for k, (a, b) in enumerate(starts):
        sol = ExactSolution.from_task(a, b, task)
        values = {
            "network_function": sol.network_function(t),
            "w1tw1": sol.w1tw1(t),
            "w2w2t": sol.w2w2t(t),
        }
        values["ntk"] = ntk(values["w1tw1"], values["w2w2t"], task.x)
        out.setdefault("exact_ntk_inf", []).append(sol.ntk(np.inf, task.x))
        f1, f2 = representations_from_network_function(values["network_function"], lams[k])
        for q, v in values.items():
            out.setdefault(f"exact_{q}", []).append(v)
        out.setdefault("formula_w1tw1", []).append(f1)
        out.setdefault("formula_w2w2t", []).append(f2)
        out.setdefault("converges", []).append(sol.converges_to_optimum)
    return {k: np.stack(v) for k, v in out.items()}


def run(
    *,
    name: str,
    dims,
    lams,
    n_items: int,
    target_std: float,
    init_scale: float,
    eta: float,
    n_steps: int,
    eta_refinement: int,
    n_records: int,
    seed: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Simulate and solve one network shape from every ``lam``.

    The task and the initial network function come from ``seed`` and the
    shape (:func:`.common.seeds_for`); every ``lam`` uses the same draws, so
    the starts differ only in their balance. All ``lam`` train as one batch.

    Returns ``times (T,)``, ``lams (L,)``, ``x (n_in, P)``, ``sigma_yx``,
    and for ``kind`` in ``sim`` (``eta``), ``fine`` (``eta / eta_refinement``)
    and ``exact``: ``{kind}_loss (L, T)`` (``1/2 ||sigma_yx - W2 W1||_F^2``),
    ``{kind}_network_function (L, T, n_out, n_in)``, ``{kind}_w1tw1``,
    ``{kind}_w2w2t`` and ``{kind}_ntk (L, T, n_out P, n_out P)`` (``fine``:
    network function and loss only); ``exact_ntk_inf (L, n_out P, n_out P)``
    (the NTK at ``t = inf``); ``formula_w1tw1``, ``formula_w2w2t``
    (the representations as functions of the exact network function),
    ``converges (L,)`` (:func:`exact_trajectories`), ``eta``, ``eta_refinement``.
    """
    n_in, n_hidden, n_out = shape_of(name, dims)
    lams = np.asarray(lams, dtype=float)
    if lams.ndim != 1 or lams.size == 0 or not np.all(np.isfinite(lams)):
        raise ValueError(f"lams must be a non-empty list of finite numbers, got {lams!r}")
    eta = positive_float("eta", eta)
    n_steps = positive_int("n_steps", n_steps)
    refine = positive_int("eta_refinement", eta_refinement)
    if refine < 2:
        raise ValueError(f"eta_refinement must be an integer >= 2, got {eta_refinement!r}")
    task_rng, init_seed = seeds_for(seed, n_in, n_hidden, n_out)
    task = random_regression(n_in, n_out, n_items, task_rng, target_std)
    init_seed = int(init_seed.integers(2**31))
    starts = [lambda_balanced(n_in, n_hidden, n_out, init_scale, lam, init_seed) for lam in lams]
    w1 = np.stack([a for a, _ in starts])
    w2 = np.stack([b for _, b in starts])
    steps = log_steps(n_steps, positive_int("n_records", n_records))
    sim = train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, record=steps, progress=progress)
    fine = train_two_layer(
        w1, w2, task, eta=eta / refine, n_steps=refine * n_steps, record=refine * steps, progress=progress
    )
    t = sim.times
    result = exact_trajectories(starts, lams, task, t)
    result["sim_network_function"] = np.moveaxis(sim.network_function(), 0, 1)
    result["sim_w1tw1"] = np.moveaxis(sim.w1tw1(), 0, 1)
    result["sim_w2w2t"] = np.moveaxis(sim.w2w2t(), 0, 1)
    result["sim_ntk"] = ntk(result["sim_w1tw1"], result["sim_w2w2t"], task.x)
    result["fine_network_function"] = np.moveaxis(fine.network_function(), 0, 1)
    for kind in ("sim", "fine", "exact"):
        result[f"{kind}_loss"] = loss(result[f"{kind}_network_function"], task.sigma_yx)
    result.update(
        name=np.asarray(name),
        times=t,
        lams=lams,
        x=task.x,
        sigma_yx=task.sigma_yx,
        eta=np.float64(eta),
        eta_refinement=np.int64(refine),
    )
    return result


def measure(data: dict[str, np.ndarray]) -> dict:
    """Gaps between gradient descent and the exact solution, and the representation identity.

    Per ``lam`` (keys ``lam<value>``): ``gap`` (``max_t ||W_sim - W_exact||_F``
    at ``eta``), ``gap_fine`` (at ``eta / eta_refinement``), their ratio
    ``first_order_ratio`` (``eta_refinement`` at first order), the relative
    gaps ``max_t ||A_sim - A_exact||_F / max_t ||A_exact||_F`` of every
    quantity (``relative_gap``), ``representation_identity`` (largest relative
    Frobenius error of the formula against the exact ``W1^T W1`` and
    ``W2 W2^T`` over all times), ``final_kernel_distance`` (exact NTK, from
    ``t = 0`` to the last time), ``limit_kernel_distance`` (from ``t = 0`` to
    ``t = inf``: a slow rotation the run does not reach shows here) and
    ``converges``. Top level: the largest of each over ``lam``.
    """
    out: dict = {"name": str(data["name"]), "final_time": float(data["times"][-1])}
    gaps, fines, reps = [], [], []
    for k, lam in enumerate(data["lams"]):
        nf_gap = np.linalg.norm(
            data["sim_network_function"][k] - data["exact_network_function"][k], axis=(-2, -1)
        )
        fine_gap = np.linalg.norm(
            data["fine_network_function"][k] - data["exact_network_function"][k], axis=(-2, -1)
        )
        rel = {}
        for q in QUANTITIES:
            diff = np.linalg.norm(data[f"sim_{q}"][k] - data[f"exact_{q}"][k], axis=(-2, -1))
            rel[q] = float(diff.max() / np.linalg.norm(data[f"exact_{q}"][k], axis=(-2, -1)).max())
        rep = max(
            float(relative_error(data["formula_w1tw1"][k], data["exact_w1tw1"][k]).max()),
            float(relative_error(data["formula_w2w2t"][k], data["exact_w2w2t"][k]).max()),
        )
        kd = kernel_distance(data["exact_ntk"][k][0], data["exact_ntk"][k][-1])
        kd_inf = kernel_distance(data["exact_ntk"][k][0], data["exact_ntk_inf"][k])
        out[_lam_key(lam)] = {
            "lam": float(lam),
            "gap": float(nf_gap.max()),
            "gap_fine": float(fine_gap.max()),
            "first_order_ratio": float(nf_gap.max() / fine_gap.max()),
            "relative_gap": rel,
            "representation_identity": rep,
            "final_kernel_distance": float(kd),
            "limit_kernel_distance": float(kd_inf),
            "converges": bool(data["converges"][k]),
        }
        gaps.append(nf_gap.max())
        fines.append(fine_gap.max())
        reps.append(rep)
    out["gap_max"] = float(max(gaps))
    out["gap_fine_max"] = float(max(fines))
    out["representation_identity_max"] = float(max(reps))
    return out


def _lam_key(lam: float) -> str:
    """``lam-50``, ``lam0``, ``lam50``: a key per ``lam`` (macro names spell the sign out)."""
    value = float(lam)
    text = f"{abs(value):g}".replace(".", "p")
    return f"lam{'minus' if value < 0 else ''}{text}"
