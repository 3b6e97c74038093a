"""Figure 4: two-hidden-layer MLPs on MNIST against their linearisation, for one exponent alpha."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import mnist_mlp
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = mnist_mlp.run(
        load_arrays(snakemake.input.data),
        activation=p["activation"],
        widths=p["widths"],
        alpha=float(snakemake.wildcards.alpha),
        eta0=p["eta0"],
        n_steps=p["n_steps"],
        n_seeds=p["n_seeds"],
        seed=snakemake.params.seed,
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
