"""Figure 1: two-layer ReLU networks of one learning rule (the rule is the wildcard)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import two_layer_rules
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = {k: v for k, v in snakemake.params.run.items() if k not in ("width_study", "dmft")}
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = two_layer_rules.run(rule=snakemake.wildcards.rule, **p, progress=snakemake.params.progress)
    save_arrays(snakemake.output[0], **data)
