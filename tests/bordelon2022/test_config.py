"""Part IV's configuration block: the cases ``tests/test_config_checks.py`` runs.

``CHECKS``: one case per check of :func:`exactdln.experiments.bordelon2022.config.problems` (the
checks the schema cannot express): the override of the block that violates it alone, and what
its one message must name. ``SCHEMA_CASES``: overrides the schema rejects, naming the key.
``WIRING``: the override of the one dry run that shows the workflow stops on them before
planning, and the keys its message must name.
"""

PART = "bordelon2022"
# the default's, two swapped (inside the large window, which keeps its four values)
GAMMA0S = [0.01, 0.0178, 0.0316, 0.0562, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 56.2, 100.0, 300.0, 178.0]

# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"lazy_kernels": {"rhos": [0.0, 0.5, 0.25]}}, ["bordelon2022.lazy_kernels.rhos", "increase"]),
    ({"deep_fa": {"rhos": [0.0, 1.0, 0.5]}}, ["bordelon2022.deep_fa.rhos", "increase"]),
    ({"dfa_tanh": {"gamma0s": [0.25, 1.0, 0.5]}}, ["bordelon2022.dfa_tanh.gamma0s", "increase"]),
    ({"feature_change": {"gamma0s": GAMMA0S}}, ["bordelon2022.feature_change.gamma0s", "increase"]),
    ({"feature_change": {"width": 4095}}, ["bordelon2022.feature_change.width", "even"]),
    (
        {"feature_change": {"width_study": {"widths": [256, 1025, 4096]}}},
        ["bordelon2022.feature_change.width_study.widths", "even"],
    ),
    ({"feature_change": {"small_window": [0.1, 0.01]}}, ["bordelon2022.feature_change.small_window"]),
    ({"feature_change": {"small_window": [0.01, 0.04]}}, ["bordelon2022.feature_change.small_window"]),
    ({"feature_change": {"large_window": [300.0, 30.0]}}, ["bordelon2022.feature_change.large_window"]),
    ({"feature_change": {"large_window": [301.0, 1000.0]}}, ["bordelon2022.feature_change.large_window"]),
    ({"feature_change": {"rules": {"x": {"rule": "fa"}}}}, ["bordelon2022.feature_change.rules.x", "rho"]),
    (
        {"feature_change": {"rules": {"x": {"rule": "gd", "rho": 0.5}}}},
        ["bordelon2022.feature_change.rules.x", "rho"],
    ),
    ({"dfa_tanh": {"widths": [128, 512, 256, 1024, 2048]}}, ["bordelon2022.dfa_tanh.widths", "increase"]),
    ({"dfa_tanh": {"n_seeds": [16, 16, 8]}}, ["bordelon2022.dfa_tanh.n_seeds", "one entry per width"]),
    (
        {"two_layer_rules": {"dmft": {"n_particles": 3200, "n_batches": 3}}},
        ["bordelon2022.two_layer_rules.dmft.n_particles", "multiple of 6"],
    ),
    (
        {"deep_rules": {"cases": {"gd_tanh": {"n_particles": 3001}}}},
        ["bordelon2022.deep_rules.cases.gd_tanh.n_particles", "multiple"],
    ),
    (
        {"deep_rules": {"particle_study": {"cases": ["gd_sigmoid"]}}},
        ["bordelon2022.deep_rules.particle_study.cases", "gd_sigmoid"],
    ),
]

SCHEMA_CASES = [({"deep_fa": {"rhos": [0.0, 1.5]}}, ["bordelon2022", "deep_fa", "rhos"])]

WIRING = (
    {
        "lazy_kernels": {"rhos": [0.0, 0.5, 0.25]},
        "feature_change": {"width_study": {"widths": [256, 1025, 4096]}},
    },
    ["bordelon2022.lazy_kernels.rhos", "bordelon2022.feature_change.width_study.widths", "even"],
)
