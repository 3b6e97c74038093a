"""Figure 7c: how often a random zero-balanced start stalls at a saddle under the exact flow.

A zero-balanced start stalls when the projection ``B`` of its weights on the growing
eigenspace is singular (docs/mathematics.md §2). On a square task that happens for about
half of all draws (``det(W2 W1) det(sigma_yx) < 0``), on a non-square task never.
:func:`run_stall` counts the stalling draws per network shape; :func:`measure` gives the
fractions with Clopper–Pearson intervals (:func:`binomial_interval`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.stats import beta

from ..._checks import positive_int
from ...exact import ExactSolution
from ...initialisations import zero_balanced
from ...tasks import random_regression


def run_stall(
    *, shapes: Mapping, draws: int, n_items: int, init_scale: float, seed: int
) -> dict[str, np.ndarray]:
    """How often a random zero-balanced start stalls at a saddle under the exact flow
    (docs/mathematics.md §2).

    ``shapes`` maps a name to ``[n_in, n_hidden, n_out]``. Each of the
    ``draws`` draws per shape has its own task
    (``random_regression(n_in, n_out, n_items)``) and start
    (``zero_balanced(..., init_scale)``), from seeds spawned from
    ``[seed, shape index]``. A draw stalls when
    :attr:`ExactSolution.converges_to_optimum` is False; the independent
    criterion is ``det(W2 W1) det(sigma_yx) < 0`` (square tasks only; False
    for ``n_in != n_out``). Returns ``names (K,)``, ``dims (K, 3)`` and
    boolean ``stalled``, ``det_rule (K, draws)``.
    """
    draws = positive_int("draws", draws)
    names, dims, stalled, det_rule = [], [], [], []
    for k, (name, shape) in enumerate(shapes.items()):
        if len(shape) != 3:
            raise ValueError(f"shapes[{name!r}] must be [n_in, n_hidden, n_out], got {shape!r}")
        n_in, n_hidden, n_out = (positive_int(f"shapes[{name!r}]", d) for d in shape)
        if n_items < max(n_in, n_out):
            raise ValueError(f"n_items={n_items} must be >= n_in={n_in} (whitened inputs need P >= n_in)")
        row_s, row_d = [], []
        for seq in np.random.SeedSequence([seed, k]).spawn(draws):
            rng = np.random.default_rng(seq)
            task = random_regression(n_in, n_out, n_items, rng)
            w1, w2 = zero_balanced(n_in, n_hidden, n_out, init_scale, rng)
            row_s.append(not ExactSolution.from_task(w1, w2, task).converges_to_optimum)
            square = n_in == n_out
            row_d.append(bool(square and np.linalg.det(w2 @ w1) * np.linalg.det(task.sigma_yx) < 0))
        names.append(str(name))
        dims.append([n_in, n_hidden, n_out])
        stalled.append(row_s)
        det_rule.append(row_d)
    return {
        "names": np.array(names),
        "dims": np.array(dims),
        "stalled": np.array(stalled),
        "det_rule": np.array(det_rule),
    }


def binomial_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Clopper–Pearson (exact) confidence interval of a proportion ``k / n`` at ``level``."""
    n = positive_int("n", n)
    if isinstance(k, bool) or int(k) != k or not 0 <= k <= n:
        raise ValueError(f"k={k!r} must be an integer in [0, n={n}]")
    level = float(level)
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    alpha = 1.0 - level
    lo = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return lo, hi


def measure(stall: Mapping, level: float = 0.95) -> dict:
    """The numbers of Figure 7c from :func:`run_stall`: per shape the stalled draws, their fraction
    and its Clopper–Pearson interval at ``level``, and how many draws the determinant rule
    classifies alike; ``square_contains_half`` (every square shape's interval contains 1/2)
    and ``nonsquare_never`` (no non-square draw stalls).
    """
    out: dict = {}
    square_ok, nonsquare_zero = True, True
    for name, dims, stalled, rule in zip(
        stall["names"], stall["dims"], stall["stalled"], stall["det_rule"], strict=True
    ):
        k, n = int(np.sum(stalled)), int(np.size(stalled))
        lo, hi = binomial_interval(k, n, level)
        out[str(name)] = {
            "stalled": k,
            "draws": n,
            "fraction": k / n,
            "ci_low": lo,
            "ci_high": hi,
            "agree": int(np.sum(np.asarray(stalled) == np.asarray(rule))),
        }
        if dims[0] == dims[2]:
            square_ok &= bool(lo <= 0.5 <= hi)
        else:
            nonsquare_zero &= k == 0
    out.update({"square_contains_half": square_ok, "nonsquare_never": nonsquare_zero, "level": level})
    return out
