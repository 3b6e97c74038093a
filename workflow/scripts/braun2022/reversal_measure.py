"""Figure 7: the escape slopes, stall fractions, gaps and learning times the paper quotes."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import reversal, reversal_structure
from exactdln.io import load_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    runs = {name: load_arrays(path) for name, path in snakemake.input.items()}
    numbers = reversal.measure(
        runs["saddle"],
        runs["shallow"],
        runs["stall"],
        fit_max_delta=p["saddle"]["fit_max_delta"],
        level=p["stall"]["level"],
    )
    numbers["hierarchy"] = reversal_structure.measure(runs["hierarchy"], list(p["hierarchy"]["sequences"]))
    save_json(snakemake.output[0], numbers)
