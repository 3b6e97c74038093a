"""Build paper/main.pdf with latexmk, or stop with a message that says how to get TeX."""

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from snakemake.script import snakemake

missing = [tool for tool in ("latexmk", "pdflatex", "bibtex") if shutil.which(tool) is None]
if missing:
    raise SystemExit(
        f"Cannot build the paper: {', '.join(missing)} not found on PATH.\n"
        "Install TeX (Debian/Ubuntu): sh workflow/install_tex.sh\n"
        "or build only the figures:   snakemake --cores 8 figures"
    )

tex = Path(snakemake.input.tex)
build = tex.parent / "build"
build.mkdir(exist_ok=True)
with open(snakemake.log[0], "w") as log:
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-outdir=build", tex.name],
        cwd=tex.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
if result.returncode != 0:
    raise SystemExit(
        f"latexmk failed (exit {result.returncode}); see {snakemake.log[0]} and {build}/main.log"
    )
# move into place only when complete, so a failed build never leaves a PDF that looks current
os.replace(build / f"{tex.stem}.pdf", snakemake.output[0])
