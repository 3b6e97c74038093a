"""Figure 2e: the output-scale sweep (Chizat et al.) for every activation, from plain and doubling starts."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import output_scale
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    task = load_arrays(snakemake.input.data)
    for activation in p["activations"]:
        for start in output_scale.STARTS:
            run = output_scale.run(
                task,
                activation=activation,
                start=start,
                width=p["width"],
                scales=p["scales"],
                n_seeds=p["n_seeds"],
                seed=snakemake.params.seed,
                eta=p["eta"],
                horizon=p["horizon"],
                n_records=p["n_records"],
            )
            save_arrays(snakemake.output[f"{activation}_{start}"], **run)
            print(f"{activation}, {start}: done", file=log, flush=True)
