"""Figure 2: the Appendix A numbers the paper quotes (the fitted factor, the closed forms' errors)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import phase
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_json(snakemake.output[0], phase.measure(load_arrays(snakemake.input.phase)))
