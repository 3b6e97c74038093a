"""Figure 5: the learning times, kernel movements and distances the paper quotes."""

from contextlib import redirect_stderr
from itertools import product
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import regimes
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
pairs = product(snakemake.params.tasks, snakemake.params.families)  # the order of expand()
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs: dict = {}
    for (task, family), path in zip(pairs, snakemake.input.runs, strict=True):
        runs.setdefault(task, {})[family] = load_arrays(path)
    numbers = regimes.measure(
        runs,
        slow_max_scale=p["slow_max_scale"],
        fast_min_scale=p["fast_min_scale"],
        distance_bound=p["distance_bound"],
    )
    save_json(snakemake.output[0], numbers)
