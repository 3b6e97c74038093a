"""Figure 4: the MNIST table's networks at one exponent alpha, every width trained to the same flow time."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import mnist_mlp
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
matched = p["matched"]
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = mnist_mlp.run(
        load_arrays(snakemake.input.data),
        activation=p["activation"],
        widths=p["widths"],
        alpha=float(snakemake.wildcards.alpha),
        eta0=matched["eta0"],
        reference_width=matched["reference_width"],
        flow_time=matched["flow_time"],
        n_seeds=p["n_seeds"],
        seed=snakemake.params.seed,
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
