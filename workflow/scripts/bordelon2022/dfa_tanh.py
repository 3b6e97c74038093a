"""Figure 3: DFA tanh networks of every width at one gamma0 (wildcard g<index>)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dfa_tanh
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = dict(snakemake.params.run)
gamma0 = p.pop("gamma0s")[int(snakemake.wildcards.gamma[1:])]
p.pop("dmft")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = dfa_tanh.run(gamma0=gamma0, **p, progress=snakemake.params.progress)
    save_arrays(snakemake.output[0], **data)
