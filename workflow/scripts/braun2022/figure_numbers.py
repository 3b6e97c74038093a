"""A figure's numbers from its computations' numbers, each under its input's name (Figures 2 and 4)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.io import load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_json(snakemake.output[0], {name: load_json(path) for name, path in snakemake.input.items()})
