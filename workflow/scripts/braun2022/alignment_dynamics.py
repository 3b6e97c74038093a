"""Figure 4a-f data: gradient descent and exact solution of U^T W2 W1 V from three scales, then measure."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import alignment
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = alignment.run_dynamics(**p, progress=snakemake.params.progress)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, alignment.measure_dynamics(data, p["loss_threshold"]))
