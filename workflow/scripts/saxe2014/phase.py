"""Figure 2: the (a, b) phase portrait of one mode and the Appendix A closed-form checks."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import phase
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output[0], **phase.run(**snakemake.params.run))
