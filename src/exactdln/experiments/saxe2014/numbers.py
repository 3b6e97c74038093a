"""All numbers Part III quotes, in one mapping (``results/saxe2014/numbers.json``).

:func:`gather` merges the measurements of the figure modules and checks that every number
the issue asks for is present (:data:`REQUIRED`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Keys that ``results/saxe2014/numbers.json`` must hold.
REQUIRED = (
    "deep_time_closed_form_max_err",
    "deep_gd_vs_theory_max_err",
    "appendix_a_factor",
    "optimal_rate_times_depth_cv",
    "gaussian_time_growth",
    "orthogonal_time_growth",
    "pretrained_time_growth",
    "pretraining_speedup",
    "gaussian_product_sigma4",
    "orthogonal_product_max_dev",
    "q_fixed_point",
    "half_time_delay_linear",
    "half_time_delay_tanh",
)


def gather(parts: Iterable[Mapping]) -> dict:
    """Merge the measurements; raise ``ValueError`` on a key measured twice or a required key missing."""
    out: dict = {}
    for part in parts:
        twice = sorted(set(out) & set(part))
        if twice:
            raise ValueError(f"numbers measured twice: {twice}")
        out.update(part)
    missing = [k for k in REQUIRED if k not in out]
    if missing:
        raise ValueError(f"numbers missing from Part III's measurements: {missing}")
    return out
