"""Learning a sequence of tasks, exactly and by gradient descent, on one time axis.

A network learns ``tasks[0]`` for a time ``durations[0]``, then ``tasks[1]``
for ``durations[1]``, and so on; time ``t`` runs on across the switches (for
gradient descent ``t = eta * global step``, docs/mathematics.md §1).

* :class:`ExactChain` restarts the exact solution (docs/mathematics.md §2) at every switch
  from its own end-of-phase weights, a factor ``Q(t_switch) = [w1^T; w2] R``
  of ``X = Q Q^T`` (the hidden rotation ``R`` changes nothing that follows:
  the flow is equivariant under it). The flow conserves ``W2^T W2 - W1 W1^T``
  (docs/mathematics.md §1), so every restart is as balanced as the start and the exact
  solution applies to every phase.
* :func:`simulate_chain` continues gradient descent from its own weights.
  Gradient descent drifts off balance at ``O(eta)``, so an exact solution
  restarted from *simulated* end-of-phase weights needs an explicit
  ``balance_tol`` and differs from the chain at ``O(eta)``.
* :func:`semigroup_gap` checks a restart against the uninterrupted solution.

After converging on a task a network computes the best rank-``n_hidden`` approximation of
its ``sigma_yx`` (:func:`truncated`), so the forgetting of an old task after learning a new
one is known in closed form (:func:`predicted_forgetting`, :func:`forgetting_matrix`): with
enough hidden units, ``1/2 ||sigma_yx^old - sigma_yx^new||_F^2`` whatever the start.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._checks import positive_float, positive_int
from .exact import ExactSolution
from .simulation import train_deep
from .tasks import Task


def weights_from_q(q, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    """``(w1, w2)`` from a factor ``Q = [w1^T; w2]`` of shape ``(n_in + n_out, n_hidden)``
    (docs/mathematics.md §2)."""
    q = np.asarray(q, dtype=float)
    if q.ndim != 2 or not 0 < n_in < q.shape[0]:
        raise ValueError(f"Q must be (n_in + n_out, n_hidden) with n_in={n_in} < rows, got shape {q.shape}")
    return q[:n_in].T.copy(), q[n_in:].copy()


class ExactChain:
    """The exact solution through a sequence of tasks, restarted at every switch.

    Parameters
    ----------
    w1, w2 : arrays ``(n_hidden, n_in)`` and ``(n_out, n_hidden)``
        A lambda-balanced start (checked by :class:`~exactdln.exact.ExactSolution`).
    tasks : sequence of Task
        Tasks with whitened inputs and the network's shapes.
    durations : float or sequence of float
        Training time of each task (one number: the same for every task), in
        units of ``tau``. The last phase extends past its end.
    **kwargs
        Passed to :meth:`ExactSolution.from_task` for every phase (``tau``,
        ``balance_tol``, ...).

    Phase ``k`` is ``solutions[k]``, started at global time ``starts[k]`` from
    the exact weights at the end of phase ``k - 1``; the chain supports
    ``len``, indexing and iteration over these solutions.
    """

    def __init__(self, w1, w2, tasks: Sequence[Task], durations, **kwargs) -> None:
        self.tasks = list(tasks)
        if not self.tasks:
            raise ValueError("tasks must hold at least one Task")
        if np.ndim(durations) == 0:
            durations = [durations] * len(self.tasks)
        if len(durations) != len(self.tasks):
            raise ValueError(f"need one duration per task, got {len(durations)} for {len(self.tasks)} tasks")
        self.durations = np.array([positive_float(f"durations[{k}]", d) for k, d in enumerate(durations)])
        self.starts = np.concatenate([[0.0], np.cumsum(self.durations)[:-1]])
        self.solutions: list[ExactSolution] = []
        for k, task in enumerate(self.tasks):
            if k:
                w1, w2 = self.end_weights(k - 1)
            self.solutions.append(ExactSolution.from_task(w1, w2, task, **kwargs))

    def __len__(self) -> int:
        return len(self.solutions)

    def __getitem__(self, k: int) -> ExactSolution:
        return self.solutions[k]

    def __iter__(self):
        return iter(self.solutions)

    @property
    def n_in(self) -> int:
        return self.solutions[0].n_in

    @property
    def n_out(self) -> int:
        return self.solutions[0].n_out

    def end_weights(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact ``(w1, w2)`` at the end of phase ``k`` (up to a rotation of the hidden layer)."""
        return weights_from_q(self.solutions[k].q(self.durations[k]), self.n_in)

    def phase_of(self, t, at_switch: str = "next") -> tuple[np.ndarray, np.ndarray]:
        """Phase index and local time ``t - starts[phase]`` of global times ``t (T,)``.

        A switch time belongs to the phase it starts (``at_switch="next"``) or
        to the one it ends (``"previous"``); both give the same weights. Times
        past the end of the last phase stay in the last phase.
        """
        if at_switch not in ("next", "previous"):
            raise ValueError(f"at_switch must be 'next' or 'previous', got {at_switch!r}")
        t = np.atleast_1d(np.asarray(t, dtype=float))
        if t.ndim != 1 or np.any(~np.isfinite(t)) or np.any(t < 0):
            raise ValueError("t must be a 1-D array of finite times >= 0")
        side = "right" if at_switch == "next" else "left"
        phase = np.clip(np.searchsorted(self.starts, t, side=side) - 1, 0, len(self) - 1)
        return phase, t - self.starts[phase]

    def evaluate(self, t, at_switch: str = "next") -> dict[str, np.ndarray]:
        """``network_function (T, n_out, n_in)``, ``loss (T,)`` on the current task and ``phase (T,)``."""
        phase, local = self.phase_of(t, at_switch)
        nf = np.empty((phase.size, self.n_out, self.n_in))
        loss = np.empty(phase.size)
        for k in np.unique(phase):
            sel = phase == k
            nf[sel] = self.solutions[k].network_function(local[sel])
            loss[sel] = self.solutions[k].loss(local[sel])
        return {"network_function": nf, "loss": loss, "phase": phase}

    def network_function(self, t) -> np.ndarray:
        """``w2 w1`` at global times ``t (T,)``, shape ``(T, n_out, n_in)``."""
        return self.evaluate(t)["network_function"]

    def loss(self, t) -> np.ndarray:
        """Loss on the current task at global times ``t (T,)``."""
        return self.evaluate(t)["loss"]


def simulate_chain(weights, tasks: Sequence[Task], n_steps, *, eta: float, record_every: int, progress=False):
    """Gradient descent through a task sequence, continuing from its own weights at each switch.

    ``weights`` is ``[W_1, ..., W_L]`` (``[w1, w2]`` for a two-layer network,
    ``[W]`` for the shallow ``y = W x``), with optional leading batch axes.
    Phase ``k`` runs ``n_steps[k]`` steps on ``tasks[k]`` (one int: the same
    for every task). Records every ``record_every`` global steps (each phase's
    step count must be a multiple of it); a switch step is recorded once, as
    the start of the new phase.

    Returns ``steps (T,)`` (global; times are ``eta * steps``), ``loss (T, *batch)``
    on the current task, the network function ``(T, *batch, n_out, n_in)`` and
    the weights at the end of every phase (one weight list per task).
    """
    tasks = list(tasks)
    every = positive_int("record_every", record_every)
    if np.ndim(n_steps) == 0:
        n_steps = [n_steps] * len(tasks)
    n_steps = [positive_int(f"n_steps[{k}]", n) for k, n in enumerate(n_steps)]
    if not tasks or len(n_steps) != len(tasks) or any(n % every for n in n_steps):
        raise ValueError(
            f"need one step count per task ({len(tasks)} tasks, got {len(n_steps)}), "
            f"each a multiple of record_every={every}"
        )
    steps, losses, nfs, ends, offset = [], [], [], [], 0
    for k, (task, n) in enumerate(zip(tasks, n_steps, strict=True)):
        traj = train_deep(weights, task, eta=eta, n_steps=n, record=every, progress=progress)
        keep = slice(None) if k == len(tasks) - 1 else slice(None, -1)
        steps.append(offset + traj.steps[keep])
        losses.append(traj.loss()[keep])
        nfs.append(traj.network_function()[keep])
        weights, offset = [w[-1] for w in traj.weights], offset + n
        ends.append(weights)
    return np.concatenate(steps), np.concatenate(losses), np.concatenate(nfs), ends


def semigroup_gap(solution: ExactSolution, t1: float, times) -> float:
    """Largest gap between ``solution`` at ``t1 + times`` and its restart from ``Q(t1)``.

    The restart is a new :class:`ExactSolution` on the same task from the
    weights ``Q(t1)``; the flow is a semigroup, so the two agree up to
    rounding. Gap: ``max_t ||W_restart(t) - W(t1 + t)||_F / ||sigma_yx||_F``.
    """
    t1 = positive_float("t1", t1)
    w1, w2 = weights_from_q(solution.q(t1), solution.n_in)
    # the restart is exactly as balanced as the solution (the flow conserves the balance)
    tol = max(1e-6, 2.0 * solution.imbalance)
    restart = ExactSolution(w1, w2, solution.sigma_yx, tau=solution.tau, balance_tol=tol)
    times = np.atleast_1d(np.asarray(times, dtype=float))
    diff = restart.network_function(times) - solution.network_function(t1 + times)
    return float(np.linalg.norm(diff, axis=(-2, -1)).max() / np.linalg.norm(solution.sigma_yx))


def _hidden(n_hidden) -> int | None:
    return None if n_hidden is None else positive_int("n_hidden", n_hidden)


def truncated(matrix, rank: int | None = None) -> np.ndarray:
    """Best rank-``rank`` approximation ``[M]_rank`` of ``matrix (..., m, n)`` (truncated SVD).

    This is the network function a two-layer linear network with ``rank``
    hidden units converges to on a task with ``sigma_yx = M`` and whitened
    inputs, from a generic start (docs/mathematics.md §2; Eckart–Young). ``rank=None`` or
    ``rank >= min(m, n)`` returns ``M`` itself. When ``s_rank = s_{rank+1}``
    the approximation is not unique and one of them is returned.
    """
    m = np.asarray(matrix, dtype=float)
    if m.ndim < 2 or not np.all(np.isfinite(m)):
        raise ValueError(f"matrix must be a finite (..., m, n) array, got shape {m.shape}")
    rank = _hidden(rank)
    if rank is None or rank >= min(m.shape[-2:]):
        return m.copy()
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    return (u[..., :rank] * s[..., None, :rank]) @ vt[..., :rank, :]


def _pair(sigma_old, sigma_new):
    old = np.asarray(sigma_old, dtype=float)
    new = np.asarray(sigma_new, dtype=float)
    for name, arr in (("sigma_yx_old", old), ("sigma_yx_new", new)):
        if arr.ndim < 2 or not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be a finite (..., n_out, n_in) array, got shape {arr.shape}")
    if old.shape[-2:] != new.shape[-2:]:
        raise ValueError(
            f"sigma_yx_old has shape {old.shape} but sigma_yx_new has {new.shape}: "
            "the tasks must map the same inputs to the same outputs"
        )
    return old, new


def predicted_forgetting(sigma_yx_old, sigma_yx_new, n_hidden: int | None = None) -> np.ndarray:
    """Forgetting of an old task after training a linear network to convergence on a new one.

    Forgetting is the loss on the old task after training on the new one
    minus the loss on the old task after training on the old one (both to
    convergence). With whitened inputs shared by the tasks the loss on a task
    is ``1/2 ||sigma_yx - W||_F^2 + const`` (docs/mathematics.md §3) and a network with
    ``n_hidden`` hidden units converges to ``W = [sigma_yx]_h``
    (:func:`truncated`), so

        forgetting = 1/2 ||S_old - [S_new]_h||_F^2 - 1/2 ||S_old - [S_old]_h||_F^2,

    which for ``n_hidden >= min(n_in, n_out)`` (or ``None``) is
    ``1/2 ||S_old - S_new||_F^2``: it does not depend on the initialisation.

    ``sigma_yx_old`` and ``sigma_yx_new`` are ``(..., n_out, n_in)`` (batch axes
    broadcast); returns ``(...)``. Raises ``ValueError`` for mismatched shapes,
    non-finite entries or ``n_hidden < 1``.
    """
    old, new = _pair(sigma_yx_old, sigma_yx_new)
    h = _hidden(n_hidden)
    after_new = 0.5 * np.sum((old - truncated(new, h)) ** 2, axis=(-2, -1))
    after_old = 0.5 * np.sum((old - truncated(old, h)) ** 2, axis=(-2, -1))
    return after_new - after_old


def forgetting_matrix(sigmas, n_hidden: int | None = None) -> np.ndarray:
    """``F[i, j]``: predicted forgetting of task ``j`` after converging on task ``i``, ``(K, K)``.

    ``sigmas`` is ``(K, n_out, n_in)``; ``F[i, j] = predicted_forgetting(sigmas[j], sigmas[i], n_hidden)``,
    so the diagonal is zero. In a sequence, row ``i`` holds the losses above
    each task's optimum after task ``i`` has been learned (entries ``j < i``:
    forgetting of earlier tasks).
    """
    s = np.asarray(sigmas, dtype=float)
    if s.ndim != 3 or s.shape[0] < 1:
        raise ValueError(f"sigmas must be a (K, n_out, n_in) array, got shape {s.shape}")
    return predicted_forgetting(s[None, :], s[:, None], n_hidden)
