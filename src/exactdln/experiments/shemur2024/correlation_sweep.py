"""Figure 2a-d and the finite-difference check: exact derivative correlations at initialisation against width.

:func:`run` evaluates :func:`~exactdln.correlations.correlations` at the first
``n_points`` training inputs for ``n_seeds`` networks of every width, from the
same initial weights as Figure 1 (they depend only on ``(seed, width)``) and
from a doubling start (Chizat et al.'s antisymmetric initialisation, for which
``C_{0,2}`` vanishes exactly). Per seed each tensor is reduced to its root
mean square over the index tuples (the Hessian norm to its mean over the
points). :func:`fd_study` compares every exact quantity with central finite
differences at a range of steps (a step study: the error must fall as
``step^2`` until rounding takes over).
"""

from __future__ import annotations

import numpy as np

from ..._checks import positive_float, positive_int
from ...correlations import QUANTITIES, correlations, finite_difference_correlations
from ...fits import loglog_slope
from ...wide_networks import init_two_layer
from . import slopes

# quantities that vanish identically (almost everywhere) for an activation with phi'' = 0
ZERO_FOR_PIECEWISE_LINEAR = ("c03",)


def per_seed(corr) -> dict[str, np.ndarray]:
    """Each quantity of a :class:`~exactdln.correlations.Correlations` reduced per seed, ``(S,)``."""
    out = {}
    for q in QUANTITIES:
        a = getattr(corr, q)
        axes = tuple(range(1, a.ndim))
        out[q] = a.mean(axis=axes) if q == "hessian_norm" else np.sqrt(np.mean(a**2, axis=axes))
    return out


def run(task: dict, *, activations, widths, n_seeds: int, seed: int, n_points: int) -> dict[str, np.ndarray]:
    """``(A, W, S)`` arrays ``<quantity>`` (plain start) and ``<quantity>_doubling`` for every quantity in
    :data:`~exactdln.correlations.QUANTITIES`, with ``activations`` and ``widths``."""
    x = task["x"][:, : positive_int("n_points", n_points)]
    if x.shape[1] < n_points:
        raise ValueError(f"the task has only {x.shape[1]} training points, n_points={n_points}")
    out: dict[str, list] = {}
    for activation in activations:
        rows: dict[str, list] = {}
        for width in widths:
            plain = init_two_layer(x.shape[0], int(width), n_seeds, np.random.default_rng([seed, int(width)]))
            doubled = init_two_layer(
                x.shape[0], int(width), n_seeds, np.random.default_rng([seed, int(width), 1]), doubling=True
            )
            for suffix, net in (("", plain), ("_doubling", doubled)):
                for q, v in per_seed(correlations(net, x, activation)).items():
                    rows.setdefault(q + suffix, []).append(v)
        for k, v in rows.items():
            out.setdefault(k, []).append(v)
    return {
        **{k: np.asarray(v) for k, v in out.items()},
        "activations": np.asarray(activations),
        "widths": np.asarray(widths, dtype=int),
    }


def fd_study(
    task: dict, *, activations, width: int, n_points: int, seed: int, steps
) -> dict[str, np.ndarray]:
    """Relative errors ``max |fd - exact| / max |exact|`` of every quantity, ``errors (A, Q, H)``.

    One network per activation (``width``, one seed, the first ``n_points``
    training inputs), finite differences at each of ``steps`` (``H`` of them,
    :func:`~exactdln.correlations.finite_difference_correlations`). Entries of
    quantities that vanish identically for an activation (``c03`` for linear
    and ReLU) are ``nan``.
    """
    x = task["x"][:, : positive_int("n_points", n_points)]
    steps = np.asarray([positive_float("steps[i]", h) for h in steps])
    net = init_two_layer(x.shape[0], positive_int("width", width), 1, np.random.default_rng([seed, width, 2]))
    errors = np.full((len(activations), len(QUANTITIES), steps.size), np.nan)
    for i, activation in enumerate(activations):
        exact = correlations(net, x, activation)
        for k, h in enumerate(steps):
            fd = finite_difference_correlations(net, x, activation, h)
            for j, q in enumerate(QUANTITIES):
                if activation != "tanh" and q in ZERO_FOR_PIECEWISE_LINEAR:
                    continue
                ref = getattr(exact, q)
                errors[i, j, k] = np.max(np.abs(getattr(fd, q) - ref)) / np.max(np.abs(ref))
    return {
        "errors": errors,
        "steps": steps,
        "activations": np.asarray(activations),
        "quantities": np.asarray(QUANTITIES),
    }


def measure(corr: dict, fd: dict, *, fit_min_width: int, tolerance: float = slopes.TOLERANCE) -> dict:
    """Width slopes of the seed means of every quantity (plain start, widths ``>= fit_min_width``) per
    activation, with their power-law checks (:func:`~.slopes.fit`, ``<quantity>_power_law``); the
    doubling start's largest ``c02`` and its Hessian norm relative to the plain start; and the
    finite-difference check (best step per quantity, the largest best error per activation and overall)."""
    widths = corr["widths"]
    fit = widths >= fit_min_width
    out: dict = {}
    for i, activation in enumerate(str(a) for a in corr["activations"]):
        entry = {}
        for q in QUANTITIES:
            mean = corr[q][i].mean(axis=-1)
            if np.all(mean[fit] > 0):
                entry[f"{q}_slope"] = loglog_slope(widths[fit], mean[fit])
                check = slopes.fit(widths, mean, fit_min=fit_min_width, tolerance=tolerance)
                entry[f"{q}_power_law"] = check["power_law"]
            entry[f"{q}_largest"] = float(mean[-1])
        entry["c02_doubling_max"] = float(corr["c02_doubling"][i].max())
        entry["hessian_doubling_ratio"] = float(
            np.mean(corr["hessian_norm_doubling"][i]) / np.mean(corr["hessian_norm"][i])
        )
        out[activation] = entry
    errors = fd["errors"]
    best = np.min(np.where(np.isnan(errors), np.inf, errors), axis=-1)  # (A, Q); inf: not checked
    best[np.isinf(best)] = np.nan
    out["fd_best_error"] = {
        str(a): {str(q): float(best[i, j]) for j, q in enumerate(fd["quantities"]) if np.isfinite(best[i, j])}
        for i, a in enumerate(fd["activations"])
    }
    out["fd_max_error_by_activation"] = {
        str(a): float(np.nanmax(best[i])) for i, a in enumerate(fd["activations"])
    }
    out["fd_max_error"] = float(np.nanmax(best))
    return out
