"""Part II's configuration block: every bad value is named, by its key, before any job starts.

Unit tests (milliseconds): :func:`exactdln.experiments.domine2025.config.problems` (the checks
the schema cannot express) on the default block and with each check violated alone, and the
schema through the workflow's validator. One dry run tests the wiring: the checks' messages are
collected and reported together, so it violates many at once.
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

from exactdln.experiments.domine2025.config import problems

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)

PART = "domine2025"

# one case per check: the override of the block that violates it alone, and what its message names
# (lazy_ntk's n_hidden = min(n_in, n_out) cannot fail alone: its shapes must also be square)
CHECKS = [
    ({"minimal": {"eta": 0.01}}, ["domine2025.minimal.eta", "eta_lam"]),
    ({"modes": {"eta": 0.01}}, ["domine2025.modes.eta", "eta_lam"]),
    ({"minimal": {"shapes": {"x": [4, 4, 3]}}}, ["domine2025.minimal.shapes.x", "min(n_in, n_out)"]),
    ({"funnel": {"shapes": {"x": [6, 3, 2]}}}, ["domine2025.funnel.shapes.x", "min(n_in, n_out)"]),
    ({"reversal": {"shapes": {"x": [3, 4, 5]}}}, ["domine2025.reversal.shapes.x", "min(n_in, n_out)"]),
    ({"minimal": {"n_items": 4}}, ["domine2025.minimal.n_items", "5-3-3"]),
    ({"lazy_ntk": {"n_items": 6}}, ["domine2025.lazy_ntk.n_items", "8-8-8"]),
    ({"funnel": {"n_items": 5}}, ["domine2025.funnel.n_items", "funnel"]),
    ({"reversal": {"n_items": 3}}, ["domine2025.reversal.n_items", "4-4-4"]),
    ({"lazy_ntk": {"shapes": {"x": [4, 2, 2]}}}, ["domine2025.lazy_ntk.shapes.x", "square"]),
    ({"lazy_ntk": {"fit_range": [128.0, 16.0]}}, ["domine2025.lazy_ntk.fit_range", "increasing"]),
    ({"lazy_ntk": {"fit_range": [16.0, 20.0]}}, ["domine2025.lazy_ntk.fit_range", "fewer than two"]),
    ({"lazy_ntk": {"slope_shape": "5-5-5"}}, ["domine2025.lazy_ntk.slope_shape"]),
    ({"funnel": {"lazy_lam": 5.0}}, ["domine2025.funnel.lazy_lam"]),
    ({"funnel": {"loss_shape": "inverse"}}, ["domine2025.funnel.loss_shape"]),
    ({"funnel": {"gd_horizons": [1.0, 2.0]}}, ["domine2025.funnel.gd_horizons"]),
    ({"funnel": {"time_range": [10.0, 1.0]}}, ["domine2025.funnel.time_range"]),
    ({"funnel": {"shapes": {"x": [3, 3, 3]}}}, ["domine2025.funnel.shapes.x", "n_in != n_out"]),
    (
        {"hierarchy": {"starts": {"x": {"kind": "gaussian", "scale": 1.0, "seed": 1, "lam": 1.0}}}},
        ["domine2025.hierarchy.starts.x", "lam is required"],
    ),
    (
        {"hierarchy": {"starts": {"x": {"kind": "lambda_balanced", "scale": 1.0, "seed": 1}}}},
        ["domine2025.hierarchy.starts.x", "lam is required"],
    ),
    (
        {"hierarchy": {"n_hidden": 9, "starts": {"lam_minus": {"lam": 0.0}}}},
        ["domine2025.hierarchy.starts.lam_plus", "n_hidden <= 8"],
    ),
    ({"hierarchy": {"sweep": {"lam_range": [10.0, 1.0]}}}, ["domine2025.hierarchy.sweep.lam_range"]),
    ({"modes": {"u0_range": [0.1, 1e-12]}}, ["domine2025.modes.u0_range", "increasing"]),
    ({"modes": {"u0_range": [1e-12, 0.6]}}, ["domine2025.modes.u0_range", "half_time_s / 2"]),
    ({"reversal": {"time_range": [10.0, 1.0]}}, ["domine2025.reversal.time_range"]),
    ({"continual": {"n_hidden": 9}}, ["domine2025.continual.n_hidden"]),  # above n_out
    ({"continual": {"n_hidden": 4}}, ["domine2025.continual.n_hidden"]),  # below min(n_in, n_out)
    ({"continual": {"n_items": 4}}, ["domine2025.continual.n_items", "n_in"]),
]


def test_the_default_block_has_no_problems():
    assert problems(part_block(PART)) == []


@pytest.mark.parametrize(("override", "names"), CHECKS, ids=[names[0] for _, names in CHECKS])
def test_each_check_violated_alone_gives_one_message_naming_its_key(override, names):
    assert_one_problem_naming(problems(part_block(PART, override)), names)


def test_the_schema_names_the_key():
    message = schema_error({PART: {"continual": {"lams": [0.0, 1.0]}}})
    for name in ("continual", "lams"):
        assert name in message, f"{name!r} not named in:\n{message}"


BAD_BLOCK = {
    "minimal": {"eta": 0.01},
    "lazy_ntk": {"shapes": {"x": [4, 4, 3]}},
    "funnel": {"lazy_lam": 5.0, "loss_shape": "inverse", "gd_horizons": [1.0, 2.0]},
    "hierarchy": {"starts": {"x": {"kind": "gaussian", "scale": 1.0, "seed": 1, "lam": 1.0}}},
    "reversal": {"time_range": [10.0, 1.0]},
    "continual": {"n_hidden": 9},
}
NAMED = [
    "domine2025.minimal.eta",
    "domine2025.lazy_ntk.shapes.x",
    "domine2025.funnel.lazy_lam",
    "domine2025.funnel.loss_shape",
    "domine2025.funnel.gd_horizons",
    "domine2025.hierarchy.starts.x",
    "domine2025.reversal.time_range",
    "domine2025.continual.n_hidden",
]


def test_every_bad_value_the_schema_cannot_see_is_named(tmp_path):
    assert_rejected_naming(dry_run(tmp_path, {"domine2025": BAD_BLOCK}), NAMED)
