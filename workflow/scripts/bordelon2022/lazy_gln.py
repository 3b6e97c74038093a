"""Figure 2: initial eNTKs of ReLU-gated linear networks of several depths."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import lazy
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = lazy.run_gln(**p["gln"], n_angles=p["n_angles"], progress=snakemake.params.progress)
    save_arrays(snakemake.output[0], **data)
