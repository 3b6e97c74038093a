# %% [markdown]
# # Figure 1 — two-layer ReLU networks under four learning rules
#
# Two-layer ReLU networks in the mean-field parameterisation (`gamma0 = 2`), trained
# on `P = 10` random items in `D = 50` dimensions with gradient descent (GD),
# feedback alignment with `rho = 0` (FA), as a gated linear network (GLN) and with
# error-modulated Hebbian learning (Hebb). (a) Loss `1/2 sum_mu Delta_mu^2`,
# (b) eNTK-task alignment `A(K, y y^T)` (open circles at `t = 0`: the rules'
# infinite-width lazy kernels; FA's and Hebb's coincide, FA's is drawn larger),
# (c) gradient alignment `tr G~_1 / P`, all seed means
# of wide networks (bands: seed range); (d–g) distribution of the first-layer
# preactivations at the start (grey) and at the end of training (coloured).
#
# Data: `results/bordelon2022/fig1/` (rules `bordelon2022_two_layer_rules`,
# `bordelon2022_two_layer_rules_measure`; settings under `bordelon2022.two_layer_rules`
# in `workflow/config.yaml`). Run `snakemake --cores 8 figures/bordelon2022/fig1.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

RULES = {"gd": "GD", "fa": r"FA ($\rho=0$)", "gln": "GLN", "hebb": "Hebb"}
inp, out = figures.paths(
    globals(),
    inputs={
        **{r: f"results/bordelon2022/fig1/{r}.npz" for r in RULES},
        "numbers": "results/bordelon2022/fig1/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/bordelon2022/fig1.pdf", "png": "figures/bordelon2022/fig1.png"},
)
figures.setup(inp.style)
runs = {r: load_arrays(getattr(inp, r)) for r in RULES}
numbers = load_json(inp.numbers)
COLOR = dict(zip(RULES, figures.COLORS, strict=False))

# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.3), constrained_layout=True)
top, bottom = fig.subfigures(2, 1, height_ratios=[1.3, 1])
axes = top.subplots(1, 3)
QUANTITIES = (
    ("loss", r"loss $\frac{1}{2}\sum_\mu\Delta_\mu^2$"),
    ("alignment", r"eNTK-task alignment $A(K, yy^\top)$"),
    ("g_tilde", r"gradient alignment $\mathrm{tr}\,\tilde G_1/P$"),
)
# the t = 0 circles of FA and Hebb coincide (both rules have the lazy eNTK Phi_1): FA's is drawn
# larger, so that the two show as concentric rings
LAZY_SIZE = {"fa": 8.5}
for ax, (key, label) in zip(axes, QUANTITIES, strict=True):
    for rule, name in RULES.items():
        d = runs[rule]
        t, v = d["times"], d[key]
        ax.fill_between(t, v.min(axis=1), v.max(axis=1), color=COLOR[rule], alpha=0.2, linewidth=0)
        ax.plot(t, v.mean(axis=1), color=COLOR[rule], label=name)
        if key == "alignment":
            ax.plot(
                0,
                d["lazy_alignment"],
                "o",
                mfc="none",
                color=COLOR[rule],
                markersize=LAZY_SIZE.get(rule, 5),
                clip_on=False,
                zorder=3,
            )
    ax.set_xscale("symlog", linthresh=0.1, linscale=0.4)
    ax.set_xlim(0, runs["gd"]["times"][-1])
    ax.set_xlabel("time $t$")
    ax.set_ylabel(label)
axes[0].set_yscale("log")
axes[0].set_ylim(1e-8, 20)
handles, labels = axes[0].get_legend_handles_labels()
handles.append(plt.Line2D([], [], marker="o", mfc="none", color="0.3", linestyle="none", markersize=5))
labels.append("lazy kernel, infinite width ($t=0$)")
top.legend(handles, labels, loc="outside upper center", ncol=len(labels))
for ax, letter in zip(axes, "abc", strict=True):
    figures.panel_label(ax, letter)

hist_axes = bottom.subplots(1, 4, sharey=True)
reach = max(np.abs(runs[r]["h_end"][0]).max() for r in RULES)
bins = np.linspace(-reach, reach, 81)
for ax, (rule, name) in zip(hist_axes, RULES.items(), strict=True):
    d = runs[rule]
    ax.hist(d["h_start"][0].ravel(), bins=bins, density=True, color="0.7", label="start")
    ax.hist(
        d["h_end"][0].ravel(),
        bins=bins,
        density=True,
        histtype="step",
        color=COLOR[rule],
        linewidth=1.2,
        label="end",
    )
    ax.set_title(name)
    ax.set_xlabel("preactivation $h_1$")
    ax.set_yscale("log")
    ax.set_ylim(3e-5, 1)
hist_axes[0].set_ylabel("density (seed 0)")
hist_axes[0].legend(loc="upper left", handlelength=1.2, borderaxespad=0.2)
figures.panel_label(hist_axes[0], "d")
figures.save(fig, out.pdf, out.png)
