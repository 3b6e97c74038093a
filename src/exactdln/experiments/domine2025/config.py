"""Checks of the ``domine2025`` block of workflow/config.yaml that its schema cannot express.

:func:`problems` is called by the workflow (``workflow/rules/domine2025.smk``) before any
job starts; a check the experiments make at run time is their function, called here.
"""

from __future__ import annotations

from .._config import increasing, problem, raised, whitened
from .common import check_eta_lam, log_times, min_width_shape
from .funnel import gd_indices, lam_index
from .lazy_ntk import fit_mask
from .modes import u0_grid

# the blocks whose named network shapes have n_hidden = min(n_in, n_out)
MIN_WIDTH_BLOCKS = ("minimal", "lazy_ntk", "funnel", "reversal")


def problems(block: dict) -> list[str]:
    """One message per bad value of the ``domine2025`` block, naming its key.

    ``block`` is valid for the schema, its defaults filled in (as the workflow passes it).
    """
    d, out = block, []
    for name in ("minimal", "modes"):
        out += raised(f"domine2025.{name}.eta", check_eta_lam, d[name]["eta"], d[name]["lams"], d["eta_lam"])
    for name in MIN_WIDTH_BLOCKS:
        for shape, dims in d[name]["shapes"].items():
            out += raised(f"domine2025.{name}.shapes.{shape}", min_width_shape, shape, dims)
            out += whitened(
                f"domine2025.{name}.n_items", d[name]["n_items"], dims[0], f"n_in of shape {shape}"
            )

    key, ntk = "domine2025.lazy_ntk", d["lazy_ntk"]
    for shape, dims in ntk["shapes"].items():
        out += problem(
            len(set(dims)) != 1, f"{key}.shapes.{shape}={dims} must be square (n_in = n_hidden = n_out)"
        )
    for name in ("fit_range", "early_fit_range"):
        if increasing(ntk[name]):
            out += raised(f"{key}.{name}", fit_mask, ntk[name], ntk["lam_magnitudes"])
        else:
            out += [f"{key}.{name}={ntk[name]} must be increasing"]
    out += problem(
        ntk["slope_shape"] not in ntk["shapes"],
        f"{key}.slope_shape={ntk['slope_shape']!r} is not one of its shapes",
    )

    key, fun = "domine2025.funnel", d["funnel"]
    for shape, dims in fun["shapes"].items():
        out += problem(dims[0] == dims[2], f"{key}.shapes.{shape}={dims} must have n_in != n_out")
    out += raised(f"{key}.lazy_lam", lam_index, fun["lazy_lam"], fun["lam_magnitudes"])
    loss_dims = fun["shapes"].get(fun["loss_shape"])
    out += problem(
        loss_dims is None or loss_dims[0] <= loss_dims[2],
        f"{key}.loss_shape={fun['loss_shape']!r} must name a funnel (n_in > n_out) of its shapes",
    )
    out += problem(
        not increasing([abs(v) for v in fun["loss_lams"]]),
        f"{key}.loss_lams={fun['loss_lams']} must increase in |lam|",
    )
    out += raised(f"{key}.gd_lams", gd_indices, fun["gd_lams"], fun["gd_horizons"], fun["loss_lams"])
    if increasing(fun["fit_range"]):
        out += raised(f"{key}.fit_range", fit_mask, fun["fit_range"], fun["lam_magnitudes"])
        loss_mags = [abs(v) for v in fun["loss_lams"]]
        out += raised(f"{key}.fit_range", fit_mask, fun["fit_range"], loss_mags, "|loss_lams|")
    else:
        out += [f"{key}.fit_range={fun['fit_range']} must be increasing"]
    if increasing(fun["early_fit_range"]):
        out += raised(f"{key}.early_fit_range", fit_mask, fun["early_fit_range"], fun["lam_magnitudes"])
    else:
        out += [f"{key}.early_fit_range={fun['early_fit_range']} must be increasing"]
    out += raised(f"{key}.time_range", log_times, *fun["time_range"], fun["n_times"])

    key, hier = "domine2025.hierarchy", d["hierarchy"]
    for start, spec in hier["starts"].items():
        balanced = spec["kind"] == "lambda_balanced"
        out += problem(
            balanced != ("lam" in spec),
            f"{key}.starts.{start}: lam is required for kind lambda_balanced "
            "and not allowed for kind gaussian",
        )
        out += problem(
            balanced and spec.get("lam", 0) != 0 and hier["n_hidden"] > 8,
            f"{key}.starts.{start}: lam != 0 needs n_hidden <= 8",
        )
    out += problem(
        not increasing(hier["sweep"]["lam_range"]),
        f"{key}.sweep.lam_range={hier['sweep']['lam_range']} must be increasing",
    )

    key, mod = "domine2025.modes", d["modes"]
    out += problem(not increasing(mod["u0_range"]), f"{key}.u0_range={mod['u0_range']} must be increasing")
    out += raised(f"{key}.u0_range", u0_grid, mod["u0_range"], mod["n_u0"], mod["half_time_s"])

    key, rev = "domine2025.reversal", d["reversal"]
    out += raised(f"{key}.time_range", log_times, *rev["time_range"], rev["n_times"])

    key, con = "domine2025.continual", d["continual"]
    out += problem(
        not min(con["n_in"], con["n_out"]) <= con["n_hidden"] <= con["n_out"],
        f"{key}.n_hidden={con['n_hidden']} must lie in [min(n_in, n_out), n_out] "
        "(global optimum reached; lam > 0 needs n_hidden <= n_out)",
    )
    out += whitened(f"{key}.n_items", con["n_items"], con["n_in"])
    return out
