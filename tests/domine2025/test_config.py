"""Part II's configuration block: the cases ``tests/test_config_checks.py`` runs.

``CHECKS``: one case per check of :func:`exactdln.experiments.domine2025.config.problems` (the
checks the schema cannot express): the override of the block that violates it alone, and what
its one message must name. ``SCHEMA_CASES``: overrides the schema rejects, naming the key.
``WIRING``: the override of the one dry run that shows the workflow stops on them before
planning, and the keys its message must name.
"""

PART = "domine2025"

# one case per check: the override of the block that violates it alone, and what its message names
# (lazy_ntk's n_hidden = min(n_in, n_out) cannot fail alone: its shapes must also be square)
CHECKS = [
    ({"minimal": {"eta": 0.01}}, ["domine2025.minimal.eta", "eta_lam"]),
    ({"modes": {"eta": 0.01}}, ["domine2025.modes.eta", "eta_lam"]),
    ({"minimal": {"shapes": {"x": [4, 4, 3]}}}, ["domine2025.minimal.shapes.x", "min(n_in, n_out)"]),
    ({"funnel": {"shapes": {"x": [6, 3, 2]}}}, ["domine2025.funnel.shapes.x", "min(n_in, n_out)"]),
    ({"reversal": {"shapes": {"x": [3, 4, 5]}}}, ["domine2025.reversal.shapes.x", "min(n_in, n_out)"]),
    ({"minimal": {"n_items": 4}}, ["domine2025.minimal.n_items", "5-3-3"]),
    ({"lazy_ntk": {"n_items": 6}}, ["domine2025.lazy_ntk.n_items", "8-8-8"]),
    ({"funnel": {"n_items": 5}}, ["domine2025.funnel.n_items", "funnel"]),
    ({"reversal": {"n_items": 3}}, ["domine2025.reversal.n_items", "4-4-4"]),
    ({"lazy_ntk": {"shapes": {"x": [4, 2, 2]}}}, ["domine2025.lazy_ntk.shapes.x", "square"]),
    ({"lazy_ntk": {"fit_range": [128.0, 16.0]}}, ["domine2025.lazy_ntk.fit_range", "increasing"]),
    ({"lazy_ntk": {"fit_range": [16.0, 20.0]}}, ["domine2025.lazy_ntk.fit_range", "fewer than 4"]),
    (
        {"lazy_ntk": {"early_fit_range": [16.0, 20.0]}},
        ["domine2025.lazy_ntk.early_fit_range", "fewer than 4"],
    ),
    ({"funnel": {"early_fit_range": [64.0, 1.0]}}, ["domine2025.funnel.early_fit_range", "increasing"]),
    ({"lazy_ntk": {"slope_shape": "5-5-5"}}, ["domine2025.lazy_ntk.slope_shape"]),
    ({"funnel": {"lazy_lam": 5.0}}, ["domine2025.funnel.lazy_lam"]),
    ({"funnel": {"loss_shape": "inverse"}}, ["domine2025.funnel.loss_shape"]),
    ({"funnel": {"gd_horizons": [1.0, 2.0]}}, ["domine2025.funnel.gd_lams", "one gd_horizon per gd_lam"]),
    ({"funnel": {"gd_lams": [-4.0, -16.0, -3.0]}}, ["domine2025.funnel.gd_lams", "not among loss_lams"]),
    (
        {"funnel": {"loss_lams": [-4.0, -16.0, -8.0, -64.0, -128.0, -256.0, -512.0]}},
        ["domine2025.funnel.loss_lams", "increase"],
    ),
    ({"funnel": {"fit_range": [1024.0, 64.0]}}, ["domine2025.funnel.fit_range", "increasing"]),
    (
        {"funnel": {"lam_magnitudes": [1.0, 2.0, 4.0, 8.0, 64.0, 128.0, 1024.0]}},
        ["domine2025.funnel.fit_range", "fewer than 4 of lam_magnitudes"],
    ),
    (
        {"funnel": {"fit_range": [100.0, 1024.0]}},
        ["domine2025.funnel.fit_range", "fewer than 4 of |loss_lams|"],
    ),
    ({"funnel": {"time_range": [10.0, 1.0]}}, ["domine2025.funnel.time_range"]),
    ({"funnel": {"shapes": {"x": [3, 3, 3]}}}, ["domine2025.funnel.shapes.x", "n_in != n_out"]),
    (
        {"hierarchy": {"starts": {"x": {"kind": "gaussian", "scale": 1.0, "seed": 1, "lam": 1.0}}}},
        ["domine2025.hierarchy.starts.x", "lam is required"],
    ),
    (
        {"hierarchy": {"starts": {"x": {"kind": "lambda_balanced", "scale": 1.0, "seed": 1}}}},
        ["domine2025.hierarchy.starts.x", "lam is required"],
    ),
    (
        {"hierarchy": {"n_hidden": 9, "starts": {"lam_minus": {"lam": 0.0}}}},
        ["domine2025.hierarchy.starts.lam_plus", "n_hidden <= 8"],
    ),
    ({"hierarchy": {"sweep": {"lam_range": [10.0, 1.0]}}}, ["domine2025.hierarchy.sweep.lam_range"]),
    ({"modes": {"u0_range": [0.1, 1e-12]}}, ["domine2025.modes.u0_range", "increasing"]),
    ({"modes": {"u0_range": [1e-12, 0.6]}}, ["domine2025.modes.u0_range", "half_time_s / 2"]),
    ({"reversal": {"time_range": [10.0, 1.0]}}, ["domine2025.reversal.time_range"]),
    ({"continual": {"n_hidden": 9}}, ["domine2025.continual.n_hidden"]),  # above n_out
    ({"continual": {"n_hidden": 4}}, ["domine2025.continual.n_hidden"]),  # below min(n_in, n_out)
    ({"continual": {"n_items": 4}}, ["domine2025.continual.n_items", "n_in"]),
]

SCHEMA_CASES = [
    ({"continual": {"lams": [0.0, 1.0]}}, ["continual", "lams"]),
    ({"funnel": {"loss_lams": [-1.0, -4.0, -16.0, -64.0]}}, ["funnel", "loss_lams"]),
]

# the wiring: the checks' messages are collected and reported together, so one run violates many
WIRING = (
    {
        "minimal": {"eta": 0.01},
        "lazy_ntk": {"shapes": {"x": [4, 4, 3]}},
        "funnel": {"lazy_lam": 5.0, "loss_shape": "inverse", "gd_horizons": [1.0, 2.0]},
        "hierarchy": {"starts": {"x": {"kind": "gaussian", "scale": 1.0, "seed": 1, "lam": 1.0}}},
        "reversal": {"time_range": [10.0, 1.0]},
        "continual": {"n_hidden": 9},
    },
    [
        "domine2025.minimal.eta",
        "domine2025.lazy_ntk.shapes.x",
        "domine2025.funnel.lazy_lam",
        "domine2025.funnel.loss_shape",
        "domine2025.funnel.gd_lams",
        "domine2025.hierarchy.starts.x",
        "domine2025.reversal.time_range",
        "domine2025.continual.n_hidden",
    ],
)
