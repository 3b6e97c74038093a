"""Figure 4 checks: the closed-form deep learning time against quadrature and the mode ODE, and
full-matrix gradient descent from decoupled starts against the mode ODE at eta and eta / 2."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.experiments.saxe2014 import depth
from exactdln.experiments.saxe2014.common import prefixed
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.run
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    checks = depth.closed_form_check(**p["checks"])
    gd = depth.gd_check(**p["gd"])
    save_arrays(snakemake.output[0], **prefixed("checks", checks), **prefixed("gd", gd))
