"""Figure 4: the measured numbers of both computations in one file (macro prefix `alignment`)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.io import load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    numbers = {"dynamics": load_json(snakemake.input.dynamics), "gap": load_json(snakemake.input.gap)}
    save_json(snakemake.output[0], numbers)
