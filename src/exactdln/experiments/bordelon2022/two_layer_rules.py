"""Figure 1: two-layer ReLU networks trained by GD, FA (rho = 0), a gated linear network and Hebb.

One call of :func:`run` trains ``n_seeds`` wide networks of one rule on ``P`` random
items (:func:`~.items.random_items`) and records the loss, the eNTK–task alignment
``A(K, y y^T)`` (:func:`~exactdln.learning_rules.task_alignment`), the gradient
alignment ``G~_1`` and the preactivations at the start and the end. The alignment of
the rule's infinite-width lazy kernel (:func:`~exactdln.learning_rule_theory.lazy_kernels`)
is the exact ``t = 0`` value. :func:`run_widths` trains networks of several widths (for
the squared gap to the DMFT against ``N``), :func:`.dmft_solves.two_layer_rules` solves the rule's
infinite-width DMFT (:func:`~exactdln.dmft.two_layer_dmft`) in the same steps, and
:func:`gln_whitened` tests the conditional Gaussianity of the GLN's preactivations.
:mod:`.two_layer_measure` gives the numbers the paper quotes.
"""

from __future__ import annotations

import numpy as np

from ... import activations
from ...lazy_kernels import lazy_kernels
from ...learning_rules import kernels, task_alignment, train
from ...rule_networks import init_networks
from ...schedules import log_steps
from .items import random_items

RULES = ("gd", "fa", "gln", "hebb")


def run(
    *,
    rule: str,
    seed: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    width: int,
    n_seeds: int,
    gamma0: float,
    rho: float,
    dt: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train ``n_seeds`` two-layer ReLU networks of ``rule`` (``"fa"`` uses ``rho``).

    Returns ``times (T,)``; ``(T, S)`` arrays ``loss`` (``1/2 sum_mu Delta_mu^2``),
    ``alignment`` (eNTK), ``alignment_phi`` (``Phi_1``), ``g_tilde`` (``tr G~_1 / P``);
    ``lazy_alignment`` (scalar, the infinite-width ``t = 0`` value); ``h_start``,
    ``h_end`` ``(S, N, P)`` (first-layer preactivations); ``ntk (T, S, P, P)``;
    ``phi_final``, ``g_tilde_final`` ``(S, P, P)`` (``Phi_1`` and ``G~_1`` at the end); for
    the GLN ``gates (S, N, P)`` (``phi'`` of the first layer's gates, 0 or 1); ``x``, ``y``.
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    x, y = random_items(n_in, n_items, data_seed)
    rho_rule = rho if rule == "fa" else None
    net = init_networks(
        rule,
        n_in=n_in,
        width=width,
        depth=1,
        n_seeds=n_seeds,
        seed=seed,
        activation="relu",
        gamma0=gamma0,
        rho=rho_rule,
    )
    n_steps = round(horizon / dt)
    start = kernels(net, x, y, preactivations=True)
    traj = train(net, x, y, dt=dt, n_steps=n_steps, record=log_steps(n_steps, n_records), progress=progress)
    lazy = lazy_kernels(rule, x.T @ x / n_in, 1, "relu", rho_rule)
    p = y.size
    extra = {}
    if rule == "gln":
        extra["gates"] = activations.derivative("relu", net.feedback[0][:, 0] @ x / np.sqrt(n_in))
    return {
        "times": traj.times,
        "loss": traj.loss(),
        "alignment": task_alignment(traj.ntk, y),
        "alignment_phi": task_alignment(traj.phi[:, :, -1], y),
        "g_tilde": np.trace(traj.g_tilde[:, :, 0], axis1=-2, axis2=-1) / p,
        "lazy_alignment": task_alignment(lazy.ntk, y),
        "h_start": start.preactivations[:, 0],
        "h_end": traj.preactivations[:, 0],
        "ntk": traj.ntk,
        "phi_final": traj.phi[-1, :, 1],
        "g_tilde_final": traj.g_tilde[-1, :, 0],
        "x": x,
        "y": y,
        **extra,
    }


def run_widths(
    *,
    rule: str,
    seed: int,
    data_seed: int,
    n_in: int,
    n_items: int,
    widths,
    n_seeds: int,
    gamma0: float,
    rho: float,
    dt: float,
    horizon: float,
    n_records: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """``n_seeds`` networks of ``rule`` at each of ``widths`` (the settings of :func:`run`).

    Returns ``widths (W,)``, ``times (T,)``, ``ntk (W, T, S, P, P)`` and ``loss (W, T, S)``.
    """
    x, y = random_items(n_in, n_items, data_seed)
    n_steps = round(horizon / dt)
    record = log_steps(n_steps, n_records)
    ntk, losses = [], []
    for width in widths:
        net = init_networks(
            rule,
            n_in=n_in,
            width=int(width),
            depth=1,
            n_seeds=n_seeds,
            seed=seed,
            activation="relu",
            gamma0=gamma0,
            rho=rho if rule == "fa" else None,
        )
        traj = train(net, x, y, dt=dt, n_steps=n_steps, record=record, progress=progress)
        ntk.append(traj.ntk)
        losses.append(traj.loss())
    return {"widths": np.asarray(widths), "times": traj.times, "ntk": np.stack(ntk), "loss": np.stack(losses)}


def gln_whitened(h, gates, kx, delta, *, gamma0: float, dt: float) -> np.ndarray:
    """The GLN's preactivations whitened by their covariance *given the gates*, as the DMFT predicts.

    In a two-layer GLN every unit's ``(h, w)`` evolves linearly given its gates ``d`` (0/1 per
    item) and the error ``Delta(k)``: one Euler step is ``h <- h + dt gamma0 w K_x (d * Delta)``,
    ``w <- w + dt gamma0 (d * Delta) . h``. From the Gaussian start ``h ~ N(0, K_x)``, ``w ~ N(0, 1)``
    (independent of the gates) the preactivations are Gaussian given the gates, with a
    covariance ``C_d`` that the error history alone fixes. ``h (n, P)`` and ``gates (n, P)`` of
    ``n`` units, ``kx (P, P)``, ``delta (K, P)`` the errors at steps ``0 .. K - 1`` (the DMFT's).
    Returns ``C_d^{-1/2} h`` per unit (Cholesky), ``(n, P)``: standard normal if the preactivations
    are conditionally Gaussian as predicted.
    """
    h = np.asarray(h, dtype=float)
    patterns, inverse = np.unique(np.asarray(gates, dtype=float), axis=0, return_inverse=True)
    u, p = patterns.shape
    rate = dt * gamma0
    maps = np.broadcast_to(np.eye(p + 1), (u, p + 1, p + 1)).copy()
    for row in np.asarray(delta, dtype=float):
        e = patterns * row  # (U, P): d * Delta
        step = np.broadcast_to(np.eye(p + 1), (u, p + 1, p + 1)).copy()
        step[:, :p, p] = rate * e @ kx
        step[:, p, :p] = rate * e
        maps = step @ maps
    start = np.zeros((p + 1, p + 1))
    start[:p, :p] = kx
    start[p, p] = 1.0
    cov = (maps @ start @ np.swapaxes(maps, 1, 2))[:, :p, :p]
    chol = np.linalg.cholesky(cov)[np.ravel(inverse)]
    return np.linalg.solve(chol, h[:, :, None])[:, :, 0]
