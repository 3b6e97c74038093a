"""Figure 4: deep linear rho-FA and DFA networks of one width (the width is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import deep_fa
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = dict(snakemake.params.run)
for key in ("widths", "fine_rhos"):
    p.pop(key)
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = deep_fa.run_width(width=int(snakemake.wildcards.width), **p, progress=snakemake.params.progress)
    save_arrays(snakemake.output[0], **data)
