"""Figure 4g-h data: gap between the exact solution and decoupled sigmoids over initial scales and seeds."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import alignment
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = alignment.run_gap(**p["run"])
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, alignment.measure_gap(data, p["fit_max_scale"]))
