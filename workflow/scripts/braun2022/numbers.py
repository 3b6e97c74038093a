"""Part I: results/braun2022/numbers.json, every figure's numbers under its macro prefix."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.braun2022.numbers import gather
from exactdln.io import load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_json(snakemake.output[0], gather({name: load_json(path) for name, path in snakemake.input.items()}))
