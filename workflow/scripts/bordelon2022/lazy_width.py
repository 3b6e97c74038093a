"""Figure 2: initial rho-FA eNTKs of the networks of one width (the width is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import lazy
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = lazy.run_width(
        width=int(snakemake.wildcards.width),
        **{k: p[k] for k in ("seed", "depth", "n_angles", "rhos", "n_seeds")},
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
