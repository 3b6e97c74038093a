"""Figure 3b: lambda-balanced linear networks (ExactSolution) against their linearisation (closed form)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import linear_exact
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = {k: v for k, v in snakemake.params.run.items() if k != "fit_min_lam"}
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output[0], **linear_exact.run(**p))
