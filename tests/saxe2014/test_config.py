"""Part III's configuration block: the cases ``tests/test_config_checks.py`` runs.

``CHECKS``: one case per check of :func:`exactdln.experiments.saxe2014.config.problems` (the
checks the schema cannot express): the override of the block that violates it alone, and what
its one message must name. ``SCHEMA_CASES``: overrides the schema rejects, naming the key.
``WIRING``: the override of the one dry run that shows the workflow stops on them before
planning, and the keys its message must name.
"""

PART = "saxe2014"

# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"hierarchy": {"modes_shown": [1, 40]}}, ["saxe2014.hierarchy.modes_shown", "32"]),
    ({"depth": {"sweep": {"layers": [3, 20, 5]}}}, ["saxe2014.depth.sweep.layers", "increase"]),
    ({"depth": {"full_check": {"layers": [5, 21]}}}, ["saxe2014.depth.full_check.layers"]),
    ({"depth": {"full_check": {"hidden": 8}}}, ["saxe2014.depth.full_check.hidden"]),
    (
        {"depth": {"gd": {"singular_values": [2.0, 1.2, 0.6, 0.3, 0.1]}}},
        ["saxe2014.depth.gd.singular_values"],
    ),
    ({"depth": {"gd": {"depths": [3, 10, 5]}}}, ["saxe2014.depth.gd.depths"]),
    ({"init_depth": {"layers": [3, 9, 5]}}, ["saxe2014.init_depth.layers"]),
    ({"mean_field": {"quoted_gains": [1.05, 1.15]}}, ["saxe2014.mean_field.quoted_gains", "1.15"]),
    ({"mean_field": {"last": 30}}, ["saxe2014.mean_field.last"]),
    ({"mnist": {"pixel_block": [28, 0, 1]}}, ["saxe2014.mnist.pixel_block"]),
    ({"mnist": {"pixel_block": [14, 20, 10]}}, ["saxe2014.mnist.pixel_block"]),
    ({"depth": {"sweep": {"etas": {"low": 10.0, "high": 0.003}}}}, ["saxe2014.depth.sweep.etas"]),
    ({"pretraining": {"etas": {"low": 4.0, "high": 4.0}}}, ["saxe2014.pretraining.etas"]),
    ({"init_depth": {"rate_grid": {"low": 12.8, "high": 0.05}}}, ["saxe2014.init_depth.rate_grid"]),
    ({"mean_field": {"map_variances": {"low": 100.0, "high": 0.01}}}, ["saxe2014.mean_field.map_variances"]),
    ({"mean_field": {"theory_gains": {"low": 2.0, "high": 1.0}}}, ["saxe2014.mean_field.theory_gains"]),
]

SCHEMA_CASES = [
    ({"products": {"n": 100}}, ["saxe2014", "products", "n"]),
    ({"pretraining": {"refine": 0}}, ["saxe2014", "pretraining", "refine"]),
    ({"depth": {"sweep": {"censor_window": 1.0}}}, ["saxe2014", "depth", "sweep", "censor_window"]),
]

WIRING = (
    {"hierarchy": {"modes_shown": [1, 40]}, "mean_field": {"last": 30}},
    ["saxe2014.hierarchy.modes_shown", "32", "saxe2014.mean_field.last"],
)
