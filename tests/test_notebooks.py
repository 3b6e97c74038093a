"""The figure notebooks are valid jupytext py:percent notebooks, paired as pyproject.toml says."""

from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext", reason='jupytext not installed (pip install -e ".[workflow]")')
from jupytext.config import load_jupytext_configuration_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "workflow" / "notebooks").glob("*.py"))
RULES = "".join(p.read_text() for p in (ROOT / "workflow" / "rules").glob("*.smk"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


def test_pairing_is_configured():
    config = load_jupytext_configuration_file(str(ROOT / "pyproject.toml"))
    assert config.formats in ("ipynb,py:percent", ["ipynb,py:percent"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_parses_and_is_in_canonical_form(path):
    text = path.read_text()
    notebook = jupytext.reads(text, fmt="py:percent")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and notebook.cells[0].cell_type == "markdown"  # a title cell, then code
    for cell in code:
        compile(cell.source, f"{path.name} cell", "exec")
    # writing the notebook back gives the same file: the pair (.ipynb <-> .py) is in sync
    config = load_jupytext_configuration_file(str(ROOT / "pyproject.toml"))
    assert jupytext.writes(notebook, fmt="py:percent", config=config) == text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_run_by_a_rule(path):
    assert f'"../notebooks/{path.name}"' in RULES
