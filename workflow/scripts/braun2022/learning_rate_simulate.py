"""Figure 2c-d: gradient descent on one chunk of configurations at one learning rate."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import learning_rate as lr
from exactdln.io import load_json, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

setup = load_json(snakemake.input.configs)
eta = float(snakemake.wildcards.eta)
if eta not in setup["learning_rates"]:
    raise ValueError(f"learning rate {eta} is not one of the configured {setup['learning_rates']}")
indices = setup["chunks"][int(snakemake.wildcards.chunk)]
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    loss = lr.simulate(
        setup["configs"],
        indices,
        eta,
        setup["times"],
        target_std=snakemake.params.target_std,
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], indices=indices, loss=loss, eta=eta)
