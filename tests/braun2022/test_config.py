"""Part I's configuration block: every bad value is named, by its key, before any job starts.

Unit tests (milliseconds): :func:`exactdln.experiments.braun2022.config.problems` (the checks
the schema cannot express) on the default block and with each check violated alone, and the
schema through the workflow's validator. One dry run tests the wiring.
"""

import pytest
from test_workflow import (
    SNAKEMAKE,
    assert_one_problem_naming,
    assert_rejected_naming,
    dry_run,
    part_block,
    schema_error,
)

from exactdln.experiments.braun2022.config import problems

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)

PART = "braun2022"


def test_the_default_block_has_no_problems():
    assert problems(part_block(PART)) == []


# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"init_scale": {"n_items": 4}}, ["braun2022.init_scale.n_items", "braun2022.init_scale.n_in"]),
    ({"init_scale": {"items_shown": 11}}, ["braun2022.init_scale.items_shown"]),
    ({"tracking": {"n_items": 2}}, ["braun2022.tracking.n_items", "n_in"]),
    ({"learning_rate": {"dim_range": [50, 2]}}, ["braun2022.learning_rate.dim_range"]),
    ({"learning_rate": {"max_hidden": 40}}, ["braun2022.learning_rate.max_hidden"]),
    ({"learning_rate": {"init_scale_range": [0.5, 0.01]}}, ["braun2022.learning_rate.init_scale_range"]),
    ({"learning_rate": {"n_chunks": 51}}, ["braun2022.learning_rate.n_chunks"]),
    ({"learning_rate": {"n_examples": 80}}, ["braun2022.learning_rate.n_examples", "n_configs"]),
    ({"learning_rate": {"time_quantum": 0.03}}, ["braun2022.learning_rate.time_quantum", "0.05"]),
    ({"alignment": {"target": [[1, 2, 3], [4, 5, 6]]}}, ["braun2022.alignment.target", "square"]),
    ({"alignment": {"n_hidden": 4}}, ["braun2022.alignment.n_hidden"]),
    ({"alignment": {"check_eta": 0.003}}, ["braun2022.alignment.check_eta"]),
]


@pytest.mark.parametrize(("override", "names"), CHECKS, ids=[names[0] for _, names in CHECKS])
def test_each_check_violated_alone_gives_one_message_naming_its_key(override, names):
    assert_one_problem_naming(problems(part_block(PART, override)), names)


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ({"tracking": {"eta": -0.1}}, ["braun2022", "tracking", "eta"]),
        ({"init_scale": {"n_steps": 0}}, ["init_scale", "n_steps"]),
        ({"learning_rate": {"n_chunks": "many"}}, ["learning_rate", "n_chunks"]),
        ({"init_scale": {"init_scales": {"small": -1.0}}}, ["init_scale", "init_scales", "small"]),
        ({"tracking": {"n_step": 10}}, ["n_step"]),  # misspelt key
    ],
)
def test_the_schema_names_the_key(override, names):
    message = schema_error({PART: override})
    for name in names:
        assert name in message, f"{name!r} not named in:\n{message}"


def test_bad_values_stop_the_workflow_before_planning_naming_every_key(tmp_path):
    """The wiring: checks once spread over three rule files are all reported by one run."""
    override = {
        "init_scale": {"items_shown": 11},
        "tracking": {"n_items": 2},
        "learning_rate": {"time_quantum": 0.03, "n_examples": 80},
        "alignment": {"check_eta": 0.003},
    }
    names = [
        "braun2022.init_scale.items_shown",
        "braun2022.tracking.n_items",
        "braun2022.learning_rate.time_quantum",
        "braun2022.learning_rate.n_examples",
        "braun2022.alignment.check_eta",
    ]
    assert_rejected_naming(dry_run(tmp_path, {PART: override}), names)
