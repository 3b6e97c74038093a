"""The DMFT solves of Part IV's Figures 1, 3 and 6: the only Part IV module that imports the solvers.

Each function solves the infinite-width limit of one figure's networks, at the networks'
own settings and recorded steps, and returns plain arrays for a ``.npz`` file
(:func:`solve_arrays`: per-batch records, the solve's CPU ``seconds``):
:func:`two_layer_rules` (Figure 1), :func:`dfa_tanh` (Figure 3), :func:`deep_rules` and
:func:`deep_particle_study` (Figure 6). The networks' modules (:mod:`.two_layer_rules`,
:mod:`.dfa_tanh`, :mod:`.deep_rules`) and the comparisons (:mod:`.theory`) do not import
this module, so an edit to a solver reruns the solves and what reads them, never the networks.
"""

from __future__ import annotations

import time

import numpy as np

from ...dmft import FIELDS, two_layer_dmft
from ...dmft_deep import deep_dmft
from ...schedules import even_steps, log_steps
from .items import random_items
from .theory import theory_loss

#: The per-batch records a stored solve keeps, with the loss (``(T, B)``) derived from ``outputs``.
RECORDS = FIELDS


def solve(rule: str, x, y, *, depth: int, **kwargs):
    """:func:`~exactdln.dmft.two_layer_dmft` for ``depth = 1``, :func:`~exactdln.dmft_deep.deep_dmft`
    otherwise (as :func:`exactdln.dmft.solve`, with both solvers imported here)."""
    if depth == 1:
        return two_layer_dmft(rule, x, y, **kwargs)
    return deep_dmft(rule, x, y, depth=depth, **kwargs)


def solve_arrays(
    rule: str, x, y, *, depth: int, record, all_outputs: bool = False, **kwargs
) -> tuple[dict[str, np.ndarray], object]:
    """One DMFT solve (:func:`solve`, keyword arguments passed on) as arrays.

    Returns ``(arrays, result)``: ``arrays`` holds ``times (T,)``, ``steps (T,)`` (the ``record``
    steps), ``y (P,)``, the per-batch records of :data:`RECORDS` at those steps (``(T, B, ...)``),
    ``n_particles`` and ``seconds`` (process CPU time of the solve); with ``all_outputs`` also
    ``all_outputs (n_steps + 1, B, P)``, the outputs at every step (two-layer solves keep them
    anyway; a deep solve then records every step). ``result`` is the
    :class:`~exactdln.dmft.DMFTTrajectory` (for its preactivations).
    """
    steps = np.asarray(record, dtype=int)
    every = all_outputs and depth > 1
    start = time.process_time()
    res = solve(rule, x, y, depth=depth, record=None if every else steps, **kwargs)
    seconds = time.process_time() - start
    pick = np.searchsorted(res.steps, steps)
    if not np.array_equal(res.steps[pick], steps):  # pragma: no cover - record_steps keeps every step
        raise RuntimeError("the solve did not record the requested steps")
    out = {name: getattr(res, name)[pick] for name in RECORDS}
    if all_outputs:
        out["all_outputs"] = res.outputs if every else res.info["all_outputs"]
    arrays = {
        "times": res.times[pick],
        "steps": steps,
        "y": res.y,
        "n_particles": res.n_particles,
        "seconds": seconds,
        **out,
    }
    return arrays, res


def two_layer_rules(
    *,
    rule: str,
    seed: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    n_particles: int,
    n_batches: int,
    gamma0: float,
    rho: float,
    dt: float,
    horizon: float,
    n_records: int,
    density_range: float,
    density_bins: int,
) -> dict[str, np.ndarray]:
    """The infinite-width two-layer ReLU network of ``rule`` (:func:`~exactdln.dmft.two_layer_dmft`).

    ``M = n_particles`` particles in ``n_batches`` batches, the steps of
    :func:`~.two_layer_rules.run`, recorded at its steps (:func:`solve_arrays`: per-batch
    records, CPU ``seconds``), with the outputs at every step (``all_outputs``, for
    :func:`~.two_layer_rules.gln_whitened`), ``gamma0`` and ``dt``, and the density of the
    first-layer preactivations at the start and the end on ``density_bins`` bins of
    ``[-density_range, density_range]``: ``density_edges``, ``density_start``, ``density_end``
    (batch means) and ``density_end_error`` (their standard errors).
    """
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    data, res = solve_arrays(
        rule,
        x,
        y,
        depth=1,
        record=log_steps(n_steps, n_records),
        all_outputs=True,
        gamma0=gamma0,
        dt=dt,
        n_steps=n_steps,
        n_particles=n_particles,
        n_batches=n_batches,
        seed=seed,
        activation="relu",
        rho=rho if rule == "fa" else None,
        preactivation_steps=[0, n_steps],
    )
    edges = np.linspace(-density_range, density_range, density_bins + 1)
    _, start, _ = res.density(1, 0, edges)
    _, end, end_err = res.density(1, n_steps, edges)
    return {
        **data,
        "gamma0": gamma0,
        "dt": dt,
        "density_edges": edges,
        "density_start": start,
        "density_end": end,
        "density_end_error": end_err,
    }


def dfa_tanh(
    *,
    gamma0: float,
    depth: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    dt: float,
    horizon: float,
    n_records: int,
    seed: int,
    n_particles: int,
    n_batches: int,
) -> dict[str, np.ndarray]:
    """The DMFT of the infinite-width networks of :func:`~.dfa_tanh.run` (:func:`solve_arrays`:
    per-batch records at the same steps, ``seconds``), with ``gamma0``."""
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    data, _ = solve_arrays(
        "dfa",
        x,
        y,
        depth=depth,
        record=log_steps(n_steps, n_records),
        gamma0=gamma0,
        dt=dt,
        n_steps=n_steps,
        n_particles=n_particles,
        n_batches=n_batches,
        seed=seed,
        activation="tanh",
    )
    return {**data, "gamma0": gamma0}


def deep_rules(
    *,
    rule: str,
    activation: str,
    rho,
    depth: int,
    gamma0: float,
    data_seed: int,
    n_in: int,
    n_items: int,
    dt: float,
    horizon: float,
    n_records: int,
    seed: int,
    n_particles: int,
    n_batches: int,
) -> dict[str, np.ndarray]:
    """The DMFT of the networks of :func:`~.deep_rules.run` (:func:`solve_arrays` at the same steps)."""
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    data, res = solve_arrays(
        rule,
        x,
        y,
        depth=depth,
        record=even_steps(n_steps, n_records),
        gamma0=gamma0,
        dt=dt,
        n_steps=n_steps,
        n_particles=n_particles,
        n_batches=n_batches,
        seed=seed,
        activation=activation,
        rho=rho if rule == "fa" else None,
    )
    return {**data, "ranks": np.array([r["u"] for r in res.info["ranks"]])}


def deep_particle_study(*, per_batch, n_batches: int, **settings) -> dict[str, np.ndarray]:
    """:func:`deep_rules` at ``per_batch`` particles per batch (a list; ``n_batches`` batches each):
    ``per_batch (K,)``, ``times (T,)``, ``g (K, T, B, L)`` (``tr G_l / P`` per batch), ``loss (K, T)``,
    ``seconds (K,)``."""
    g, loss, seconds = [], [], []
    for m in per_batch:
        d = deep_rules(n_particles=int(m) * n_batches, n_batches=n_batches, **settings)
        g.append(np.trace(d["g"], axis1=-2, axis2=-1) / d["y"].size)
        loss.append(theory_loss(d))
        seconds.append(float(d["seconds"]))
    return {
        "per_batch": np.asarray(per_batch),
        "times": d["times"],
        "g": np.stack(g),
        "loss": np.stack(loss),
        "seconds": np.array(seconds),
    }
