"""Figure 3: the teacher gap's end-to-middle ratio and the collapse of width x gap per activation, and the
linear network's lam slope."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import linear_exact, width
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {act: load_arrays(snakemake.input[f"teacher_{act}"]) for act in p.activations}
    numbers = {
        "gap_time_ratio": {act: width.gap_time_ratio(d) for act, d in runs.items()},
        "collapse": {act: width.collapse(d, widths=p.time_widths, within=1.15) for act, d in runs.items()},
        "linear_exact": linear_exact.measure(load_arrays(snakemake.input.linear), fit_min_lam=p.fit_min_lam),
    }
    save_json(snakemake.output[0], numbers)
