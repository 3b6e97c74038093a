"""docs/mathematics.md is the reference the sources cite: its sections exist and every citation resolves.

The page's sections are the headings ``## n. Title``, numbered from 1 without gaps;
sections 1-6 keep the topics (and numbers) of the project's original specification,
so that its citations could be replaced mechanically (docs/spec_map.txt). Every
citation of the page with a section number in the sources (``docs/mathematics.md §2``,
``§2–3``, ``§1, §5``, ``§7 and §8``; in LaTeX ``\\file{docs/mathematics.md}~\\S5``) must
name one of its sections, and no source may cite the original specification
(``SPEC §n``, ``SPEC.md``), which is not in the repository.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "mathematics.md"
THIS = Path(__file__).resolve()
# where citations live: sources, workflow, tests, paper, benchmarks, examples and the README
SCANNED = ("src", "workflow", "tests", "paper", "benchmarks", "examples", "README.md")
SUFFIXES = {".py", ".smk", ".tex", ".md", ".rst", ".yaml", ".yml", ".toml", ".txt", ".sh", ".bib", ".cfg"}
# the topics of sections 1-6, which keep the numbers of the original specification
FIRST_TOPICS = {
    1: "Setting",
    2: "The exact solution",
    3: "Quantities derived from",
    4: "Limits",
    5: "Deeper networks",
    6: "Learning rules",
}

HEADING = re.compile(r"^## (\d+)\. (\S.*)$", re.MULTILINE)
# one section or range: "§2", "§2-3" (en dash or hyphen), LaTeX "\S5", "\S~5", "\S2--3"
DASH = r"(?:\u2013|--|-)"
SECTION = r"(?:§|\\S)~?\s*\d+(?:\s*" + DASH + r"\s*\d+)?"
CITATION = re.compile(
    r"docs/mathematics\.md\}?[~\s]*(" + SECTION + r"(?:\s*(?:,|;|and|&)\s*" + SECTION + r")*)"
)
NUMBER = re.compile(r"(\d+)(?:\s*" + DASH + r"\s*(\d+))?")
OLD_SPEC = re.compile(r"SPEC(?:\.md|\s*§|~?\\S)")


def numbered_headings() -> list[tuple[int, str]]:
    """``(n, title)`` of every heading ``## n. Title`` of the page, in order."""
    text = PAGE.read_text(encoding="utf-8")
    return [(int(m.group(1)), m.group(2).strip()) for m in HEADING.finditer(text)]


def source_files() -> list[Path]:
    """Every text file under the scanned paths (not hidden, not caches, not this test)."""
    out = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            out.append(path)
            continue
        if not path.is_dir():
            continue
        for file in sorted(path.rglob("*")):
            rel = file.relative_to(ROOT).parts
            if any(part.startswith(".") or part == "__pycache__" for part in rel):
                continue
            if file.is_file() and file.suffix in SUFFIXES and file.resolve() != THIS:
                out.append(file)
    return out


def line_of(text: str, offset: int) -> tuple[int, str]:
    """1-based line number and stripped text of the line holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text.count("\n", 0, offset) + 1, text[start : end if end >= 0 else len(text)].strip()


def test_the_page_has_sections_numbered_one_to_n():
    headings = numbered_headings()
    numbers = [n for n, _ in headings]
    assert numbers == list(range(1, len(numbers) + 1)), (
        f"{PAGE.relative_to(ROOT)}: the headings '## n. Title' must be numbered 1, 2, ... without "
        f"gaps or repeats, got {numbers}"
    )
    assert len(numbers) >= len(FIRST_TOPICS), f"expected at least sections 1-6, got {numbers}"
    titles = dict(headings)
    for n, topic in FIRST_TOPICS.items():
        assert titles[n].startswith(topic), (
            f"section {n} must keep the original specification's topic '{topic}...', got '{titles[n]}'"
        )


def test_every_citation_names_a_section_of_the_page():
    sections = {n for n, _ in numbered_headings()}
    bad = []
    for path in source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in CITATION.finditer(text):
            for first, last in NUMBER.findall(m.group(1)):
                lo, hi = int(first), int(last or first)
                missing = [n for n in range(lo, hi + 1) if n not in sections]
                if hi < lo or missing:
                    line, content = line_of(text, m.start())
                    cited = f"§{lo}" + (f"-{hi}" if hi != lo else "")
                    bad.append(f"{path.relative_to(ROOT)}:{line}: {cited} is not a section: {content}")
    assert not bad, (
        f"citations of sections that {PAGE.relative_to(ROOT)} does not have "
        f"(it has §1-{max(sections)}):\n" + "\n".join(bad)
    )


def test_nothing_cites_the_original_specification():
    found = {}  # one entry per line
    for path in source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in OLD_SPEC.finditer(text):
            line, content = line_of(text, m.start())
            found[f"{path.relative_to(ROOT)}:{line}"] = content
    bad = [f"{where}: {content}" for where, content in found.items()]
    assert not bad, (
        "these lines cite the original specification, which is not in the repository; cite "
        "docs/mathematics.md §n instead (docs/spec_map.txt has the replacements):\n" + "\n".join(bad)
    )
