"""Figure 5: a deep linear network on MNIST (5k) from small random weights vs greedy pretraining."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.saxe2014 import greedy
from exactdln.experiments.saxe2014.common import log_grid, statistics
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    std = p["random_std"] * np.sqrt(p["source_width"] / p["n_hidden"])  # the source's per-layer gain
    data = greedy.run(
        stats=statistics(load_arrays(snakemake.input.mnist), "pc"),
        n_hidden=p["n_hidden"],
        n_layers=p["n_layers"],
        random_std=std,
        etas=log_grid(p["etas"]),
        n_fine=p["refine"],
        fraction=p["fraction"],
        pretraining={**p["autoencoder"], "init_std": std},
        pretraining_steps=p["lengths"],
        n_seeds=p["n_seeds"],
        seed=p["seed"],
        max_steps=p["max_steps"],
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
