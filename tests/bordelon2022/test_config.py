"""Part IV's configuration: a bad value stops the workflow before any job starts, naming the key.

Two cases only (each is a dry run of the whole workflow): one the schema catches, one that
``bordelon_problems`` in ``workflow/rules/bordelon2022/common.smk`` catches.
"""

import pytest
from test_workflow import SNAKEMAKE, assert_rejected_naming, dry_run

pytestmark = pytest.mark.skipif(
    SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")'
)


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ({"bordelon2022": {"deep_fa": {"rhos": [0.0, 1.5]}}}, ["bordelon2022", "deep_fa", "rhos"]),  # schema
        (
            {"bordelon2022": {"feature_change": {"width_study": {"widths": [256, 1025, 4096]}}}},
            ["bordelon2022.feature_change.width_study.widths", "even"],
        ),  # check_problems
    ],
)
def test_bad_part_iv_value_is_rejected_naming_the_key(tmp_path, override, names):
    assert_rejected_naming(dry_run(tmp_path, override), names)
