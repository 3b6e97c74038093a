"""Part V's configuration block: the cases ``tests/test_config_checks.py`` runs.

``CHECKS``: one case per check of :func:`exactdln.experiments.shemur2024.config.problems` (the
checks the schema cannot express): the override of the block that violates it alone, and what
its one message must name. ``SCHEMA_CASES``: overrides the schema rejects, naming the key.
``WIRING``: the override of the one dry run that shows the workflow stops on them before
planning, and the keys its message must name.
"""

from test_workflow import SCHEMAS, assert_one_problem_naming, part_block, validation

from exactdln.experiments.shemur2024.config import problems

PART = "shemur2024"

# one case per check: the override of the block that violates it alone, and what its message names
CHECKS = [
    ({"width": {"widths": [16, 64, 32, 256, 1024, 4096]}}, ["shemur2024.width.widths", "increasing"]),
    ({"width": {"relu_widths": [2048]}}, ["shemur2024.width.relu_widths"]),
    (
        # (Figure 5's widths reach far enough for this fit_min_width: only Figure 1's fail)
        {
            "fit_min_width": 4096,
            "sgd": {"widths": [4096, 8192, 16384, 32768], "mlp": {"widths": [4096, 8192, 16384, 32768]}},
        },
        ["shemur2024.fit_min_width=4096", "shemur2024.width.widths"],
    ),
    (
        {"correlations": {"widths": [16, 32, 64]}},
        ["shemur2024.fit_min_width", "shemur2024.correlations.widths"],
    ),
    ({"correlations": {"widths": [32, 16, 64, 128]}}, ["shemur2024.correlations.widths", "increasing"]),
    ({"correlations": {"widths": [16, 33, 64, 128]}}, ["shemur2024.correlations.widths", "even"]),
    ({"correlations": {"n_points": 25}}, ["shemur2024.correlations.n_points", "n_train=24"]),
    ({"correlations": {"fd_points": 25}}, ["shemur2024.correlations.n_points / fd_points", "n_train=24"]),
    ({"output_scale": {"width": 127}}, ["shemur2024.output_scale.width", "even"]),
    ({"output_scale": {"scales": [1.0, 10.0, 3.16, 31.6]}}, ["shemur2024.output_scale.scales"]),
    ({"output_scale": {"scales": [1.0, 3.16, 10.0]}}, ["shemur2024.output_scale.scales", "fit_min_scale"]),
    ({"linear_exact": {"lams": [1.0, 0.5, 5.0, 10.0]}}, ["shemur2024.linear_exact.lams"]),
    ({"linear_exact": {"lams": [0.5, 1.0, 2.0, 5.0]}}, ["shemur2024.linear_exact.lams", "fit_min_lam"]),
    ({"linear_exact": {"n_hidden": 4}}, ["shemur2024.linear_exact.n_hidden", "n_out"]),
    ({"linear_exact": {"n_items": 3}}, ["shemur2024.linear_exact.n_items", "n_in"]),
    ({"linear_exact": {"t_max": 1e-7}}, ["shemur2024.linear_exact.t_max", "t_min"]),
    ({"mnist_mlp": {"widths": [32, 128, 64]}}, ["shemur2024.mnist_mlp.widths"]),
    ({"mnist_authors": {"widths": [8, 32, 16]}}, ["shemur2024.mnist_authors.widths", "increasing"]),
    ({"width": {"time_widths": [64, 100]}}, ["shemur2024.width.time_widths", "shemur2024.width.widths"]),
    ({"sgd": {"widths": [16, 128, 64, 256, 512]}}, ["shemur2024.sgd.widths", "increasing"]),
    ({"sgd": {"widths": [16, 32, 64, 128, 256]}}, ["shemur2024.sgd.widths", "four points"]),
    ({"sgd": {"mlp": {"widths": [16, 32, 64, 128]}}}, ["shemur2024.sgd.mlp.widths", "fit_min_width=64"]),
    ({"sgd": {"batch_size": 25}}, ["shemur2024.sgd.batch_size=25", "n_train=24"]),
    (
        {"sgd": {"batch_study": {"batch_sizes": [1, 30]}}},
        ["shemur2024.sgd.batch_study.batch_sizes", "n_train=24"],
    ),
    ({"sgd": {"noncontracting": {"batch_size": 32}}}, ["shemur2024.sgd.noncontracting.batch_size=32"]),
]

SCHEMA_CASES = [
    ({"width": {"n_seeds": 0}}, ["shemur2024", "width", "n_seeds"]),
    ({"sgd": {"n_seeds": 1}}, ["shemur2024", "sgd", "n_seeds"]),
    ({"mnist_mlp": {"matched": {"flow_time": -1.0}}}, ["shemur2024", "matched", "flow_time"]),
]

WIRING = (
    {"output_scale": {"width": 127}, "width": {"relu_widths": [2048]}},
    ["shemur2024.output_scale.width", "shemur2024.width.relu_widths"],
)


def test_an_activation_without_a_learning_rate_is_named():
    block = part_block(PART)
    del block["width"]["eta"]["linear"]  # (a merged override cannot remove a key)
    validation().validate_config(block, SCHEMAS / f"{PART}.schema.yaml")  # which the schema allows
    assert_one_problem_naming(problems(block), ["shemur2024.width.eta", "'linear'"])


def test_an_sgd_activation_without_a_learning_rate_is_named():
    block = part_block(PART)
    del block["sgd"]["eta"]["relu"]
    validation().validate_config(block, SCHEMAS / f"{PART}.schema.yaml")
    assert_one_problem_naming(problems(block), ["shemur2024.sgd.eta", "'relu'"])
