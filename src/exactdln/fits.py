"""Least-squares fits: straight lines and power laws, and the shape of a learning curve.

Straight lines (:func:`fit_line`, :func:`linear_slope`) and power laws
(:func:`loglog_slope`: the exponent is the slope of ``ln y`` against ``ln x``) measure
how a quantity scales; every scaling exponent the paper quotes is one of them.

The shape of a learning curve, a sigmoid against an exponential, quantifies "stage-like"
(sigmoidal, from small initialisations) against "near-exponential" (from large
initialisations) learning (Part I, Figure 1).

* sigmoid: ``y(t) = a + b / (1 + exp(-(t - t0) / w))`` (4 parameters);
* exponential: ``y(t) = a + b exp(-t / tau)`` (3 parameters).

The sigmoid with ``t0`` far below 0 approaches an exponential, so it always
fits at least about as well; what tells the regimes apart is how badly the
*exponential* fits. Residuals are the RMS misfit divided by the range of the
curve, so they compare across curves and scales.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares


@dataclass(frozen=True)
class Line:
    """A least-squares straight line ``y = slope x + intercept`` and its RMS residual."""

    slope: float
    intercept: float
    rms: float


def fit_line(x, y) -> Line:
    """Least-squares straight line through the points ``(x, y)`` (1-D, at least two)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 2, got {x.shape} and {y.shape}")
    coef = np.polyfit(x, y, 1)
    rms = float(np.sqrt(np.mean((y - np.polyval(coef, x)) ** 2)))
    return Line(float(coef[0]), float(coef[1]), rms)


def linear_slope(x, y) -> float:
    """Least-squares slope of ``y`` against ``x``."""
    return fit_line(x, y).slope


def local_loglog_slopes(x, y) -> np.ndarray:
    """Log-log slopes between neighbouring points, ``(n - 1,)``: constant where ``y`` is a power
    law of ``x``."""
    x, y = np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float))
    return np.diff(y) / np.diff(x)


def loglog_slope(x, y) -> float:
    """Least-squares slope of ``ln y`` against ``ln x``: a power law's exponent (``x, y > 0``)."""
    return linear_slope(np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float)))


@dataclass(frozen=True)
class CurveFit:
    """A fitted curve: its ``model`` name, ``params`` and relative RMS ``residual``."""

    model: str
    params: tuple[float, ...]
    residual: float


def _check_curve(t, y) -> tuple[np.ndarray, np.ndarray, float]:
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    if t.ndim != 1 or y.shape != t.shape or t.size < 5:
        raise ValueError(f"t and y must be 1-D of the same length >= 5, got shapes {t.shape} and {y.shape}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
        raise ValueError("t and y must be finite")
    if np.any(np.diff(t) <= 0):
        raise ValueError("t must be strictly increasing")
    span = float(np.ptp(y))
    if span == 0:
        raise ValueError("the curve is constant: nothing to fit")
    return t, y, span


def sigmoid(t, a, b, t0, w):
    """``a + b / (1 + exp(-(t - t0) / w))``."""
    z = np.clip(-(np.asarray(t) - t0) / w, -700, 700)
    return a + b / (1.0 + np.exp(z))


def exponential(t, a, b, tau):
    """``a + b exp(-t / tau)``."""
    return a + b * np.exp(-np.asarray(t) / tau)


def _fit(model, name, t, y, span, starts, lower, upper) -> CurveFit:
    best = None
    for p0 in starts:
        res = least_squares(lambda p: (model(t, *p) - y) / span, p0, bounds=(lower, upper), method="trf")
        if best is None or res.cost < best.cost:
            best = res
    residual = float(np.sqrt(np.mean(best.fun**2)))
    return CurveFit(name, tuple(float(p) for p in best.x), residual)


def fit_sigmoid(t, y) -> CurveFit:
    """Least-squares logistic fit; several starting transition times, best kept."""
    t, y, span = _check_curve(t, y)
    width = t[-1] - t[0]
    d = y[-1] - y[0]
    starts = [(y[0], d, t0, w) for t0 in np.linspace(t[0], t[-1], 5) for w in (width / 50, width / 8)]
    lower = (-np.inf, -np.inf, t[0] - 10 * width, width * 1e-6)
    upper = (np.inf, np.inf, t[-1] + 10 * width, 10 * width)
    return _fit(sigmoid, "sigmoid", t, y, span, starts, lower, upper)


def fit_exponential(t, y) -> CurveFit:
    """Least-squares fit of ``a + b exp(-t/tau)``; several starting time constants."""
    t, y, span = _check_curve(t, y)
    width = t[-1] - t[0]
    starts = [(y[-1], y[0] - y[-1], tau) for tau in np.geomspace(width * 1e-3, width, 7)]
    lower = (-np.inf, -np.inf, width * 1e-6)
    upper = (np.inf, np.inf, 1e3 * width)
    return _fit(exponential, "exponential", t, y, span, starts, lower, upper)
