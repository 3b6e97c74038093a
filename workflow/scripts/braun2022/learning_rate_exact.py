"""Figure 2c-d: the exact loss of every configuration on the common time grid, and at t = inf."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import learning_rate as lr
from exactdln.io import load_json, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

setup = load_json(snakemake.input.configs)
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    loss = lr.exact_losses(setup["configs"], setup["times"], target_std=snakemake.params.target_std)
    final = lr.exact_losses(setup["configs"], [float("inf")], target_std=snakemake.params.target_std)[:, 0]
    save_arrays(snakemake.output[0], loss=loss, final=final, times=setup["times"])
