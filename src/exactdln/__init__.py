"""exactdln: exact learning dynamics of two-layer linear networks with prior knowledge.

The public API is re-exported here::

    import exactdln as ed
    task = ed.tasks.student_teacher(5, 2, 10, teacher_scale=0.35, seed=0)
    w1, w2 = ed.initialisations.zero_balanced(5, 10, 2, scale=0.01, seed=1)
    sol = ed.ExactSolution.from_task(w1, w2, task)
    sol.network_function([0.0, 1.0, float("inf")])

See ``SPEC.md`` (shared with the project) for the mathematics.
"""

from . import initialisations, limits, measures, sequences, simulation, tasks
from .exact import ExactSolution, measure_balance
from .limits import deep_learning_time, saxe_sigmoid
from .simulation import NetworkTrajectory, Trajectory, train_deep, train_nonlinear, train_two_layer
from .tasks import Task

__all__ = [
    "ExactSolution",
    "NetworkTrajectory",
    "Task",
    "Trajectory",
    "deep_learning_time",
    "initialisations",
    "limits",
    "measure_balance",
    "measures",
    "saxe_sigmoid",
    "sequences",
    "simulation",
    "tasks",
    "train_deep",
    "train_nonlinear",
    "train_two_layer",
]

__version__ = "0.1.0"
