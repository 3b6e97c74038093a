"""Part IV: results/bordelon2022/numbers.json, every number the issue names, from the five figures."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import numbers
from exactdln.io import load_json, save_json

if TYPE_CHECKING:
    from snakemake.script import snakemake

with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    figures = {name: load_json(snakemake.input[name]) for name in ("fig1", "fig2", "fig3", "fig4", "fig5")}
    save_json(snakemake.output[0], numbers.assemble(**figures))
