"""Input checks shared by the public functions: they raise ``ValueError`` naming the problem."""

from __future__ import annotations

import numpy as np

SeedLike = int | np.random.Generator | None


def as_matrix(name: str, value, ndim: int = 2) -> np.ndarray:
    """Return ``value`` as a finite float64 array with ``ndim`` dimensions."""
    arr = np.asarray(value, dtype=float)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} non-finite value(s) (nan or inf)")
    return arr


def positive_int(name: str, value) -> int:
    """Return ``value`` as an int >= 1."""
    if isinstance(value, bool) or int(value) != value or int(value) < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def positive_float(name: str, value, allow_zero: bool = False) -> float:
    """Return ``value`` as a finite float > 0 (or >= 0 with ``allow_zero``)."""
    v = float(value)
    if not np.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return v


def rng_from(seed: SeedLike) -> np.random.Generator:
    """A ``numpy.random.Generator`` from an explicit seed or an existing generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise ValueError(
            "an explicit seed (int) or numpy.random.Generator is required, "
            "so that the same call gives the same numbers"
        )
    return np.random.default_rng(seed)


def times_array(t, name: str = "t") -> tuple[np.ndarray, bool]:
    """Validate times: a float or 1-D array of non-negative values, ``inf`` allowed.

    Returns the times as a 1-D float array and whether the input was a scalar.
    """
    arr = np.asarray(t, dtype=float)
    scalar = arr.ndim == 0
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a float or a 1-D array, got shape {arr.shape}")
    arr = np.atleast_1d(arr)
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} contains nan")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 (got minimum {arr.min()!r}); time starts at 0")
    return arr, scalar
