"""Helpers shared by Part II's experiments (time grids, learning rates, seeds, shapes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..._checks import positive_float, positive_int


def shape_of(name: str, dims: Sequence[int]) -> tuple[int, int, int]:
    """``(n_in, n_hidden, n_out)`` of a named network shape, checked."""
    if len(dims) != 3:
        raise ValueError(f"shape {name!r} must be [n_in, n_hidden, n_out], got {dims!r}")
    n_in, n_hidden, n_out = (positive_int(f"shape {name!r}", d) for d in dims)
    return n_in, n_hidden, n_out


def min_width_shape(name: str, dims: Sequence[int]) -> tuple[int, int, int]:
    """:func:`shape_of`, checked to have ``n_hidden = min(n_in, n_out)``."""
    n_in, n_hidden, n_out = shape_of(name, dims)
    r = min(n_in, n_out)
    if n_hidden != r:
        raise ValueError(f"shape {name!r} = {list(dims)} needs n_hidden = min(n_in, n_out) = {r}")
    return n_in, n_hidden, n_out


def seeds_for(seed: int, *keys: int, n: int = 2) -> list[np.random.Generator]:
    """``n`` independent generators from a base seed and integer keys (e.g. a network's dimensions)."""
    children = np.random.SeedSequence([int(seed), *(int(k) for k in keys)]).spawn(n)
    return [np.random.default_rng(c) for c in children]


def gd_learning_rate(lam: float, eta_max: float, eta_lam: float) -> float:
    """Largest learning rate with ``eta <= eta_max`` and ``eta |lam| <= eta_lam``.

    Gradient descent from a lambda-balanced start has weights of size
    ``sqrt(|lam|)``, so its error per step grows with ``eta |lam|``; keeping
    ``eta |lam| <= 0.01`` keeps it at the level of the small-``lam`` runs.
    """
    eta_max = positive_float("eta_max", eta_max)
    eta_lam = positive_float("eta_lam", eta_lam)
    return eta_max if lam == 0 else min(eta_max, eta_lam / abs(float(lam)))


def check_eta_lam(eta: float, lams, eta_lam: float) -> None:
    """Raise ``ValueError`` unless ``eta |lam| <= eta_lam`` (to rounding) for every ``lam`` of ``lams``."""
    worst = float(np.max(np.abs(np.asarray(lams, dtype=float)), initial=0.0))
    if eta * worst > eta_lam * (1 + 1e-12):
        raise ValueError(f"eta = {eta:g} times max |lam| = {worst:g} exceeds eta_lam = {eta_lam:g}")


def log_times(t_min: float, t_max: float, n: int) -> np.ndarray:
    """0 and ``n`` log-spaced times from ``t_min`` to ``t_max``."""
    lo, hi = positive_float("t_min", t_min), positive_float("t_max", t_max)
    if hi <= lo:
        raise ValueError(f"need t_min < t_max, got {t_min!r} and {t_max!r}")
    return np.concatenate([[0.0], np.geomspace(lo, hi, positive_int("n", n))])


def log_grid(t_hi: float, n: int = 48) -> np.ndarray:
    """0 and ``n`` log-spaced times over ``[1e-12 t_hi, t_hi]``: the grid that brackets a crossing
    time of an exact solution before :func:`~exactdln.crossings.first_root_on_grid` refines it."""
    return np.concatenate([[0.0], np.geomspace(t_hi * 1e-12, t_hi, n)])


def named(mapping: Mapping, what: str) -> list[tuple[str, object]]:
    """``(name, value)`` pairs of a non-empty mapping, for error messages that name the entry."""
    if not isinstance(mapping, Mapping) or not mapping:
        raise ValueError(f"{what} must be a non-empty mapping name -> value, got {mapping!r}")
    return [(str(k), v) for k, v in mapping.items()]
