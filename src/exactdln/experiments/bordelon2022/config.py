"""Checks of the ``bordelon2022`` block of workflow/config.yaml that its schema cannot express.

:func:`problems` is called by the workflow (``workflow/rules/bordelon2022.smk``) before any
job starts; a check the experiments make at run time is their function, called here.
"""

from __future__ import annotations

import numpy as np

from .._config import increasing, problem, raised
from .feature_change import gamma_window


def _widths_and_particles(block: dict) -> list[str]:
    """Width lists increase and match their seed lists; DMFT particles split into equal batches
    (two-layer solves: of even size, for the antithetic pairs); the particle study names cases."""
    out = []
    studies = (
        ("two_layer_rules.width_study", block["two_layer_rules"]["width_study"]),
        ("dfa_tanh", block["dfa_tanh"]),
        ("deep_rules", block["deep_rules"]),
    )
    for name, spec in studies:
        widths, seeds = spec["widths"], spec["n_seeds"]
        out += problem(not increasing(widths), f"bordelon2022.{name}.widths={widths} must increase")
        out += problem(
            isinstance(seeds, list) and len(seeds) != len(widths),
            f"bordelon2022.{name}.n_seeds={seeds} must have one entry per width ({len(widths)})",
        )
    solves = [
        ("two_layer_rules.dmft", block["two_layer_rules"]["dmft"], 2),
        ("dfa_tanh.dmft", block["dfa_tanh"]["dmft"], 1),
    ]
    solves += [(f"deep_rules.cases.{n}", c, 1) for n, c in block["deep_rules"]["cases"].items()]
    for name, spec, pairs in solves:
        m, b = spec["n_particles"], spec["n_batches"]
        out += problem(
            m % (pairs * b) != 0,
            f"bordelon2022.{name}.n_particles={m} must be a multiple of {pairs * b} "
            f"({'2 x ' if pairs == 2 else ''}n_batches)",
        )
    study = block["deep_rules"]["particle_study"]
    unknown = [c for c in study["cases"] if c not in block["deep_rules"]["cases"]]
    out += problem(bool(unknown), f"bordelon2022.deep_rules.particle_study.cases: {unknown} are not cases")
    return out


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

    out += _widths_and_particles(block)
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
