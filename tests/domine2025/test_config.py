"""Part II's configuration block: bad values stop the workflow before any job, naming the key.

Each dry run parses the whole workflow (seconds), so the checks that the schema cannot
express are all violated in one run (they are collected and reported together).
"""

import pytest
from test_workflow import SNAKEMAKE, assert_rejected_naming, dry_run

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)

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


def test_the_schema_names_the_key(tmp_path):
    result = dry_run(tmp_path, {"domine2025": {"continual": {"lams": [0.0, 1.0]}}})
    assert_rejected_naming(result, ["continual", "lams"])
