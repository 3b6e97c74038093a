"""Figure 4: learning time and optimal rate against depth on whitened MNIST (5k), decoupled starts,
and a repetition of chosen depths with full weight matrices."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.saxe2014 import depth
from exactdln.experiments.saxe2014.common import log_grid, prefixed, statistics
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    stats = statistics(load_arrays(snakemake.input.mnist), "white")
    s = np.linalg.svd(stats["sigma_yx"], compute_uv=False)
    sweep = p["sweep"]
    data = depth.sweep(
        singular_values=s,
        layers=sweep["layers"],
        u0=sweep["u0"],
        etas=log_grid(sweep["etas"]),
        fraction=sweep["fraction"],
        n_steps=sweep["n_steps"],
        progress=snakemake.params.progress,
    )
    idx = [sweep["layers"].index(n) for n in p["full_check"]["layers"]]
    full = depth.full_network_check(
        sigma_yx=stats["sigma_yx"],
        hidden=p["full_check"]["hidden"],
        layers=p["full_check"]["layers"],
        u0=sweep["u0"],
        etas=data["best_eta"][idx],
        n_steps=data["steps_run"][idx],
        fraction=sweep["fraction"],
        seed=p["full_check"]["seed"],
    )
    save_arrays(snakemake.output[0], singular_values=s, **data, **prefixed("full", full))
