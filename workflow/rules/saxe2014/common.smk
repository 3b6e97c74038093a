# Part III's shared names and helper functions (rule files hold only rules).

HIERARCHY_NETWORKS = ["linear", "tanh"]
INIT_KINDS = S14["init_depth"]["kinds"]
INIT_DEPTH_RUNS = expand("results/saxe2014/fig6/{kind}.npz", kind=INIT_KINDS)


def saxe2014_problems(cfg):
    """Checks of the `saxe2014` block that the schema cannot express."""
    hierarchy = cfg["hierarchy"]
    depth = cfg["depth"]
    n_items = 2 ** hierarchy["task"]["n_levels"]

    def increasing(values):
        return all(a < b for a, b in zip(values, values[1:]))

    grids = [
        ("depth.sweep.etas", depth["sweep"]["etas"]),
        ("pretraining.etas", cfg["pretraining"]["etas"]),
        ("init_depth.rate_grid", cfg["init_depth"]["rate_grid"]),
        ("mean_field.map_variances", cfg["mean_field"]["map_variances"]),
        ("mean_field.theory_gains", cfg["mean_field"]["theory_gains"]),
    ]
    gd = depth["gd"]
    return [
        (
            max(hierarchy["modes_shown"]) > n_items,
            f"saxe2014.hierarchy.modes_shown={hierarchy['modes_shown']}: there are only "
            f"2^n_levels = {n_items} modes",
        ),
        (
            not increasing(depth["sweep"]["layers"]),
            f"saxe2014.depth.sweep.layers={depth['sweep']['layers']} must increase",
        ),
        (
            not set(depth["full_check"]["layers"]) <= set(depth["sweep"]["layers"]),
            f"saxe2014.depth.full_check.layers={depth['full_check']['layers']} must be among "
            f"saxe2014.depth.sweep.layers",
        ),
        (
            depth["full_check"]["hidden"] < 10,
            "saxe2014.depth.full_check.hidden must be at least 10 (the MNIST task has 10 modes)",
        ),
        (
            len(gd["singular_values"]) > min(gd["n_in"], gd["n_out"], gd["hidden"]),
            f"saxe2014.depth.gd.singular_values: {len(gd['singular_values'])} modes do not fit "
            f"n_in={gd['n_in']}, n_out={gd['n_out']}, hidden={gd['hidden']}",
        ),
        (
            not increasing(gd["depths"]),
            f"saxe2014.depth.gd.depths={gd['depths']} must increase",
        ),
        (
            not increasing(cfg["init_depth"]["layers"]),
            f"saxe2014.init_depth.layers={cfg['init_depth']['layers']} must increase",
        ),
        (
            not set(cfg["mean_field"]["quoted_gains"])
            <= set(cfg["mean_field"]["gains"]),
            f"saxe2014.mean_field.quoted_gains={cfg['mean_field']['quoted_gains']} must be among "
            f"saxe2014.mean_field.gains",
        ),
        (
            cfg["mean_field"]["last"] >= cfg["mean_field"]["layers"],
            "saxe2014.mean_field.last must be smaller than saxe2014.mean_field.layers",
        ),
        (
            cfg["mnist"]["pixel_block"][0] > 27
            or cfg["mnist"]["pixel_block"][1] + cfg["mnist"]["pixel_block"][2] > 28,
            f"saxe2014.mnist.pixel_block={cfg['mnist']['pixel_block']} leaves the 28 x 28 image",
        ),
        *[
            (
                spec["high"] <= spec["low"],
                f"saxe2014.{name}: high={spec['high']} must exceed low={spec['low']}",
            )
            for name, spec in grids
        ],
    ]
