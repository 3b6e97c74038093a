"""Figure 2: width slopes of the exact correlations, the finite-difference check, the output-scale slopes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import correlation_sweep, output_scale
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
inp = snakemake.input
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    scale_runs = {
        act: {start: load_arrays(inp[f"{act}_{start}"]) for start in ("plain", "doubling")}
        for act in p.scale_activations
    }
    numbers = {
        "correlations": correlation_sweep.measure(
            load_arrays(inp.sweep), load_arrays(inp.fd), fit_min_width=p.fit_min_width, tolerance=p.tolerance
        ),
        "output_scale": output_scale.measure(
            scale_runs, fit_min_scale=p.fit_min_scale, tolerance=p.tolerance
        ),
    }
    save_json(snakemake.output[0], numbers)
