# %% [markdown]
# # Figure 3 — the gap over training time, and the exact linear case
#
# (a-b) RMS gap between network and linearised model on the test points of
# the teacher task against flow time ``t = eta * step``, for tanh (a) and
# ReLU (b) networks of several widths (seed means of the runs of Figure 1;
# bands: standard error of the seed mean). (c) The same gap times the width for tanh: the curves
# stay within a factor of about 1.7 of each other at every time and approach
# each other late in training (the spread is in
# `results/shemur2024/fig3/numbers.json`, key `collapse`), so the gap is
# ``O(1/m)`` at every time. (d) Training loss of the widest networks (solid)
# and its difference from the linearised model's, ``|L - L_lin|`` (dashed;
# the two losses coincide at the scale of the loss). (e) A lambda-balanced
# two-layer linear network (exact solution, ``ExactSolution``) against its
# linearisation (closed form): ``||W2 W1(t) - N_lin(t)||_F`` against time for
# several ``lam`` (seed mean). (f) Its maximum over time against ``lam``,
# with the slope ``-2``.
#
# Data: `results/shemur2024/width/teacher_*.npz` (rules `shemur2024_width_run`,
# `shemur2024_width_merge`) and `results/shemur2024/linear_exact.npz` (rule
# `shemur2024_linear_exact`); settings under `shemur2024.width` and
# `shemur2024.linear_exact` in `workflow/config.yaml`; numbers:
# `results/shemur2024/fig3/numbers.json` (rule `shemur2024_time_measure`).
# Run `snakemake --cores 8 figures/shemur2024/fig3.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

ACTIVATIONS = ("tanh", "relu", "linear")
SHOWN = ("tanh", "relu")
LAMS = (1.0, 10.0, 100.0)
inp, out = figures.paths(
    globals(),
    inputs={
        **{f"teacher_{a}": f"results/shemur2024/width/teacher_{a}.npz" for a in ACTIVATIONS},
        "linear": "results/shemur2024/linear_exact.npz",
        "numbers": "results/shemur2024/fig3/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/shemur2024/fig3.pdf", "png": "figures/shemur2024/fig3.png"},
)
figures.setup(inp.style)
teacher = {a: load_arrays(getattr(inp, f"teacher_{a}")) for a in ACTIVATIONS}
runs = {a: teacher[a] for a in SHOWN}
linear = load_arrays(inp.linear)
numbers = load_json(inp.numbers)
WIDTHS = tuple(numbers["collapse"]["tanh"]["widths"])  # shemur2024.width.time_widths
# colours: widths in purples, activations as in Figures 1-2 (blue, orange, green), lambda in greys
shades = plt.get_cmap("Purples")(np.linspace(0.45, 1.0, len(WIDTHS)))
NAMES = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}

# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.5), constrained_layout=True)
rows = fig.subfigures(2, 1, height_ratios=[1.1, 1])
flat = np.concatenate([rows[0].subplots(1, 3), rows[1].subplots(1, 3)])


def gap_panel(ax, d, scale_by_width=False):
    t = d["times"][1:]
    for width, color in zip(WIDTHS, shades, strict=True):
        w = int(np.searchsorted(d["widths"], width))
        gap = d["gap_test"][w, 1:] * (width if scale_by_width else 1.0)  # (T, S)
        mean, err = gap.mean(axis=-1), gap.std(axis=-1, ddof=1) / np.sqrt(gap.shape[-1])
        ax.fill_between(t, mean - err, mean + err, color=color, alpha=0.25, linewidth=0)
        ax.plot(t, mean, color=color, label=f"$m = {width}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("flow time $t$")


for k, act in enumerate(SHOWN):
    ax = flat[k]
    gap_panel(ax, runs[act])
    ax.set_ylabel("RMS test gap")
    ax.set_title(f"{NAMES[act]}: end / half = {numbers['gap_time_ratio'][act]:.2f}", fontsize=8.5)
    figures.panel_label(ax, "ab"[k])
rows[0].legend(*flat[0].get_legend_handles_labels(), loc="outside upper center", ncol=len(WIDTHS))

ax = flat[2]
gap_panel(ax, runs["tanh"], scale_by_width=True)
ax.set_ylabel(r"$m \times$ RMS test gap (tanh)")
ax.set_yscale("linear")
ax.set_ylim(0, None)
figures.panel_label(ax, "c")

ax = flat[3]
for k, act in enumerate(ACTIVATIONS):
    d = teacher[act]
    t = d["times"][1:]
    ax.plot(
        t,
        d["loss"][-1, 1:].mean(axis=-1),
        color=figures.COLORS[k],
        label=f"{NAMES[act]}, $m = {d['widths'][-1]}$",
    )
    # the linearised losses coincide with the networks' at this scale: their difference, dashed
    ax.plot(t, np.abs(d["loss"][-1, 1:] - d["loss_lin"][-1, 1:]).mean(axis=-1), "--", color=figures.COLORS[k])
ax.plot([], [], "--", color="0.3", label=r"$|L - L_{\mathrm{lin}}|$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("flow time $t$")
ax.set_ylabel("training loss")
ax.legend(loc="lower left", borderaxespad=0.2, handlelength=1.2)
figures.panel_label(ax, "d")

ax = flat[4]
t = linear["times"]
finite = np.isfinite(t) & (t > 0)
gap = linear["gap"].mean(axis=0)  # (L, T)
for lam, color in zip(LAMS, ("k", "0.45", "0.7"), strict=True):
    k = int(np.argmin(np.abs(linear["lams"] - lam)))
    ax.plot(t[finite], gap[k, finite], color=color, label=rf"$\lambda = {linear['lams'][k]:g}$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(1e-8, None)
ax.set_xlim(1e-4, t[finite][-1])
ax.set_xlabel("time $t$")
ax.set_ylabel(r"$\|W_2W_1 - N_{\mathrm{lin}}\|_F$")
ax.legend(loc="upper right", borderaxespad=0.2, handlelength=1.2)
figures.panel_label(ax, "e")

ax = flat[5]
lams = linear["lams"]
sup = linear["gap"][..., :-1].max(axis=-1)  # (S, L)
ax.fill_between(lams, sup.min(axis=0), sup.max(axis=0), color="0.5", alpha=0.25, linewidth=0)
ax.plot(
    lams,
    sup.mean(axis=0),
    "o-",
    color="k",
    markersize=2.5,
    label=f"exact, slope {numbers['linear_exact']['lam_slope']:.2f}",
)
ax.plot(
    lams[[0, -1]],
    2 * sup.mean(axis=0)[-1] * (lams[[0, -1]] / lams[-1]) ** -2.0,
    "--",
    color="0.5",
    linewidth=0.8,
    zorder=0.5,
    label="slope $-2$",
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel(r"imbalance $\lambda$")
ax.set_ylabel(r"$\max_t \|W_2W_1 - N_{\mathrm{lin}}\|_F$")
ax.set_ylim(sup.min() / 20, None)  # room for the legend below the data
ax.legend(loc="lower left", borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "f")
figures.save(fig, out.pdf, out.png)
