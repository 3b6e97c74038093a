"""exactdln: exact learning dynamics of deep linear networks, and the results around them.

The library behind a paper in five parts, one per source: the exact trajectory of a
two-layer linear network from any (lambda-)balanced start (Braun, Dominé, Fitzgerald &
Saxe 2022; Dominé et al. 2025), deep linear networks (Saxe, McClelland & Ganguli 2014),
learning rules other than gradient descent and their infinite-width theory (Bordelon &
Pehlevan 2022), and the linearisation of wide networks by weak correlations (Shem-Ur &
Oz 2024). The mathematics is written out in ``docs/mathematics.md``.

The public API is re-exported here::

    import exactdln as ed
    task = ed.tasks.student_teacher(5, 2, 10, teacher_scale=0.35, seed=0)
    w1, w2 = ed.initialisations.zero_balanced(5, 10, 2, scale=0.01, seed=1)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    sol.network_function([0.0, 1.0, float("inf")])

Importing the package loads nothing else: each name below is imported on first use, so
``import exactdln.tasks`` costs only what :mod:`exactdln.tasks` needs.
"""

from __future__ import annotations

import importlib

#: Public name -> the module that defines it (modules map to themselves).
_EXPORTS = {
    "ExactSolution": "exact",
    "measure_balance": "exact",
    "NetworkTrajectory": "simulation",
    "Trajectory": "simulation",
    "train_deep": "simulation",
    "train_nonlinear": "simulation",
    "train_two_layer": "simulation",
    "Task": "tasks",
    "saxe_sigmoid": "limits",
    "deep_learning_time": "deep_modes",
    "initialisations": None,
    "limits": None,
    "measures": None,
    "sequences": None,
    "simulation": None,
    "tasks": None,
}

__all__ = sorted(_EXPORTS)

__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'exactdln' has no attribute {name!r}")
    module = _EXPORTS[name]
    if module is None:
        value = importlib.import_module(f".{name}", __name__)
    else:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
