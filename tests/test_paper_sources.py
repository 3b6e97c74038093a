"""The paper's sources are well formed: every bibliography entry closes, every citation resolves.

BibTeX stops at an unclosed entry and latexmk then fails the paper rule; these
checks name the entry (or the missing key) without needing TeX.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "paper"


def bib_entries() -> dict[str, str]:
    """Citation key -> the entry's text, for every ``@type{key, ...}`` in references.bib."""
    text = (PAPER / "references.bib").read_text()
    starts = [m for m in re.finditer(r"(?m)^@(\w+)\{([^,\s]+),", text)]
    assert starts, "references.bib holds no entries"
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return {m.group(2): text[m.start() : end] for m, end in zip(starts, ends, strict=True)}


def test_every_bibliography_entry_closes_before_the_next_begins():
    for key, entry in bib_entries().items():
        depth = 0
        for k, char in enumerate(entry):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"entry {key}: a '}}' closes more than was opened"
            if depth == 0 and k > entry.index("{"):
                assert not entry[k + 1 :].strip(), f"entry {key}: text after its closing brace"
                break
        else:
            raise AssertionError(f"entry {key} is not closed before the next entry begins")


def test_every_cited_key_is_in_the_bibliography():
    keys = set(bib_entries())
    sources = [PAPER / "main.tex", *sorted((PAPER / "sections").rglob("*.tex"))]
    cited = set()
    for path in sources:
        for group in re.findall(r"\\cite[a-z]*\*?(?:\[[^\]]*\])*\{([^}]+)\}", path.read_text()):
            cited.update(key.strip() for key in group.split(","))
    assert cited, "no citations found"
    assert cited <= keys, f"cited but not in references.bib: {sorted(cited - keys)}"
