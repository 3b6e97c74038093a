"""Figure 6b-d: one kind of targets, one activation, one share of the random draws, trained on task 1
then task 2."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import forgetting
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
activation = snakemake.wildcards.activation
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    keys = ("n_groups", "n_runs", "dim_range", "n_items", "target_std", "init_gain", "seed", "eta")
    data = forgetting.run(
        activation=activation,
        job=int(snakemake.wildcards.job),
        n_jobs=p["n_jobs"][activation],
        n_steps=p["n_steps"][activation],
        targets=snakemake.wildcards.targets,
        # linear networks train a fixed number of steps, nonlinear ones until the stopping rule
        stopping=None if activation == "linear" else p["stopping"],
        # only the linear networks have a converged prediction to check against
        check_runs=p["check_runs"] if activation == "linear" else 0,
        check_factor=p["check_factor"],
        **{k: p[k] for k in keys},
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
