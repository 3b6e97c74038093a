"""Figure 7: Jacobian singular values of a deep tanh network with orthogonal weights."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import jacobian
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = {k: v for k, v in snakemake.params.run.items() if k != "factor"}
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output[0], **jacobian.run(**p))
