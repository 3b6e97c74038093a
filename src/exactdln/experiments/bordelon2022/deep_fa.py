"""Figure 4: deep linear networks trained with rho-FA (and DFA): closure against networks.

On whitened items (:func:`~.items.whitened_items`) a deep linear FA or DFA network has
the infinite-width closure :func:`~exactdln.learning_rule_theory.deep_linear_closure`
(``P + L`` ODEs). :func:`run_width` trains ``n_seeds`` networks of one width for every
``rho`` (and DFA) with the exact reduced simulation
:func:`~exactdln.learning_rules.train_linear_feedback` (the same flow as the full
networks at a fraction of the cost); the same forward weights and feedback noise serve
every ``rho`` (:func:`~exactdln.learning_rules.fa_with_rho`). :func:`closure` evaluates
the theory at the same times; :func:`measure` gives the numbers the paper quotes.
"""

from __future__ import annotations

import sys

import numpy as np

from ...fits import loglog_slope
from ...learning_rule_theory import deep_linear_closure
from ...learning_rules import task_alignment
from ...linear_feedback import reduce_linear_feedback, stack_reductions, train_reduced
from ...measures import learning_time
from ...rule_networks import fa_with_rho, init_networks
from .items import whitened_items


def _steps(dt: float, horizon: float, n_records: int) -> tuple[int, np.ndarray]:
    n_steps = round(horizon / dt)
    return n_steps, np.unique(np.round(np.linspace(0, n_steps, n_records)).astype(int))


def run_width(
    *,
    width: int,
    seed: int,
    data_seed: int,
    depth: int,
    n_items: int,
    gamma0: float,
    rhos,
    n_seeds: int,
    dt: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """``n_seeds`` networks of one width for every ``rho`` and for DFA (RK4, step ``dt``).

    Returns ``times (T,)``, ``rhos (R,)``; for FA ``(R, T, S, P)`` ``outputs``,
    ``(R, T, S, L)`` ``g_tilde`` (``G~_1 .. G~_L``), ``(R, T, S)`` ``alignment`` (eNTK–task);
    for DFA the same without the leading axis (``dfa_outputs``, ...).
    """
    x, y = whitened_items(n_items, data_seed)
    rhos = np.asarray(rhos, dtype=float)
    n_steps, steps = _steps(dt, horizon, n_records)
    common = {"n_in": n_items, "width": width, "depth": depth, "n_seeds": 1, "seed": seed, "gamma0": gamma0}
    reductions = []  # seed-major: for each seed, every rho, then DFA
    for s in range(n_seeds):
        if progress:
            print(f"deep linear FA, N={width}: reducing seed {s + 1}/{n_seeds}", file=sys.stderr)
        base = init_networks("fa", rho=0.0, first=s, **common)
        reductions += [reduce_linear_feedback(fa_with_rho(base, rho), x) for rho in rhos]
        reductions.append(reduce_linear_feedback(init_networks("dfa", first=s, **common), x))
    traj = train_reduced(
        stack_reductions(reductions), y, dt=dt, n_steps=n_steps, record=steps, progress=progress
    )
    k = rhos.size + 1
    outputs = traj.outputs.reshape(steps.size, n_seeds, k, n_items).transpose(2, 0, 1, 3)  # (R + 1, T, S, P)
    g_tilde = traj.g_tilde[:, :, :, 0, 0].reshape(steps.size, n_seeds, k, depth).transpose(2, 0, 1, 3)
    alignment = task_alignment(traj.ntk, y).reshape(steps.size, n_seeds, k).transpose(2, 0, 1)
    times = traj.times
    out = {
        "outputs": outputs[:-1],
        "g_tilde": g_tilde[:-1],
        "alignment": alignment[:-1],
        "dfa_outputs": outputs[-1],
        "dfa_g_tilde": g_tilde[-1],
        "dfa_alignment": alignment[-1],
    }
    return {"times": times, "rhos": rhos, "width": width, "y": y, **out}


def closure(
    *,
    depth: int,
    n_items: int,
    gamma0: float,
    rhos,
    dt: float,
    horizon: float,
    n_records: int,
    data_seed: int,
    fine_rhos: int,
) -> dict[str, np.ndarray]:
    """The infinite-width closure at the recorded times of :func:`run_width` for every ``rho``
    (``(R, T, P)`` ``outputs``, ``(R, T, L)`` ``g_tilde``, ``(R, T)`` ``alignment`` and ``loss``),
    and the final alignment on ``fine_rhos`` evenly spaced ``rho`` in [0, 1] (``fine_alignment``)."""
    _, y = whitened_items(n_items, data_seed)
    _n_steps, steps = _steps(dt, horizon, n_records)
    times = dt * steps
    runs = [deep_linear_closure(y, gamma0=gamma0, depth=depth, times=times, rho=float(r)) for r in rhos]
    grid = np.linspace(0.0, 1.0, fine_rhos)
    fine = [
        deep_linear_closure(y, gamma0=gamma0, depth=depth, times=[0.0, horizon], rho=float(r)) for r in grid
    ]
    return {
        "times": times,
        "rhos": np.asarray(rhos, dtype=float),
        "outputs": np.array([c.outputs for c in runs]),
        "g_tilde": np.array([c.g_tilde for c in runs]),
        "alignment": np.array([task_alignment(c.ntk, y) for c in runs]),
        "loss": np.array([c.loss for c in runs]),
        "fine_rhos": grid,
        "fine_alignment": np.array([task_alignment(c.ntk[-1], y) for c in fine]),
    }


def _ordering(t90, g_final, align_final) -> dict[str, bool]:
    return {
        "learns_faster": bool(np.all(np.diff(t90) < 0)),
        "larger_g_tilde": bool(np.all(np.diff(g_final) > 0)),
        "smaller_rho_higher_alignment": bool(np.all(np.diff(align_final) < 0)),
    }


def loss_split(outputs, y) -> tuple[np.ndarray, np.ndarray]:
    """The loss ``1/2 |Delta|^2`` of ``outputs (..., P)`` split along the target and orthogonal to it:
    ``1/2 (y . Delta)^2 / |y|^2`` and the rest (on whitened items the closure's error is along ``y``,
    while a network's ``f(0) != 0`` seeds an orthogonal part that the closure does not have)."""
    delta = np.asarray(y) - np.asarray(outputs)
    along = 0.5 * (delta @ y) ** 2 / (y @ y)
    return along, 0.5 * np.sum(delta**2, axis=-1) - along


def _gaps(widths: dict[int, dict], theory: dict) -> dict:
    """Squared output gaps to the closure per width (FA: averaged over ``rho`` too), their standard
    errors over seeds and their log-log slopes against ``N``."""
    ns = np.array(sorted(widths))
    f_inf = theory["outputs"]  # (R, T, P)
    per_seed = [np.mean((widths[n]["outputs"] - f_inf[:, :, None, :]) ** 2, axis=(0, 1, 3)) for n in ns]
    per_seed_dfa = [np.mean((widths[n]["dfa_outputs"] - f_inf[0][:, None, :]) ** 2, axis=(0, 2)) for n in ns]
    out = {}
    for suffix, values in (("", per_seed), ("_dfa", per_seed_dfa)):
        mean = np.array([v.mean() for v in values])
        err = np.array([v.std(ddof=1) / np.sqrt(v.size) for v in values])
        out[f"gap_sq{suffix}"] = {f"N{n}": float(g) for n, g in zip(ns, mean, strict=True)}
        out[f"gap_sq{suffix}_stderr"] = {f"N{n}": float(g) for n, g in zip(ns, err, strict=True)}
        out[f"width_slope{suffix}"] = loglog_slope(ns, mean)
    out["rms_gap_largest"] = float(np.sqrt(out["gap_sq"][f"N{ns[-1]}"]))
    return out


def _initial_alignment(big: dict, depth: int) -> dict:
    """``G~_l(0)`` of the widest networks against ``rho^(L+1-l)`` (ours) and the printed ``rho^(L-l)``:
    the largest deviations over ``rho`` and layers, and one non-trivial case (the middle ``rho``,
    layer 1: ``0 < rho < 1`` and ``l < L``, where the two formulas differ by a factor ``rho``)."""
    rhos = big["rhos"]
    g0 = big["g_tilde"][:, 0].mean(axis=1)  # (R, L), layers l = 1..L
    layers = np.arange(1, depth + 1)
    ours = rhos[:, None] ** (depth + 1 - layers)[None, :]
    printed = rhos[:, None] ** (depth - layers)[None, :]
    r = rhos.size // 2
    return {
        "g_tilde_init_gap_ours": float(np.abs(g0 - ours).max()),
        "g_tilde_init_gap_printed": float(np.abs(g0 - printed).max()),
        "g_tilde_init_example": {
            "rho": float(rhos[r]),
            "networks": float(g0[r, 0]),
            "ours": float(ours[r, 0]),
            "printed": float(printed[r, 0]),
        },
    }


def measure(widths: dict[int, dict], theory: dict, *, depth: int) -> dict:
    """Numbers of Figure 4 from ``widths[N]`` (:func:`run_width`) and ``theory`` (:func:`closure`).

    ``gap_sq`` per width: ``(f_N - f_inf)^2`` averaged over items, recorded times, seeds and
    every ``rho`` (FA), with its standard error over seeds (``gap_sq_stderr``); ``width_slope``:
    its log-log slope against ``N`` (theory -1); ``gap_sq_dfa``/``width_slope_dfa``: the same for
    DFA against the ``rho = 0`` closure. At the largest width, per ``rho`` (keys ``rho<index>``):
    learning time ``t90`` (time to 90% of the reduction of the loss along ``y``,
    :func:`loss_split`), final ``G~`` averaged over layers, final eNTK–task alignment, for the
    networks (seed means) and the closure; the final loss along ``y`` and orthogonal to it
    (``loss_final_along``, ``loss_final_orthogonal``) against the closure's final loss.
    ``ordering`` (networks) and ``ordering_closure``: larger ``rho`` learns faster, has larger
    final ``G~``, and smaller ``rho`` ends with higher alignment (each strictly monotone over the
    ``rho`` grid). ``G~_l(0)``: :func:`_initial_alignment`.
    """
    ns = np.array(sorted(widths))
    big = widths[ns[-1]]
    y, times, rhos = big["y"], big["times"], big["rhos"]
    along, ortho = loss_split(big["outputs"], y)  # (R, T, S)
    loss_net = along.mean(axis=2)
    t90 = learning_time(times, loss_net)
    t90_theory = learning_time(times, theory["loss"])
    g_final = big["g_tilde"][:, -1].mean(axis=(1, 2))
    g_final_theory = theory["g_tilde"][:, -1].mean(axis=1)
    align = big["alignment"][:, -1].mean(axis=1)
    align_theory = theory["alignment"][:, -1]

    def per_rho(values):
        return {f"rho{i}": float(v) for i, v in enumerate(values)}

    return {
        "widths": [int(n) for n in ns],
        "rhos": rhos.tolist(),
        **_gaps(widths, theory),
        "learning_time": per_rho(t90),
        "learning_time_theory": per_rho(t90_theory),
        "g_tilde_final": per_rho(g_final),
        "g_tilde_final_theory": per_rho(g_final_theory),
        "alignment_final": per_rho(align),
        "alignment_final_theory": per_rho(align_theory),
        "alignment_initial_theory": float(theory["alignment"][0, 0]),
        "loss_final_along": per_rho(loss_net[:, -1]),
        "loss_final_orthogonal": per_rho(ortho[:, -1].mean(axis=1)),
        "loss_final_theory": per_rho(theory["loss"][:, -1]),
        "ordering": _ordering(t90, g_final, align),
        "ordering_closure": _ordering(t90_theory, g_final_theory, align_theory),
        **_initial_alignment(big, depth),
        "dfa_alignment_final": float(big["dfa_alignment"][-1].mean()),
    }
