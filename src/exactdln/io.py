"""Atomic result files: arrays (``.npz``), measured numbers (``.json``) and LaTeX macros.

Every writer writes to a temporary file in the target directory and renames
it into place, so an interrupted run never leaves a file that looks complete.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np


def _atomic_write(path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then rename it to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def save_arrays(path, **arrays) -> Path:
    """Write named arrays to a ``.npz`` file atomically."""

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **{k: np.asarray(v) for k, v in arrays.items()})

    return _atomic_write(path, write)


def load_arrays(path) -> dict[str, np.ndarray]:
    """Read every array of a ``.npz`` file into a dict."""
    with np.load(path) as data:
        return {k: data[k] for k in data.files}


def _plain(value):
    """Numbers and arrays as JSON-ready Python values; non-finite floats are refused."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise ValueError(f"cannot write the non-finite number {value!r} as a measured value")
        return float(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"cannot write {type(value).__name__} as a measured value")


def save_json(path, numbers: Mapping) -> Path:
    """Write a (nested) mapping of measured numbers to JSON atomically."""
    text = json.dumps(_plain(numbers), indent=2, sort_keys=True) + "\n"
    return _atomic_write(path, lambda tmp: tmp.write_text(text))


def load_json(path) -> dict:
    return json.loads(Path(path).read_text())


def save_text(path, text: str) -> Path:
    """Write text atomically."""
    return _atomic_write(path, lambda tmp: tmp.write_text(text))


def save_figure(fig, path, **kwargs) -> Path:
    """Save a matplotlib figure atomically (format from the suffix of ``path``)."""
    fmt = Path(path).suffix.lstrip(".")
    return _atomic_write(path, lambda tmp: fig.savefig(tmp, format=fmt, **kwargs))


def format_number(value, digits: int | None = 2) -> str:
    """A number for LaTeX text (or math: every form works in both).

    Integers are written in full (with ``{,}`` thousands separators); other
    numbers with ``digits`` significant digits, or, with ``digits=None``, in
    the shortest form that reads back as the same float (for settings such as
    learning rates). Magnitudes below 1e-3 or from 1e4 up use
    ``\\ensuremath{m \\times 10^{e}}``. A negative number is set in math mode
    (``\\ensuremath{-0.5}``), so that its sign prints as a minus, not a hyphen.
    """
    text = _format_number(value, digits)
    if text.startswith("-"):
        return f"\\ensuremath{{{text}}}"
    return text


def _format_number(value, digits: int | None) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}".replace(",", "{,}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"cannot format the non-finite number {v!r}")
    if v == 0:
        return "0"
    exp = math.floor(math.log10(abs(v)))
    if digits is None:
        text = repr(v)
        if "e" not in text and -3 <= exp <= 3:
            return text[:-2] if text.endswith(".0") else text
        mant = repr(v / 10**exp).rstrip("0").rstrip(".")
        if len(mant) > 17:  # the division was not exact: keep the shortest repr's own digits
            mant = f"{v:.15e}".split("e")[0].rstrip("0").rstrip(".")
        return f"\\ensuremath{{{mant} \\times 10^{{{exp}}}}}"
    if -3 <= exp <= 3:
        decimals = max(digits - 1 - exp, 0)
        return f"{v:.{decimals}f}"
    mant = f"{v / 10**exp:.{digits - 1}f}"
    if mant.lstrip("-").startswith("10"):
        exp += 1
        mant = f"{v / 10**exp:.{digits - 1}f}"
    return f"\\ensuremath{{{mant} \\times 10^{{{exp}}}}}"


_DIGITS = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


def _macro_name(parts) -> str:
    words = []
    for part in parts:
        for word in re.split(r"[^A-Za-z0-9]+", str(part)):
            if not word:
                continue
            # digits are not allowed in TeX control words: spell them out
            word = re.sub(r"\d", lambda m: _DIGITS[int(m.group())], word)
            words.append(word[0].upper() + word[1:])
    return "".join(words)


def latex_macros(numbers: Mapping, prefix: str, digits: int | None = 2) -> str:
    """``\\newcommand`` definitions for every number of a nested mapping.

    A leaf ``{"gap": {"small": 1.2e-3}}`` with prefix ``"figone"`` becomes
    ``\\newcommand{\\FigoneGapSmall}{0.0012}``; see :func:`format_number`
    for ``digits``. Digits in keys are spelled out (``n2`` becomes ``NTwo``:
    TeX names cannot hold digits). Lists of up to ``MAX_LIST`` numbers give
    one macro per entry, named by index (``[2, 50]`` under ``range`` gives
    ``RangeZero`` and ``RangeOne``), and one for the whole list joined by
    commas (``RangeList``); longer or nested lists and strings are
    skipped (they are data, not quotable numbers).
    """
    lines = []

    def leaf(value, path):
        name = _macro_name([prefix, *path])
        lines.append(f"\\newcommand{{\\{name}}}{{{format_number(value, digits)}}}")

    def walk(node, path):
        if isinstance(node, Mapping):
            for key in sorted(node):
                walk(node[key], [*path, key])
        elif isinstance(node, list | tuple | np.ndarray):
            values = list(np.asarray(node).tolist()) if isinstance(node, np.ndarray) else list(node)
            if len(values) <= MAX_LIST and all(isinstance(v, int | float) for v in values):
                for i, v in enumerate(values):
                    leaf(v, [*path, str(i)])
                name = _macro_name([prefix, *path, "list"])
                joined = ", ".join(format_number(v, digits) for v in values)
                lines.append(f"\\newcommand{{\\{name}}}{{{joined}}}")
        elif not isinstance(node, str):
            leaf(node, path)

    walk(numbers, [])
    return "\n".join(lines) + "\n"


MAX_LIST = 16


def latex_table_rows(columns, digits=2) -> str:
    """Body rows of a LaTeX table from equal-length columns of numbers.

    ``digits`` is one value for every column or a sequence with one per
    column (see :func:`format_number`). Rows end with ``\\\\``.
    """
    columns = [list(np.asarray(c).tolist()) for c in columns]
    if not columns or len({len(c) for c in columns}) != 1:
        raise ValueError("columns must be a non-empty list of equal-length sequences")
    per_column = list(digits) if isinstance(digits, list | tuple) else [digits] * len(columns)
    if len(per_column) != len(columns):
        raise ValueError(f"digits has {len(per_column)} entries for {len(columns)} columns")
    rows = zip(*columns, strict=True)
    return "\n".join(
        " & ".join(format_number(v, d) for v, d in zip(row, per_column, strict=True)) + r" \\" for row in rows
    )
