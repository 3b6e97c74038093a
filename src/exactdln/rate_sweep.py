"""Learning time against learning rate: one start trained at many rates (docs/mathematics.md §8).

Saxe et al. (2014) compare depths and initialisations at each one's best learning rate:
:func:`learning_time_sweep` trains every start of a batch at every rate of a grid, all at
once, and records how many steps each run needs to settle below a loss threshold
(:func:`~exactdln.measures.settling_step`'s rule, applied while training).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._checks import positive_float, positive_int
from ._progress import Progress
from .measures import loss
from .simulation import _gd_step_and_product, _statistics, _unless_identity


@dataclass(frozen=True)
class RateSweep:
    """Learning times of one set of initial weights trained at each of several learning rates.

    ``times[..., r]`` is the number of steps after which the loss stays below ``threshold``
    at ``etas[r]`` (:func:`~exactdln.measures.settling_step`; ``inf`` where it did not within
    the run, or the run diverged); ``steps_run[...]`` is how long each start was simulated.
    """

    etas: np.ndarray
    times: np.ndarray
    steps_run: np.ndarray
    threshold: float

    @property
    def best_time(self) -> np.ndarray:
        """Shortest learning time over the rates, ``(...)``."""
        return self.times.min(axis=-1)

    @property
    def best_eta(self) -> np.ndarray:
        """The learning rate that gives :attr:`best_time` (the smallest such rate on ties), ``(...)``."""
        return self.etas[np.argmin(self.times, axis=-1)]


def learning_time_sweep(
    weights: Sequence,
    task,
    *,
    etas,
    threshold: float,
    max_steps: int,
    sigma_xx=None,
    sigma_yy=None,
    chunk: int = 50,
    divergence: float = 1e8,
    progress: bool = False,
) -> RateSweep:
    """Train every start at every learning rate; time to settle below a loss threshold.

    Each start (``weights[l]`` of shape ``(*batch, n_l, n_{l-1})``; ``batch`` may be empty)
    is trained by full-batch gradient descent (as :func:`train_deep`) at every rate of
    ``etas``, all as one batch. A run's learning time is the first step from which its loss
    stays at or below ``threshold`` (Saxe et al. 2014, Appendix C, with the loss required to
    stay below). A start is simulated, in chunks of ``chunk`` steps, until its best run has
    stayed below the threshold for at least as long as it took to get there (best time
    ``<= steps / 2``), or for ``max_steps``; runs whose loss leaves ``divergence`` times its
    initial value (or becomes non-finite) are stopped as diverged. Finished starts and diverged
    runs leave the batch, so a sweep costs about what its slowest start needs.

    Parameters
    ----------
    weights : sequence of arrays
        Initial ``[W_1, ..., W_L]`` with common leading batch axes.
    task : Task or array
        A :class:`~exactdln.tasks.Task` or ``sigma_yx`` (then ``sigma_xx`` defaults to ``I`` and
        ``sigma_yy`` to ``sigma_yx sigma_yx^T``, exact for linear targets on whitened inputs).
    etas : array (R,)
        Learning rates, ``> 0``.
    threshold : float
        Absolute loss threshold (e.g. ``E* + f (E0 - E*)``).
    max_steps : int
        Longest simulation of any start.

    Returns
    -------
    RateSweep
        ``times`` of shape ``(*batch, R)`` (in steps), ``steps_run`` of shape ``(*batch,)``.
    """
    etas = np.asarray(etas, dtype=float)
    if etas.ndim != 1 or etas.size == 0 or not np.all(np.isfinite(etas)) or np.any(etas <= 0):
        raise ValueError(f"etas must be a non-empty 1-D array of finite rates > 0, got {etas!r}")
    threshold = float(threshold)
    if not np.isfinite(threshold):
        raise ValueError(f"threshold must be finite, got {threshold!r}")
    max_steps = positive_int("max_steps", max_steps)
    chunk = positive_int("chunk", chunk)
    divergence = positive_float("divergence", divergence)
    ws = _checked_weights(weights)
    batch = ws[0].shape[:-2]
    sigma_yx, sigma_xx, task_yy = _statistics(task, sigma_xx)
    if sigma_yx.shape != (ws[-1].shape[-2], ws[0].shape[-1]):
        raise ValueError(
            f"sigma_yx has shape {sigma_yx.shape}; the network maps {ws[0].shape[-1]} inputs "
            f"to {ws[-1].shape[-2]} outputs"
        )
    if sigma_yy is None:
        sigma_yy = task_yy if task_yy is not None else sigma_yx @ sigma_yx.T
    runs = _Runs(ws, etas, sigma_yx, _unless_identity(sigma_xx), np.asarray(sigma_yy, dtype=float))
    bar = Progress(max_steps, "learning-rate sweep", progress)
    with np.errstate(over="ignore", invalid="ignore"):
        while runs.active.size:
            runs.advance(chunk, max_steps, threshold, divergence)
            runs.settle(max_steps)
            bar.update(runs.evaluated)
    runs.times[runs.diverged] = np.inf
    return RateSweep(etas, runs.times.reshape(*batch, etas.size), runs.steps_run.reshape(batch), threshold)


def edge_rates(etas, times, n_fine: int) -> np.ndarray:
    """``n_fine`` rates log-spaced strictly between the rate below the best of the grid ``etas`` and
    the first rate above the best at which no start settles: a finer grid where the best rate
    and the stability edge lie.

    ``times (..., R)`` are the learning times of any number of starts at ``etas (R,)`` (sorted,
    increasing); the best rate is the one with the smallest median time over the starts. If
    every rate above the best settles for some start, the grid's largest rate bounds the
    refinement; if the best is the smallest rate, the refinement starts there.
    """
    etas = np.asarray(etas, dtype=float)
    if etas.ndim != 1 or etas.size < 2 or np.any(np.diff(etas) <= 0):
        raise ValueError(f"etas must be an increasing 1-D grid of at least two rates, got {etas!r}")
    times = np.asarray(times, dtype=float).reshape(-1, etas.size)
    n_fine = positive_int("n_fine", n_fine)
    with np.errstate(invalid="ignore"):
        best = int(np.argmin(np.median(times, axis=0)))
    dead = np.flatnonzero(~np.any(np.isfinite(times), axis=0) & (np.arange(etas.size) > best))
    hi = int(dead[0]) if dead.size else etas.size - 1
    lo = max(best - 1, 0)
    hi = max(hi, lo + 1)
    return np.geomspace(etas[lo], etas[hi], n_fine + 2)[1:-1]


def refined_learning_time_sweep(weights: Sequence, task, *, etas, n_fine: int, **kwargs) -> RateSweep:
    """:func:`learning_time_sweep` on the grid ``etas``, then on ``n_fine`` rates near its best rate
    and stability edge (:func:`edge_rates`), merged: ``etas`` and ``times`` sorted by rate,
    ``steps_run`` the longer of the two runs. ``kwargs`` are those of :func:`learning_time_sweep`."""
    coarse = learning_time_sweep(weights, task, etas=etas, **kwargs)
    fine = learning_time_sweep(weights, task, etas=edge_rates(coarse.etas, coarse.times, n_fine), **kwargs)
    rates = np.concatenate([coarse.etas, fine.etas])
    order = np.argsort(rates, kind="stable")
    times = np.concatenate([coarse.times, fine.times], axis=-1)[..., order]
    return RateSweep(rates[order], times, np.maximum(coarse.steps_run, fine.steps_run), coarse.threshold)


def _checked_weights(weights) -> list[np.ndarray]:
    """The start's weight matrices as float arrays, with common batch axes and chained shapes."""
    ws = [np.asarray(w, dtype=float) for w in weights]
    if not ws:
        raise ValueError("weights must hold at least one matrix")
    batch = ws[0].shape[:-2]
    for i, w in enumerate(ws):
        if w.ndim < 2 or w.shape[:-2] != batch or not np.all(np.isfinite(w)):
            raise ValueError(
                f"weights[{i}] must be a finite (*batch, rows, cols) array with batch {batch}, got {w.shape}"
            )
        if i and w.shape[-1] != ws[i - 1].shape[-2]:
            raise ValueError(f"weights[{i}] has shape {w.shape} but weights[{i - 1}] has {ws[i - 1].shape}")
    return ws


class _Runs:
    """Every (start, rate) run of a sweep, trained together; run index = start * R + rate."""

    def __init__(self, ws, etas, sigma_yx, sigma_xx, sigma_yy) -> None:
        n_starts, n_rates = int(np.prod(ws[0].shape[:-2], dtype=int)), etas.size
        self.ws = [np.repeat(w.reshape(n_starts, *w.shape[-2:]), n_rates, axis=0) for w in ws]
        self.sigma_yx, self.sigma_xx, self.sigma_yy = sigma_yx, sigma_xx, sigma_yy  # sigma_xx None: I
        self.rate = np.tile(etas, n_starts)
        self.start_of = np.repeat(np.arange(n_starts), n_rates)
        self.active = np.arange(n_starts * n_rates)
        self.last_above = np.full(n_starts * n_rates, -1)  # last step with the loss above the threshold
        self.below = np.zeros(n_starts * n_rates, dtype=bool)  # the loss is below it at the last step
        self.diverged = np.zeros(n_starts * n_rates, dtype=bool)
        self.times = np.full(n_starts * n_rates, np.inf)
        self.steps_run = np.zeros(n_starts, dtype=int)
        self.done = np.zeros(n_starts, dtype=bool)
        self.loss0 = None
        self.k = 0  # the weights in `ws` are those after k steps
        self.evaluated = 0

    def advance(self, chunk: int, max_steps: int, threshold: float, divergence: float) -> None:
        """Up to ``chunk`` steps of every active run, recording where each loss is above ``threshold``."""
        active = self.active
        for _ in range(chunk):
            new, prod = _gd_step_and_product(
                self.ws, self.sigma_yx, self.sigma_xx, self.rate[active, None, None]
            )
            value = loss(prod, self.sigma_yx, self.sigma_yy, sigma_xx=self.sigma_xx)  # after k steps
            if self.loss0 is None:
                self.loss0 = np.abs(value) + 1.0
            bad = ~np.isfinite(value) | (value > divergence * self.loss0[active])
            ok = (value <= threshold) & ~bad
            self.last_above[active[~ok]] = self.k
            self.below[active] = ok
            self.diverged[active[bad]] = True
            self.evaluated = self.k
            if self.k == max_steps:
                break
            self.ws, self.k = new, self.k + 1

    def settle(self, max_steps: int) -> None:
        """Finish the starts whose best run has settled (or that ran out of steps), drop diverged runs."""
        current = np.where(self.below & ~self.diverged, self.last_above + 1.0, np.inf)
        best = np.full(self.done.size, np.inf)
        np.minimum.at(best, self.start_of, current)
        alive = np.zeros(self.done.size, dtype=bool)
        np.logical_or.at(alive, self.start_of, ~self.diverged)
        finished = ~self.done & ((best <= self.evaluated / 2) | (self.evaluated >= max_steps) | ~alive)
        for s_idx in np.flatnonzero(finished):
            mine = self.start_of == s_idx
            self.times[mine] = current[mine]
            self.steps_run[s_idx] = self.evaluated
        self.done |= finished
        keep = ~self.diverged[self.active] & ~self.done[self.start_of[self.active]]
        if not np.all(keep):
            self.ws = [w[keep] for w in self.ws]
            self.active = self.active[keep]
