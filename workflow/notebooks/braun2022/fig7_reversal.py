# %% [markdown]
# # Figure 7 — reversal learning and new structure on top of prior knowledge
#
# Top row: (a) a 4-6-4 network learns a task and then the reversed task
# (targets negated) on one time axis `t = eta * step`: the exact solution,
# restarted at the switch from its own end-of-phase weights, decays to the
# saddle and stays there; gradient descent escapes, and so do runs perturbed
# at the switch. (b) Escape time against the size of the perturbation, with
# the logarithmic prediction. (c) The shallow network `y = W x` reverses
# exponentially. (d) Fraction of random zero-balanced starts that stall.
# Middle and bottom rows: an 8-14-8 network learns the semantic hierarchy and
# then the hierarchy with its last feature negated (small start), or a
# second hierarchy that groups the items by colour (large start): loss,
# network function, and each item's output trajectory embedded in 2-D by
# classical multidimensional scaling (exact and gradient descent).
#
# Data: `results/braun2022/fig7/` (rules `braun2022_reversal_run`, `braun2022_reversal_measure`; settings
# under `braun2022.reversal` in `workflow/config.yaml`). Run
# `snakemake --cores 2 figures/braun2022/fig7.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json
from exactdln.tasks import HIERARCHY_ITEMS

PARTS = ("saddle", "shallow", "stall", "hierarchy")
inp, out = figures.paths(
    globals(),
    inputs={
        **{part: f"results/braun2022/fig7/{part}.npz" for part in PARTS},
        "numbers": "results/braun2022/fig7/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/braun2022/fig7.pdf", "png": "figures/braun2022/fig7.png"},
)
figures.setup(inp.style)
saddle, shallow, stall, hier = (load_arrays(getattr(inp, part)) for part in PARTS)
numbers = load_json(inp.numbers)
SIM, EXACT = figures.SIM_STYLE, figures.EXACT_STYLE
BLUE, ORANGE, GREEN = figures.COLORS[0], figures.COLORS[1], figures.COLORS[2]
SEQUENCES = {"small": "small start", "large": "large start"}


def switch_line(ax, data):
    """Dashed vertical line at the task switch."""
    ax.axvline(data["switch_times"][1], color="0.6", linewidth=0.6, linestyle="--", zorder=0)


fig, axes = plt.subplots(3, 4, figsize=(7.2, 6.6), layout="constrained")

# %% [markdown]
# ## (a) reversal at the saddle and (b) the escape time

# %%
ax = axes[0, 0]
FLOOR = 1e-15  # the loss above its minimum, clipped at rounding level for the log scale


def excess(loss):
    """Loss above the minimum of the (current) task, clipped at ``FLOOR``."""
    return np.maximum(loss - saddle["min_loss"], FLOOR)


ax.plot(saddle["times"], excess(saddle["sim_loss"]), color=BLUE, label="GD", **SIM)
shades = plt.get_cmap("Greens")(np.linspace(0.45, 0.9, len(saddle["shown_deltas"])))
for delta, sim, exact, color in zip(
    saddle["shown_deltas"], saddle["shown_sim_loss"], saddle["shown_exact_loss"], shades, strict=True
):
    ax.plot(
        saddle["shown_times"], excess(sim), color=color, linewidth=1.0, label=rf"GD, $\delta$={delta:.0e}"
    )
    ax.plot(saddle["shown_times"], excess(exact), color="k", linestyle=":", linewidth=0.9)
ax.plot(saddle["times"], excess(saddle["exact_loss"]), label="exact", **EXACT)
ax.axhline(saddle["saddle_loss"] - saddle["min_loss"], color="0.6", linewidth=0.6, linestyle="-.")
switch_line(ax, saddle)
ax.set_yscale("log")
ax.set_ylim(FLOOR / 3, 30)
ax.set_xlim(0, saddle["times"][-1])
ax.set_xlabel("time $t$")
ax.set_ylabel(r"loss $-$ minimum")
ax.set_title("reversal, 4-6-4")
ax.legend(fontsize=5, loc="lower right", ncol=1)
figures.panel_label(ax, "a")

ax = axes[0, 1]
deltas = saddle["deltas"]
nums = numbers["saddle"]
series = (
    ("escape_exact", "exact", "k", "o"),
    ("escape_sim_exact", "GD, exact start", GREEN, "s"),
    ("escape_sim_sim", "GD, GD start", ORANGE, "^"),
)
for key, label, color, marker in series:
    t = saddle[key]
    ax.fill_between(deltas, t.min(axis=1), t.max(axis=1), color=color, alpha=0.15, linewidth=0)
    ax.plot(
        deltas, np.median(t, axis=1), marker=marker, markersize=2.5, color=color, linewidth=0.8, label=label
    )
theory = np.log(1.0 / deltas) / saddle["s1"] + nums["theory_intercept"]
ax.plot(deltas, theory, color="0.4", linestyle="--", linewidth=0.9, label="theory")
ax.axhline(nums["floor_escape"][0], color=ORANGE, linewidth=0.6, linestyle=":")
ax.axvline(nums["floor_delta"], color=ORANGE, linewidth=0.6, linestyle=":")
ax.set_xscale("log")
ax.set_xlabel(r"perturbation at the switch $\delta$")
ax.set_ylabel("escape time after switch")
ax.set_title("escape time")
ax.legend(fontsize=5, loc="upper right", handlelength=1.5)
figures.panel_label(ax, "b")

# %% [markdown]
# ## (c) the shallow network and (d) how often random starts stall

# %%
ax = axes[0, 2]
n_out, n_in = shallow["sim_nf"].shape[-2:]
for i in range(n_out):
    for j in range(n_in):
        color = figures.COLORS[(i * n_in + j) % 7]
        ax.plot(shallow["times"], shallow["sim_nf"][:, i, j], color=color, linewidth=0.9, **SIM)
        ax.plot(shallow["times"], shallow["exact_nf"][:, i, j], **{**EXACT, "linewidth": 0.9})
switch_line(ax, shallow)
ax.plot([], [], color="0.4", label="GD")
ax.plot([], [], label="exact", **EXACT)
ax.set_xlabel("time $t$")
ax.set_ylabel("entries of $W$")
ax.set_title("shallow $y = Wx$")
ax.legend(fontsize=5.5, loc="lower left")
figures.panel_label(ax, "c")

ax = axes[0, 3]
names = [str(n) for n in stall["names"]]
fraction = stall["stalled"].mean(axis=1)
low = [numbers["stall"][n]["ci_low"] for n in names]
high = [numbers["stall"][n]["ci_high"] for n in names]
square = stall["dims"][:, 0] == stall["dims"][:, 2]
colors = [BLUE if sq else ORANGE for sq in square]
ax.bar(range(len(names)), fraction, color=colors, width=0.6)
ax.errorbar(
    range(len(names)), fraction, yerr=[fraction - low, np.subtract(high, fraction)], fmt="none", ecolor="k"
)
ax.axhline(0.5, color="0.4", linestyle="--", linewidth=0.8)
ax.set_xticks(range(len(names)), names, fontsize=6)
ax.set_ylim(0, 0.65)
ax.set_xlabel(r"$n_{in}$-$n_h$-$n_{out}$")
ax.set_ylabel("fraction that stalls")
ax.set_title(f"stalls of {stall['stalled'].shape[1]}")
for k, n in enumerate(names):
    ax.text(k, fraction[k] + 0.06, f"{numbers['stall'][n]['stalled']}", ha="center", fontsize=6)
figures.panel_label(ax, "d")

# %% [markdown]
# ## (e–l) the hierarchy, then a second task: loss, network function, MDS of the item outputs

# %%
item_colors = [figures.COLORS[k % len(figures.COLORS)] for k in range(len(HIERARCHY_ITEMS))]
letters = iter("efghijkl")
for row, (name, title) in enumerate(SEQUENCES.items(), start=1):
    d = {key[len(name) + 1 :]: v for key, v in hier.items() if key.startswith(f"{name}_")}
    times, switch = d["times"], d["switch_times"][1]
    ax = axes[row, 0]
    ax.plot(times, d["sim_loss"], color=BLUE, label="GD", **SIM)
    if d["stalled_modes"].size:  # the exact chain stalls: the restart from GD weights escapes
        after = times >= switch
        ax.plot(times[after], d["restart_loss"], color=GREEN, linewidth=1.0, label="exact from GD weights")
    ax.plot(times, d["exact_loss"], label="exact", **EXACT)
    switch_line(ax, d)
    ax.set_xlim(0, times[-1])
    ax.set_xlabel("time $t$")
    ax.set_ylabel("loss (current task)")
    ax.set_title(title, fontsize=7.5)
    ax.legend(fontsize=5, loc="center right")
    figures.panel_label(ax, next(letters))

    ax = axes[row, 1]
    sim_out, exact_out = d["sim_nf"] * np.sqrt(8), d["exact_nf"] * np.sqrt(8)  # outputs y_hat = W x_i
    for i in range(sim_out.shape[1]):
        for j in range(sim_out.shape[2]):
            ax.plot(times, sim_out[:, i, j], color=item_colors[j], linewidth=0.7, alpha=0.7)
            ax.plot(times, exact_out[:, i, j], color="k", linestyle=":", linewidth=0.6)
    switch_line(ax, d)
    ax.set_xlim(0, times[-1])
    ax.set_xlabel("time $t$")
    ax.set_ylabel(r"outputs $\hat y_{fi}$")
    ax.set_title("outputs (colour: item)", fontsize=7.5)
    figures.panel_label(ax, next(letters))

    mds = d["mds"]  # (exact / GD, T, item, 2)
    lim = np.abs(mds).max() * 1.08
    for col, (k, label) in enumerate(((0, "exact"), (1, "GD")), start=2):
        ax = axes[row, col]
        before = times < switch
        for item in range(mds.shape[2]):
            path = mds[k, :, item]
            ax.plot(*path[before].T, color=item_colors[item], linewidth=0.8, alpha=0.5)
            ax.plot(*path[~before].T, color=item_colors[item], linewidth=1.1)
            ax.plot(*path[0], "o", color=item_colors[item], markersize=2, markerfacecolor="white")
            ax.plot(*path[before][-1], "s", color=item_colors[item], markersize=2.5)
            ax.plot(*path[-1], "*", color=item_colors[item], markersize=4.5)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("MDS 1")
        ax.set_ylabel("MDS 2")
        ax.set_title(f"MDS, {label}", fontsize=7.5)
        figures.panel_label(ax, next(letters))
handles = [plt.Line2D([], [], color=c, linewidth=1.2) for c in item_colors]
axes[1, 3].legend(handles, HIERARCHY_ITEMS, fontsize=5, loc="center left", bbox_to_anchor=(1.0, 0.5))
markers = [
    plt.Line2D([], [], color="0.3", marker=m, linestyle="", markersize=3, markerfacecolor=f)
    for m, f in (("o", "white"), ("s", "0.3"), ("*", "0.3"))
]
axes[2, 3].legend(
    markers, ["start", "switch", "end"], fontsize=5, loc="center left", bbox_to_anchor=(1.0, 0.5)
)
figures.save(fig, out.pdf, out.png)
