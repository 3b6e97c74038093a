"""Figure 8: the fixed point q_inf(g) of the quoted gains, theory against wide networks."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import mean_field
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    numbers = mean_field.measure(load_arrays(snakemake.input.mean_field), snakemake.params.quoted_gains)
    save_json(snakemake.output[0], numbers)
