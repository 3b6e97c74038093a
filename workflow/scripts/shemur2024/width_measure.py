"""Figure 1: width slopes of the gaps, the NTK and the weight changes, per task and activation."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import width
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {
        data: {act: load_arrays(snakemake.input[f"{data}_{act}"]) for act in p.activations} for data in p.data
    }
    numbers = {
        data: width.measure(r, fit_min_width=p.fit_min_width, tolerance=p.tolerance)
        for data, r in runs.items()
    }
    save_json(snakemake.output[0], {"width": numbers})
