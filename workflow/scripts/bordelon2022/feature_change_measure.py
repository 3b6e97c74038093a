"""Figure 5: slopes against gamma0 and width, and the Eq. 7 and ExactSolution checks."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import feature_change
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {name: load_arrays(snakemake.input[name]) for name in p["rules"]}
    numbers = feature_change.measure(
        runs,
        load_arrays(snakemake.input.theory),
        rules=p["rules"],
        y=p["y"],
        small_window=p["small_window"],
        large_window=p["large_window"],
    )
    save_json(snakemake.output[0], numbers)
