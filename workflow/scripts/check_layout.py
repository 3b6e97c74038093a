"""Check the paper's layout from its LaTeX build: every figure near its first reference.

Reads ``paper/build/main.aux`` (written by ``latexmk`` in rule ``paper``). The float of a
figure labelled ``fig:x`` is on the page its ``\\newlabel{fig:x}`` records; every
reference ``\\ref{fig:x}`` in the body (after the abstract) records its own page through
the ``\\refonpage`` hook of ``paper/main.tex``; ``\\label{references}`` marks the page where
the bibliography starts. A figure fails when it lies more than ``--max-distance`` pages
(default 2) after the page of its first reference, before that page (a float cannot
precede its first mention by more than the page it is on), after the start of the
references, or when the body never refers to it.

Usage: ``python workflow/scripts/check_layout.py [paper/build/main.aux] [--max-distance 2]``;
exit status 1 with one line per problem, 0 with a one-line summary. Run by ``.ci/run``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

NEWLABEL = re.compile(r"^\\newlabel\{(?P<label>[^{}]+)\}\{\{(?P<number>[^{}]*)\}\{(?P<page>[^{}]*)\}")
REFONPAGE = re.compile(r"^\\refonpage\{(?P<label>[^{}]+)\}\{(?P<page>[^{}]*)\}")


def read_aux(text: str) -> tuple[dict[str, tuple[str, int]], dict[str, int]]:
    """``(labels, first_reference)``: label -> (number, page), and label -> page of its first
    body reference."""
    labels: dict[str, tuple[str, int]] = {}
    first: dict[str, int] = {}
    for line in text.splitlines():
        if m := NEWLABEL.match(line):
            if m["page"].isdigit():
                labels[m["label"]] = (m["number"], int(m["page"]))
        elif (m := REFONPAGE.match(line)) and m["page"].isdigit():
            page = int(m["page"])
            first[m["label"]] = min(page, first.get(m["label"], page))
    return labels, first


def problems(text: str, max_distance: int = 2) -> tuple[list[str], list[str]]:
    """``(problems, lines)``: what is wrong, and one line per figure (for the log)."""
    labels, first = read_aux(text)
    if "references" not in labels:
        return ["no \\label{references} in the aux file: is paper/main.tex's hook in place?"], []
    references = labels["references"][1]
    found, lines = [], []
    figures = sorted(
        (int(number) if number.isdigit() else 0, label, page)
        for label, (number, page) in labels.items()
        if label.startswith("fig:")
    )
    if not figures:
        found.append("no figure labels (fig:...) in the aux file")
    for number, label, page in figures:
        ref = first.get(label)
        lines.append(f"Figure {number} ({label}): on page {page}, first referred to on page {ref}")
        if ref is None:
            found.append(f"Figure {number} ({label}) on page {page} is never referred to in the body")
            continue
        if page > references:
            found.append(
                f"Figure {number} ({label}) is on page {page}, after the references (page {references})"
            )
        if page - ref > max_distance:
            found.append(
                f"Figure {number} ({label}) is on page {page}, {page - ref} pages after its first "
                f"reference (page {ref}; at most {max_distance} allowed)"
            )
        if page < ref - 1:
            found.append(
                f"Figure {number} ({label}) is on page {page}, before its first reference (page {ref})"
            )
    return found, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("aux", nargs="?", default="paper/build/main.aux")
    parser.add_argument("--max-distance", type=int, default=2)
    args = parser.parse_args(argv)
    aux = Path(args.aux)
    if not aux.is_file():
        print(f"{aux} not found: build the paper first (snakemake paper/main.pdf)", file=sys.stderr)
        return 1
    found, lines = problems(aux.read_text(errors="replace"), args.max_distance)
    print("\n".join(lines))
    if found:
        print("\n".join(f"LAYOUT: {p}" for p in found), file=sys.stderr)
        return 1
    print(f"layout: all {len(lines)} figures within {args.max_distance} pages of their first reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
