"""Closed-form limits the exact solution must recover (SPEC §4, §5)."""

from __future__ import annotations

import numpy as np

from ._checks import positive_float, positive_int


def saxe_sigmoid(t, s: float, u0: float, tau: float = 1.0) -> np.ndarray:
    """Saxe et al. (2014) mode strength from an aligned balanced start (SPEC §4).

    ``u(t) = s e^{2 s t / tau} / (e^{2 s t / tau} - 1 + s / u0)`` for a mode of
    singular value ``s > 0`` starting at strength ``u0 > 0``; ``t`` may be an
    array (``inf`` gives ``s``). Written with ``e^{-2 s t / tau}`` so that it
    never overflows.
    """
    s = positive_float("s", s)
    u0 = positive_float("u0", u0)
    tau = positive_float("tau", tau)
    decay = np.exp(-2.0 * s * np.asarray(t, dtype=float) / tau)
    return s / (1.0 + (s / u0 - 1.0) * decay)


def deep_mode_strength(t, s: float, u0: float, depth: int, tau: float = 1.0) -> np.ndarray:
    """Mode strength of a depth-``depth`` aligned balanced network (SPEC §5).

    Integrates ``tau du/dt = L u^{2 - 2/L} (s - u)`` with DOP853 at rtol 1e-12;
    for ``depth = 2`` this is :func:`saxe_sigmoid`. ``t`` is a sorted 1-D array.
    """
    from scipy.integrate import solve_ivp

    s = positive_float("s", s)
    u0 = positive_float("u0", u0)
    depth = positive_int("depth", depth)
    tau = positive_float("tau", tau)
    t = np.atleast_1d(np.asarray(t, dtype=float))
    if np.any(np.diff(t) < 0) or np.any(t < 0) or not np.all(np.isfinite(t)):
        raise ValueError("t must be a sorted 1-D array of finite times >= 0")
    power = 2.0 - 2.0 / depth

    def rhs(_, u):
        return depth * np.abs(u) ** power * (s - u) / tau

    sol = solve_ivp(rhs, (0.0, t[-1]), [u0], method="DOP853", t_eval=t, rtol=1e-12, atol=1e-300)
    return sol.y[0]
