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


def s24_group_runs(wildcards):
    """The width-group files of one task and activation, in group order (input of shemur2024_width_merge)."""
    return [
        f"results/shemur2024/width/{wildcards.data}_{wildcards.activation}_group{k}.npz"
        for k in range(len(s24_groups(wildcards.activation)))
    ]


def s24_merged_runs(data=None):
    """The merged width runs, one per task and activation (outputs of shemur2024_width_merge)."""
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


def s24_mlp_matched_runs():
    """Figure 4's matched-flow-time runs, one per learning-rate exponent."""
    return {
        f"matched{a}": f"results/shemur2024/mnist_mlp/matched_alpha{a}.npz"
        for a in S24_ALPHAS
    }


S24_AUTHORS_ALPHAS = [s24_alpha_key(a) for a in S24["mnist_authors"]["alphas"]]


def s24_authors_runs():
    """Figure 4's runs of the authors' width experiment, one per learning-rate exponent."""
    return {
        f"authors{a}": f"results/shemur2024/mnist_authors/alpha{a}.npz"
        for a in S24_AUTHORS_ALPHAS
    }


def s24_sgd_plan():
    """Figure 5's runs by name (exactdln.experiments.shemur2024.sgd.plan)."""
    from exactdln.experiments.shemur2024.sgd import plan

    return plan(S24["sgd"], S24["data"]["teacher"]["n_train"])


S24_SGD_RUNS = list(s24_sgd_plan())


def s24_sgd_runs():
    """Figure 5's run files, one per run of the plan."""
    return {name: f"results/shemur2024/sgd/{name}.npz" for name in S24_SGD_RUNS}
