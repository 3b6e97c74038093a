"""Figure 4: the width experiment of the authors' public code (main.py) at one exponent alpha."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import authors_protocol
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = authors_protocol.run(
        load_arrays(snakemake.input.data),
        widths=p["widths"],
        n_seeds=p["n_seeds"],
        seed=snakemake.params.seed,
        eta0=p["eta0"],
        alpha=float(snakemake.wildcards.alpha),
        n_steps=p["n_steps"],
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
