"""Figure 2c-d: gather the simulations, compare with the exact losses, measure the errors."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.braun2022 import learning_rate as lr
from exactdln.io import load_arrays, load_json, save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

setup = load_json(snakemake.input.configs)
etas = np.asarray(setup["learning_rates"], dtype=float)
exact_run = load_arrays(snakemake.input.exact)
exact = exact_run["loss"]
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    sim = lr.gather(snakemake.input.runs, etas, exact.shape)
    save_arrays(
        snakemake.output.data,
        learning_rates=etas,
        times=np.asarray(setup["times"]),
        sim_loss=sim,
        exact_loss=exact,
        exact_final_loss=exact_run["final"],
        examples=np.arange(snakemake.params.n_examples),
        n_in=[c["n_in"] for c in setup["configs"]],
        n_hidden=[c["n_hidden"] for c in setup["configs"]],
        n_out=[c["n_out"] for c in setup["configs"]],
    )
    save_json(snakemake.output.numbers, lr.measure(etas, sim, exact, mse_bound=snakemake.params.mse_bound))
