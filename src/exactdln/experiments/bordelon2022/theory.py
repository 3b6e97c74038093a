"""Comparing networks with the stored DMFT solves of Part IV (:mod:`.dmft_solves`).

The infinite-width references of Figures 1, 3 and 6 are DMFT solves stored as per-batch
arrays (:func:`~.dmft_solves.solve_arrays`); this module reads such arrays and compares
network records with them, without importing the solvers (so that an edit to a solver
reruns the solves, not the networks):

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

import numpy as np

from ...fits import loglog_slope


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
