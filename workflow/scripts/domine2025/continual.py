"""Figure 5c-d data: the exact chain through a task sequence for every lam, and the forgetting."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.domine2025 import continual
from exactdln.io import save_arrays, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = continual.run(**snakemake.params.run)
    save_arrays(snakemake.output.data, **data)
    save_json(snakemake.output.numbers, continual.measure(data))
