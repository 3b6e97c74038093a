"""The MNIST (5k) statistics of Figures 4-6 and Figure 5's consistency matrices (reads MNIST once)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import mnist
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output[0], **mnist.prepare(**snakemake.params.run))
