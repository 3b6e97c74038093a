"""Part I's numbers.json: every figure's numbers under its topic, and the macros keep their names."""

import pytest

from exactdln.experiments.braun2022.numbers import FIGURES, gather
from exactdln.io import latex_macros

TOPICS = {
    "fig1": "init_scale",
    "fig3": "representations",
    "fig4": "alignment",
    "fig5": "regimes",
    "fig6": "continual",
    "fig7": "reversal",
}


def figures() -> dict:
    out = {fig: {"value": k, "gap": {"small": 0.5 * k}} for k, fig in enumerate(FIGURES)}
    out["fig2"] = {"tracking": {"loss_gap": 1e-3}, "learning_rate": {"n_configs": 50, "slope": [1.0, 2.0]}}
    return out


def test_gather_nests_every_figure_under_its_topic():
    figs = figures()
    out = gather(figs)
    assert set(out) == {*TOPICS.values(), "tracking", "learning_rate"}
    for fig, topic in TOPICS.items():
        assert out[topic] == figs[fig]
    assert out["tracking"] == figs["fig2"]["tracking"]
    assert out["learning_rate"] == figs["fig2"]["learning_rate"]


def test_the_macros_of_the_gathered_file_are_those_of_the_figure_files():
    """An empty prefix on the nested file gives the names topic prefixes gave the figure files."""
    figs = figures()
    per_file = {topic: figs[fig] for fig, topic in TOPICS.items()}
    per_file.update(figs["fig2"])
    expected = sorted("".join(latex_macros(n, topic) for topic, n in per_file.items()).splitlines())
    assert sorted(latex_macros(gather(figs), "").splitlines()) == expected
    assert r"\newcommand{\LearningRateNConfigs}{50}" in expected


def test_gather_refuses_missing_or_extra_figures():
    figs = figures()
    with pytest.raises(ValueError, match="fig7"):
        gather({k: v for k, v in figs.items() if k != "fig7"})
    with pytest.raises(ValueError, match="fig8"):
        gather({**figs, "fig8": {}})
    with pytest.raises(ValueError, match="tracking and learning_rate"):
        gather({**figs, "fig2": {"tracking": {}}})
