"""Figure 6A: learning time against depth for one kind of start (gaussian, orthogonal or pretrained)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.saxe2014 import init_depth
from exactdln.experiments.saxe2014.common import log_grid, statistics
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
pre = snakemake.params.pretraining
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    std = pre["random_std"] * np.sqrt(pre["source_width"] / p["width"])  # the autoencoders' small starts
    data = init_depth.run(
        kind=snakemake.wildcards.kind,
        stats=statistics(load_arrays(snakemake.input.mnist), "pc"),
        width=p["width"],
        layers=p["layers"],
        rate_grid=log_grid(p["rate_grid"]),
        n_fine=p["refine"],
        fraction=p["fraction"],
        n_seeds=p["n_seeds"],
        seed=p["seed"],
        max_steps=p["max_steps"],
        pretraining={**p["autoencoder"], "init_std": std},
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
