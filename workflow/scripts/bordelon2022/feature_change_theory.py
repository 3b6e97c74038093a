"""Figure 5: the closures' feature-kernel change, and the GD closure against ExactSolution."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

import numpy as np

from exactdln.experiments.bordelon2022 import feature_change
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
t = p["theory"]
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    data = feature_change.theory(
        rules=p["rules"],
        gamma0_range=t["gamma0_range"],
        n_gamma0=t["n_gamma0"],
        y=p["y"],
        exact_gamma0s=t["exact_gamma0s"],
        exact_ys=t["exact_ys"],
        exact_times=np.linspace(0.0, t["exact_horizon"], t["exact_n_times"]),
    )
    save_arrays(snakemake.output[0], **data)
