"""The hidden-unit nonlinearities every network of the package uses: linear, tanh, ReLU.

One table of names (:data:`NAMES`) and one implementation of each function and its
derivatives, shared by the two-layer networks of :mod:`exactdln.simulation`, the
learning-rule networks of :mod:`exactdln.learning_rules` and the wide networks of
:mod:`exactdln.wide_networks`. ReLU's derivatives are taken almost everywhere:
``phi'(z) = 1[z > 0]``, ``phi'' = phi''' = 0``.
"""

from __future__ import annotations

import numpy as np

#: The nonlinearities, by name.
NAMES = ("linear", "tanh", "relu")


def check(name) -> str:
    """``name`` if it is one of :data:`NAMES`; raises ``ValueError`` naming the choices otherwise."""
    if name not in NAMES:
        raise ValueError(f"activation must be one of {NAMES}, got {name!r}")
    return name


def apply(name: str, h) -> np.ndarray:
    """``phi(h)`` (a new array; ``h`` itself for the linear case)."""
    if name == "tanh":
        return np.tanh(h)
    if name == "relu":
        return np.maximum(h, 0.0)
    return h


def apply_inplace(name: str, h: np.ndarray) -> np.ndarray:
    """Overwrite the pre-activations ``h`` with ``phi(h)``; returns ``h``.

    tanh is evaluated as ``1 - 2 / (e^{2h} + 1)``: about twice as fast as
    ``np.tanh`` here (numpy's ``exp`` is vectorised, its ``tanh`` is not), with
    an absolute error below ``3e-16`` (``e^{2h}`` may overflow to ``inf`` for
    ``h > 354``, which gives exactly 1).
    """
    if name == "tanh":
        np.multiply(h, 2.0, out=h)
        with np.errstate(over="ignore"):
            np.exp(h, out=h)
        h += 1.0
        np.divide(2.0, h, out=h)
        np.subtract(1.0, h, out=h)
    elif name == "relu":
        np.maximum(h, 0.0, out=h)
    return h


def derivative(name: str, h) -> np.ndarray:
    """``phi'(h)`` from the pre-activations (a new array)."""
    return derivative_from_output(name, apply(name, h) if name == "tanh" else np.asarray(h))


def derivative_from_output(name: str, a) -> np.ndarray:
    """``phi'(h)`` from the activations ``a = phi(h)`` (a new array): ``1 - a^2`` for tanh,
    ``1[a > 0]`` for ReLU (``a > 0`` exactly where ``h > 0``), ones for the linear case."""
    if name == "tanh":
        d = a * a
        np.subtract(1.0, d, out=d)
        return d
    if name == "relu":
        return (a > 0).astype(float)
    return np.ones_like(a, dtype=float)


def derivatives(name: str, z, order: int = 1) -> list[np.ndarray]:
    """``[phi(z), phi'(z), ..., phi^(order)(z)]`` for ``order`` in 0..3.

    tanh: ``phi' = 1 - t^2``, ``phi'' = -2 t (1 - t^2)``,
    ``phi''' = -2 (1 - t^2)(1 - 3 t^2)`` with ``t = tanh z``. ReLU:
    ``phi' = 1[z > 0]`` and zero higher derivatives; linear: ``1, 0, 0``.
    Raises ``ValueError`` for an unknown name or an order outside 0..3.
    """
    check(name)
    if int(order) != order or not 0 <= order <= 3:
        raise ValueError(f"order must be 0, 1, 2 or 3, got {order!r}")
    z = np.asarray(z, dtype=float)
    if name == "tanh":
        t = np.tanh(z)
        d1 = 1.0 - t * t
        out = [t, d1, -2.0 * t * d1, -2.0 * d1 * (1.0 - 3.0 * t * t)]
    elif name == "relu":
        zero = np.zeros_like(z)
        out = [np.maximum(z, 0.0), (z > 0).astype(float), zero, zero]
    else:
        zero = np.zeros_like(z)
        out = [z.copy(), np.ones_like(z), zero, zero]
    return out[: order + 1]
