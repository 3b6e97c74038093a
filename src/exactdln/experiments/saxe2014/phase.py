"""Figure 2 and Appendix A: the two-dimensional dynamics of one mode, ``(a, b)``.

A decoupled mode of a two-layer network with strengths ``a`` (input side) and ``b`` (output
side) obeys ``tau da/dt = b (s - ab)``, ``tau db/dt = a (s - ab)`` (Saxe et al. 2014, eq. 8):
gradient descent on ``(s - ab)^2 / 2``, which conserves ``a^2 - b^2`` (trajectories follow
hyperbolas), has the hyperbola ``ab = s`` of stable fixed points and a saddle at the origin
whose stable manifold is the line ``a = -b``.

Appendix A of the source parametrises ``a = sqrt(c0) cosh(theta/2)``,
``b = sqrt(c0) sinh(theta/2)`` and prints ``ab = c0 sinh(theta)``,
``tau dtheta/dt = s - c0 sinh(theta)`` (eq. 25) and its integral (eq. 26). With this
parametrisation ``ab = (c0/2) sinh(theta)``, so ``tau dtheta/dt = 2 s - c0 sinh(theta)``.
:func:`appendix_a` decides between the two against a DOP853 integration of eq. 8: it finds,
for every test case, the factor ``k`` for which eq. 26 with ``s`` replaced by ``k s`` gives the
integrated time (``k = 1`` would confirm the printed form, ``k = 2`` the corrected one), and
compares :func:`~exactdln.limits.hyperbolic_learning_time` (the corrected closed form) with
the integration.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from ..._checks import positive_float, positive_int
from ...crossings import root_expanding
from ...deep_modes import hyperbolic_learning_time
from ...ode import integrate

ODE_RTOL = 1e-12
ODE_ATOL = 1e-14


def vector_field(a, b, s: float = 1.0, tau: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """``(da/dt, db/dt) = (b (s - ab), a (s - ab)) / tau`` (eq. 8), elementwise."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    drive = (s - a * b) / tau
    return b * drive, a * drive


def trajectory(a0: float, b0: float, times, s: float = 1.0, tau: float = 1.0) -> np.ndarray:
    """``(a, b)`` at sorted ``times >= 0`` from ``(a0, b0)`` by DOP853 (rtol 1e-12), ``(T, 2)``
    (:func:`~exactdln.ode.integrate`: restarted at every output time)."""
    return integrate(
        lambda _, y: np.array(vector_field(y[0], y[1], s, tau)),
        [float(a0), float(b0)],
        times,
        rtol=ODE_RTOL,
        atol=ODE_ATOL,
    )


def time_to_product(a0: float, b0: float, uf: float, s: float = 1.0, tau: float = 1.0) -> float:
    """Time at which ``ab`` first equals ``uf``, by DOP853 (rtol 1e-12) with event location."""

    def event(_, y):
        return y[0] * y[1] - uf

    event.terminal = True
    horizon = 1e3 * tau / s
    sol = solve_ivp(
        lambda _, y: np.array(vector_field(y[0], y[1], s, tau)),
        (0.0, horizon),
        [float(a0), float(b0)],
        method="DOP853",
        rtol=ODE_RTOL,
        atol=ODE_ATOL,
        events=event,
    )
    if not sol.t_events[0].size:
        raise RuntimeError(f"ab never reached {uf} from ({a0}, {b0}) within t = {horizon}")
    return float(sol.t_events[0][0])


def hyperbolic_angle(a, b) -> tuple[np.ndarray, np.ndarray]:
    """``(c0, theta)`` of eqs. 23–24: ``c0 = |a^2 - b^2|``, ``tanh(theta/2)`` = the smaller of ``a, b``
    over the larger (in absolute value)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    big = np.where(a * a >= b * b, a, b)
    small = np.where(a * a >= b * b, b, a)
    return np.abs(a * a - b * b), 2.0 * np.arctanh(small / big)


def eq26_defined(s: float, c0, theta) -> np.ndarray:
    """Where eq. 26 as printed can be evaluated at ``theta``: both arguments of its logarithm are
    positive, i.e. ``theta`` lies before the printed fixed point ``sinh(theta) = s / c0``."""
    x = np.tanh(0.5 * np.asarray(theta, dtype=float))
    root = np.hypot(c0, s)
    return (root + c0 + s * x > 0) & (root - c0 - s * x > 0)


def eq26_time(s: float, c0: float, theta0: float, thetaf: float, tau: float = 1.0) -> float:
    """Eq. 26 as printed: ``tau / R [ln((R + c0 + s tanh(theta/2)) / (R - c0 - s tanh(theta/2)))]``,
    ``R = sqrt(c0^2 + s^2)``, from ``theta0`` to ``thetaf``; ``nan`` where a logarithm's argument
    is not positive (past the printed fixed point ``sinh(theta) = s / c0``)."""
    root = np.hypot(c0, s)

    def value(theta):
        x = np.tanh(0.5 * theta)
        num, den = root + c0 + s * x, root - c0 - s * x
        return np.log(num / den) if num > 0 and den > 0 else np.nan

    return tau / root * (value(thetaf) - value(theta0))


def fitted_factor(s: float, c0: float, theta0: float, thetaf: float, t_ode: float, tau: float = 1.0) -> float:
    """The ``k`` for which eq. 26 with ``s -> k s`` gives ``t_ode`` (time decreases with ``k``)."""
    # eq. 26 with k s is defined while sinh(thetaf) < k s / c0
    k_min = max(c0 * np.sinh(thetaf) / s, 0.0) * (1.0 + 1e-9) + 1e-12

    def gap(k):
        return eq26_time(k * s, c0, theta0, thetaf, tau) - t_ode

    return root_expanding(gap, k_min, 4.0, xtol=1e-15, rtol=1e-14)


def appendix_a(
    *,
    s: float,
    n_cases: int,
    seed: int,
    box: float,
    fractions,
    tau: float = 1.0,
) -> dict[str, np.ndarray]:
    """Test the printed and the corrected Appendix A closed forms against eq. 8 integrated.

    ``n_cases`` starts ``(a0, b0)`` uniform in ``[-box, box]^2`` with ``a0 + b0 > 0``,
    ``a0 b0 < s`` and ``a0^2 != b0^2``, each run to ``ab = u0 + f (s - u0)`` for every ``f``
    in ``fractions``. Returns per (case, fraction): ``c0``, ``theta0``, ``thetaf``, ``t_ode``,
    ``t_corrected`` (:func:`~exactdln.limits.hyperbolic_learning_time`), ``t_printed``
    (:func:`eq26_time`, ``nan`` where undefined) and the fitted factor ``k``.
    """
    s = positive_float("s", s)
    box = positive_float("box", box)
    n_cases = positive_int("n_cases", n_cases)
    fractions = np.asarray(fractions, dtype=float)
    if fractions.ndim != 1 or np.any(fractions <= 0) or np.any(fractions >= 1):
        raise ValueError(f"fractions must lie in (0, 1), got {fractions!r}")
    rng = np.random.default_rng(seed)
    starts = []
    while len(starts) < n_cases:
        a0, b0 = rng.uniform(-box, box, 2)
        if a0 + b0 > 0.05 * box and a0 * b0 < 0.9 * s and abs(a0 * a0 - b0 * b0) > 1e-3 * box * box:
            starts.append((a0, b0))
    rows: dict[str, list] = {k: [] for k in ("a0", "b0", "uf", "c0", "theta0", "thetaf", "t_ode")}
    rows.update({"t_corrected": [], "t_printed": [], "factor": []})
    for a0, b0 in starts:
        u0 = a0 * b0
        c0, theta0 = hyperbolic_angle(a0, b0)
        for f in fractions:
            uf = u0 + f * (s - u0)
            t_ode = time_to_product(a0, b0, uf, s, tau)
            # theta at the end: same c0, ab = uf, larger of (a, b) on the same branch
            big = np.sqrt(0.5 * (c0 + np.hypot(c0, 2.0 * uf)))
            thetaf = 2.0 * np.arctanh(uf / big / big)
            for key, value in (
                ("a0", a0),
                ("b0", b0),
                ("uf", uf),
                ("c0", c0),
                ("theta0", theta0),
                ("thetaf", thetaf),
                ("t_ode", t_ode),
                ("t_corrected", hyperbolic_learning_time(s, a0, b0, uf, tau)),
                ("t_printed", eq26_time(s, c0, theta0, thetaf, tau)),
                ("factor", fitted_factor(s, c0, theta0, thetaf, t_ode, tau)),
            ):
                rows[key].append(value)
    return {k: np.asarray(v, dtype=float) for k, v in rows.items()}


def run(
    *,
    s: float,
    grid_points: int,
    extent: float,
    starts,
    horizon: float,
    n_times: int,
    appendix: dict,
) -> dict[str, np.ndarray]:
    """Figure 2: vector field on a grid, trajectories from ``starts``, and :func:`appendix_a`.

    Returns ``grid (G,)``, ``da``, ``db`` ``(G, G)`` (indexed ``[b, a]``), ``times (T,)``,
    ``trajectories (S, T, 2)``, and, for the first start, the times at which ``ab`` reaches
    ``curve_products`` by integration (``curve_ode``), the corrected closed form
    (``curve_corrected``) and eq. 26 as printed (``curve_printed``), plus every array of
    :func:`appendix_a` prefixed ``appendix_``.
    """
    s = positive_float("s", s)
    grid = np.linspace(-extent, extent, positive_int("grid_points", grid_points))
    a, b = np.meshgrid(grid, grid)
    da, db = vector_field(a, b, s)
    starts = np.asarray(starts, dtype=float)
    times = np.linspace(0.0, positive_float("horizon", horizon), positive_int("n_times", n_times))
    trajectories = np.stack([trajectory(a0, b0, times, s) for a0, b0 in starts])
    a0, b0 = starts[0]
    u0 = a0 * b0
    products = u0 + np.linspace(0.0, 0.98, 50)[1:] * (s - u0)
    c0, theta0 = hyperbolic_angle(a0, b0)
    big = np.sqrt(0.5 * (c0 + np.hypot(c0, 2.0 * products)))
    thetaf = 2.0 * np.arctanh(products / big / big)
    out = {
        "grid": grid,
        "da": da,
        "db": db,
        "s": s,
        "times": times,
        "starts": starts,
        "trajectories": trajectories,
        "curve_products": products,
        "curve_ode": np.array([time_to_product(a0, b0, u, s) for u in products]),
        "curve_corrected": hyperbolic_learning_time(s, a0, b0, products),
        "curve_printed": np.array([eq26_time(s, c0, theta0, t) for t in thetaf]),
    }
    for key, value in appendix_a(s=s, **appendix).items():
        out[f"appendix_{key}"] = value
    return out


def measure(data: dict) -> dict:
    """The numbers Figure 2's section quotes.

    ``appendix_a_factor``: median over all test cases of the fitted factor ``k`` (eq. 26 with
    ``s -> k s``); ``appendix_a_factor_max_dev``: its largest distance from 2;
    ``appendix_a_corrected_max_err``: largest relative error of the corrected closed form;
    ``appendix_a_printed_ratio``: median and range of eq. 26 (as printed) over the integrated
    time where it is defined, and the fraction of cases where it is not, split into those whose
    start already lies beyond the printed fixed point (``undefined_at_start_fraction``) and
    those that pass it on the way (``undefined_passing_fraction``).
    """
    k = data["appendix_factor"]
    t_ode = data["appendix_t_ode"]
    printed = data["appendix_t_printed"]
    defined = np.isfinite(printed)
    ratio = printed[defined] / t_ode[defined]
    s, c0 = float(data["s"]), data["appendix_c0"]
    start_ok = eq26_defined(s, c0, data["appendix_theta0"])
    end_ok = eq26_defined(s, c0, data["appendix_thetaf"])
    return {
        "appendix_a_factor": float(np.median(k)),
        "appendix_a_factor_max_dev": float(np.max(np.abs(k - 2.0))),
        "appendix_a_corrected_max_err": float(np.max(np.abs(data["appendix_t_corrected"] - t_ode) / t_ode)),
        "appendix_a_printed_ratio": {
            "median": float(np.median(ratio)),
            "min": float(ratio.min()),
            "max": float(ratio.max()),
            "undefined_fraction": float(np.mean(~defined)),
            "undefined_at_start_fraction": float(np.mean(~start_ok)),
            "undefined_passing_fraction": float(np.mean(start_ok & ~end_ok)),
        },
        "appendix_a_cases": int(k.size),
        "appendix_a_c0_range": [float(data["appendix_c0"].min()), float(data["appendix_c0"].max())],
    }
