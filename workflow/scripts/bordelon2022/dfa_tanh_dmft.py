"""Figure 3: the DMFT of infinite-width DFA tanh networks at one gamma0 (wildcard g<index>)."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.bordelon2022 import dmft_solves
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
gamma0 = p["gamma0s"][int(snakemake.wildcards.gamma[1:])]
keys = ("depth", "data_seed", "n_in", "n_items", "dt", "horizon", "n_records")
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = dmft_solves.dfa_tanh(gamma0=gamma0, **{k: p[k] for k in keys}, **p["dmft"])
    save_arrays(snakemake.output[0], **data)
