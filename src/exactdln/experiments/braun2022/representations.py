"""Figure 3: the same function, different hidden representations (semantic hierarchy).

Networks learn the 8-item semantic hierarchy
(:func:`exactdln.tasks.semantic_hierarchy` with distinct singular values) from
differently built starts. At a global minimum every run computes the same
network function ``W2 W1 = sigma_yx = U S V^T``, but the input-side hidden
similarity ``W1^T W1`` is fixed by the task, ``V S V^T``, only for balanced
starts (docs/mathematics.md §2): the flow conserves ``D = W2^T W2 - W1 W1^T``, and an
unbalanced start carries its ``D`` into the final weights.

``run`` trains every start by gradient descent (at the learning rate and at a
finer one, to expose the learning-rate error), integrates the gradient flow on
the weights (:func:`exactdln.ode.integrate_weights`, an independent
reference), and evaluates the exact solution for the starts it applies to
(balanced within ``balance_tol``, :func:`exactdln.measure_balance`); the
others are simulation-only. ``measure`` returns the representation distances
and the simulation–theory gaps the paper quotes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..._checks import positive_float, positive_int
from ...exact import ExactSolution, measure_balance
from ...initialisations import gaussian, zero_balanced
from ...measures import loss as loss_of
from ...measures import representation_distance
from ...ode import integrate_weights
from ...schedules import log_steps
from ...simulation import train_two_layer
from ...tasks import Task, semantic_hierarchy

ODE_RTOL = 1e-12
# initialisations a start may use: kind -> function(n_in, n_hidden, n_out, scale, seed)
KINDS = {"gaussian": gaussian, "zero_balanced": zero_balanced}


def _starts(initialisations: Mapping) -> list[tuple[str, str, float, int]]:
    """``(name, kind, scale, seed)`` of every start of a ``{name: {kind, scale, seed}}`` mapping."""
    if not isinstance(initialisations, Mapping) or not initialisations:
        raise ValueError(
            "initialisations must be a non-empty mapping name -> {kind, scale, seed}, "
            f"got {initialisations!r}"
        )
    starts = []
    for name, spec in initialisations.items():
        if not isinstance(spec, Mapping) or set(spec) != {"kind", "scale", "seed"}:
            raise ValueError(f"initialisations[{name!r}] must have exactly the keys kind, scale, seed")
        if spec["kind"] not in KINDS:
            raise ValueError(
                f"initialisations[{name!r}].kind must be one of {sorted(KINDS)}, got {spec['kind']!r}"
            )
        seed = spec["seed"]
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
            raise ValueError(f"initialisations[{name!r}].seed must be an integer >= 0, got {seed!r}")
        scale = positive_float(f"initialisations[{name!r}].scale", spec["scale"])
        starts.append((str(name), str(spec["kind"]), scale, int(seed)))
    return starts


def _qqt(w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """``Q Q^T`` with ``Q = [w1^T; w2]``: ``(..., n_in + n_out, n_in + n_out)``."""
    q = np.concatenate([np.swapaxes(w1, -1, -2), w2], axis=-2)
    return q @ np.swapaxes(q, -1, -2)


def stall_fraction(n_hidden: int, scale: float, draws: int, seed: int) -> float:
    """Fraction of zero-balanced starts on the hierarchy whose exact flow stalls at a saddle.

    The task is square (``n_in = n_out = 8``), so about half of all
    zero-balanced draws have a singular growing-eigenspace projection ``B``
    (docs/mathematics.md §2); :attr:`ExactSolution.converges_to_optimum` decides each draw.
    """
    task = semantic_hierarchy(distinct_singular_values=True)
    rng = np.random.default_rng(seed)
    stalled = 0
    for _ in range(positive_int("draws", draws)):
        w1, w2 = zero_balanced(task.n_in, n_hidden, task.n_out, scale, rng)
        stalled += not ExactSolution.from_task(w1, w2, task).converges_to_optimum
    return stalled / draws


def run(
    *,
    n_hidden: int,
    eta: float,
    n_steps: int,
    initialisations,
    n_records: int,
    eta_refinement: int,
    balance_tol: float,
    stall_check_draws: int,
    stall_check_seed: int,
    progress: bool = False,
) -> dict[str, np.ndarray]:
    """Train, integrate and (where it applies) solve exactly from every start.

    ``initialisations`` maps a name to ``{"kind": "gaussian" | "zero_balanced",
    "scale": float, "seed": int}``: ``gaussian`` draws independent entries of
    standard deviation ``scale`` (:func:`exactdln.initialisations.gaussian`),
    ``zero_balanced`` a balanced start whose product has the statistics of
    two Gaussian matrices of that std (:func:`exactdln.initialisations.zero_balanced`).
    Gradient descent runs ``n_steps`` steps at ``eta`` and ``eta_refinement *
    n_steps`` steps at ``eta / eta_refinement`` (the same flow times);
    step 0 and about ``n_records`` log-spaced steps are recorded. The exact
    solution is evaluated for starts with relative imbalance at most
    ``balance_tol``; for the others its arrays hold NaN.

    Returns, with ``R`` starts, ``T`` times and ``n = n_in + n_out = 16``:
    ``names``, ``kinds``, ``scales``, ``seeds`` ``(R,)``; ``times (T,)``;
    ``sigma_yx``, ``u``, ``s``, ``vt`` (its SVD), ``feature_names``,
    ``item_names``; ``sim_qqt``, ``fine_qqt`` (at ``eta / eta_refinement``),
    ``ode_qqt`` (gradient flow, DOP853 at rtol ``ODE_RTOL``) and
    ``exact_qqt`` ``(R, T, n, n)``; ``exact_qqt_inf (R, n, n)``; ``sim_loss``
    and ``exact_loss`` ``(R, T)``, ``1/2 ||sigma_yx - W2 W1||_F^2`` (the loss
    itself: the targets are a linear function of the invertible inputs, so the
    constant of :func:`exactdln.measures.loss` is 0, and this form keeps its
    precision down to the optimum); ``lam``, ``imbalance`` (relative, from
    :func:`exactdln.measure_balance`), ``imbalance_abs`` (``||D(0)||_F``),
    ``sim_imbalance_abs_final`` (``||D||_F`` after the last step),
    ``exact_applies`` and ``converges_to_optimum`` ``(R,)``; ``eta``,
    ``eta_refinement``, ``stall_fraction`` and ``stall_check_draws``.
    """
    starts = _starts(initialisations)
    balanced_scale = _balanced_scale(starts)
    eta = positive_float("eta", eta)
    n_steps = positive_int("n_steps", n_steps)
    refine = positive_int("eta_refinement", eta_refinement)
    if refine < 2:
        raise ValueError(
            f"eta_refinement must be an integer >= 2 (a finer learning rate), got {eta_refinement!r}"
        )
    balance_tol = positive_float("balance_tol", balance_tol)
    task = semantic_hierarchy(distinct_singular_values=True)
    n_hidden = positive_int("n_hidden", n_hidden)
    weights = [KINDS[kind](task.n_in, n_hidden, task.n_out, scale, seed) for _, kind, scale, seed in starts]
    steps = log_steps(n_steps, positive_int("n_records", n_records))
    u, s, vt = np.linalg.svd(task.sigma_yx)
    out = {
        "names": np.asarray([st[0] for st in starts]),
        "kinds": np.asarray([st[1] for st in starts]),
        "scales": np.array([st[2] for st in starts]),
        "seeds": np.array([st[3] for st in starts]),
        "eta": np.float64(eta),
        "eta_refinement": np.int64(refine),
        "sigma_yx": task.sigma_yx,
        "u": u,
        "s": s,
        "vt": vt,
        "feature_names": np.asarray(task.feature_names),
        "item_names": np.asarray(task.item_names),
        **run_descent(
            weights, task, eta=eta, n_steps=n_steps, refine=refine, record=steps, progress=progress
        ),
        "stall_fraction": np.float64(
            stall_fraction(n_hidden, balanced_scale, stall_check_draws, stall_check_seed)
        ),
        "stall_check_draws": np.int64(stall_check_draws),
    }
    out.update(run_theory(weights, task, out["times"], balance_tol))
    return {key: out[key] for key in ARRAYS}


# the arrays of :func:`run`, in the order they are saved
ARRAYS = """names kinds scales seeds times eta eta_refinement sigma_yx u s vt feature_names item_names
sim_qqt fine_qqt ode_qqt exact_qqt exact_qqt_inf sim_loss exact_loss lam imbalance imbalance_abs
sim_imbalance_abs_final exact_applies converges_to_optimum stall_fraction stall_check_draws""".split()


def run_descent(
    weights, task: Task, *, eta: float, n_steps: int, refine: int, record, progress: bool = False
) -> dict[str, np.ndarray]:
    """Gradient descent from every start ``(w1, w2)`` of ``weights`` at ``eta`` and ``eta / refine``.

    ``record``: the steps recorded at ``eta`` (``refine`` times as many at the finer rate).
    Returns ``times (T,)``, ``sim_qqt`` and ``fine_qqt`` ``(R, T, n, n)``, ``sim_loss (R, T)``
    and ``sim_imbalance_abs_final (R,)`` (see :func:`run`).
    """
    w1 = np.stack([w[0] for w in weights])
    w2 = np.stack([w[1] for w in weights])
    sim = train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, record=record, progress=progress)
    fine = train_two_layer(
        w1, w2, task, eta=eta / refine, n_steps=refine * n_steps, record=refine * record, progress=progress
    )
    return {
        "times": sim.times,
        "sim_qqt": np.moveaxis(_qqt(sim.w1, sim.w2), 0, 1),
        "fine_qqt": np.moveaxis(_qqt(fine.w1, fine.w2), 0, 1),
        "sim_loss": loss_of(sim.network_function(), task.sigma_yx).T,
        "sim_imbalance_abs_final": _imbalance_norm(sim.w1[-1], sim.w2[-1]),
    }


def run_theory(weights, task: Task, times: np.ndarray, balance_tol: float) -> dict[str, np.ndarray]:
    """Gradient flow (ODE) from every start, and the exact solution where it applies.

    Returns ``ode_qqt``, ``exact_qqt`` ``(R, T, n, n)``, ``exact_qqt_inf (R, n, n)``,
    ``exact_loss (R, T)`` (NaN where the exact solution does not apply), ``lam``,
    ``imbalance``, ``imbalance_abs``, ``exact_applies`` and ``converges_to_optimum``
    ``(R,)`` (see :func:`run`).
    """
    n = task.n_in + task.n_out
    r = len(weights)
    exact_qqt = np.full((r, times.size, n, n), np.nan)
    exact_qqt_inf = np.full((r, n, n), np.nan)
    exact_loss = np.full((r, times.size), np.nan)
    balance = [measure_balance(a, b) for a, b in weights]
    applies = np.array([imb <= balance_tol for _, imb in balance])
    converges = np.zeros(r, dtype=bool)
    ode = []
    for k, (a, b) in enumerate(weights):
        ode.append(integrate_weights(a, b, task.sigma_yx, times, rtol=ODE_RTOL))
        if applies[k]:
            exact = ExactSolution.from_task(a, b, task, balance_tol=balance_tol)
            exact_qqt[k] = exact.qqt(times)
            exact_qqt_inf[k] = exact.qqt(np.inf)
            exact_loss[k] = loss_of(exact.network_function(times), task.sigma_yx)
            converges[k] = exact.converges_to_optimum
    return {
        "ode_qqt": np.stack(ode),
        "exact_qqt": exact_qqt,
        "exact_qqt_inf": exact_qqt_inf,
        "exact_loss": exact_loss,
        "lam": np.array([lam for lam, _ in balance]),
        "imbalance": np.array([imb for _, imb in balance]),
        "imbalance_abs": np.array([_imbalance_norm(a, b) for a, b in weights]),
        "exact_applies": applies,
        "converges_to_optimum": converges,
    }


def _imbalance_norm(w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """``||w2^T w2 - w1 w1^T||_F`` over leading batch axes."""
    d = np.swapaxes(w2, -1, -2) @ w2 - w1 @ np.swapaxes(w1, -1, -2)
    return np.linalg.norm(d, axis=(-2, -1))


def _balanced_scale(starts) -> float:
    """Scale of the first zero-balanced start (the one whose stall risk is reported)."""
    for _, kind, scale, _ in starts:
        if kind == "zero_balanced":
            return scale
    raise ValueError("initialisations must include a zero_balanced start (the exact solution's case)")


def blocks(qqt: np.ndarray, n_in: int) -> dict[str, np.ndarray]:
    """The blocks of ``Q Q^T`` (docs/mathematics.md §2): ``w1tw1``, ``network_function`` and ``w2w2t``."""
    return {
        "w1tw1": qqt[..., :n_in, :n_in],
        "network_function": qqt[..., n_in:, :n_in],
        "w2w2t": qqt[..., n_in:, n_in:],
    }


def _max_relative_gap(value: np.ndarray, reference: np.ndarray) -> float:
    """``max_t ||value(t) - reference(t)||_F / max_t ||reference(t)||_F`` over ``(T, n, n)`` arrays."""
    diff = np.linalg.norm(value - reference, axis=(-2, -1)).max()
    return float(diff / np.linalg.norm(reference, axis=(-2, -1)).max())


def measure(data: dict[str, np.ndarray], distance_tol: float, claimed_structured) -> dict:
    """Representation distances, function errors and simulation–theory gaps per start.

    The representation distance is ``||W1^T W1 - V S V^T||_F``
    (:func:`exactdln.measures.representation_distance`); a start counts as
    task-structured when it is below ``distance_tol``. Per start:
    ``sim_distance`` (gradient descent at the last step), ``fine_distance``
    (at ``eta / eta_refinement``), ``flow_distance`` (ODE at the final time),
    ``function_error`` ``||W2 W1 - sigma_yx||_F`` at the last step,
    ``lam``, ``imbalance``, ``imbalance_abs`` and the final ``||D||_F`` of
    gradient descent; where the exact solution applies, also its distance at
    the final time and at ``t = inf``, whether it converges to the optimum,
    the largest relative gap of ``Q Q^T`` to gradient descent at both learning
    rates (and their ratio: ``eta_refinement`` at first order), to the ODE, and
    the largest loss gap to gradient descent relative to the initial loss.
    ``claim_flow`` and ``claim_simulation``: whether exactly the starts named
    in ``claimed_structured`` end task-structured, by the flow and by gradient
    descent respectively (both ``False`` if any other start does too).
    """
    tol = positive_float("distance_tol", distance_tol)
    names = [str(n) for n in data["names"]]
    claimed = {str(n) for n in claimed_structured}
    if not claimed <= set(names):
        raise ValueError(f"claimed_structured names {sorted(claimed - set(names))} are not starts {names}")
    sigma_yx = data["sigma_yx"]
    n_in = sigma_yx.shape[1]
    refine = int(data["eta_refinement"])
    final_functions = blocks(data["sim_qqt"][:, -1], n_in)["network_function"]
    spread = max(float(np.linalg.norm(a - b)) for a in final_functions for b in final_functions)
    out: dict = {
        "n_items": int(sigma_yx.shape[1]),
        "n_modes": int(data["s"].size),
        "n_times": int(data["times"].size),
        "final_time": float(data["times"][-1]),
        "fine_eta": float(data["eta"]) / refine,
        "ode_rtol": ODE_RTOL,
        "task_singular_values": data["s"],
        "target_norm": float(np.linalg.norm(data["s"])),
        "singular_value_min_gap": float(np.min(-np.diff(data["s"]))),
        "distance_tol": tol,
        "function_spread": spread,
        "same_function": bool(spread < tol),
        "stall_fraction": float(data["stall_fraction"]),
        "stall_check_draws": int(data["stall_check_draws"]),
    }
    structured_sim, structured_flow = {}, {}
    for k, name in enumerate(names):
        row = _start_numbers(data, k, tol)
        structured_sim[name] = row["sim_structured"]
        structured_flow[name] = row["flow_structured"]
        out[name] = row
    out["claim_flow"] = _claim(names, structured_flow, claimed)
    out["claim_simulation"] = _claim(names, structured_sim, claimed)
    return out


def _start_numbers(data: dict[str, np.ndarray], k: int, tol: float) -> dict:
    """The numbers of start ``k`` (see :func:`measure`), with :func:`_exact_numbers` where it applies."""
    sigma_yx = data["sigma_yx"]
    n_in = sigma_yx.shape[1]
    sim, fine, ode = (blocks(data[key][k], n_in) for key in ("sim_qqt", "fine_qqt", "ode_qqt"))
    row = {
        "exact_applies": bool(data["exact_applies"][k]),
        "lam": float(data["lam"][k]),
        "imbalance": float(data["imbalance"][k]),
        "imbalance_abs": float(data["imbalance_abs"][k]),
        "sim_distance": float(representation_distance(sim["w1tw1"][-1], sigma_yx)),
        "fine_distance": float(representation_distance(fine["w1tw1"][-1], sigma_yx)),
        "flow_distance": float(representation_distance(ode["w1tw1"][-1], sigma_yx)),
        "function_error": float(np.linalg.norm(sim["network_function"][-1] - sigma_yx)),
        "flow_function_error": float(np.linalg.norm(ode["network_function"][-1] - sigma_yx)),
        "imbalance_abs_final": float(data["sim_imbalance_abs_final"][k]),
    }
    row["drift_ratio"] = row["sim_distance"] / row["fine_distance"]
    row["sim_structured"] = bool(row["sim_distance"] < tol)
    row["flow_structured"] = bool(row["flow_distance"] < tol)
    if row["exact_applies"]:
        row.update(_exact_numbers(data, k, tol))
    return row


def _exact_numbers(data: dict[str, np.ndarray], k: int, tol: float) -> dict:
    """The exact solution's numbers of start ``k``: distances, convergence and gaps (see :func:`measure`)."""
    sigma_yx = data["sigma_yx"]
    n_in = sigma_yx.shape[1]
    exact = data["exact_qqt"][k]
    row = {"converges_to_optimum": bool(data["converges_to_optimum"][k])}
    row["exact_distance_final"] = float(representation_distance(blocks(exact, n_in)["w1tw1"][-1], sigma_yx))
    row["exact_distance_inf"] = float(
        representation_distance(data["exact_qqt_inf"][k][:n_in, :n_in], sigma_yx)
    )
    row["exact_structured"] = bool(max(row["exact_distance_final"], row["exact_distance_inf"]) < tol)
    row["sim_exact_gap"] = _max_relative_gap(data["sim_qqt"][k], exact)
    row["fine_exact_gap"] = _max_relative_gap(data["fine_qqt"][k], exact)
    row["gap_ratio"] = row["sim_exact_gap"] / row["fine_exact_gap"]
    row["exact_vs_ode"] = float(
        (
            np.linalg.norm(exact - data["ode_qqt"][k], axis=(-2, -1))
            / np.linalg.norm(data["ode_qqt"][k], axis=(-2, -1))
        ).max()
    )
    loss_exact = data["exact_loss"][k]
    row["loss_gap"] = float(np.max(np.abs(data["sim_loss"][k] - loss_exact)) / loss_exact[0])
    return row


def _claim(names, structured: dict[str, bool], claimed: set[str]) -> bool:
    """Whether exactly the ``claimed`` starts end task-structured."""
    return all(structured[n] == (n in claimed) for n in names)
