# Part V's shared names and helper functions (rule files hold only rules).

S24_DATA = ["teacher", "mnist"]
S24_ACTIVATIONS = list(S24["activations"])
S24_SCALE_ACTIVATIONS = list(S24["output_scale"]["activations"])


def s24_alpha_key(alpha):
    """The learning-rate exponent as a file and JSON key: 0, -0.5, -1 (no trailing .0)."""
    from exactdln.experiments.shemur2024.mnist_mlp import alpha_key

    return alpha_key(alpha)


S24_ALPHAS = [s24_alpha_key(a) for a in S24["mnist_mlp"]["alphas"]]


def s24_widths(activation):
    """Widths of Figure 1 for one activation (ReLU adds `relu_widths`)."""
    widths = list(S24["width"]["widths"])
    if activation == "relu":
        widths += list(S24["width"]["relu_widths"])
    return sorted(widths)


def s24_groups(activation):
    """The widths of one activation split into jobs of about equal cost."""
    from exactdln.experiments.shemur2024.width import width_groups

    return width_groups(s24_widths(activation), S24["job_width_budget"])


def s24_group_widths(wildcards):
    """Widths trained by one job of rule shemur2024_width_run."""
    return s24_groups(wildcards.activation)[int(wildcards.group)]


def s24_width_runs(wildcards):
    """Every width-group file of one task and activation (input of the merge in shemur2024_measure)."""
    return {
        f"{data}_{act}_{k}": f"results/shemur2024/width/{data}_{act}_group{k}.npz"
        for data in S24_DATA
        for act in S24_ACTIVATIONS
        for k in range(len(s24_groups(act)))
    }


def s24_merged_runs(data=None):
    """The merged width runs, one per task and activation (outputs of shemur2024_measure)."""
    return {
        f"{d}_{act}": f"results/shemur2024/width/{d}_{act}.npz"
        for d in ([data] if data else S24_DATA)
        for act in S24_ACTIVATIONS
    }


def s24_scale_runs():
    """Figure 2e's runs, one file per activation and start (all written by one job)."""
    return {
        f"{act}_{start}": f"results/shemur2024/output_scale/{act}_{start}.npz"
        for act in S24_SCALE_ACTIVATIONS
        for start in ("plain", "doubling")
    }


def s24_mlp_runs():
    """Figure 4's runs, one per learning-rate exponent."""
    return {
        f"alpha{a}": f"results/shemur2024/mnist_mlp/alpha{a}.npz" for a in S24_ALPHAS
    }


def s24_problems(cfg):
    """Checks of the `shemur2024` block that the schema cannot express."""
    w, c, o, lin = (
        cfg["width"],
        cfg["correlations"],
        cfg["output_scale"],
        cfg["linear_exact"],
    )
    teacher = cfg["data"]["teacher"]
    problems = [
        (
            sorted(w["widths"]) != list(w["widths"]),
            f"shemur2024.width.widths={w['widths']} must be increasing",
        ),
        (
            "relu" in cfg["activations"]
            and w["relu_widths"]
            and min(w["relu_widths"]) <= max(w["widths"]),
            f"shemur2024.width.relu_widths={w['relu_widths']} must exceed every width of shemur2024.width.widths",
        ),
        (
            sum(x >= cfg["fit_min_width"] for x in w["widths"]) < 2,
            f"shemur2024.fit_min_width={cfg['fit_min_width']} leaves fewer than two widths of shemur2024.width.widths",
        ),
        (
            sum(x >= cfg["fit_min_width"] for x in c["widths"]) < 2,
            f"shemur2024.fit_min_width={cfg['fit_min_width']} leaves fewer than two widths of shemur2024.correlations.widths",
        ),
        (
            sorted(c["widths"]) != list(c["widths"]) or any(x % 2 for x in c["widths"]),
            f"shemur2024.correlations.widths={c['widths']} must be increasing and even (doubling start)",
        ),
        (
            max(c["n_points"], c["fd_points"]) > teacher["n_train"],
            f"shemur2024.correlations.n_points / fd_points exceed shemur2024.data.teacher.n_train={teacher['n_train']}",
        ),
        (
            o["width"] % 2 == 1,
            f"shemur2024.output_scale.width={o['width']} must be even (doubling start)",
        ),
        (
            sorted(o["scales"]) != list(o["scales"])
            or sum(x >= o["fit_min_scale"] for x in o["scales"]) < 2,
            f"shemur2024.output_scale.scales={o['scales']} must be increasing with two or more >= fit_min_scale={o['fit_min_scale']}",
        ),
        (
            sorted(lin["lams"]) != list(lin["lams"])
            or sum(x >= lin["fit_min_lam"] for x in lin["lams"]) < 2,
            f"shemur2024.linear_exact.lams={lin['lams']} must be increasing with two or more >= fit_min_lam={lin['fit_min_lam']}",
        ),
        (
            lin["n_hidden"] > lin["n_out"],
            f"shemur2024.linear_exact.n_hidden={lin['n_hidden']} > n_out={lin['n_out']}: lam > 0 needs n_hidden <= n_out",
        ),
        (
            lin["n_items"] < lin["n_in"],
            f"shemur2024.linear_exact.n_items={lin['n_items']} < n_in={lin['n_in']}: whitened inputs need P >= n_in",
        ),
        (
            lin["t_max"] <= lin["t_min"],
            f"shemur2024.linear_exact.t_max={lin['t_max']} must exceed t_min={lin['t_min']}",
        ),
        (
            sorted(cfg["mnist_mlp"]["widths"]) != list(cfg["mnist_mlp"]["widths"]),
            f"shemur2024.mnist_mlp.widths={cfg['mnist_mlp']['widths']} must be increasing",
        ),
    ]
    problems += [
        (
            act not in w["eta"],
            f"shemur2024.width.eta has no learning rate for activation {act!r}",
        )
        for act in cfg["activations"]
    ]
    return problems
