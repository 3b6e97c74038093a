"""Figure 2a-d: exact correlations at initialisation against width, and the finite-difference step study."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import correlation_sweep
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    task = load_arrays(snakemake.input.data)
    sweep = correlation_sweep.run(
        task,
        activations=snakemake.params.activations,
        widths=p["widths"],
        n_seeds=p["n_seeds"],
        seed=snakemake.params.seed,
        n_points=p["n_points"],
    )
    save_arrays(snakemake.output.sweep, **sweep)
    fd = correlation_sweep.fd_study(
        task,
        activations=snakemake.params.activations,
        width=p["fd_width"],
        n_points=p["fd_points"],
        seed=snakemake.params.seed,
        steps=p["fd_steps"],
    )
    save_arrays(snakemake.output.fd, **fd)
