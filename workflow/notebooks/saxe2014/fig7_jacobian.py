# %% [markdown]
# # Figure 7 — singular values of the input–output Jacobian of a deep tanh network
#
# One network ``x^{l+1} = g W_l tanh(x^l)`` with ``N_l`` layers of ``n`` units and random
# orthogonal ``W_l``; histograms of ``log10`` of the singular values of the end-to-end Jacobian
# ``d x^{N_l} / d x^1`` for several gains ``g`` around the edge of chaos ``g = 1`` (colours) and
# input population variances ``q1`` (panels a–c). (d) For comparison, the end-to-end map of a
# linear network of the same depth with scaled Gaussian weights (variance ``1/n``; singular
# values below double precision, left of the grey band, are rounding noise), and of a linear
# orthogonal network (all singular values 1, dashed).
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
fig, axes = plt.subplots(1, len(variances) + 1, figsize=(7.2, 2.4), constrained_layout=True, sharey=False)
bins = np.linspace(-10, 2, 61)
for j, (ax, q1) in enumerate(zip(axes, variances, strict=False)):
    for i, g in enumerate(gains):
        logs = np.log10(np.maximum(d["sv"][i, j], 1e-300))
        ax.hist(
            np.clip(logs, bins[0], bins[-1]),
            bins=bins,
            histtype="step",
            color=colors[i],
            linewidth=1.0,
            label=f"$g = {g:g}$",
        )
    ax.axvline(0.0, color="k", linewidth=0.5, linestyle=":")
    ax.set_xlabel(r"$\log_{10} \sigma$ (Jacobian)")
    ax.set_title(f"$q_1 = {q1:g}$")
    figures.panel_label(ax, "abcd"[j])
axes[0].set_ylabel(f"count (of n = {int(d['n'])})")
axes[0].legend(loc="upper left", fontsize=5.5)

ax = axes[-1]
sv = d["gaussian_sv"]
logs = np.log10(np.maximum(sv, 1e-300)).ravel()
lo = max(logs.min(), -30.0)
ax.axvspan(lo, np.median(np.log10(sv[:, 0])) + np.log10(np.finfo(float).eps), color="0.9", zorder=0)
ax.hist(logs, bins=np.linspace(lo, logs.max() + 0.1, 40), color="0.6", label="Gaussian")
ax.axvline(0.0, color=figures.COLORS[3], linestyle="--", linewidth=0.9, label="orthogonal")
ax.set_xlabel(r"$\log_{10} \sigma$ (product)")
ax.set_title(f"linear, {int(d['layers']) - 1} factors")
ax.legend(loc="upper left", fontsize=5.5)
figures.panel_label(ax, "d")
figures.save(fig, out.pdf, out.png)
