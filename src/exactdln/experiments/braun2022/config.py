"""Checks of the ``braun2022`` block of workflow/config.yaml that its schema cannot express.

:func:`problems` is called by the workflow (``workflow/rules/braun2022.smk``) before any
job starts; a check the experiments make at run time is their function, called here.
"""

from __future__ import annotations

from .._config import problem, raised, whitened
from .alignment import checked_n_hidden, square_task, step_ratio
from .init_scale import checked_items_shown
from .learning_rate import checked_max_hidden, checked_n_chunks, dim_bounds, scale_bounds, time_grid
from .regimes import checked_scales


def problems(block: dict) -> list[str]:
    """One message per bad value of the ``braun2022`` block, naming its key.

    ``block`` is valid for the schema, its defaults filled in (as the workflow passes it).
    """
    out = []
    key, init = "braun2022.init_scale", block["init_scale"]
    out += whitened(f"{key}.n_items", init["n_items"], init["n_in"], f"{key}.n_in")
    out += raised(f"{key}.items_shown", checked_items_shown, init["items_shown"], init["n_items"])

    key, tracking = "braun2022.tracking", block["tracking"]
    out += whitened(f"{key}.n_items", tracking["n_items"], tracking["n_in"], f"{key}.n_in")

    key, lr = "braun2022.learning_rate", block["learning_rate"]
    out += raised(f"{key}.dim_range", dim_bounds, lr["dim_range"])
    out += raised(f"{key}.max_hidden", checked_max_hidden, lr["max_hidden"], lr["dim_range"][1])
    out += raised(f"{key}.init_scale_range", scale_bounds, lr["init_scale_range"])
    out += raised(f"{key}.n_chunks", checked_n_chunks, lr["n_chunks"], lr["n_configs"])
    out += problem(
        lr["n_examples"] > lr["n_configs"],
        f"{key}.n_examples={lr['n_examples']} exceeds {key}.n_configs={lr['n_configs']}",
    )
    out += raised(
        f"{key}.time_quantum / learning_rates",
        time_grid,
        horizon=lr["horizon"],
        n_times=lr["n_times"],
        quantum=lr["time_quantum"],
        learning_rates=lr["learning_rates"],
    )

    key, alignment = "braun2022.alignment", block["alignment"]
    out += raised(f"{key}.target", square_task, "target", alignment["target"])
    out += raised(f"{key}.n_hidden", checked_n_hidden, alignment["n_hidden"], len(alignment["target"]))
    out += raised(f"{key}.check_eta", step_ratio, alignment["eta"], alignment["check_eta"])

    key, forgetting = "braun2022.continual.forgetting", block["continual"]["forgetting"]
    for activation in ("tanh", "relu"):
        cap = forgetting["n_steps"][activation]
        out += problem(
            cap % forgetting["stopping"]["window"] != 0,
            f"{key}.n_steps.{activation}={cap} is not a multiple of {key}.stopping.window="
            f"{forgetting['stopping']['window']} (the cap of the stopping rule)",
        )

    key, regimes = "braun2022.regimes", block["regimes"]
    out += raised(
        f"{key}.init_scales / slow_max_scale / fast_min_scale / balanced_sim_max_scale",
        checked_scales,
        regimes["init_scales"],
        slow_max_scale=regimes["slow_max_scale"],
        fast_min_scale=regimes["fast_min_scale"],
        balanced_sim_max_scale=regimes["balanced_sim_max_scale"],
    )
    return out
