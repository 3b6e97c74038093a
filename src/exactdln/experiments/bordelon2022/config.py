"""Checks of the ``bordelon2022`` block of workflow/config.yaml that its schema cannot express.

:func:`problems` is called by the workflow (``workflow/rules/bordelon2022.smk``) before any
job starts; a check the experiments make at run time is their function, called here.
"""

from __future__ import annotations

import numpy as np

from .._config import increasing, problem, raised
from .feature_change import gamma_window


def problems(block: dict) -> list[str]:
    """One message per bad value of the ``bordelon2022`` block, naming its key.

    ``block`` is valid for the schema, its defaults filled in (as the workflow passes it).
    """
    out = []
    for name, values in (
        ("lazy_kernels.rhos", block["lazy_kernels"]["rhos"]),
        ("deep_fa.rhos", block["deep_fa"]["rhos"]),
        ("dfa_tanh.gamma0s", block["dfa_tanh"]["gamma0s"]),
        ("feature_change.gamma0s", block["feature_change"]["gamma0s"]),
    ):
        out += problem(not increasing(values), f"bordelon2022.{name}={values} must increase")

    key, fc = "bordelon2022.feature_change", block["feature_change"]
    out += problem(fc["width"] % 2 != 0, f"{key}.width={fc['width']} must be even (paired initialisation)")
    widths = fc["width_study"]["widths"]
    out += problem(any(n % 2 for n in widths), f"{key}.width_study.widths={widths} must be even")
    for window in ("small_window", "large_window"):
        lo, hi = fc[window]
        if hi <= lo:
            out += [f"{key}.{window}={fc[window]} must be increasing"]
        else:
            out += raised(f"{key}.{window}", gamma_window, np.asarray(fc["gamma0s"], dtype=float), lo, hi)
    for name, spec in fc["rules"].items():
        out += problem(
            (spec["rule"] == "fa") != ("rho" in spec),
            f"{key}.rules.{name}: rule fa needs rho, the other rules take none",
        )
    return out
