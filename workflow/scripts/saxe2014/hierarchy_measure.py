"""Figure 3: the delays of the half-learning times the paper quotes, per network."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import hierarchy
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {network: load_arrays(snakemake.input[network]) for network in snakemake.params.networks}
    save_json(snakemake.output[0], hierarchy.measure(runs))
