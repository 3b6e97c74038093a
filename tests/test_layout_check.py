"""The paper's layout check (workflow/scripts/check_layout.py) on aux files with known answers."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "check_layout", ROOT / "workflow" / "scripts" / "check_layout.py"
)
check_layout = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_layout)


def aux(*lines: str) -> str:
    return "\n".join(["\\relax", *lines, "\\newlabel{references}{{7}{20}{References}{section*.9}{}}"])


def test_figures_near_their_first_reference_pass():
    text = aux(
        "\\newlabel{fig:a}{{1}{3}{A}{figure.1}{}}",
        "\\refonpage{fig:a}{5}",  # a later reference does not count
        "\\refonpage{fig:a}{2}",
        "\\newlabel{fig:b}{{2}{6}{B}{figure.2}{}}",
        "\\refonpage{fig:b}{6}",
        "\\newlabel{sec:x}{{3}{30}{X}{section.3}{}}",  # not a figure
    )
    found, lines = check_layout.problems(text)
    assert found == []
    assert lines == [
        "Figure 1 (fig:a): on page 3, first referred to on page 2",
        "Figure 2 (fig:b): on page 6, first referred to on page 6",
    ]


def test_floating_away_past_the_references_and_unreferenced_figures_fail():
    text = aux(
        "\\newlabel{fig:far}{{1}{9}{}{figure.1}{}}",
        "\\refonpage{fig:far}{4}",
        "\\newlabel{fig:late}{{2}{21}{}{figure.2}{}}",
        "\\refonpage{fig:late}{20}",
        "\\newlabel{fig:early}{{3}{2}{}{figure.3}{}}",
        "\\refonpage{fig:early}{8}",
        "\\newlabel{fig:never}{{4}{10}{}{figure.4}{}}",
    )
    found, _ = check_layout.problems(text)
    assert any("Figure 1" in p and "5 pages after" in p for p in found)
    assert any("Figure 2" in p and "after the references" in p for p in found)
    assert any("Figure 3" in p and "before its first reference" in p for p in found)
    assert any("Figure 4" in p and "never referred to" in p for p in found)
    assert check_layout.problems(text, max_distance=5)[0] != found  # the distance is a setting


def test_a_build_without_the_hook_is_refused(tmp_path):
    found, _ = check_layout.problems("\\newlabel{fig:a}{{1}{3}{A}{figure.1}{}}")
    assert found and "references" in found[0]
    assert check_layout.main([str(tmp_path / "missing.aux")]) == 1
