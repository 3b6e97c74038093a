"""Part II's numbers.json: every figure's measured numbers and the issue's named keys."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import summary
from exactdln.io import load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    inp = snakemake.input
    parts = ("modes", "lazy_ntk", "funnel", "hierarchy", "reversal", "continual")
    numbers = summary.collect(
        minimal=[load_json(path) for path in inp.minimal],
        **{key: load_json(inp[key]) for key in parts},
        slope_shape=snakemake.params.slope_shape,
        funnel_shape=snakemake.params.funnel_shape,
    )
    save_json(snakemake.output[0], numbers)
