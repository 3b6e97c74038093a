"""Task generators with whitened inputs (docs/mathematics.md §1).

A :class:`Task` holds inputs ``x`` (``n_in x P``) and targets ``y``
(``n_out x P``) and exposes the statistics the theory needs. Every generator
here returns whitened inputs (``x x^T / P = I``); inputs that are not whitened
are whitened by :func:`whiten` or rejected by :meth:`Task.check_whitened`,
never silently used by the exact solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._checks import SeedLike, as_matrix, positive_float, positive_int, rng_from
from .initialisations import zero_balanced

WHITENING_TOL = 1e-10


@dataclass(frozen=True)
class Task:
    """A supervised linear-regression task.

    Attributes
    ----------
    x : array (n_in, P)
        Inputs, one column per item.
    y : array (n_out, P)
        Targets, one column per item.
    name : str
        Short description.
    feature_names, item_names : tuple of str
        Optional labels for the rows of ``y`` and the columns of ``x``.
    """

    x: np.ndarray
    y: np.ndarray
    name: str = "task"
    feature_names: tuple[str, ...] = field(default=())
    item_names: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        x = as_matrix("x", self.x)
        y = as_matrix("y", self.y)
        if x.shape[1] != y.shape[1]:
            raise ValueError(f"x has {x.shape[1]} items (columns) but y has {y.shape[1]}: they must match")
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @property
    def n_in(self) -> int:
        return self.x.shape[0]

    @property
    def n_out(self) -> int:
        return self.y.shape[0]

    @property
    def n_items(self) -> int:
        return self.x.shape[1]

    @property
    def sigma_xx(self) -> np.ndarray:
        """Input covariance ``x x^T / P``, ``(n_in, n_in)``."""
        return self.x @ self.x.T / self.n_items

    @property
    def sigma_yx(self) -> np.ndarray:
        """Input-output correlation ``y x^T / P``, ``(n_out, n_in)``."""
        return self.y @ self.x.T / self.n_items

    @property
    def sigma_yy(self) -> np.ndarray:
        """Output covariance ``y y^T / P``, ``(n_out, n_out)``."""
        return self.y @ self.y.T / self.n_items

    def check_whitened(self, tol: float = WHITENING_TOL) -> None:
        """Raise ``ValueError`` unless ``x x^T / P = I`` to within ``tol`` (max abs entry)."""
        check_whitened(self.x, tol, f"inputs of task {self.name!r}")

    def loss(self, network_function) -> np.ndarray:
        """Mean squared error ``1/(2P) sum ||y - W x||^2`` for ``W`` of shape ``(..., n_out, n_in)``."""
        w = np.asarray(network_function, dtype=float)
        resid = self.y - w @ self.x
        return 0.5 * np.sum(resid**2, axis=(-2, -1)) / self.n_items

    def reversed(self, features: Sequence[int] | None = None) -> Task:
        """The reversal task: targets negated (all features, or only ``features``).

        Negating all targets flips every singular mode, which puts a network
        trained on this task exactly at ``B = 0`` (docs/mathematics.md §2); negating chosen
        features is a partial reversal.
        """
        y = self.y.copy()
        if features is None:
            y = -y
            label = "reversed"
        else:
            idx = np.asarray(list(features), dtype=int)
            if idx.size == 0 or np.any(idx < -self.n_out) or np.any(idx >= self.n_out):
                raise ValueError(
                    f"features must be indices in [0, {self.n_out}) of the targets, got {features}"
                )
            y[idx] = -y[idx]
            label = f"features {sorted(set(idx.tolist()))} reversed"
        return Task(self.x, y, f"{self.name} ({label})", self.feature_names, self.item_names)

    def modes_reversed(self, modes: Sequence[int]) -> Task:
        """The task with chosen singular modes of ``sigma_yx`` negated.

        ``modes`` index the singular values in decreasing order. The targets are
        reflected, ``y -> (I - 2 U_k U_k^T) y``, so ``sigma_yx`` keeps its singular
        values and vectors but the chosen modes change sign: a network trained
        on the original task then has exactly one zero row of ``B`` per negated
        mode (docs/mathematics.md §2).
        """
        y = _mode_reflection(self, modes) @ self.y
        label = f"modes {sorted(set(int(m) for m in modes))} reversed"
        return Task(self.x, y, f"{self.name} ({label})", self.feature_names, self.item_names)


def _mode_reflection(task: Task, modes: Sequence[int]) -> np.ndarray:
    u, _, _ = np.linalg.svd(task.sigma_yx)
    r = min(task.n_in, task.n_out)
    idx = np.asarray(list(modes), dtype=int)
    if idx.size == 0 or np.any(idx < 0) or np.any(idx >= r):
        raise ValueError(f"modes must be indices in [0, {r}) of the task's singular modes")
    basis = u[:, np.unique(idx)]
    return np.eye(task.n_out) - 2.0 * basis @ basis.T


def check_whitened(x, tol: float = WHITENING_TOL, what: str = "inputs") -> None:
    """Raise ``ValueError`` unless ``x x^T / P = I`` to within ``tol`` (max abs entry)."""
    x = as_matrix("x", x)
    err = float(np.max(np.abs(x @ x.T / x.shape[1] - np.eye(x.shape[0]))))
    if err > tol:
        raise ValueError(
            f"{what} are not whitened: max |x x^T/P - I| = {err:.3g} > {tol:.1g}. "
            f"The exact solution assumes sigma_xx = I (docs/mathematics.md §1); "
            f"whiten them with exactdln.tasks.whiten(x) first."
        )


def whiten(x) -> np.ndarray:
    """Whitened inputs ``sqrt(P) U V^T`` from ``x = U S V^T`` (``n_in x P``).

    The result spans the same input subspace and satisfies ``x x^T / P = I``
    exactly (to rounding). Raises ``ValueError`` if ``x`` has rank below
    ``n_in`` (then no whitening exists; use fewer input dimensions or more items).
    """
    x = as_matrix("x", x)
    n_in, p = x.shape
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    if p < n_in or s[-1] <= max(n_in, p) * np.finfo(float).eps * s[0]:
        raise ValueError(
            f"inputs of shape {x.shape} have rank < n_in={n_in}: they cannot be whitened "
            f"(need at least n_in linearly independent items)"
        )
    return np.sqrt(p) * u @ vt


def identity_inputs(n_items: int) -> np.ndarray:
    """One-hot items scaled to be whitened: ``sqrt(P) I_P`` (so ``sigma_xx = I``)."""
    n_items = positive_int("n_items", n_items)
    return np.sqrt(n_items) * np.eye(n_items)


def gaussian_inputs(n_in: int, n_items: int, seed: SeedLike) -> np.ndarray:
    """Whitened Gaussian inputs ``(n_in, n_items)``; needs ``n_items >= n_in``."""
    n_in = positive_int("n_in", n_in)
    n_items = positive_int("n_items", n_items)
    if n_items < n_in:
        raise ValueError(f"n_items={n_items} < n_in={n_in}: whitened inputs need P >= n_in")
    return whiten(rng_from(seed).standard_normal((n_in, n_items)))


def random_regression(n_in: int, n_out: int, n_items: int, seed: SeedLike, target_std: float = 1.0) -> Task:
    """Whitened Gaussian inputs and independent Gaussian targets of std ``target_std``."""
    rng = rng_from(seed)
    x = gaussian_inputs(n_in, n_items, rng)
    target_std = positive_float("target_std", target_std)
    y = target_std * rng.standard_normal((positive_int("n_out", n_out), n_items))
    return Task(x, y, f"random regression {n_in}->{n_out}, P={n_items}")


def student_teacher(
    n_in: int,
    n_out: int,
    n_items: int,
    teacher_scale: float,
    seed: SeedLike,
    n_hidden_teacher: int | None = None,
    inputs=None,
) -> Task:
    """Targets from a zero-balanced linear teacher ``y = W2* W1* x`` on whitened inputs.

    The teacher is :func:`exactdln.initialisations.zero_balanced` with scale
    ``teacher_scale`` and ``n_hidden_teacher`` hidden units (default
    ``min(n_in, n_out)``). ``inputs`` (``n_in x P``) may be given to share the
    items between tasks; they are checked for whitening.
    """
    rng = rng_from(seed)
    if inputs is None:
        x = gaussian_inputs(n_in, n_items, rng)
    else:
        x = as_matrix("inputs", inputs)
        if x.shape != (n_in, n_items):
            raise ValueError(f"inputs has shape {x.shape}, expected ({n_in}, {n_items})")
        check_whitened(x)
    h = min(n_in, n_out) if n_hidden_teacher is None else n_hidden_teacher
    w1, w2 = zero_balanced(n_in, h, n_out, teacher_scale, rng)
    return Task(x, w2 @ w1 @ x, f"student-teacher {n_in}->{n_out}, P={n_items}")


# The 8 items of the semantic hierarchy, as leaves of a binary tree of living things.
HIERARCHY_ITEMS = ("canary", "robin", "salmon", "shark", "rose", "daisy", "oak", "pine")
_HIERARCHY_SPLITS = (
    ("living thing", None),
    ("animal / plant", (0, 4)),
    ("bird / fish", (0, 2)),
    ("flower / tree", (4, 2)),
    ("canary / robin", (0, 1)),
    ("salmon / shark", (2, 1)),
    ("rose / daisy", (4, 1)),
    ("oak / pine", (6, 1)),
)


def semantic_hierarchy(distinct_singular_values: bool = False, grouping: Sequence[int] | None = None) -> Task:
    """The 8-item semantic hierarchy with identity inputs scaled to be whitened.

    Items are the leaves of a depth-3 binary tree (``HIERARCHY_ITEMS``). There
    is one target feature per internal node, coded +1 for the items in its
    left subtree and -1 for its right subtree (0 outside it), plus a shared
    feature (+1 for every item): a shared "living thing" feature, the
    animal/plant split, the bird/fish and flower/tree splits, and four
    item-specific splits. So ``n_out = n_in = P = 8`` and the inputs are
    ``x = sqrt(8) I``.

    ``distinct_singular_values`` scales target column ``i`` (1-based) by
    ``1 + 0.1 / i``, which separates the otherwise degenerate singular values.
    ``grouping`` is a permutation of the 8 items: the tree is built over the
    items in that order, giving a second hierarchy over the same items that
    groups them differently.
    """
    n = len(HIERARCHY_ITEMS)
    order = np.arange(n) if grouping is None else np.asarray(list(grouping), dtype=int)
    if sorted(order.tolist()) != list(range(n)):
        raise ValueError(f"grouping must be a permutation of range({n}), got {grouping}")
    y_tree = np.zeros((n, n))
    for row, (_, split) in enumerate(_HIERARCHY_SPLITS):
        if split is None:
            y_tree[row] = 1.0
        else:
            start, half = split
            y_tree[row, start : start + half] = 1.0
            y_tree[row, start + half : start + 2 * half] = -1.0
    y = np.empty_like(y_tree)
    y[:, order] = y_tree  # leaf k of the tree is item order[k]
    if distinct_singular_values:
        y = y * (1.0 + 0.1 / np.arange(1, n + 1))[None, :]
    x = identity_inputs(n)
    names = tuple(name for name, _ in _HIERARCHY_SPLITS)
    label = "semantic hierarchy" + ("" if grouping is None else f" grouped {order.tolist()}")
    return Task(x, y, label, names, HIERARCHY_ITEMS)


def task_sequence(
    n_tasks: int,
    n_in: int,
    n_out: int,
    n_items: int,
    seed: SeedLike,
    kind: str = "random_regression",
    **kwargs,
) -> list[Task]:
    """``n_tasks`` tasks on the same whitened inputs, for continual learning.

    ``kind`` is ``"random_regression"`` (Gaussian targets, ``target_std`` in
    ``kwargs``) or ``"student_teacher"`` (a new teacher per task,
    ``teacher_scale`` in ``kwargs``).
    """
    rng = rng_from(seed)
    n_tasks = positive_int("n_tasks", n_tasks)
    x = gaussian_inputs(n_in, n_items, rng)
    tasks = []
    for k in range(n_tasks):
        if kind == "random_regression":
            std = positive_float("target_std", kwargs.get("target_std", 1.0))
            y = std * rng.standard_normal((positive_int("n_out", n_out), n_items))
            tasks.append(Task(x, y, f"task {k + 1}"))
        elif kind == "student_teacher":
            t = student_teacher(
                n_in,
                n_out,
                n_items,
                kwargs["teacher_scale"],
                rng,
                kwargs.get("n_hidden_teacher"),
                x,
            )
            tasks.append(Task(x, t.y, f"task {k + 1}"))
        else:
            raise ValueError(f"kind must be 'random_regression' or 'student_teacher', got {kind!r}")
    return tasks


def hierarchical_diffusion(n_levels: int, n_features: int, flip_prob: float, seed: SeedLike) -> Task:
    """Items at the leaves of a binary tree, features generated by a diffusion down the tree.

    The generative model of Saxe, McClelland & Ganguli (2013; used in their 2014 Fig. 3): for
    each of ``n_features`` features independently, the root takes ``+1`` or ``-1`` with equal
    probability, and every child copies its parent's value, flipped with probability
    ``flip_prob``; the ``P = 2^n_levels`` leaves are the items. The singular modes of the
    resulting ``sigma_yx`` follow the levels of the tree (one broad mode for the root, two for
    the next level, ...), with singular values falling level by level.

    Inputs are one-hot, scaled to be whitened (``x = sqrt(P) I``), so ``n_in = P`` and
    ``sigma_yx = y / sqrt(P)``; targets are ``y`` (``n_features x P``, entries ``+-1``).
    """
    n_levels = positive_int("n_levels", n_levels)
    n_features = positive_int("n_features", n_features)
    flip_prob = float(flip_prob)
    if not 0.0 <= flip_prob <= 0.5:
        raise ValueError(f"flip_prob must lie in [0, 0.5], got {flip_prob!r}")
    if n_levels > 16:
        raise ValueError(f"n_levels={n_levels} gives 2^{n_levels} items: at most 16 levels")
    rng = rng_from(seed)
    values = rng.choice(np.array([-1.0, 1.0]), size=(n_features, 1))
    for _ in range(n_levels):
        values = np.repeat(values, 2, axis=1)
        flips = rng.random(values.shape) < flip_prob
        values = np.where(flips, -values, values)
    n_items = values.shape[1]
    return Task(
        identity_inputs(n_items),
        values,
        f"hierarchical diffusion, {n_levels} levels, {n_features} features, flip {flip_prob:g}",
    )
