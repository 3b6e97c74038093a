"""Figure 7a–c: reversal learning stalls at a saddle; shallow networks reverse exponentially.

A task and then its reversal are learned on one time axis, ``t = eta * global
step`` (docs/mathematics.md §1), with the task-sequence tools of
:mod:`~exactdln.experiments.braun2022.reversal_structure`: the exact chain restarts the
exact solution at the switch from its own end-of-phase weights, gradient
descent continues from its own. :func:`run_shallow` does the same for
``y = W x`` (Figure 7b); :func:`~exactdln.experiments.braun2022.stall.run_stall`
counts random starts that stall (Figure 7c).

After a task is learned to convergence, the reversed task (targets negated)
starts exactly at ``B = 0`` (docs/mathematics.md §2): every mode's weight lies in the
decaying eigenspace of the new ``F``, so under the exact flow the network
function decays to zero and stays there. A component ``g`` of size ``delta``
in the growing eigenspace grows like ``e^{s_i t}`` (mode ``i``, ``tau = 1``),
and mode ``i`` is relearned when ``g^2 ~ s_i``, at
``t ~ ln(1/delta) / s_i + const`` (:func:`escape_slope`). Gradient descent
escapes because it leaves the balanced manifold at ``O(eta)``, which puts
``B`` at ``O(eta)``. :func:`output_rotation` adds a perturbation of known size
that keeps the weights balanced, so that the exact solution applies to the
perturbed start too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm

from ..._checks import as_matrix, positive_float, positive_int, rng_from
from ..._progress import Progress
from ...crossings import level_crossing
from ...exact import ExactSolution
from ...fits import linear_slope
from ...sequences import ExactChain, semigroup_gap, simulate_chain
from ...simulation import train_two_layer
from ...tasks import Task, random_regression
from .reversal_structure import converging_start, exact_mode_crossing, mode_strength
from .stall import measure as measure_stall

CHUNK = 500  # steps simulated per call of train_two_layer when every step is needed


# ---------------------------------------------------------------------------- escape from the saddle
def output_rotation(w2, delta: float, seed) -> np.ndarray:
    """``e^{delta K} w2``: a perturbation of Frobenius size ``delta`` (to first order) that keeps balance.

    ``K`` is a random antisymmetric ``n_out x n_out`` matrix (Gaussian entries,
    from ``seed``) normalised so that ``||K w2||_F = 1``. An orthogonal
    rotation of the outputs leaves ``w2^T w2`` (and ``w1``) unchanged, so
    ``D = w2^T w2 - w1 w1^T`` is exactly preserved and a balanced start stays
    balanced; the network function changes by ``delta K W + O(delta^2)``.
    ``w2`` is ``(n_out, n_hidden)``; returns the same shape.
    """
    w2 = as_matrix("w2", w2)
    delta = positive_float("delta", delta, allow_zero=True)
    g = rng_from(seed).standard_normal((w2.shape[0],) * 2)
    k = g - g.T
    norm = np.linalg.norm(k @ w2)
    if norm == 0:
        raise ValueError("w2 is zero (or has one output): no rotation of the outputs can perturb it")
    return expm((delta / norm) * k) @ w2


def escape_slope(s: float, eta: float | None = None) -> float:
    """Predicted slope of the escape time against ``ln(1/delta)`` for a mode of strength ``s``.

    Gradient flow (``eta=None``): a growing component obeys ``dg/dt = s g``,
    so ``g = delta e^{s t}`` and the slope is ``1 / s``. Gradient descent:
    ``g <- (1 + eta s) g`` per step of duration ``eta``, slope
    ``eta / ln(1 + eta s)`` (``1/s + eta/2 + O(eta^2)``).
    """
    s = positive_float("s", s)
    return 1.0 / s if eta is None else positive_float("eta", eta) / np.log1p(eta * s)


def _strengths(w1, w2, task: Task, eta: float, n_steps: int, u, v, progress=False) -> np.ndarray:
    """Strength ``u^T W v`` at every step ``(n_steps + 1, *batch)``, simulated in chunks of ``CHUNK``."""
    out, done = [mode_strength(w2 @ w1, u, v)[None]], 0
    bar = Progress(n_steps, "escape runs", progress)
    while done < n_steps:
        chunk = min(CHUNK, n_steps - done)
        traj = train_two_layer(w1, w2, task, eta=eta, n_steps=chunk)
        out.append(mode_strength(traj.network_function()[1:], u, v))
        w1, w2, done = traj.w1[-1], traj.w2[-1], done + chunk
        bar.update(done)
    return np.concatenate(out)


def make_task(spec: Mapping) -> Task:
    """The regression task of Figure 7a–b: ``random_regression(n_in, n_out, n_items, seed)``."""
    return random_regression(spec["n_in"], spec["n_out"], spec["n_items"], seed=spec["seed"])


# ---------------------------------------------------------------------------- Figure 7a
def run_saddle(
    *,
    task: Mapping,
    n_hidden: int,
    init_scale: float,
    init_seed: int,
    eta: float,
    n_steps,
    record_every: int,
    eta_refinement: int,
    semigroup_time: float,
    escape_fraction: float,
    restart_balance_tol: float,
    perturbation: Mapping,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Learn a task, then its reversal: exact chain, gradient descent, and perturbed restarts.

    ``task`` configures :func:`make_task`; ``n_steps = [n1, n2]`` are the
    steps of the two phases at learning rate ``eta``. Returns the arrays of
    :func:`run_switch` (both phases, unperturbed), the perturbation sizes ``deltas (D,)``
    (``per_decade`` per decade over ``delta_range``) and the arrays of
    :func:`run_perturbed_escapes` (``n_seeds`` directions), :func:`run_escape_floor`
    (at ``eta`` and ``eta / eta_refinement``, restarts accepted with ``balance_tol =
    restart_balance_tol``) and :func:`run_shown_losses` (the sizes ``perturbation["shown"]``,
    first direction). Escape times are times after the switch at which the reversed
    task's top mode reaches ``escape_fraction * s1``.
    """
    base = make_task(task)
    rev = base.reversed()
    eta = positive_float("eta", eta)
    n_steps = [positive_int(f"n_steps[{k}]", n) for k, n in enumerate(n_steps)]
    if len(n_steps) != 2:
        raise ValueError(f"n_steps must be [steps on the task, steps on the reversed task], got {n_steps}")
    refinement = positive_int("eta_refinement", eta_refinement)
    durations = [eta * n for n in n_steps]
    w1, w2 = converging_start(base, n_hidden, init_scale, init_seed)
    u, s, vt = np.linalg.svd(rev.sigma_yx)
    level = positive_float("escape_fraction", escape_fraction) * float(s[0])
    switch = _Switch(base, rev, eta, n_steps, durations, s, u[:, 0], vt[0], level)
    out, chain, sim_end = run_switch(
        switch, (w1, w2), record_every=record_every, semigroup_time=semigroup_time, progress=progress
    )
    deltas, seeds = _perturbations(perturbation)
    q = chain[0].q(durations[0])
    exact_end = (q[: base.n_in].T, q[base.n_in :])
    return {
        **out,
        "deltas": deltas,
        **run_perturbed_escapes(switch, exact_end, sim_end, deltas, seeds, progress=progress),
        **run_escape_floor(switch, (w1, w2), sim_end, refinement=refinement, balance_tol=restart_balance_tol),
        **run_shown_losses(switch, exact_end, perturbation["shown"], seeds[0], record_every=record_every),
    }


@dataclass(frozen=True)
class _Switch:
    """The task, its reversal and the settings shared by Figure 7a's runs.

    ``singular_values`` of the reversed task, ``u1``, ``v1`` its top singular mode;
    ``level``: the strength at which that mode counts as escaped.
    """

    base: Task
    rev: Task
    eta: float
    n_steps: list[int]
    durations: list[float]
    singular_values: np.ndarray
    u1: np.ndarray
    v1: np.ndarray
    level: float


def run_switch(
    switch: _Switch, start, *, record_every: int, semigroup_time: float, progress: bool = False
) -> tuple[dict[str, np.ndarray], ExactChain, tuple]:
    """The task, then its reversal, from ``start = (w1, w2)``: exact chain and gradient descent.

    Returns the arrays, the :class:`~exactdln.sequences.ExactChain` and gradient descent's
    end-of-phase-1 weights. The arrays: on the global time axis ``times = eta * step
    (T,)``, ``sim_loss``, ``exact_loss (T,)`` (loss on the current task) and ``sim_nf``,
    ``exact_nf (T, n_out, n_in)``; ``switch_times (2,)``, ``saddle_loss`` and ``min_loss``;
    the switch checks ``switch_rank_b`` (rank of ``B`` of the restarted exact solution),
    ``stalled_modes``, ``phase1_loss_gap`` (exact loss above its minimum at the switch)
    and ``semigroup_gap`` (:func:`semigroup_gap` at ``semigroup_time``); the reversed
    task's ``singular_values`` and top one ``s1``; ``eta``.
    """
    eta, durations, rev = switch.eta, switch.durations, switch.rev
    chain = ExactChain(*start, [switch.base, rev], durations)
    steps, sim_loss, sim_nf, ends = simulate_chain(
        list(start), [switch.base, rev], switch.n_steps, eta=eta, record_every=record_every, progress=progress
    )
    times = eta * steps
    exact = chain.evaluate(times)
    t1 = positive_float("semigroup_time", semigroup_time)
    out = {
        "times": times,
        "switch_times": np.array([0.0, durations[0]]),
        "sim_loss": sim_loss,
        "exact_loss": exact["loss"],
        "sim_nf": sim_nf,
        "exact_nf": exact["network_function"],
        "saddle_loss": 0.5 * np.trace(rev.sigma_yy),
        "min_loss": float(chain[0].loss(np.inf)),
        "switch_rank_b": chain[1].rank_b,
        "stalled_modes": np.array(chain[1].stalled_modes, dtype=int),
        "phase1_loss_gap": float(chain[0].loss(durations[0]) - chain[0].loss(np.inf)),
        "semigroup_gap": semigroup_gap(chain[0], t1, np.linspace(0.0, durations[0] - t1, 200)),
        "singular_values": switch.singular_values,
        "s1": float(switch.singular_values[0]),
        "eta": eta,
    }
    return out, chain, ends[0]


def _perturbations(perturbation: Mapping) -> tuple[np.ndarray, list]:
    """Sizes ``deltas (D,)`` (``per_decade`` per decade over ``delta_range``) and ``n_seeds`` seeds."""
    lo, hi = (positive_float("perturbation.delta_range", d) for d in perturbation["delta_range"])
    per_decade = positive_int("perturbation.per_decade", perturbation["per_decade"])
    n_deltas = round(np.log10(hi / lo) * per_decade) + 1
    n_seeds = positive_int("perturbation.n_seeds", perturbation["n_seeds"])
    return np.geomspace(lo, hi, n_deltas), np.random.SeedSequence(perturbation["seed"]).spawn(n_seeds)


def run_perturbed_escapes(
    switch: _Switch, exact_end, sim_end, deltas: np.ndarray, seeds, progress: bool = False
) -> dict[str, np.ndarray]:
    """Escape times of perturbed restarts at the switch (end-of-phase weights, exact and simulated).

    Every start ``(w1, w2)`` of ``exact_end`` and ``sim_end`` has ``w2`` perturbed by
    :func:`output_rotation` of every size of ``deltas (D,)`` in every direction of
    ``seeds (S,)``. Returns, all ``(D, S)``: ``escape_sim_exact`` (gradient descent from
    the exact end-of-phase weights), ``escape_exact`` (the exact solution from the same
    perturbed start), ``escape_sim_sim`` (gradient descent from its own end-of-phase
    weights) and ``perturbed_rank_b``.
    """
    (e1, e2), (g1, g2), n_deltas = exact_end, sim_end, len(deltas)
    rev, u1, v1, level = switch.rev, switch.u1, switch.v1, switch.level
    local = switch.eta * np.arange(switch.n_steps[1] + 1)

    def perturbed(b):
        return np.array([[output_rotation(b, d, np.random.default_rng(sd)) for sd in seeds] for d in deltas])

    pe, pg = perturbed(e2), perturbed(g2)
    batch = pe.shape[:2]
    start_w1 = np.concatenate([np.broadcast_to(e1, batch + e1.shape), np.broadcast_to(g1, batch + g1.shape)])
    strengths = _strengths(
        start_w1, np.concatenate([pe, pg]), rev, switch.eta, switch.n_steps[1], u1, v1, progress
    )
    escape_sim = level_crossing(local, strengths, level, axis=0)
    exact_runs = [[ExactSolution.from_task(e1, w, rev) for w in row] for row in pe]
    return {
        "escape_sim_exact": escape_sim[:n_deltas],
        "escape_sim_sim": escape_sim[n_deltas:],
        "escape_exact": np.array(
            [[exact_mode_crossing(e, u1, v1, level, switch.durations[1]) for e in row] for row in exact_runs]
        ),
        "perturbed_rank_b": np.array([[e.rank_b for e in row] for row in exact_runs]),
    }


def run_escape_floor(
    switch: _Switch, start, sim_end, *, refinement: int, balance_tol: float
) -> dict[str, np.ndarray]:
    """Unperturbed gradient descent after the switch at ``eta`` and ``eta / refinement``: the escape floor.

    ``sim_end`` holds gradient descent's end-of-phase weights at ``eta``; at the finer rate
    phase 1 runs again from ``start``. Returns, each ``(2,)``: ``floor_etas``,
    ``floor_escape``, ``floor_imbalance`` (relative imbalance of the end-of-phase weights)
    and ``floor_escape_exact`` (the exact solution restarted from them, accepted with
    ``balance_tol``).
    """
    eta, n_steps, durations = switch.eta, switch.n_steps, switch.durations
    floor: dict[str, list] = {
        key: [] for key in ("floor_etas", "floor_escape", "floor_imbalance", "floor_escape_exact")
    }
    for step_eta in (eta, eta / refinement):
        a, b = sim_end
        if step_eta != eta:
            n_fine = n_steps[0] * refinement
            traj = train_two_layer(*start, switch.base, eta=step_eta, n_steps=n_fine, record=[n_fine])
            a, b = traj.w1[-1], traj.w2[-1]
        n2 = round(durations[1] / step_eta)
        st = _strengths(a, b, switch.rev, step_eta, n2, switch.u1, switch.v1)
        restart = ExactSolution.from_task(a, b, switch.rev, balance_tol=balance_tol)
        floor["floor_etas"].append(step_eta)
        floor["floor_escape"].append(float(level_crossing(step_eta * np.arange(n2 + 1), st, switch.level)))
        floor["floor_imbalance"].append(restart.imbalance)
        floor["floor_escape_exact"].append(
            exact_mode_crossing(restart, switch.u1, switch.v1, switch.level, durations[1])
        )
    return {k: np.asarray(v) for k, v in floor.items()}


def run_shown_losses(switch: _Switch, exact_end, shown, seed, *, record_every: int) -> dict[str, np.ndarray]:
    """Loss curves after the switch from the exact end-of-phase weights perturbed by each size of ``shown``.

    One direction (``seed``); gradient descent and the exact solution. Returns
    ``shown_deltas (K,)``, ``shown_times (T2,)`` (global) and ``shown_sim_loss``,
    ``shown_exact_loss (K, T2)``.
    """
    e1, e2 = exact_end
    eta, n2, t_switch = switch.eta, switch.n_steps[1], switch.durations[0]
    shown = np.array([positive_float("perturbation.shown", d) for d in shown])
    shown_times = t_switch + eta * np.arange(0, n2 + 1, record_every)
    shown_sim, shown_exact = [], []
    for d in shown:
        b = output_rotation(e2, d, np.random.default_rng(seed))
        traj = train_two_layer(e1, b, switch.rev, eta=eta, n_steps=n2, record=record_every)
        shown_sim.append(traj.loss())
        shown_exact.append(ExactSolution.from_task(e1, b, switch.rev).loss(shown_times - t_switch))
    return {
        "shown_deltas": shown,
        "shown_times": shown_times,
        "shown_sim_loss": np.array(shown_sim),
        "shown_exact_loss": np.array(shown_exact),
    }


# ---------------------------------------------------------------------------- Figure 7b
def shallow_exact(w0, sigma_yx, t) -> np.ndarray:
    """Gradient flow of ``y = W x`` on whitened inputs: ``W(t) = sigma_yx + (W0 - sigma_yx) e^{-t}``.

    ``tau dW/dt = sigma_yx - W sigma_xx`` with ``sigma_xx = I`` and ``tau = 1``;
    ``w0`` and ``sigma_yx`` are ``(n_out, n_in)``, ``t`` a float or ``(T,)``
    array of times >= 0; returns ``(n_out, n_in)`` or ``(T, n_out, n_in)``.
    """
    w0, sigma_yx = as_matrix("w0", w0), as_matrix("sigma_yx", sigma_yx)
    if w0.shape != sigma_yx.shape:
        raise ValueError(f"w0 has shape {w0.shape} but sigma_yx has {sigma_yx.shape}")
    t = np.asarray(t, dtype=float)
    if t.ndim > 1 or np.any(~(t >= 0)):
        raise ValueError(f"t must be a float or 1-D array of times >= 0, got {t!r}")
    return sigma_yx + (w0 - sigma_yx) * np.exp(-t)[..., None, None]


def run_shallow(
    *, task: Mapping, init_std: float, seed: int, eta: float, n_steps, record_every: int, eta_refinement: int
) -> dict[str, np.ndarray]:
    """The shallow network ``y = W x`` learns a task and then its reversal, by GD and exactly.

    ``W0`` has independent N(0, ``init_std^2``) entries. Gradient descent is
    :func:`~exactdln.simulation.train_deep` with one layer; the exact
    trajectory is :func:`shallow_exact`, restarted at the switch from its own
    end-of-phase ``W``. Returns ``times (T,)``, ``switch_times (2,)``,
    ``sim_loss``, ``exact_loss (T,)``, ``sim_nf``, ``exact_nf (T, n_out, n_in)``
    at ``eta``, and ``gap_etas (2,)``, ``gap (2,)``: the largest
    ``||W_GD - W_exact||_F`` at ``eta`` and at ``eta / eta_refinement``.
    """
    base = make_task(task)
    tasks = [base, base.reversed()]
    w0 = positive_float("init_std", init_std) * rng_from(seed).standard_normal((base.n_out, base.n_in))
    refinement = positive_int("eta_refinement", eta_refinement)
    out: dict = {}
    gaps, etas = [], []
    for factor in (1, refinement):
        step_eta = positive_float("eta", eta) / factor
        steps, loss, nf, _ = simulate_chain(
            [w0], tasks, [n * factor for n in n_steps], eta=step_eta, record_every=record_every
        )
        times = step_eta * steps
        switch = step_eta * n_steps[0] * factor
        w_switch = shallow_exact(w0, base.sigma_yx, switch)
        first = (times < switch)[:, None, None]
        exact_nf = np.where(
            first,
            shallow_exact(w0, base.sigma_yx, np.minimum(times, switch)),
            shallow_exact(w_switch, tasks[1].sigma_yx, np.maximum(times - switch, 0.0)),
        )
        gaps.append(float(np.linalg.norm(nf - exact_nf, axis=(-2, -1)).max()))
        etas.append(step_eta)
        if factor == 1:
            exact_loss = np.where(first[:, 0, 0], base.loss(exact_nf), tasks[1].loss(exact_nf))
            out = {
                "times": times,
                "sim_loss": loss,
                "exact_loss": exact_loss,
                "sim_nf": nf,
                "exact_nf": exact_nf,
            }
    return {
        **out,
        "switch_times": np.array([0.0, eta * n_steps[0]]),
        "gap_etas": np.array(etas),
        "gap": np.array(gaps),
    }


# ---------------------------------------------------------------------------- numbers of Figure 7a-c
def measure(
    saddle: Mapping, shallow: Mapping, stall: Mapping, *, fit_max_delta: float, level: float = 0.95
) -> dict:
    """The numbers Figure 7a–c quotes, from :func:`run_saddle`, :func:`run_shallow` and
    :func:`~exactdln.experiments.braun2022.stall.run_stall`.

    ``saddle``: :func:`measure_saddle`; ``shallow``: the largest gaps of gradient descent to
    the exact solution and their ratio; ``stall``:
    :func:`~exactdln.experiments.braun2022.stall.measure` at confidence ``level``.
    """
    gap = np.asarray(shallow["gap"])
    return {
        "saddle": measure_saddle(saddle, fit_max_delta),
        "shallow": {"gap": [float(g) for g in gap], "gap_ratio": float(gap[0] / gap[1])},
        "stall": measure_stall(stall, level),
    }


def measure_saddle(saddle: Mapping, fit_max_delta: float) -> dict:
    """The numbers of Figure 7a from :func:`run_saddle`.

    Escape-time slopes are fitted to the median over directions for
    ``delta <= fit_max_delta`` (close to the saddle, where the growth is
    linear). The floor delta is where the gradient-descent escape time from
    the exact end-of-phase weights (interpolated in ``ln delta``) equals that
    of unperturbed gradient descent; ``floor_spread`` is the largest
    deviation from the latter of the escape times of perturbed gradient
    descent from its own weights, for deltas ten times smaller and below.
    """
    d = saddle
    deltas, s1, eta = np.asarray(d["deltas"]), float(d["s1"]), float(d["eta"])
    keep = deltas <= positive_float("fit_max_delta", fit_max_delta)
    if keep.sum() < 2:
        raise ValueError(f"fit_max_delta={fit_max_delta} leaves fewer than two deltas to fit")
    after = np.asarray(d["times"]) >= float(d["switch_times"][1])
    sim_exact = np.median(d["escape_sim_exact"], axis=1)
    floor = np.asarray(d["floor_escape"])
    # the escape time falls as delta grows: interpolate ln(delta) at the floor's escape time
    floor_delta = float(np.exp(np.interp(floor[0], sim_exact[::-1], np.log(deltas[::-1]))))
    below = deltas <= floor_delta / 10
    refinement = float(d["floor_etas"][0] / d["floor_etas"][1])
    n_modes = len(d["singular_values"])
    n_stalled = len(np.atleast_1d(d["stalled_modes"]))
    out_saddle = {
        "switch_rank_b": int(d["switch_rank_b"]),
        "n_stalled": n_stalled,
        "all_modes_stalled": n_stalled == n_modes,
        "phase1_loss_gap": float(d["phase1_loss_gap"]),
        "semigroup_gap": float(d["semigroup_gap"]),
        "exact_end_loss_minus_saddle": float(abs(d["exact_loss"][-1] - d["saddle_loss"])),
        "exact_end_nf_norm": float(np.linalg.norm(d["exact_nf"][-1])),
        "saddle_loss": float(d["saddle_loss"]),
        "min_loss": float(d["min_loss"]),
        "sim_end_loss_gap": float(abs(d["sim_loss"][-1] - d["min_loss"])),
        "sim_min_nf_norm_after_switch": float(np.linalg.norm(d["sim_nf"][after], axis=(-2, -1)).min()),
        "s1": s1,
        "slope_theory": escape_slope(s1),
        "slope_theory_gd": escape_slope(s1, eta),
        "slope_exact": linear_slope(np.log(1.0 / deltas[keep]), np.median(d["escape_exact"][keep], axis=1)),
        # the theory line t = ln(1/delta) / s1 + c through the exact escape times (c fitted)
        "theory_intercept": float(
            np.mean(np.median(d["escape_exact"][keep], axis=1) - np.log(1.0 / deltas[keep]) / s1)
        ),
        "slope_sim": linear_slope(np.log(1.0 / deltas[keep]), np.median(d["escape_sim_exact"][keep], axis=1)),
        "n_fit": int(keep.sum()),
        "delta_min": float(deltas.min()),
        "delta_max": float(deltas.max()),
        "all_escaped": bool(
            np.all(np.isfinite(d["escape_exact"])) and np.all(np.isfinite(d["escape_sim_exact"]))
        ),
        "sim_exact_escape_gap_max": float(
            np.max(np.abs(d["escape_sim_exact"] - d["escape_exact"]) / d["escape_exact"])
        ),
        "floor_escape": [float(v) for v in floor],
        "floor_escape_exact": [float(v) for v in d["floor_escape_exact"]],
        "floor_imbalance": [float(v) for v in d["floor_imbalance"]],
        "floor_shift": float(floor[1] - floor[0]),
        "floor_shift_theory": float(np.log(refinement) / s1),
        "floor_delta": floor_delta,
        "floor_spread": float(np.max(np.abs(d["escape_sim_sim"][below] - floor[0]))),
        "floor_n_below": int(below.sum()),
    }
    # relative deviations of the fitted slopes: exact against 1/s1, GD against eta / ln(1 + eta s1)
    out_saddle["slope_exact_deviation"] = abs(out_saddle["slope_exact"] / out_saddle["slope_theory"] - 1)
    out_saddle["slope_sim_deviation"] = abs(out_saddle["slope_sim"] / out_saddle["slope_theory_gd"] - 1)
    out_saddle["slope_sim_flow_deviation"] = abs(out_saddle["slope_sim"] / out_saddle["slope_theory"] - 1)
    return out_saddle
