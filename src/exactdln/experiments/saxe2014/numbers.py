"""All numbers Part III quotes, in one mapping (``results/saxe2014/numbers.json``).

Each figure's measure writes ``results/saxe2014/figN/numbers.json`` (the ``measure`` functions
of its modules, merged); :func:`gather` merges the figures' numbers into the part's file and
checks that every number the issue asks for is present (:data:`REQUIRED`).
"""

from __future__ import annotations

from collections.abc import Mapping

from .common import merge

#: The figures whose numbers the part's file gathers.
FIGURES = ("fig2", "fig3", "fig4", "fig5", "fig6", "fig7", "fig8")

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


def gather(figures: Mapping[str, dict]) -> dict:
    """The part's numbers: every figure's numbers (``{"fig2": ..., ..., "fig8": ...}``) merged into
    one flat mapping, as the paper's ``\\Saxe...`` macros name them.

    Raises ``ValueError`` on a figure missing or unknown, a key measured by two figures, or a
    required key missing.
    """
    absent, unknown = sorted(set(FIGURES) - set(figures)), sorted(set(figures) - set(FIGURES))
    if absent or unknown:
        raise ValueError(f"Part III's figures are {FIGURES}: missing {absent}, unknown {unknown}")
    out = merge(figures[name] for name in FIGURES)
    missing = [k for k in REQUIRED if k not in out]
    if missing:
        raise ValueError(f"numbers missing from Part III's measurements: {missing}")
    return out
