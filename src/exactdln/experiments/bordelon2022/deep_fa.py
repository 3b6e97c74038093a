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


def measure(widths: dict[int, dict], theory: dict, *, depth: int) -> dict:
    """Numbers of Figure 4 from ``widths[N]`` (:func:`run_width`) and ``theory`` (:func:`closure`).

    ``gap_sq`` per width: ``(f_N - f_inf)^2`` averaged over items, recorded times, seeds and
    every ``rho`` (FA); ``width_slope``: its log-log slope against ``N`` (theory -1);
    ``gap_sq_dfa``/``width_slope_dfa``: the same for DFA against the ``rho = 0`` closure.
    At the largest width, per ``rho`` (keys ``rho<index>``): learning time ``t90`` (time to 90%
    of the loss reduction), final ``G~`` averaged over layers, final eNTK–task alignment, for
    the networks (seed means) and the closure. ``ordering`` (networks) and
    ``ordering_closure``: larger ``rho`` learns faster, has larger final ``G~``, and smaller
    ``rho`` ends with higher alignment (each strictly monotone over the ``rho`` grid).
    ``g_tilde_init_gap_ours`` / ``..._printed``: largest ``|G~_l(0) - rho^(L+1-l)|`` and
    ``|G~_l(0) - rho^(L-l)|`` over ``rho`` and layers (seed means, largest width).
    """
    ns = np.array(sorted(widths))
    f_inf = theory["outputs"]  # (R, T, P)
    gap = np.array([np.mean((widths[n]["outputs"] - f_inf[:, :, None, :]) ** 2) for n in ns])
    gap_dfa = np.array([np.mean((widths[n]["dfa_outputs"] - f_inf[0][:, None, :]) ** 2) for n in ns])
    big = widths[ns[-1]]
    y, times, rhos = big["y"], big["times"], big["rhos"]
    loss_net = 0.5 * np.sum((y - big["outputs"]) ** 2, axis=-1).mean(axis=2)  # (R, T)
    t90 = learning_time(times, loss_net)
    t90_theory = learning_time(times, theory["loss"])
    g_final = big["g_tilde"][:, -1].mean(axis=(1, 2))
    g_final_theory = theory["g_tilde"][:, -1].mean(axis=1)
    align = big["alignment"][:, -1].mean(axis=1)
    align_theory = theory["alignment"][:, -1]
    g0 = big["g_tilde"][:, 0].mean(axis=1)  # (R, L), layers l = 1..L
    layers = np.arange(1, depth + 1)
    ours = rhos[:, None] ** (depth + 1 - layers)[None, :]
    printed = rhos[:, None] ** (depth - layers)[None, :]

    def per_rho(values):
        return {f"rho{i}": float(v) for i, v in enumerate(values)}

    return {
        "widths": [int(n) for n in ns],
        "rhos": rhos.tolist(),
        "gap_sq": {f"N{n}": float(g) for n, g in zip(ns, gap, strict=True)},
        "width_slope": loglog_slope(ns, gap),
        "gap_sq_dfa": {f"N{n}": float(g) for n, g in zip(ns, gap_dfa, strict=True)},
        "width_slope_dfa": loglog_slope(ns, gap_dfa),
        "learning_time": per_rho(t90),
        "learning_time_theory": per_rho(t90_theory),
        "g_tilde_final": per_rho(g_final),
        "g_tilde_final_theory": per_rho(g_final_theory),
        "alignment_final": per_rho(align),
        "alignment_final_theory": per_rho(align_theory),
        "alignment_initial_theory": float(theory["alignment"][0, 0]),
        "ordering": _ordering(t90, g_final, align),
        "ordering_closure": _ordering(t90_theory, g_final_theory, align_theory),
        "g_tilde_init_gap_ours": float(np.abs(g0 - ours).max()),
        "g_tilde_init_gap_printed": float(np.abs(g0 - printed).max()),
        "dfa_alignment_final": float(big["dfa_alignment"][-1].mean()),
        "rms_gap_largest": float(np.sqrt(gap[-1])),
    }
