"""Checks of the DMFT solvers that do not use networks, for the paper (Figure 6 and its numbers).

- :func:`linear_check`: with linear activation every solver against the existing closures of
  :mod:`exactdln.learning_rule_theory` (two-layer GD, rho-FA, Hebb on one item; deep rho-FA and
  DFA on whitened items). The closures are gradient flows and the solvers take Euler steps,
  so each case is solved at ``dt``, ``dt/2`` and ``dt/4`` and extrapolated in ``dt``
  (Richardson, removing the ``O(dt)`` and ``O(dt^2)`` terms).
- :func:`lazy_check`: at small ``gamma0`` every solver against the lazy kernels of
  :func:`exactdln.lazy_kernels.lazy_kernels` and the static-kernel Euler recursion of the loss.
- :func:`monte_carlo_check`: the Monte Carlo error (batch spread) against the number of
  particles ``M`` (theory ``M^(-1/2)``).
- :func:`cost_check`: the CPU seconds of one solve against ``M``, the items ``P`` and the
  steps ``T``, and the fitted exponents.
"""

from __future__ import annotations

import time

import numpy as np

from ...fits import loglog_slope
from ...lazy_kernels import lazy_kernels
from ...learning_rule_theory import deep_linear_closure, two_layer_closure
from .dmft_solves import solve
from .items import random_items, whitened_items

#: Linear cases: name -> (rule, rho, depth, the closure's rule and rho). GLN with linear gates
#: is the linear GD network, DFA at one hidden layer is FA with rho = 0.
LINEAR_CASES = {
    "two_layer_gd": ("gd", None, 1, "gd", None),
    "two_layer_fa_rho0": ("fa", 0.0, 1, "fa", 0.0),
    "two_layer_fa_rho0.5": ("fa", 0.5, 1, "fa", 0.5),
    "two_layer_fa_rho1": ("fa", 1.0, 1, "fa", 1.0),
    "two_layer_dfa": ("dfa", None, 1, "fa", 0.0),
    "two_layer_hebb": ("hebb", None, 1, "hebb", None),
    "two_layer_gln": ("gln", None, 1, "gd", None),
    "deep_fa_rho0.5_l2": ("fa", 0.5, 2, "fa", 0.5),
    "deep_fa_rho0.5_l3": ("fa", 0.5, 3, "fa", 0.5),
    "deep_dfa_l3": ("dfa", None, 3, "dfa", None),
}


def _richardson(coarse, half, quarter) -> np.ndarray:
    """Extrapolation to ``dt -> 0`` from values at ``dt``, ``dt/2``, ``dt/4`` (errors ``a dt + b dt^2``)."""
    return (8.0 * quarter - 6.0 * half + coarse) / 3.0


def _linear_solve(case, dt, steps_per, horizon, gamma0, y1, seed):
    rule, rho, depth, _, _ = LINEAR_CASES[case]
    if depth == 1:
        x, y, n, batches = np.ones((3, 1)), np.array([y1]), 64, 2
    else:
        x, y = whitened_items(4, seed)
        n, batches = 400, 2
    n_steps = round(horizon / dt)
    return solve(
        rule,
        x,
        y,
        depth=depth,
        gamma0=gamma0,
        dt=dt,
        n_steps=n_steps,
        record=steps_per,
        n_particles=n,
        n_batches=batches,
        seed=seed,
        rho=rho,
    )


def _linear_quantities(res, case, gamma0, y1):
    """``[(value (T, ...), error, reference)]`` of one linear case."""
    _, _, depth, rule, rho = LINEAR_CASES[case]
    if depth == 1:
        ref = two_layer_closure(rule, y1, gamma0, res.times, rho=rho)
        return [
            (y1 - res.mean("outputs")[:, 0], res.error("outputs")[:, 0], ref.delta),
            (res.mean("phi")[:, 1, 0, 0], res.error("phi")[:, 1, 0, 0], ref.h),
            (res.mean("g_tilde")[:, 0, 0, 0], res.error("g_tilde")[:, 0, 0, 0], ref.g_tilde),
        ]
    ref = deep_linear_closure(res.y, gamma0=gamma0, depth=depth, times=res.times, rule=rule, rho=rho)
    return [
        (res.mean("outputs"), res.error("outputs"), ref.outputs),
        (res.mean("ntk"), res.error("ntk"), ref.ntk),
    ]


def linear_check(*, dt: float, horizon: float, gamma0: float, y: float, seed: int) -> dict:
    """Every case of :data:`LINEAR_CASES` against its closure, over ``[0, horizon]``.

    Per case (relative to each reference's largest value, largest over times and quantities):
    ``gap_euler``, the gap of the solve at ``dt/4``; ``gap``, the gap of the Richardson
    extrapolation from ``dt``, ``dt/2``, ``dt/4``; ``mc_error``, the largest Monte Carlo
    standard error (linear solves are exact at any ``M``: rounding only).
    """
    out: dict = {"gap_euler": {}, "gap": {}, "mc_error": {}}
    for case in LINEAR_CASES:
        runs = [
            _linear_quantities(_linear_solve(case, dt / k, k, horizon, gamma0, y, seed), case, gamma0, y)
            for k in (1, 2, 4)
        ]
        euler = extrapolated = mc = 0.0
        for (a, _, ref), (b, _, _), (c, err, _) in zip(*runs, strict=True):
            scale = np.max(np.abs(ref))
            euler = max(euler, float(np.max(np.abs(c - ref)) / scale))
            extrapolated = max(extrapolated, float(np.max(np.abs(_richardson(a, b, c) - ref)) / scale))
            mc = max(mc, float(np.max(err) / scale))
        out["gap_euler"][case], out["gap"][case], out["mc_error"][case] = euler, extrapolated, mc
    return out


#: Lazy cases: name -> (rule, rho, depth).
LAZY_CASES = {
    "two_layer_gd": ("gd", None, 1),
    "two_layer_fa": ("fa", 0.5, 1),
    "two_layer_dfa": ("dfa", None, 1),
    "two_layer_hebb": ("hebb", None, 1),
    "two_layer_gln": ("gln", None, 1),
    "deep_gd": ("gd", None, 2),
    "deep_fa": ("fa", 0.5, 2),
    "deep_dfa": ("dfa", None, 2),
    "deep_hebb": ("hebb", None, 2),
}


def _static_kernel_loss(ntk, y, dt, n_steps) -> float:
    f = np.zeros_like(y)
    for _ in range(n_steps):
        f = f + dt * ntk @ (y - f)
    return 0.5 * float(np.sum((y - f) ** 2))


def lazy_check(
    *, gamma0: float, n_in: int, n_items: int, dt: float, n_steps: int, n_particles: int, seed: int
) -> dict:
    """Every case of :data:`LAZY_CASES` (ReLU) at a small ``gamma0`` against the lazy kernels.

    Per case, at the last step: ``gap``, the largest ``|X - X_lazy|`` over the kernels ``Phi``,
    ``G``, ``G~``, ``K`` relative to their largest lazy entry (``G~``: relative to ``G``'s, since the
    lazy ``G~`` of DFA and Hebb vanishes), and of the loss relative to the
    static-kernel Euler recursion's; ``mc_error``, the largest Monte Carlo standard error on the
    same scale.
    """
    x, y = random_items(n_in, n_items, seed)
    kx = x.T @ x / n_in
    out: dict = {"gap": {}, "mc_error": {}}
    for case, (rule, rho, depth) in LAZY_CASES.items():
        res = solve(
            rule,
            x,
            y,
            depth=depth,
            gamma0=gamma0,
            dt=dt,
            n_steps=n_steps,
            record=[0, n_steps],
            n_particles=n_particles,
            n_batches=8,
            seed=seed,
            activation="relu",
            rho=rho,
        )
        lazy = lazy_kernels(rule, kx, depth, "relu", rho)
        gap, mc = 0.0, 0.0
        for name, ref in (("phi", lazy.phi), ("g", lazy.g), ("g_tilde", lazy.g_tilde), ("ntk", lazy.ntk)):
            scale = np.max(np.abs(lazy.g if name == "g_tilde" else ref))
            gap = max(gap, float(np.max(np.abs(res.mean(name)[-1] - ref)) / scale))
            mc = max(mc, float(np.max(res.error(name)[-1]) / scale))
        loss = _static_kernel_loss(lazy.ntk, y, dt, n_steps)
        gap = max(gap, abs(float(res.mean("loss")[-1]) - loss) / loss)
        mc = max(mc, float(res.error("loss")[-1]) / loss)
        out["gap"][case], out["mc_error"][case] = gap, mc
    return out


#: The solvers of :func:`monte_carlo_check` and :func:`cost_check`: name -> (rule, depth, activation,
#: gamma0, batches).
SOLVERS = {
    "two_layer": ("gd", 1, "relu", 2.0, 16),
    "deep": ("dfa", 3, "tanh", 1.0, 16),
}


def _solver_run(name, x, y, m, n_steps, dt, seed, batches=None):
    rule, depth, activation, gamma0, default = SOLVERS[name]
    return solve(
        rule,
        x,
        y,
        depth=depth,
        gamma0=gamma0,
        dt=dt,
        n_steps=n_steps,
        record=np.unique(np.linspace(0, n_steps, 4).astype(int)),
        n_particles=m,
        n_batches=batches or default,
        seed=seed,
        activation=activation,
    )


def monte_carlo_check(
    *, particles: dict, n_in: int, n_items: int, n_steps: int, dt: float, seed: int
) -> dict:
    """The Monte Carlo standard errors of each solver of :data:`SOLVERS` against ``M`` (``particles[name]``,
    a list): per ``M`` the mean error of the loss, of the ``Phi`` and of the eNTK over the records and
    entries (``errors[name] (n_M, 3)``), and the log-log slope of each against ``M`` (``slopes``)."""
    x, y = random_items(n_in, n_items, seed)
    out: dict = {"particles": {}, "errors": {}, "slopes": {}}
    for name, ms in particles.items():
        errors = []
        for m in ms:
            res = _solver_run(name, x, y, int(m), n_steps, dt, seed + int(m))
            errors.append([float(np.mean(res.error(k)[1:])) for k in ("loss", "phi", "ntk")])
        errors = np.array(errors)
        out["particles"][name] = [int(m) for m in ms]
        out["errors"][name] = errors
        out["slopes"][name] = {
            k: loglog_slope(np.asarray(ms, dtype=float), errors[:, j])
            for j, k in enumerate(("loss", "phi", "ntk"))
        }
    return out


def cost_check(*, base: dict, factors, n_in: int, dt: float, seed: int) -> dict:
    """CPU seconds of one solve of each solver of :data:`SOLVERS` against ``M``, ``P`` and ``T``.

    ``base[name] = (M, P, T)``; each axis is scaled by every factor of ``factors`` with the others
    at the base. Returns ``sizes[name][axis]``, ``seconds[name][axis]`` and ``exponents[name][axis]``
    (log-log slopes: cost ``~ M^a P^b T^c`` locally).
    """
    out: dict = {"sizes": {}, "seconds": {}, "exponents": {}}
    for name, (m0, p0, t0) in base.items():
        batches = 2 if SOLVERS[name][1] > 1 else 4
        for axis in ("M", "P", "T"):
            sizes, seconds = [], []
            for f in factors:
                m, p, t = m0, p0, t0
                if axis == "M":
                    m = round(m0 * f / (2 * batches)) * 2 * batches
                elif axis == "P":
                    p = round(p0 * f)
                else:
                    t = round(t0 * f)
                x, y = random_items(n_in, p, seed)
                start = time.process_time()
                _solver_run(name, x, y, m, t, dt, seed, batches=batches)
                seconds.append(time.process_time() - start)
                sizes.append({"M": m, "P": p, "T": t}[axis])
            out["sizes"].setdefault(name, {})[axis] = sizes
            out["seconds"].setdefault(name, {})[axis] = seconds
            out["exponents"].setdefault(name, {})[axis] = loglog_slope(np.asarray(sizes, float), seconds)
    return out
