"""Figure 1 data: simulate and solve exactly from each initial scale, then measure."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import init_scale
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = init_scale.run(**snakemake.params.run, progress=snakemake.params.progress)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, init_scale.measure(data))
