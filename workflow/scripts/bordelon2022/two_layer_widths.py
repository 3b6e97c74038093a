"""Figure 1: two-layer ReLU networks of one rule (the wildcard) at every width of the width study."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import two_layer_rules
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = dict(snakemake.params.run)
study = p.pop("width_study")
for key in ("dmft", "width", "n_seeds"):
    p.pop(key)
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = two_layer_rules.run_widths(
        rule=snakemake.wildcards.rule,
        **p,
        widths=study["widths"],
        n_seeds=study["n_seeds"],
        progress=snakemake.params.progress,
    )
    save_arrays(snakemake.output[0], **data)
