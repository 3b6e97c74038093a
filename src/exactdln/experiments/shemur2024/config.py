"""Checks of the ``shemur2024`` block of workflow/config.yaml that its schema cannot express.

:func:`problems` is called by the workflow (``workflow/rules/shemur2024.smk``) before any
job starts; a check the experiments make at run time is their function, called here.
"""

from __future__ import annotations

from .._config import problem, raised, whitened
from .slopes import MIN_POINTS
from .width import fit_mask


def _sorted(values) -> bool:
    return sorted(values) == list(values)


def problems(block: dict) -> list[str]:
    """One message per bad value of the ``shemur2024`` block, naming its key.

    ``block`` is valid for the schema, its defaults filled in (as the workflow passes it).
    """
    cfg, out = block, []
    w, c, o, lin = cfg["width"], cfg["correlations"], cfg["output_scale"], cfg["linear_exact"]
    fit_min_width = cfg["fit_min_width"]

    out += problem(not _sorted(w["widths"]), f"shemur2024.width.widths={w['widths']} must be increasing")
    out += problem(
        "relu" in cfg["activations"] and w["relu_widths"] and min(w["relu_widths"]) <= max(w["widths"]),
        f"shemur2024.width.relu_widths={w['relu_widths']} must exceed every width of shemur2024.width.widths",
    )
    for act in cfg["activations"]:
        out += problem(
            act not in w["eta"], f"shemur2024.width.eta has no learning rate for activation {act!r}"
        )
    out += problem(
        not set(w["time_widths"]) <= set(w["widths"]),
        f"shemur2024.width.time_widths={w['time_widths']} must be among shemur2024.width.widths",
    )
    for name, widths in (("width", w["widths"]), ("correlations", c["widths"])):
        key = f"shemur2024.fit_min_width={fit_min_width} for shemur2024.{name}.widths"
        out += raised(key, fit_mask, widths, fit_min_width)

    out += problem(
        not _sorted(c["widths"]) or any(x % 2 for x in c["widths"]),
        f"shemur2024.correlations.widths={c['widths']} must be increasing and even (doubling start)",
    )
    out += problem(
        max(c["n_points"], c["fd_points"]) > cfg["data"]["teacher"]["n_train"],
        "shemur2024.correlations.n_points / fd_points exceed "
        f"shemur2024.data.teacher.n_train={cfg['data']['teacher']['n_train']}",
    )

    key = "shemur2024.output_scale"
    out += problem(o["width"] % 2 == 1, f"{key}.width={o['width']} must be even (doubling start)")
    out += problem(
        not _sorted(o["scales"]) or sum(x >= o["fit_min_scale"] for x in o["scales"]) < 2,
        f"{key}.scales={o['scales']} must be increasing with two or more >= "
        f"fit_min_scale={o['fit_min_scale']}",
    )

    key = "shemur2024.linear_exact"
    out += problem(
        not _sorted(lin["lams"]) or sum(x >= lin["fit_min_lam"] for x in lin["lams"]) < 2,
        f"{key}.lams={lin['lams']} must be increasing with two or more >= fit_min_lam={lin['fit_min_lam']}",
    )
    out += problem(
        lin["n_hidden"] > lin["n_out"],
        f"{key}.n_hidden={lin['n_hidden']} > n_out={lin['n_out']}: lam > 0 needs n_hidden <= n_out",
    )
    out += whitened(f"{key}.n_items", lin["n_items"], lin["n_in"])
    out += problem(
        lin["t_max"] <= lin["t_min"], f"{key}.t_max={lin['t_max']} must exceed t_min={lin['t_min']}"
    )

    widths = cfg["mnist_mlp"]["widths"]
    out += problem(not _sorted(widths), f"shemur2024.mnist_mlp.widths={widths} must be increasing")
    widths = cfg["mnist_authors"]["widths"]
    out += problem(not _sorted(widths), f"shemur2024.mnist_authors.widths={widths} must be increasing")
    out += _sgd_problems(cfg)
    return out


def _sgd_problems(cfg: dict) -> list[str]:
    """The checks of ``shemur2024.sgd`` (Figure 5)."""
    sgd, out = cfg["sgd"], []
    fit_min_width, n_train = cfg["fit_min_width"], cfg["data"]["teacher"]["n_train"]
    for key, widths in (
        ("shemur2024.sgd.widths", sgd["widths"]),
        ("shemur2024.sgd.mlp.widths", sgd["mlp"]["widths"]),
    ):
        out += problem(not _sorted(widths), f"{key}={widths} must be increasing")
        out += problem(
            sum(w >= fit_min_width for w in widths) < MIN_POINTS,
            f"{key}={widths}: fewer than {MIN_POINTS} widths >= shemur2024.fit_min_width={fit_min_width} "
            "(a power law needs four points)",
        )
    for act in sorted({*sgd["activations"], sgd["batch_study"]["activation"]}):
        out += problem(
            act not in sgd["eta"], f"shemur2024.sgd.eta has no learning rate for activation {act!r}"
        )
    sizes = {
        "shemur2024.sgd.batch_size": [sgd["batch_size"]],
        "shemur2024.sgd.batch_study.batch_sizes": sgd["batch_study"]["batch_sizes"],
        "shemur2024.sgd.noncontracting.batch_size": [sgd["noncontracting"]["batch_size"]],
    }
    for key, values in sizes.items():
        out += problem(
            max(values) > n_train,
            f"{key}={values if len(values) > 1 else values[0]} exceeds "
            f"shemur2024.data.teacher.n_train={n_train}",
        )
    return out
