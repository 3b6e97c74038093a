# %% [markdown]
# # Figure 3 — the same function, different representations
#
# The 8-item semantic hierarchy learned by an 8-14-8 network from a small
# Gaussian, a large Gaussian and a large zero-balanced start.
# (a) The task's singular value decomposition `Sigma_yx = U S V^T` and the
# hidden similarities it implies at a balanced optimum, `U S U^T` and
# `V S V^T`. (b) The final `Q Q^T` of each run (gradient descent), and of the
# exact solution for the balanced start. (c) Loss and (d) distance
# `||W1^T W1 - V S V^T||_F` over training: gradient descent (solid), gradient
# flow integrated on the weights (dashed), exact solution (dotted).
#
# Data: `results/braun2022/fig3/` (rule `braun2022_representations`, settings in
# `workflow/config.yaml`, key `braun2022.representations`).
# Run `snakemake --cores 8 figures/braun2022/fig3.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.experiments.braun2022.representations import blocks
from exactdln.io import load_arrays, load_json
from exactdln.measures import representation_distance

inp, out = figures.paths(
    globals(),
    inputs={
        "data": "results/braun2022/fig3/representations.npz",
        "numbers": "results/braun2022/fig3/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig3.pdf", "png": "figures/braun2022/fig3.png"},
)
figures.setup(inp.style)
data = load_arrays(inp.data)
numbers = load_json(inp.numbers)
n_in = data["sigma_yx"].shape[1]
LABELS = {
    "small_gaussian": "small Gaussian",
    "large_gaussian": "large Gaussian",
    "large_balanced": "large balanced",
}
label = {
    str(n): f"{LABELS.get(str(n), str(n))} ({s:g})"
    for n, s in zip(data["names"], data["scales"], strict=True)
}

# %% [markdown]
# ## (a) the task and (b) the final representations
#
# One colour scale for every matrix: the largest entry of the task's
# `U S U^T` and `V S V^T`. Entries beyond it (only in the large Gaussian
# run) saturate; its panel title gives its largest entry.

# %%
u, s, vt = data["u"], data["s"], data["vt"]
usu, vsv = u @ np.diag(s) @ u.T, vt.T @ np.diag(s) @ vt
limit = max(np.abs(usu).max(), np.abs(vsv).max())
style = {"cmap": "RdBu_r", "vmin": -limit, "vmax": limit, "interpolation": "nearest"}
items = [str(i) for i in data["item_names"]]
features = [str(f) for f in data["feature_names"]]

fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.0), layout="constrained")
rows = fig.subfigures(3, 1, height_ratios=[1.75, 1.75, 2.5])


def row_label(row, letter):
    """Bold panel letter at the top-left corner of a row (a subfigure)."""
    row.text(0.0, 1.0, letter, fontweight="bold", fontsize=10, va="top", ha="left")


def heatmap(ax, matrix, title, names_y=None, names_x=None):
    """One matrix on the common colour scale, with tick labels where names are given."""
    image = ax.imshow(matrix, **style)
    ax.set_title(title)
    for axis, names in ((ax.yaxis, names_y), (ax.xaxis, names_x)):
        axis.set_ticks(range(len(names)) if names else [])
        if names:
            axis.set_ticklabels(names)
    if names_x:
        ax.tick_params(axis="x", labelrotation=90)
    return image


modes = [str(i + 1) for i in range(s.size)]
task_panels = [
    (u, "$U$", features, modes),
    (np.diag(s), "$S$", None, modes),
    (vt, "$V^T$", modes, items),
    (usu, "$USU^T$", None, None),
    (vsv, "$VSV^T$", None, items),
]
axes = rows[0].subplots(1, len(task_panels))
for ax, (matrix, title, names_y, names_x) in zip(axes, task_panels, strict=True):
    image = heatmap(ax, matrix, title, names_y, names_x)
row_label(rows[0], "a")
rows[0].colorbar(image, ax=axes, shrink=0.8)

# %%
n = data["sim_qqt"].shape[-1]
final = [(data["sim_qqt"][k, -1], f"GD, {label[str(name)]}") for k, name in enumerate(data["names"])]
final += [
    (data["exact_qqt"][k, -1], f"exact, {label[str(name)]}")
    for k, name in enumerate(data["names"])
    if data["exact_applies"][k]
]
SATURATED = 1.05  # name the largest entry when it exceeds the colour scale by more than 5%
axes = rows[1].subplots(1, len(final))
ticks = [(n_in - 1) / 2, (n + n_in - 1) / 2]
for j, (ax, (matrix, title)) in enumerate(zip(axes, final, strict=True)):
    peak = np.abs(matrix).max()
    extra = f"; largest entry {peak:.2g}" if peak > SATURATED * limit else ""
    image = ax.imshow(matrix, **style)
    name, scale = title.split(" (")
    ax.set_title(f"{name}\n({scale.rstrip(')')}{extra})", fontsize=7.5)
    ax.axhline(n_in - 0.5, color="k", linewidth=0.6)
    ax.axvline(n_in - 0.5, color="k", linewidth=0.6)
    ax.set_xticks(ticks, ["$W_1^T$", "$W_2$"])
    ax.set_yticks(ticks, ["$W_1^T$", "$W_2$"] if j == 0 else [])
row_label(rows[1], "b")
rows[1].colorbar(
    image, ax=axes, shrink=0.8, extend="both", label=f"final $QQ^T$, $t = {data['times'][-1]:g}$"
)

# %% [markdown]
# ## (c) loss and (d) distance from the task-structured representation

# %%
t = data["times"]
shown = slice(1, None)  # logarithmic time axis: from the first step on
ax_loss, ax_dist = rows[2].subplots(1, 2)
sigma_yx = data["sigma_yx"]
for k, name in enumerate(str(n) for n in data["names"]):
    color = figures.COLORS[k]
    dist = {
        key: representation_distance(blocks(data[f"{key}_qqt"][k], n_in)["w1tw1"], sigma_yx)
        for key in ("sim", "ode")
    }
    ax_loss.plot(t[shown], data["sim_loss"][k, shown], color=color, **figures.SIM_STYLE, label=label[name])
    ax_dist.plot(t[shown], dist["sim"][shown], color=color, **figures.SIM_STYLE)
    ax_dist.plot(t[shown], dist["ode"][shown], color=color, linestyle="--", linewidth=0.9)
    if data["exact_applies"][k]:
        exact = representation_distance(blocks(data["exact_qqt"][k], n_in)["w1tw1"], sigma_yx)
        ax_loss.plot(t[shown], data["exact_loss"][k, shown], **figures.EXACT_STYLE)
        ax_dist.plot(t[shown], exact[shown], **figures.EXACT_STYLE)
ax_dist.axhline(numbers["distance_tol"], color="0.5", linewidth=0.6)
ax_dist.text(t[1], numbers["distance_tol"] * 1.6, "tolerance", color="0.4")
for ax in (ax_loss, ax_dist):
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("time $t$ (steps $\\times\\,\\eta$)")
ax_loss.set_ylabel("loss $\\frac{1}{2}\\|\\Sigma_{yx} - W_2W_1\\|_F^2$")
ax_loss.plot([], [], color="0.3", **figures.SIM_STYLE, label="gradient descent")
ax_loss.plot([], [], **figures.EXACT_STYLE, label="exact solution")
ax_loss.legend(loc="lower left")
figures.panel_label(ax_loss, "c")
ax_dist.set_ylabel("$\\|W_1^TW_1 - VSV^T\\|_F$")
ax_dist.plot([], [], color="0.3", linestyle="--", linewidth=0.9, label="gradient flow (ODE)")
ax_dist.legend(loc="lower left")
figures.panel_label(ax_dist, "d")
figures.save(fig, out.pdf, out.png)
