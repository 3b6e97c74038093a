"""Figure 3: the end-to-middle ratio of the teacher gap per activation, and the linear network's lam slope."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import linear_exact, width
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    numbers = {
        "gap_time_ratio": {
            act: width.gap_time_ratio(load_arrays(snakemake.input[f"teacher_{act}"])) for act in p.activations
        },
        "linear_exact": linear_exact.measure(load_arrays(snakemake.input.linear), fit_min_lam=p.fit_min_lam),
    }
    save_json(snakemake.output[0], numbers)
