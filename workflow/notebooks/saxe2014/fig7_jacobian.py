# %% [markdown]
# # Figure 7 — singular values of the input–output Jacobian of a deep tanh network
#
# One network ``x^{l+1} = g W_l tanh(x^l)`` with ``N_l`` layers of ``n`` units and random
# orthogonal ``W_l``; histograms of ``log10`` of the singular values of the end-to-end Jacobian
# ``d x^{N_l} / d x^1`` (computed from its factors, so that small ones are resolved), one panel
# per gain ``g`` around the edge of chaos ``g = 1`` (rows; blue below, black at, red above) and
# input population variance ``q1`` (columns a–c), every panel over the same range; the last row,
# the first layer's derivatives ``tanh'(x^1)`` alone (green). (d) For comparison, on a wider
# range, the end-to-end map of a linear network of the same depth with scaled Gaussian weights (variance
# ``1/n``; grey), of a linear orthogonal network (all singular values 1, dashed), and the tanh
# Jacobian at ``g = 1.1``, ``q1 = 1`` (red outline).
#
# Data: `results/saxe2014/fig7/jacobian.npz` (rule `saxe2014_jacobian`), numbers in
# `results/saxe2014/fig7/numbers.json` (rule `saxe2014_jacobian_measure`); settings under
# `saxe2014.jacobian` in `workflow/config.yaml`. Run
# `snakemake --cores 8 figures/saxe2014/fig7.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "jacobian": "results/saxe2014/fig7/jacobian.npz",
        "numbers": "results/saxe2014/fig7/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/saxe2014/fig7.pdf", "png": "figures/saxe2014/fig7.png"},
)
figures.setup(inp.style)
d = load_arrays(inp.jacobian)
numbers = load_json(inp.numbers)
gains, variances = d["gains"], d["input_variances"]
# below the edge of chaos blue, at it black, above it red (darker further from g = 1)
spread = max(np.max(np.abs(gains - 1.0)), 1e-12)
colors = [
    "k" if g == 1 else plt.get_cmap("Blues" if g < 1 else "Reds")(0.45 + 0.55 * abs(g - 1.0) / spread)
    for g in gains
]

# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.9), layout="constrained")
left, right = fig.subfigures(1, 2, width_ratios=[3.0, 1.25])
rows = len(gains) + 1
axes = left.subplots(rows, len(variances), sharex=True)
logs = d["log10_sv"]
lo = np.floor(min(logs.min(), np.log10(d["first_layer_derivative"]).min())) - 0.5
hi = np.ceil(logs.max()) + 0.5
bins = np.arange(lo, hi + 0.25, 0.25)  # every value inside: no clipping, no overflow bin
n = int(d["n"])
for j, q1 in enumerate(variances):
    for i in range(rows):
        ax = axes[i, j]
        if i < len(gains):
            values, color = logs[i, j], colors[i]
        else:  # the first layer's derivatives alone
            values, color = np.log10(d["first_layer_derivative"][j]), figures.COLORS[2]
        ax.hist(values, bins=bins, color=color, alpha=0.85)
        ax.axvline(0.0, color="k", linewidth=0.5, linestyle=":")
        ax.set_xlim(lo, hi)
        ax.set_ylim(0, 1.15 * np.histogram(values, bins=bins)[0].max())
        ax.yaxis.set_major_locator(plt.MaxNLocator(2, integer=True))
        ax.spines["left"].set_linewidth(0.6)
        if j == 0:  # the row's label, in the empty left part of the first column
            label = f"$g = {gains[i]:g}$" if i < len(gains) else r"$\tanh'(x^1)$"
            ax.text(0.03, 0.85, label, transform=ax.transAxes, ha="left", va="top")
    axes[0, j].set_title(f"$q^1 = {q1:g}$")
    axes[-1, j].set_xlabel(r"$\log_{10} \sigma$")
    figures.panel_label(axes[0, j], "abc"[j])
left.supylabel(f"count (of {n}) per quarter decade")

ax = right.subplots(1, 1)
wide = np.concatenate([d["gaussian_log10_sv"].ravel(), logs.ravel()])
wbins = np.linspace(np.floor(wide.min()) - 1, 2.0, 50)
samples = d["gaussian_log10_sv"].shape[0]
# counts per sample, so that both histograms count out of n
ax.hist(
    d["gaussian_log10_sv"].ravel(),
    bins=wbins,
    weights=np.full(d["gaussian_log10_sv"].size, 1.0 / samples),
    color="0.6",
    label="Gaussian",
)
g_ref, q_ref = 1.1, 1.0
i_ref = int(np.argmin(np.abs(gains - g_ref)))
j_ref = int(np.argmin(np.abs(variances - q_ref)))
ax.hist(
    logs[i_ref, j_ref],
    bins=wbins,
    histtype="step",
    color=colors[i_ref],
    linewidth=1.0,
    label=f"tanh, $g = {gains[i_ref]:g}$,\n$q^1 = {variances[j_ref]:g}$",
)
ax.axvline(0.0, color=figures.COLORS[3], linestyle="--", linewidth=0.9, label=r"orthogonal, $\sigma = 1$")
ax.set_xlabel(r"$\log_{10} \sigma$ (end-to-end map)")
ax.set_ylabel(f"count (of {n}) per bin")
ax.set_title(f"linear, {int(d['layers']) - 1} factors")
# below the panel: the bars and the line at sigma = 1 leave no corner free
ax.legend(loc="upper left", bbox_to_anchor=(-0.25, -0.22), handlelength=1.4, borderaxespad=0.0)
figures.panel_label(ax, "d")
figures.save(fig, out.pdf, out.png)
