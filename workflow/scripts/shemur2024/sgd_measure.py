"""Figure 5: width slopes (standard errors, power-law checks) and growth over the steps of every SGD run."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import sgd
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {name: load_arrays(snakemake.input[name]) for name in p.runs}
    numbers = sgd.measure(runs, fit_min_width=p.fit_min_width, tolerance=p.tolerance)
    save_json(snakemake.output[0], {"sgd": numbers, "plan": p.plan})
