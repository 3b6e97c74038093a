"""Figure 6: learning time against depth per kind of start, and the spectra of random products."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.saxe2014 import init_depth, products
from exactdln.experiments.saxe2014.common import merge
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {kind: load_arrays(snakemake.input[kind]) for kind in snakemake.params.kinds}
    radii = np.linspace(0.0, 1.0, snakemake.params.n_radii + 1)[1:]
    numbers = merge(
        [init_depth.measure(runs), products.measure(load_arrays(snakemake.input.products), radii)]
    )
    save_json(snakemake.output[0], numbers)
