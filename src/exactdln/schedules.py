"""Which gradient-descent steps to record, and their flow times (docs/mathematics.md §1).

Every simulation in the package records the steps :func:`record_steps` returns;
:func:`log_steps` gives the log-spaced records the figures plot on log axes. A step
``k`` of full-batch gradient descent with learning rate ``eta`` is the flow time
``t = eta * k`` (:func:`steps_to_times`).
"""

from __future__ import annotations

import numpy as np

from ._checks import positive_float, positive_int


def record_steps(record, n_steps: int) -> np.ndarray:
    """The recorded steps: every step (``None``), every ``k``-th (an int, plus the last) or a list.

    A list is sorted and made unique; its steps must lie in ``[0, n_steps]``.
    """
    if record is None:
        return np.arange(n_steps + 1)
    if np.ndim(record) == 0:
        every = positive_int("record", record)
        steps = np.arange(0, n_steps + 1, every)
        return steps if steps[-1] == n_steps else np.append(steps, n_steps)
    steps = np.unique(np.asarray(record, dtype=int))
    if steps.size == 0 or steps[0] < 0 or steps[-1] > n_steps:
        raise ValueError(f"record steps must lie in [0, n_steps={n_steps}], got {record!r}")
    return steps


def even_steps(n_steps: int, n_records: int) -> np.ndarray:
    """``n_records`` evenly spaced steps from 0 to ``n_steps`` (rounded to integers, unique)."""
    n_steps, n_records = int(n_steps), positive_int("n_records", n_records)
    if n_steps < 0:
        raise ValueError(f"n_steps must be >= 0, got {n_steps!r}")
    return np.unique(np.round(np.linspace(0, n_steps, n_records)).astype(int))


def log_steps(n_steps: int, n_records: int, n_even: int = 0) -> np.ndarray:
    """Step 0 and about ``n_records`` log-spaced steps from 1 to ``n_steps`` (unique, sorted).

    With ``n_even > 0`` the ``n_even + 1`` evenly spaced steps ``0, n_steps / n_even, ...,
    n_steps`` (rounded) are added, for plots on a linear time axis as well.
    """
    n_steps, n_records = positive_int("n_steps", n_steps), positive_int("n_records", n_records)
    steps = np.unique(np.round(np.geomspace(1, n_steps, n_records)).astype(int))
    steps = np.concatenate([[0], steps])
    if n_even:
        even = np.round(np.linspace(0, n_steps, positive_int("n_even", n_even) + 1)).astype(int)
        steps = np.union1d(steps, even)
    return steps


def steps_to_times(steps, eta: float, tau: float = 1.0) -> np.ndarray:
    """Gradient-flow time ``t = eta * step * tau`` of gradient-descent steps (docs/mathematics.md §1)."""
    return positive_float("eta", eta) * positive_float("tau", tau) * np.asarray(steps, dtype=float)
