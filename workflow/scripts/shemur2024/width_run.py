"""Figures 1 and 3a: one task, one activation, one group of widths: network against linearised model."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import width
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
activation = snakemake.wildcards.activation
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = width.run(
        load_arrays(snakemake.input.data),
        activation=activation,
        widths=snakemake.params.widths,
        n_seeds=p["n_seeds"],
        seed=snakemake.params.seed,
        eta=p["eta"][activation],
        horizon=p["horizon"],
        n_records=p["n_records"],
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
