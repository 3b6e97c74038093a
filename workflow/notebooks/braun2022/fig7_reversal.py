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
# Methods are black and grey (one legend under the top row); colours name the items.
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
EXACT = figures.EXACT_STYLE
# Colours name the items (e-l) only; methods are black and greys: gradient descent a light grey
# line under the black dotted exact solution, runs from perturbed exact weights dark grey
# (one dash pattern per size), runs from gradient descent's own weights open markers / dashes.
GD = {"color": "0.6", "linewidth": 1.8}
ITEM_COLORS = [*figures.COLORS[:7], "#8C510A"]  # pine brown: black is the exact solution
DELTA_STYLES = ("-", "--", "-.")
SEQUENCES = {"small": "small start", "large": "large start"}


def switch_line(ax, data):
    """Dashed vertical line at the task switch."""
    ax.axvline(data["switch_times"][1], color="0.6", linewidth=0.6, linestyle="--", zorder=0)


fig = plt.figure(figsize=(figures.TEXT_WIDTH, 5.5), layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[1.35, 2.0])
axes = np.vstack([top.subplots(1, 4), bottom.subplots(2, 4)])

# %% [markdown]
# ## (a) reversal at the saddle and (b) the escape time

# %%
ax = axes[0, 0]
FLOOR = 1e-15  # the loss above its minimum, clipped at rounding level for the log scale


def excess(loss):
    """Loss above the minimum of the (current) task, clipped at ``FLOOR``."""
    return np.maximum(loss - saddle["min_loss"], FLOOR)


ax.plot(saddle["times"], excess(saddle["sim_loss"]), label="GD", **GD)
for delta, sim, exact, style in zip(
    saddle["shown_deltas"], saddle["shown_sim_loss"], saddle["shown_exact_loss"], DELTA_STYLES, strict=True
):
    exponent = round(float(np.log10(delta)))
    ax.plot(
        saddle["shown_times"],
        excess(sim),
        color="0.2",
        linestyle=style,
        linewidth=0.9,
        label=rf"GD, $\delta = 10^{{{exponent}}}$",
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
ax.set_title("reversal")
figures.panel_label(ax, "a")

ax = axes[0, 1]
deltas = saddle["deltas"]
nums = numbers["saddle"]
series = (
    ("escape_exact", "exact", "k", "o", "k"),
    ("escape_sim_exact", "GD, exact start", "0.2", "s", "white"),
    ("escape_sim_sim", "GD, GD start", "0.55", "^", "white"),
)
for key, label, color, marker, face in series:
    t = saddle[key]
    ax.fill_between(deltas, t.min(axis=1), t.max(axis=1), color=color, alpha=0.15, linewidth=0)
    ax.plot(
        deltas,
        np.median(t, axis=1),
        marker=marker,
        markersize=3,
        markerfacecolor=face,
        color=color,
        linewidth=0.8,
        label=label,
    )
theory = np.log(1.0 / deltas) / saddle["s1"] + nums["theory_intercept"]
ax.plot(deltas, theory, color="0.4", linestyle="--", linewidth=0.9, label="theory")
ax.axhline(nums["floor_escape"][0], color="0.55", linewidth=0.6, linestyle=":")
ax.axvline(nums["floor_delta"], color="0.55", linewidth=0.6, linestyle=":")
ax.set_xscale("log")
ax.set_xlabel(r"perturbation $\delta$")
ax.set_ylabel("escape time")
ax.set_title("escape time")
figures.panel_label(ax, "b")

# %% [markdown]
# ## (c) the shallow network and (d) how often random starts stall

# %%
ax = axes[0, 2]
n_out, n_in = shallow["sim_nf"].shape[-2:]
for i in range(n_out):
    for j in range(n_in):
        ax.plot(shallow["times"], shallow["sim_nf"][:, i, j], **{**GD, "linewidth": 1.4})
        ax.plot(shallow["times"], shallow["exact_nf"][:, i, j], **{**EXACT, "linewidth": 0.9})
switch_line(ax, shallow)
ax.set_xlabel("time $t$")
ax.set_ylabel("entries of $W$")
ax.set_title("shallow")
figures.panel_label(ax, "c")

ax = axes[0, 3]
names = [str(n) for n in stall["names"]]
fraction = stall["stalled"].mean(axis=1)
low = [numbers["stall"][n]["ci_low"] for n in names]
high = [numbers["stall"][n]["ci_high"] for n in names]
ax.bar(range(len(names)), fraction, color="0.6", width=0.6)
ax.errorbar(
    range(len(names)), fraction, yerr=[fraction - low, np.subtract(high, fraction)], fmt="none", ecolor="k"
)
ax.axhline(0.5, color="0.4", linestyle="--", linewidth=0.8)
ax.set_xticks(range(len(names)), names, rotation=30)
ax.set_ylim(0, 0.8)
ax.set_xlabel(r"$n_{in}$-$n_h$-$n_{out}$")
ax.set_ylabel("fraction that stalls")
ax.set_title("stalls")
for k, n in enumerate(names):
    ax.text(k, max(high[k], 0.5) + 0.03, f"{numbers['stall'][n]['stalled']}", ha="center", fontsize=7.5)
figures.panel_label(ax, "d")

methods = [
    plt.Line2D([], [], **GD, label="GD (a, c, e, i)"),
    plt.Line2D([], [], **EXACT, label="exact"),
    *(
        plt.Line2D(
            [], [], color="0.2", linestyle=style, linewidth=0.9, label=rf"GD, $\delta = 10^{{{e}}}$ (a)"
        )
        for style, e in zip(DELTA_STYLES, np.round(np.log10(saddle["shown_deltas"])).astype(int), strict=True)
    ),
    plt.Line2D(
        [], [], color="0.2", marker="s", markersize=3, markerfacecolor="white", label="GD, exact start (b)"
    ),
    plt.Line2D(
        [], [], color="0.55", marker="^", markersize=3, markerfacecolor="white", label="GD, GD start (b)"
    ),
    plt.Line2D([], [], color="0.4", linestyle="--", linewidth=0.9, label="theory (b)"),
    plt.Line2D([], [], color="0.2", linestyle="--", linewidth=1.0, label="exact from GD weights (e)"),
]
top.legend(handles=methods, loc="outside lower center", ncol=4, handlelength=1.8, columnspacing=1.2)

# %% [markdown]
# ## (e–l) the hierarchy, then a second task: loss, network function, MDS of the item outputs

# %%
item_colors = ITEM_COLORS[: len(HIERARCHY_ITEMS)]
letters = iter("efghijkl")
for row, (name, title) in enumerate(SEQUENCES.items(), start=1):
    d = {key[len(name) + 1 :]: v for key, v in hier.items() if key.startswith(f"{name}_")}
    times, switch = d["times"], d["switch_times"][1]
    ax = axes[row, 0]
    ax.plot(times, d["sim_loss"], label="GD", **GD)
    if d["stalled_modes"].size:  # the exact chain stalls: the restart from GD weights escapes
        after = times >= switch
        ax.plot(
            times[after],
            d["restart_loss"],
            color="0.2",
            linestyle="--",
            linewidth=1.0,
            label="exact from GD weights",
        )
    ax.plot(times, d["exact_loss"], label="exact", **EXACT)
    switch_line(ax, d)
    ax.set_xlim(0, times[-1])
    ax.set_xlabel("time $t$")
    ax.set_ylabel("loss (current task)")
    ax.set_title(title, fontsize=7.5)

    figures.panel_label(ax, next(letters))

    ax = axes[row, 1]
    sim_out, exact_out = d["sim_nf"] * np.sqrt(8), d["exact_nf"] * np.sqrt(8)  # outputs y_hat = W x_i
    for i in range(sim_out.shape[1]):
        for j in range(sim_out.shape[2]):
            ax.plot(times, sim_out[:, i, j], color=item_colors[j], linewidth=0.7, alpha=0.7)
            ax.plot(times, exact_out[:, i, j], color="k", linestyle=":", linewidth=0.6)
    switch_line(ax, d)
    ax.set_xlim(0, times[-1])
    # the y-range of the outputs once the first 2% of the time has passed: a large start's first
    # outputs lie far outside it for a few steps only (cut, and their largest size named)
    later = times >= 0.02 * times[-1]
    shown, peak = 1.15 * np.abs(sim_out[later]).max(), np.abs(sim_out).max()
    title = "outputs"
    if peak > 1.2 * shown:
        ax.set_ylim(-shown, shown)
        title = f"outputs, cut\n($t$ = 0: {peak:.1f})"
    ax.set_xlabel("time $t$")
    ax.set_ylabel(r"outputs $\hat y_{fi}$")
    ax.set_title(title, fontsize=7.5, loc="right")
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
axes[1, 3].legend(handles, HIERARCHY_ITEMS, loc="center left", bbox_to_anchor=(1.0, 0.5))
markers = [
    plt.Line2D([], [], color="0.3", marker=m, linestyle="", markersize=3, markerfacecolor=f)
    for m, f in (("o", "white"), ("s", "0.3"), ("*", "0.3"))
]
axes[2, 3].legend(markers, ["start", "switch", "end"], loc="center left", bbox_to_anchor=(1.0, 0.5))
figures.save(fig, out.pdf, out.png)
