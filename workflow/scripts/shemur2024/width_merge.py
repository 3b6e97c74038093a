"""Figures 1, 3a and 4c: the width groups of one task and activation merged into one run, sorted by width."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.shemur2024 import width
from exactdln.io import load_arrays, save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    parts = [load_arrays(path) for path in snakemake.input.groups]
    save_arrays(snakemake.output[0], **width.merge(parts))
