"""Figure 2a-b data: simulation and exact solution of every tracked quantity, then the gaps."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import tracking
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = tracking.run(**snakemake.params.run, progress=snakemake.params.progress)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, tracking.measure(data))
