"""DMFT solutions of Part IV's settings: solving, storing, and comparing networks with them.

The infinite-width references of Figures 1, 3 and 6 are solutions of the DMFT of
Bordelon & Pehlevan (2022) (:func:`exactdln.dmft.solve`), in the networks' own discrete
time. :func:`solve_arrays` runs one solve and returns its per-batch records as plain
arrays (for ``.npz`` files), with the solve's CPU time; the other functions compare
network records with them:

- :func:`batch_mean` / :func:`batch_error`: the estimate and its Monte Carlo standard error
  from the per-batch axis (axis 1 of every record, as in :class:`~exactdln.dmft.DMFTTrajectory`);
- :func:`relative_gap_sq`: ``|X_N - X_inf|_F^2 / |X_inf|_F^2`` of a kernel, per network,
  averaged over the recorded times (the referee's relative kernel error);
- :func:`gradient_correlation`: ``tr G~_l / sqrt(tr G_l tr G^_l)``, the correlation of the
  true gradient with the rule's pseudo-gradient, per layer;
- :func:`width_study`: the relative squared gap at every width, its standard error over
  networks, and the log-log slope against ``N`` (theory -1).
"""

from __future__ import annotations

import time

import numpy as np

from ...dmft import FIELDS, two_layer_dmft
from ...dmft_deep import deep_dmft
from ...fits import loglog_slope

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


def batch_mean(values) -> np.ndarray:
    """The estimate of a per-batch record ``(T, B, ...)``: the mean over batches (axis 1)."""
    return np.asarray(values).mean(axis=1)


def batch_error(values) -> np.ndarray:
    """The Monte Carlo standard error of :func:`batch_mean`: the batch spread over ``sqrt(B)``."""
    v = np.asarray(values)
    return v.std(axis=1, ddof=1) / np.sqrt(v.shape[1])


def loss(outputs, y) -> np.ndarray:
    """``1/2 sum_mu (y_mu - f_mu)^2`` over the last axis of ``outputs`` (``(..., P)``)."""
    return 0.5 * np.sum((np.asarray(y) - np.asarray(outputs)) ** 2, axis=-1)


def theory_loss(data: dict) -> np.ndarray:
    """The loss of a stored solve: that of the batch-mean output (``(T,)``), as
    :meth:`~exactdln.dmft.DMFTTrajectory.mean`."""
    return loss(batch_mean(data["outputs"]), data["y"])


def relative_gap_sq(networks, reference, *, time_axis: bool = True) -> np.ndarray:
    """Relative squared gap ``|X_N - X_inf|_F^2 / |X_inf|_F^2`` of ``P x P`` kernels, one per network.

    ``networks (T, S, P, P)`` and ``reference (T, P, P)`` (or, with ``time_axis=False``,
    ``(S, P, P)`` and ``(P, P)``); the ratio is averaged over the recorded times. Returns ``(S,)``.
    """
    net = np.asarray(networks, dtype=float)
    ref = np.asarray(reference, dtype=float)
    if not time_axis:
        net, ref = net[None], ref[None]
    num = np.sum((net - ref[:, None]) ** 2, axis=(-2, -1))  # (T, S)
    den = np.sum(ref**2, axis=(-2, -1))[:, None]
    return np.mean(num / den, axis=0)


def relative_error_sq(errors, reference) -> float:
    """The Monte Carlo floor of :func:`relative_gap_sq`: ``|err|_F^2 / |X_inf|_F^2`` averaged over
    times, for the standard errors ``errors (T, P, P)`` of ``reference (T, P, P)``."""
    err = np.asarray(errors, dtype=float)
    ref = np.asarray(reference, dtype=float)
    return float(np.mean(np.sum(err**2, axis=(-2, -1)) / np.sum(ref**2, axis=(-2, -1))))


def gradient_correlation(g_tilde, g, g_pseudo) -> np.ndarray:
    """``tr G~_l / sqrt(tr G_l tr G^_l)`` over the last two axes (``(..., P, P)`` each): the
    cosine of the true gradients and the rule's pseudo-gradients, summed over items."""
    tr = [np.trace(np.asarray(k), axis1=-2, axis2=-1) for k in (g_tilde, g, g_pseudo)]
    return tr[0] / np.sqrt(tr[1] * tr[2])


def width_study(widths, gaps: list[np.ndarray]) -> dict:
    """The relative squared gaps of networks of several widths against the DMFT.

    ``gaps[i] (S_i,)``: :func:`relative_gap_sq` of the networks of width ``widths[i]``.
    Returns ``mean (W,)``, ``stderr (W,)`` (over networks) and ``slope``, the least-squares
    log-log slope of ``mean`` against ``N`` (theory -1).
    """
    mean = np.array([np.mean(g) for g in gaps])
    stderr = np.array([np.std(g, ddof=1) / np.sqrt(len(g)) if len(g) > 1 else np.nan for g in gaps])
    return {"mean": mean, "stderr": stderr, "slope": loglog_slope(np.asarray(widths, dtype=float), mean)}
