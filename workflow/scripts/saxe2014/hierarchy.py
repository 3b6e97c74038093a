"""Figure 3: mode strengths of one kind of network (linear or tanh) on hierarchical data."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import hierarchy
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = hierarchy.run(
        network=snakemake.wildcards.network, **snakemake.params.run, progress=snakemake.params.progress
    )
    save_arrays(snakemake.output[0], **data)
