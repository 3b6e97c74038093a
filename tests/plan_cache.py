"""The dry-run plan of the whole workflow, computed once and shared by the tests.

``snakemake --dry-run --forceall`` takes seconds; the workflow tests need its output in every
pytest-xdist worker. It is stored in the temporary directory under a name that hashes every
file the plan depends on (the Snakefile, ``workflow/``, the library), so a plan is never
reused after an edit. ``tests/conftest.py`` starts computing it in the background when the
test session starts (``python tests/plan_cache.py``), while the workers start and collect;
:func:`plan` then waits for it (under a file lock) instead of running a second dry run.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_LOCAL = Path(sys.executable).parent / "snakemake"
SNAKEMAKE = str(_LOCAL) if _LOCAL.exists() else shutil.which("snakemake")


def _key() -> str:
    """A hash of everything the plan depends on (file names and contents)."""
    digest = hashlib.sha256()
    files = [
        ROOT / "Snakefile",
        *sorted((ROOT / "workflow").rglob("*")),
        *sorted((ROOT / "src").rglob("*.py")),
    ]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    digest.update(str(SNAKEMAKE).encode())
    return digest.hexdigest()[:20]


def _compute() -> str:
    result = subprocess.run(
        [
            SNAKEMAKE,
            "--dry-run",
            "--forceall",
            "--directory",
            str(ROOT),
            "--snakefile",
            str(ROOT / "Snakefile"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"snakemake --dry-run failed:\n{result.stderr}")
    return result.stdout


def plan() -> str:
    """The plan's text: read from the shared file, or computed (and stored) by the first to ask."""
    cache = Path(tempfile.gettempdir()) / f"exactdln-plan-{_key()}.txt"
    with open(cache.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.exists():
            return cache.read_text()
        text = _compute()
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.replace(cache)
        return text


if __name__ == "__main__":
    if SNAKEMAKE is not None:
        plan()
