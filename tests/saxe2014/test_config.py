"""Part III's configuration block: every bad value is named, by its key, before any job starts.

Unit tests (milliseconds): :func:`exactdln.experiments.saxe2014.config.problems` (the checks
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

from exactdln.experiments.saxe2014.config import problems

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)

PART = "saxe2014"

# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"hierarchy": {"modes_shown": [1, 40]}}, ["saxe2014.hierarchy.modes_shown", "32"]),
    ({"depth": {"sweep": {"layers": [3, 20, 5]}}}, ["saxe2014.depth.sweep.layers", "increase"]),
    ({"depth": {"full_check": {"layers": [5, 21]}}}, ["saxe2014.depth.full_check.layers"]),
    ({"depth": {"full_check": {"hidden": 8}}}, ["saxe2014.depth.full_check.hidden"]),
    (
        {"depth": {"gd": {"singular_values": [2.0, 1.2, 0.6, 0.3, 0.1]}}},
        ["saxe2014.depth.gd.singular_values"],
    ),
    ({"depth": {"gd": {"depths": [3, 10, 5]}}}, ["saxe2014.depth.gd.depths"]),
    ({"init_depth": {"layers": [3, 9, 5]}}, ["saxe2014.init_depth.layers"]),
    ({"mean_field": {"quoted_gains": [1.05, 1.15]}}, ["saxe2014.mean_field.quoted_gains", "1.15"]),
    ({"mean_field": {"last": 30}}, ["saxe2014.mean_field.last"]),
    ({"mnist": {"pixel_block": [28, 0, 1]}}, ["saxe2014.mnist.pixel_block"]),
    ({"mnist": {"pixel_block": [14, 20, 10]}}, ["saxe2014.mnist.pixel_block"]),
    ({"depth": {"sweep": {"etas": {"low": 10.0, "high": 0.003}}}}, ["saxe2014.depth.sweep.etas"]),
    ({"pretraining": {"etas": {"low": 4.0, "high": 4.0}}}, ["saxe2014.pretraining.etas"]),
    ({"init_depth": {"rate_grid": {"low": 12.8, "high": 0.05}}}, ["saxe2014.init_depth.rate_grid"]),
    ({"mean_field": {"map_variances": {"low": 100.0, "high": 0.01}}}, ["saxe2014.mean_field.map_variances"]),
    ({"mean_field": {"theory_gains": {"low": 2.0, "high": 1.0}}}, ["saxe2014.mean_field.theory_gains"]),
]


def test_the_default_block_has_no_problems():
    assert problems(part_block(PART)) == []


@pytest.mark.parametrize(("override", "names"), CHECKS, ids=[names[0] for _, names in CHECKS])
def test_each_check_violated_alone_gives_one_message_naming_its_key(override, names):
    assert_one_problem_naming(problems(part_block(PART, override)), names)


def test_the_schema_names_the_key():
    message = schema_error({PART: {"products": {"n": 100}}})
    for name in ("saxe2014", "products", "n"):
        assert name in message, f"{name!r} not named in:\n{message}"


def test_bad_values_stop_the_workflow_before_planning_naming_every_key(tmp_path):
    override = {"hierarchy": {"modes_shown": [1, 40]}, "mean_field": {"last": 30}}
    names = ["saxe2014.hierarchy.modes_shown", "32", "saxe2014.mean_field.last"]
    assert_rejected_naming(dry_run(tmp_path, {PART: override}), names)
