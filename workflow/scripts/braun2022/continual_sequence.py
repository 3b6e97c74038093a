"""Figure 6a (part "sequence") or 6d-e (part "matrix"): one task sequence, simulated and exact."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import continual
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    settings = snakemake.params.runs[snakemake.wildcards.part]
    data = continual.run(**settings, progress=snakemake.params.progress)
    save_arrays(snakemake.output[0], **data)
