"""Figure 4: the closed-form and gradient-descent checks and the depth sweep's numbers."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import depth
from exactdln.experiments.saxe2014.common import unprefixed
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    checks = load_arrays(snakemake.input.checks)
    sweep = load_arrays(snakemake.input.sweep)
    numbers = depth.measure(
        unprefixed("checks", checks),
        unprefixed("gd", checks),
        sweep,
        unprefixed("full", sweep),
        snakemake.params.cv_min_layers,
        snakemake.params.censor_window,
    )
    save_json(snakemake.output[0], numbers)
