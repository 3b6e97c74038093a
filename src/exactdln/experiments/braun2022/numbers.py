"""``results/braun2022/numbers.json``: the numbers of Part I's seven figures, by topic.

:func:`gather` takes the figures' ``results/braun2022/figN/numbers.json`` and nests them
under the topics the paper's macros are named by (``init_scale`` gives ``\\InitScale...``,
``learning_rate`` gives ``\\LearningRate...``), so that this file's macros need no prefix
of their own. Figure 2's file holds two computations, each its own topic.
"""

from __future__ import annotations

from collections.abc import Mapping

FIGURES = tuple(f"fig{n}" for n in range(1, 8))


def gather(figures: Mapping[str, dict]) -> dict:
    """Part I's numbers from the figures' numbers ``{"fig1": ..., ..., "fig7": ...}``.

    Returns ``{"init_scale": fig1, "tracking": fig2["tracking"], "learning_rate":
    fig2["learning_rate"], "representations": fig3, "alignment": fig4, "regimes": fig5,
    "continual": fig6, "reversal": fig7}``.
    """
    if set(figures) != set(FIGURES):
        raise ValueError(f"need the numbers of exactly the figures {list(FIGURES)}, got {sorted(figures)}")
    fig2 = figures["fig2"]
    if set(fig2) != {"tracking", "learning_rate"}:
        raise ValueError(f"Figure 2's numbers must hold exactly tracking and learning_rate: {sorted(fig2)}")
    return {
        "init_scale": figures["fig1"],
        "tracking": fig2["tracking"],
        "learning_rate": fig2["learning_rate"],
        "representations": figures["fig3"],
        "alignment": figures["fig4"],
        "regimes": figures["fig5"],
        "continual": figures["fig6"],
        "reversal": figures["fig7"],
    }
