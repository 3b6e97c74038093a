"""Part III: every number the paper quotes, in results/saxe2014/numbers.json (macro prefix `saxe`)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.saxe2014 import (
    depth,
    greedy,
    hierarchy,
    init_depth,
    jacobian,
    mean_field,
    mnist,
    phase,
    products,
)
from exactdln.experiments.saxe2014 import numbers as part_numbers
from exactdln.experiments.saxe2014.common import unprefixed
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

cfg = snakemake.params.config
inp = snakemake.input
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    checks = load_arrays(inp.depth_checks)
    sweep = load_arrays(inp.depth_sweep)
    runs = dict(zip(snakemake.params.kinds, [load_arrays(path) for path in inp.init_depth], strict=True))
    parts = [
        phase.measure(load_arrays(inp.phase)),
        hierarchy.measure(
            {"linear": load_arrays(inp.hierarchy_linear), "tanh": load_arrays(inp.hierarchy_tanh)}
        ),
        depth.measure(
            unprefixed("checks", checks),
            unprefixed("gd", checks),
            sweep,
            unprefixed("full", sweep),
            cfg["depth"]["sweep"]["cv_min_layers"],
        ),
        mnist.measure(load_arrays(inp.mnist)),
        greedy.measure(load_arrays(inp.pretraining)),
        init_depth.measure(runs),
        products.measure(
            load_arrays(inp.products), np.linspace(0.0, 1.0, cfg["products"]["n_radii"] + 1)[1:]
        ),
        jacobian.measure(load_arrays(inp.jacobian), cfg["jacobian"]["factor"]),
        mean_field.measure(load_arrays(inp.mean_field), cfg["mean_field"]["quoted_gains"]),
    ]
    save_json(snakemake.output[0], part_numbers.gather(parts))
