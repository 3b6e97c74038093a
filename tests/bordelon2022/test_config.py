"""Part IV's configuration block: every bad value is named, by its key, before any job starts.

Unit tests (milliseconds): :func:`exactdln.experiments.bordelon2022.config.problems` (the checks
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

from exactdln.experiments.bordelon2022.config import problems

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)

PART = "bordelon2022"
GAMMA0S = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 300.0, 100.0]  # the default's, two swapped

# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"lazy_kernels": {"rhos": [0.0, 0.5, 0.25]}}, ["bordelon2022.lazy_kernels.rhos", "increase"]),
    ({"deep_fa": {"rhos": [0.0, 1.0, 0.5]}}, ["bordelon2022.deep_fa.rhos", "increase"]),
    ({"dfa_tanh": {"gamma0s": [0.25, 1.0, 0.5]}}, ["bordelon2022.dfa_tanh.gamma0s", "increase"]),
    ({"feature_change": {"gamma0s": GAMMA0S}}, ["bordelon2022.feature_change.gamma0s", "increase"]),
    ({"feature_change": {"width": 4095}}, ["bordelon2022.feature_change.width", "even"]),
    (
        {"feature_change": {"width_study": {"widths": [256, 1025, 4096]}}},
        ["bordelon2022.feature_change.width_study.widths", "even"],
    ),
    ({"feature_change": {"small_window": [0.1, 0.01]}}, ["bordelon2022.feature_change.small_window"]),
    ({"feature_change": {"small_window": [0.01, 0.02]}}, ["bordelon2022.feature_change.small_window"]),
    ({"feature_change": {"large_window": [300.0, 30.0]}}, ["bordelon2022.feature_change.large_window"]),
    ({"feature_change": {"large_window": [301.0, 1000.0]}}, ["bordelon2022.feature_change.large_window"]),
    ({"feature_change": {"rules": {"x": {"rule": "fa"}}}}, ["bordelon2022.feature_change.rules.x", "rho"]),
    (
        {"feature_change": {"rules": {"x": {"rule": "gd", "rho": 0.5}}}},
        ["bordelon2022.feature_change.rules.x", "rho"],
    ),
]


def test_the_default_block_has_no_problems():
    assert problems(part_block(PART)) == []


@pytest.mark.parametrize(("override", "names"), CHECKS, ids=[names[0] for _, names in CHECKS])
def test_each_check_violated_alone_gives_one_message_naming_its_key(override, names):
    assert_one_problem_naming(problems(part_block(PART, override)), names)


def test_the_schema_names_the_key():
    message = schema_error({PART: {"deep_fa": {"rhos": [0.0, 1.5]}}})
    for name in ("bordelon2022", "deep_fa", "rhos"):
        assert name in message, f"{name!r} not named in:\n{message}"


def test_bad_values_stop_the_workflow_before_planning_naming_every_key(tmp_path):
    override = {
        "lazy_kernels": {"rhos": [0.0, 0.5, 0.25]},
        "feature_change": {"width_study": {"widths": [256, 1025, 4096]}},
    }
    names = [
        "bordelon2022.lazy_kernels.rhos",
        "bordelon2022.feature_change.width_study.widths",
        "even",
    ]
    assert_rejected_naming(dry_run(tmp_path, {PART: override}), names)
