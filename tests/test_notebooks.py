"""The figure notebooks are valid jupytext py:percent notebooks, paired as pyproject.toml says."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "workflow" / "notebooks").glob("*/fig*.py"))
RULE_FILES = sorted((ROOT / "workflow" / "rules").rglob("*.smk"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.fixture(scope="module")
def jupytext():
    """jupytext, imported by the tests that use it (its import takes seconds)."""
    return pytest.importorskip("jupytext", reason='jupytext not installed (pip install -e ".[workflow]")')


@pytest.fixture(scope="module")
def pairing(jupytext):
    """The jupytext configuration of pyproject.toml."""
    from jupytext.config import load_jupytext_configuration_file

    return load_jupytext_configuration_file(str(ROOT / "pyproject.toml"))


def test_pairing_is_configured(pairing):
    config = pairing
    assert config.formats in ("ipynb,py:percent", ["ipynb,py:percent"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_parses_and_is_in_canonical_form(path, jupytext, pairing):
    text = path.read_text()
    notebook = jupytext.reads(text, fmt="py:percent")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and notebook.cells[0].cell_type == "markdown"  # a title cell, then code
    for cell in code:
        compile(cell.source, f"{path.name} cell", "exec")
    # writing the notebook back gives the same file: the pair (.ipynb <-> .py) is in sync
    assert jupytext.writes(notebook, fmt="py:percent", config=pairing) == text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_run_by_a_rule_of_its_part(path):
    """``notebooks/<part>/figN_<topic>.py`` is the script of ``rules/<part>/figN_<topic>.smk``."""
    part = path.parent.name
    rules = ROOT / "workflow" / "rules" / part / f"{path.stem}.smk"
    assert rules in RULE_FILES, f"no rule file {rules.relative_to(ROOT)} for {path.relative_to(ROOT)}"
    assert f'"../../notebooks/{part}/{path.name}"' in rules.read_text()
    assert (ROOT / "workflow" / "schemas" / f"{part}.schema.yaml").is_file()


def test_every_notebook_is_in_a_part_folder():
    loose = sorted(p.name for p in (ROOT / "workflow" / "notebooks").glob("*.py"))
    assert not loose, f"notebooks outside a part folder: {loose}"
