"""Part I's configuration block: the cases ``tests/test_config_checks.py`` runs.

``CHECKS``: one case per check of :func:`exactdln.experiments.braun2022.config.problems` (the
checks the schema cannot express): the override of the block that violates it alone, and what
its one message must name. ``SCHEMA_CASES``: overrides the schema rejects, naming the key.
``WIRING``: the override of the one dry run that shows the workflow stops on them before
planning, and the keys its message must name.
"""

PART = "braun2022"

# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"init_scale": {"n_items": 4}}, ["braun2022.init_scale.n_items", "braun2022.init_scale.n_in"]),
    ({"init_scale": {"items_shown": 11}}, ["braun2022.init_scale.items_shown"]),
    ({"tracking": {"n_items": 2}}, ["braun2022.tracking.n_items", "n_in"]),
    ({"learning_rate": {"dim_range": [50, 2]}}, ["braun2022.learning_rate.dim_range"]),
    ({"learning_rate": {"max_hidden": 40}}, ["braun2022.learning_rate.max_hidden"]),
    ({"learning_rate": {"init_scale_range": [0.5, 0.01]}}, ["braun2022.learning_rate.init_scale_range"]),
    ({"learning_rate": {"n_chunks": 51}}, ["braun2022.learning_rate.n_chunks"]),
    ({"learning_rate": {"n_examples": 80}}, ["braun2022.learning_rate.n_examples", "n_configs"]),
    ({"learning_rate": {"time_quantum": 0.03}}, ["braun2022.learning_rate.time_quantum", "0.05"]),
    ({"alignment": {"target": [[1, 2, 3], [4, 5, 6]]}}, ["braun2022.alignment.target", "square"]),
    ({"alignment": {"n_hidden": 4}}, ["braun2022.alignment.n_hidden"]),
    ({"alignment": {"check_eta": 0.003}}, ["braun2022.alignment.check_eta"]),
    (
        {"continual": {"forgetting": {"n_steps": {"tanh": 20500}}}},
        ["braun2022.continual.forgetting.n_steps.tanh", "stopping.window"],
    ),
    ({"regimes": {"fast_min_scale": 30.0}}, ["braun2022.regimes.init_scales", "fast_min_scale"]),
]

SCHEMA_CASES = [
    ({"tracking": {"eta": -0.1}}, ["braun2022", "tracking", "eta"]),
    ({"init_scale": {"n_steps": 0}}, ["init_scale", "n_steps"]),
    ({"learning_rate": {"n_chunks": "many"}}, ["learning_rate", "n_chunks"]),
    ({"init_scale": {"init_scales": {"small": -1.0}}}, ["init_scale", "init_scales", "small"]),
    ({"tracking": {"n_step": 10}}, ["n_step"]),  # misspelt key
    ({"continual": {"forgetting": {"stopping": {"window": 100, "tol": 2.0}}}}, ["stopping", "tol"]),
]

# the wiring: checks once spread over three rule files are all reported by one run
WIRING = (
    {
        "init_scale": {"items_shown": 11},
        "tracking": {"n_items": 2},
        "learning_rate": {"time_quantum": 0.03, "n_examples": 80},
        "alignment": {"check_eta": 0.003},
    },
    [
        "braun2022.init_scale.items_shown",
        "braun2022.tracking.n_items",
        "braun2022.learning_rate.time_quantum",
        "braun2022.learning_rate.n_examples",
        "braun2022.alignment.check_eta",
    ],
)
