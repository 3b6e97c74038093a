"""Figure 7: one part of the computation (saddle, shallow, stall or hierarchy), saved as arrays."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022 import reversal, reversal_structure, stall
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
part, progress = snakemake.wildcards.part, snakemake.params.progress
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    if part == "saddle":
        settings = {k: v for k, v in p["saddle"].items() if k != "fit_max_delta"}
        data = reversal.run_saddle(task=p["task"], **settings, progress=progress)
    elif part == "shallow":
        data = reversal.run_shallow(task=p["task"], **p["shallow"])
    elif part == "stall":
        data = stall.run_stall(**{k: v for k, v in p["stall"].items() if k != "level"})
    else:
        settings = {k: v for k, v in p["hierarchy"].items() if k != "grouping_name"}
        data = reversal_structure.run(**settings, progress=progress)
    save_arrays(snakemake.output[0], **data)
