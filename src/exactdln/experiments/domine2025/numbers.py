"""``results/domine2025/numbers.json``: the numbers Part II quotes, from its five figures' numbers.

:func:`gather` takes every figure's ``results/domine2025/figN/numbers.json`` (made by
:mod:`.figure_numbers`) and returns the part's file: the issue's named keys at the top
level (defined in the docstrings of :func:`.figure_numbers.fig1` to
:func:`~.figure_numbers.fig5`) and each figure's measurements under ``fig1`` to ``fig5``.
"""

from __future__ import annotations

from collections.abc import Mapping

from .figure_numbers import NAMED


def gather(figures: Mapping[str, dict]) -> dict:
    """The named numbers of Part II at the top level and, under ``figN``, every figure's own.

    ``figures`` maps ``fig1`` ... ``fig5`` to the figures' numbers. Each figure's named keys
    (:data:`.figure_numbers.NAMED`) move to the top level; a named key that two figures
    share (``slope_theory_gap``: a mapping in each) is merged. ``slope_theory_gap`` holds
    each fitted slope minus its theoretical value (-1, -2, -4 for the NTK, -1 for the
    convergence time).
    """
    missing = sorted(set(NAMED) - set(figures))
    if missing:
        raise ValueError(f"numbers of {missing} are missing: Part II gathers {sorted(NAMED)}")
    out: dict = {}
    for fig, keys in NAMED.items():
        numbers = figures[fig]
        for key in keys:
            if key not in out:
                out[key] = numbers[key]
            elif all(isinstance(v, Mapping) for v in (out[key], numbers[key])) and not (
                set(out[key]) & set(numbers[key])
            ):
                out[key] = {**out[key], **numbers[key]}
            else:
                raise ValueError(f"{fig} gives {key!r} again: {numbers[key]!r} beside {out[key]!r}")
        out[fig] = {key: value for key, value in numbers.items() if key not in keys}
    return out
