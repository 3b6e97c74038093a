"""Figure 5: one run of the SGD plan (network, activation, batch size, learning rate) at every width."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import sgd
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = sgd.run(
        load_arrays(snakemake.input.data),
        **sgd.settings(p.run),
        seed=p.seed,
        n_steps=p.n_steps,
        n_records=p.n_records,
        progress=p.progress,
    )
    save_arrays(snakemake.output[0], **data)
