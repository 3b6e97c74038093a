"""Figure 3: deep tanh networks trained with DFA at several richness values ``gamma0``.

No infinite-width closure exists for deep nonlinear DFA in the rich regime, so the
infinite-width behaviour is estimated from ensembles of wide networks: the seed
means at two or more widths are extrapolated to ``1/N -> 0`` by a least-squares fit
``X(N) = X_inf + c / N`` (:func:`~.extrapolation.extrapolate`). This is a finite-width extrapolation,
not a solution of the DMFT equations. One call of :func:`run` trains every width at
one ``gamma0``; :func:`measure` reduces all runs to the numbers the paper quotes.
"""

from __future__ import annotations

import numpy as np

from ...learning_rules import task_alignment, train
from ...rule_networks import init_networks
from ...schedules import log_steps
from .extrapolation import extrapolate
from .items import random_items


def run(
    *,
    gamma0: float,
    widths,
    n_seeds: int,
    depth: int,
    seed: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    dt: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train ``n_seeds`` DFA tanh networks of depth ``L`` at every width, at one ``gamma0``.

    Returns ``times (T,)``, ``widths (W,)`` and ``(W, T, S)`` arrays ``loss``,
    ``alignment`` (eNTK ``K``) and ``alignment_phi`` (last-layer feature kernel ``Phi_L``).
    """
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    steps = log_steps(n_steps, n_records)
    out: dict[str, list] = {"loss": [], "alignment": [], "alignment_phi": []}
    times = None
    for width in widths:
        net = init_networks(
            "dfa",
            n_in=n_in,
            width=int(width),
            depth=depth,
            n_seeds=n_seeds,
            seed=seed,
            activation="tanh",
            gamma0=gamma0,
        )
        traj = train(net, x, y, dt=dt, n_steps=n_steps, record=steps, progress=progress)
        times = traj.times
        out["loss"].append(traj.loss())
        out["alignment"].append(task_alignment(traj.ntk, y))
        out["alignment_phi"].append(task_alignment(traj.phi[:, :, -1], y))
    return {
        "times": times,
        "widths": np.asarray(widths),
        "gamma0": gamma0,
        **{k: np.stack(v) for k, v in out.items()},
    }


def measure(runs: list[dict]) -> dict:
    """Numbers of Figure 3 from the runs of :func:`run` (one per ``gamma0``).

    Per ``gamma0`` (keys ``g<index>``): the final alignment of ``K`` and of ``Phi_L``, seed
    means at each width and extrapolated to ``1/N -> 0``, and the final loss. Verdict
    ``alignment_grows_with_gamma0``: the extrapolated final alignment of ``K`` *and* of
    ``Phi_L`` increases strictly with ``gamma0`` (``..._at_each_width``: the same at every width).
    """
    runs = sorted(runs, key=lambda r: float(r["gamma0"]))
    g = np.array([float(r["gamma0"]) for r in runs])
    final = {}
    for key in ("alignment", "alignment_phi"):
        per_width = np.array([r[key][:, -1].mean(axis=-1) for r in runs])  # (G, W)
        extra = np.array([extrapolate(r["widths"], r[key][:, -1].mean(axis=-1)) for r in runs])
        final[key] = (per_width, extra)
    grows = all(np.all(np.diff(final[k][1]) > 0) for k in final)
    grows_each = all(np.all(np.diff(final[k][0], axis=0) > 0) for k in final)
    widths = runs[0]["widths"]
    return {
        "gamma0s": g.tolist(),
        "widths": [int(n) for n in widths],
        "alignment_final": {f"g{i}": float(v) for i, v in enumerate(final["alignment"][1])},
        "alignment_phi_final": {f"g{i}": float(v) for i, v in enumerate(final["alignment_phi"][1])},
        "alignment_final_widest": {f"g{i}": float(v) for i, v in enumerate(final["alignment"][0][:, -1])},
        "alignment_initial": float(np.mean(runs[0]["alignment"][-1, 0])),
        "loss_final": {f"g{i}": float(r["loss"][-1, -1].mean()) for i, r in enumerate(runs)},
        "alignment_grows_with_gamma0": bool(grows),
        "alignment_grows_with_gamma0_at_each_width": bool(grows_each),
    }
