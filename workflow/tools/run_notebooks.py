"""Run figure notebooks in a Jupyter kernel, as a researcher's JupyterLab would.

Each ``workflow/notebooks/<part>/figN_<topic>.py`` (a jupytext py:percent file) is read
as a notebook and executed by nbclient in a fresh ``python3`` kernel whose working
directory is the notebook's own folder; outside Snakemake the notebook reads its inputs
from the repository (``exactdln.figures.paths``), so they must be built first
(``snakemake --cores all``). A notebook passes when every cell runs and its figure is
shown inline (an ``image/png`` output). Needs the ``notebooks`` extra
(``pip install -e ".[notebooks]"``).

Usage: ``python workflow/tools/run_notebooks.py [--jobs 2] [NOTEBOOK ...]`` (default:
every notebook). Exit status 1 if any notebook fails, naming it and its error.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(path: str) -> tuple[str, bool, str]:
    """Execute one notebook in a kernel from its folder; ``(path, passed, message)``."""
    import jupytext
    from nbclient import NotebookClient

    start = time.time()
    notebook = jupytext.read(path)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(
        notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}
    )
    try:
        client.execute()
    except Exception as error:  # nbclient raises CellExecutionError, timeouts, dead kernels
        return path, False, f"{type(error).__name__}: {str(error)[-2000:]}"
    images = sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    if images == 0:
        return path, False, "ran, but showed no figure inline"
    return path, True, f"{time.time() - start:.1f} s, {images} figure(s) shown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(str(p) for p in ROOT.glob("workflow/notebooks/*/fig*.py"))
    failed = 0
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for path, passed, message in pool.map(run, paths):
            name = Path(path).resolve().relative_to(ROOT)
            print(f"{'ok  ' if passed else 'FAIL'} {name}: {message}", flush=True)
            failed += not passed
    print(f"{len(paths) - failed} of {len(paths)} notebooks ran in a kernel and showed their figure")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
