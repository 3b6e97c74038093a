"""Figure 6B-C: singular values and eigenvalues of products of Gaussian and orthogonal matrices."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import products
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = {k: v for k, v in snakemake.params.run.items() if k != "n_radii"}
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output[0], **products.run(**p))
