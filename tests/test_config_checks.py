"""Every part's configuration block: every bad value is named, by its key, before any job starts.

The cases are each part's (``tests/<part>/test_config.py``). Unit tests (milliseconds): the
part's :func:`exactdln.experiments.<part>.config.problems` (the checks the schema cannot
express) on the default block and with each check violated alone, and the schema through the
workflow's own validator. One dry run per part tests the wiring: the workflow stops before
planning any job, naming every bad key of that part.
"""

import importlib

import pytest
from test_workflow import (
    PARTS,
    SNAKEMAKE,
    assert_one_problem_naming,
    assert_rejected_naming,
    dry_run,
    part_block,
    schema_error,
)

CASES = {part: importlib.import_module(f"{part}.test_config") for part in PARTS}


def problems(part: str):
    return importlib.import_module(f"exactdln.experiments.{part}.config").problems


@pytest.mark.parametrize("part", PARTS)
def test_the_default_block_has_no_problems(part):
    assert problems(part)(part_block(part)) == []


@pytest.mark.parametrize(
    ("part", "override", "names"),
    [(part, override, names) for part in PARTS for override, names in CASES[part].CHECKS],
    ids=[names[0] for part in PARTS for _, names in CASES[part].CHECKS],
)
def test_each_check_violated_alone_gives_one_message_naming_its_key(part, override, names):
    assert_one_problem_naming(problems(part)(part_block(part, override)), names)


@pytest.mark.parametrize(
    ("part", "override", "names"),
    [(part, override, names) for part in PARTS for override, names in CASES[part].SCHEMA_CASES],
)
def test_the_schema_names_the_key(part, override, names):
    message = schema_error({part: override})
    for name in names:
        assert name in message, f"{name!r} not named in:\n{message}"


@pytest.mark.skipif(SNAKEMAKE is None, reason='snakemake not installed (pip install -e ".[workflow]")')
@pytest.mark.parametrize("part", PARTS)
def test_bad_values_stop_the_workflow_before_planning_naming_every_key(part, tmp_path):
    override, names = CASES[part].WIRING
    assert_rejected_naming(dry_run(tmp_path, {part: override}), names)
