"""Figure 7: how close the Jacobian's singular values are to an isometry, per gain and input variance."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import jacobian
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    numbers = jacobian.measure(load_arrays(snakemake.input.jacobian), snakemake.params.factor)
    save_json(snakemake.output[0], numbers)
