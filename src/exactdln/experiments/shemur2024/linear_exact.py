"""Figure 3b: a lambda-balanced two-layer linear network against its linearisation, both exactly.

The network side is :class:`~exactdln.exact.ExactSolution` (gradient flow from
a lambda-balanced start, docs/mathematics.md §2); the linearised model's gradient flow is the
linear ODE ``dE/dt = -(B E + E A)`` solved in closed form by
:func:`~exactdln.linearisation.linearised_linear_network`. For ``n_hidden = n_out``
and ``lam > 0`` the second layer is invertible, the frozen kernel is positive
definite, both models converge to ``sigma_yx`` and their gap vanishes at
``t = inf``; in between it is ``O(1 / lam^2)`` for large ``lam`` (the second
layer grows like ``lam^{1/2}``, the first shrinks like ``lam^{-1/2}``, learning
takes a time ``~1/lam`` and the kernel moves by a relative ``O(lam^{-2})``).
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...exact import ExactSolution
from ...fits import loglog_slope
from ...initialisations import lambda_balanced
from ...linearisation import linearised_linear_network
from ...tasks import random_regression


def run(
    *,
    n_in: int,
    n_hidden: int,
    n_out: int,
    n_items: int,
    task_seed: int,
    init_scale: float,
    lams,
    n_seeds: int,
    seed: int,
    t_min: float,
    t_max: float,
    n_times: int,
) -> dict[str, np.ndarray]:
    """``gap (S, L, T)``: ``||W2 W1(t) - N_lin(t)||_F`` at ``times (T,)`` (0, ``n_times`` log-spaced from
    ``t_min`` to ``t_max``, and ``inf``) for every seed and ``lam``; ``converges (S, L)`` says whether the
    exact flow reaches the global optimum. Seed ``s`` draws the same network function at every ``lam``."""
    task = random_regression(n_in, n_out, n_items, seed=task_seed)
    times = np.concatenate(
        [
            [0.0],
            np.geomspace(
                positive_float("t_min", t_min),
                positive_float("t_max", t_max),
                positive_int("n_times", n_times),
            ),
            [np.inf],
        ]
    )
    lams = np.asarray([positive_float("lams[i]", lam) for lam in lams])
    gap = np.empty((n_seeds, lams.size, times.size))
    converges = np.empty((n_seeds, lams.size), dtype=bool)
    for s in range(positive_int("n_seeds", n_seeds)):
        for k, lam in enumerate(lams):
            w1, w2 = lambda_balanced(n_in, n_hidden, n_out, init_scale, lam, np.random.default_rng([seed, s]))
            sol = ExactSolution.from_task(w1, w2, task)
            lin = linearised_linear_network(w1, w2, task.sigma_yx, times)
            gap[s, k] = np.linalg.norm(sol.network_function(times) - lin, axis=(-2, -1))
            converges[s, k] = sol.converges_to_optimum
    return {
        "gap": gap,
        "times": times,
        "lams": lams,
        "converges": converges,
        "singular_values": np.linalg.svd(task.sigma_yx, compute_uv=False),
    }


def measure(d: dict, *, fit_min_lam: float) -> dict:
    """Slope of ``log`` of the seed-mean ``sup_t`` gap against ``log lam`` (``lam >= fit_min_lam``; theory
    -2), the largest gap at ``t = inf`` and whether every run converges."""
    lams = d["lams"]
    fit = lams >= fit_min_lam
    sup = d["gap"][..., :-1].max(axis=-1).mean(axis=0)
    return {
        "lam_slope": loglog_slope(lams[fit], sup[fit]),
        "final_gap_max": float(d["gap"][..., -1].max()),
        "all_converge": bool(np.all(d["converges"])),
        "gap_smallest_lam": float(sup[0]),
        "gap_largest_lam": float(sup[-1]),
    }
