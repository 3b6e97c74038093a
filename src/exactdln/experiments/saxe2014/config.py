"""Checks of the ``saxe2014`` block of workflow/config.yaml that its schema cannot express.

:func:`problems` is called by the workflow (``workflow/rules/saxe2014.smk``) before any
job starts; a check the experiments make at run time is their function, called here.
"""

from __future__ import annotations

from .._config import increasing, problem, raised
from .common import log_grid
from .mean_field import gain_indices

# the {low, high, n} grids of the block (log_grid checks each)
GRIDS = (
    ("depth", "sweep", "etas"),
    ("pretraining", "etas"),
    ("init_depth", "rate_grid"),
    ("mean_field", "map_variances"),
    ("mean_field", "theory_gains"),
)


def problems(block: dict) -> list[str]:
    """One message per bad value of the ``saxe2014`` block, naming its key.

    ``block`` is valid for the schema, its defaults filled in (as the workflow passes it).
    """
    cfg, out = block, []
    hierarchy = cfg["hierarchy"]
    n_modes = 2 ** hierarchy["task"]["n_levels"]
    out += problem(
        max(hierarchy["modes_shown"]) > n_modes,
        f"saxe2014.hierarchy.modes_shown={hierarchy['modes_shown']}: there are only "
        f"2^n_levels = {n_modes} modes",
    )

    key, depth = "saxe2014.depth", cfg["depth"]
    sweep, full, gd = depth["sweep"], depth["full_check"], depth["gd"]
    out += problem(not increasing(sweep["layers"]), f"{key}.sweep.layers={sweep['layers']} must increase")
    out += problem(
        not set(full["layers"]) <= set(sweep["layers"]),
        f"{key}.full_check.layers={full['layers']} must be among {key}.sweep.layers",
    )
    out += problem(
        full["hidden"] < 10, f"{key}.full_check.hidden must be at least 10 (the MNIST task has 10 modes)"
    )
    out += problem(
        len(gd["singular_values"]) > min(gd["n_in"], gd["n_out"], gd["hidden"]),
        f"{key}.gd.singular_values: {len(gd['singular_values'])} modes do not fit "
        f"n_in={gd['n_in']}, n_out={gd['n_out']}, hidden={gd['hidden']}",
    )
    out += problem(not increasing(gd["depths"]), f"{key}.gd.depths={gd['depths']} must increase")

    layers = cfg["init_depth"]["layers"]
    out += problem(not increasing(layers), f"saxe2014.init_depth.layers={layers} must increase")

    key, mean_field = "saxe2014.mean_field", cfg["mean_field"]
    out += raised(f"{key}.quoted_gains", gain_indices, mean_field["quoted_gains"], mean_field["gains"])
    out += problem(
        mean_field["last"] >= mean_field["layers"], f"{key}.last must be smaller than {key}.layers"
    )

    block = cfg["mnist"]["pixel_block"]
    out += problem(
        block[0] > 27 or block[1] + block[2] > 28,
        f"saxe2014.mnist.pixel_block={block} leaves the 28 x 28 image",
    )

    for path in GRIDS:
        spec = cfg
        for name in path:
            spec = spec[name]
        out += raised(f"saxe2014.{'.'.join(path)}", log_grid, spec)
    return out
