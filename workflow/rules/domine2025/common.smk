# Part II's shared names and helper functions (rule files hold only rules).

MINIMAL_SHAPES = list(D25["minimal"]["shapes"])
# Figure 1's per-shape results as named inputs of its notebook: shape_3_3_3, ...
MINIMAL_NAMED = {
    "shape_" + shape.replace("-", "_"): f"results/domine2025/fig1/{shape}.npz"
    for shape in MINIMAL_SHAPES
}


def _increasing(pair):
    return len(pair) == 2 and pair[0] < pair[1]


def _n_hidden_is_min(dims):
    n_in, n_hidden, n_out = dims
    return n_hidden == min(n_in, n_out)


def domine_problems(d):
    """Checks of the `domine2025` block that the schema cannot express."""
    problems = []
    eta_lam = d["eta_lam"]
    for block in ("minimal", "modes"):
        lams = d[block]["lams"]
        worst = max(abs(lam) for lam in lams)
        problems.append(
            (
                d[block]["eta"] * worst > eta_lam * (1 + 1e-12),
                f"domine2025.{block}.eta={d[block]['eta']} times max |lam|={worst} exceeds "
                f"domine2025.eta_lam={eta_lam}",
            )
        )
    for block in ("minimal", "lazy_ntk", "funnel", "reversal"):
        for name, dims in d[block]["shapes"].items():
            problems.append(
                (
                    not _n_hidden_is_min(dims),
                    f"domine2025.{block}.shapes.{name}={dims}: n_hidden must be min(n_in, n_out)",
                )
            )
            problems.append(
                (
                    d[block]["n_items"] < dims[0],
                    f"domine2025.{block}.n_items={d[block]['n_items']} < n_in={dims[0]} of shape "
                    f"{name}: whitened inputs need P >= n_in",
                )
            )
    for name, dims in d["lazy_ntk"]["shapes"].items():
        problems.append(
            (
                len(set(dims)) != 1,
                f"domine2025.lazy_ntk.shapes.{name}={dims} must be square (n_in = n_hidden = n_out)",
            )
        )
    ntk = d["lazy_ntk"]
    lo, hi = ntk["fit_range"]
    problems += [
        (
            not _increasing(ntk["fit_range"]),
            f"domine2025.lazy_ntk.fit_range={ntk['fit_range']} must be increasing",
        ),
        (
            sum(lo <= m <= hi for m in ntk["lam_magnitudes"]) < 2,
            f"domine2025.lazy_ntk.fit_range={ntk['fit_range']} holds fewer than two lam_magnitudes",
        ),
        (
            ntk["slope_shape"] not in ntk["shapes"],
            f"domine2025.lazy_ntk.slope_shape={ntk['slope_shape']!r} is not one of its shapes",
        ),
    ]
    fun = d["funnel"]
    loss_dims = fun["shapes"].get(fun["loss_shape"])
    problems += [
        (
            fun["lazy_lam"] not in fun["lam_magnitudes"],
            f"domine2025.funnel.lazy_lam={fun['lazy_lam']} is not one of lam_magnitudes",
        ),
        (
            loss_dims is None or loss_dims[0] <= loss_dims[2],
            f"domine2025.funnel.loss_shape={fun['loss_shape']!r} must name a funnel (n_in > n_out) of its shapes",
        ),
        (
            len(fun["gd_horizons"]) != len(fun["loss_lams"]),
            f"domine2025.funnel.gd_horizons needs one entry per loss_lam ({len(fun['loss_lams'])})",
        ),
        (
            not _increasing(fun["time_range"]),
            f"domine2025.funnel.time_range={fun['time_range']} must be increasing",
        ),
    ]
    for name, dims in fun["shapes"].items():
        problems.append(
            (
                dims[0] == dims[2],
                f"domine2025.funnel.shapes.{name}={dims} must have n_in != n_out",
            )
        )
    hier = d["hierarchy"]
    for name, spec in hier["starts"].items():
        balanced = spec["kind"] == "lambda_balanced"
        problems.append(
            (
                balanced != ("lam" in spec),
                f"domine2025.hierarchy.starts.{name}: lam is required for kind lambda_balanced "
                f"and not allowed for kind gaussian",
            )
        )
        if balanced and spec.get("lam", 0) != 0:
            problems.append(
                (
                    hier["n_hidden"] > 8,
                    f"domine2025.hierarchy.starts.{name}: lam != 0 needs n_hidden <= 8",
                )
            )
    problems.append(
        (
            not _increasing(hier["sweep"]["lam_range"]),
            f"domine2025.hierarchy.sweep.lam_range={hier['sweep']['lam_range']} must be increasing",
        )
    )
    mod = d["modes"]
    problems += [
        (
            not _increasing(mod["u0_range"]),
            f"domine2025.modes.u0_range={mod['u0_range']} must be increasing",
        ),
        (
            mod["u0_range"][1] >= mod["half_time_s"] / 2,
            f"domine2025.modes.u0_range must end below half_time_s / 2 = {mod['half_time_s'] / 2}",
        ),
    ]
    rev = d["reversal"]
    problems.append(
        (
            not _increasing(rev["time_range"]),
            f"domine2025.reversal.time_range={rev['time_range']} must be increasing",
        )
    )
    con = d["continual"]
    problems += [
        (
            con["n_hidden"] < min(con["n_in"], con["n_out"])
            or con["n_hidden"] > con["n_out"],
            f"domine2025.continual.n_hidden={con['n_hidden']} must lie in [min(n_in, n_out), n_out] "
            f"(global optimum reached; lam > 0 needs n_hidden <= n_out)",
        ),
        (
            con["n_items"] < con["n_in"],
            f"domine2025.continual.n_items={con['n_items']} < n_in={con['n_in']}: whitened inputs need P >= n_in",
        ),
    ]
    return problems


def domine_numbers(wildcards):
    """Every measured-number file that `domine2025_measure` gathers into numbers.json."""
    return {
        "minimal": expand("results/domine2025/fig1/{shape}.json", shape=MINIMAL_SHAPES),
        "modes": "results/domine2025/fig2/modes.json",
        "lazy_ntk": "results/domine2025/fig2/lazy_ntk.json",
        "funnel": "results/domine2025/fig3/funnel.json",
        "hierarchy": "results/domine2025/fig4/hierarchy.json",
        "reversal": "results/domine2025/fig5/reversal.json",
        "continual": "results/domine2025/fig5/continual.json",
    }
