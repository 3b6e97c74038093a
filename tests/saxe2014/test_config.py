"""Part III's configuration block is validated before any job starts, naming the bad key: one
schema violation and one check the schema cannot express (each a full dry run, so only two)."""

import pytest
from test_workflow import SNAKEMAKE, assert_rejected_naming, dry_run

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ({"saxe2014": {"products": {"n": 100}}}, ["saxe2014", "products", "n"]),  # schema
        (
            {"saxe2014": {"hierarchy": {"modes_shown": [1, 40]}}},
            ["saxe2014.hierarchy.modes_shown", "32"],
        ),  # check
    ],
)
def test_bad_saxe2014_value_is_rejected_naming_the_key(tmp_path, override, names):
    assert_rejected_naming(dry_run(tmp_path, override), names)
