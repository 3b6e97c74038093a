# %% [markdown]
# # Figure 3 — unequal input and output dimensions (ours, from the results of Dominé et al. 2025)
#
# (a) Kernel distance between the NTK at `t = 0` and at `t = inf` (exact) on
# the lazy side (funnel 6-2-2 at `lam > 0`, inverse funnel 2-2-6 at `lam < 0`)
# against `|lam|`, with slope -4 and the fit range; (b) on the rich side (the
# other sign), its distance from the `|lam| -> inf` limit
# `1 - tr(P(0) P(inf)) / r`, with slope -2. (c) That limit over independent
# draws of task and start, with its mean `1 - r / max(n_in, n_out)` and this
# draw's value. (d) Loss of the 6-2-2 network at `lam` = -4, -16, -64: exact
# (lines), gradient descent at `eta = 0.01 / |lam|` up to a shorter horizon
# (dots), and the predicted plateau `1/2 ||sigma_yx (I - P_row(W1(0)))||_F^2`
# (dashed). (e) Relative error of the measured plateau at `|lam|` from 4 to
# 512, with `c ln|lam| / lam^2` through the largest `|lam|` and `1 / lam^2`;
# (f) the error times `lam^2 / ln|lam|`, relative to its value at the largest
# `|lam|`, for this draw and independent ones; (g) time for the loss to fall
# below half the plateau, with `|lam|` for reference.
#
# Data: `results/domine2025/fig3/` (rule `domine2025_funnel`; settings under `domine2025.funnel`).
# Numbers: `results/domine2025/fig3/numbers.json` (rule `domine2025_funnel_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig3.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "data": "results/domine2025/fig3/funnel.npz",
        "numbers": "results/domine2025/fig3/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/domine2025/fig3.pdf", "png": "figures/domine2025/fig3.png"},
)
figures.setup(inp.style)
d = load_arrays(inp.data)
fig3 = load_json(inp.numbers)
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.9), constrained_layout=True)
top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.05])
SHAPE_COLOR = {str(name): figures.COLORS[i] for i, name in enumerate(d["names"])}
LAM_COLOR = {lam: figures.COLORS[2 + k] for k, lam in enumerate(d["gd_lams"])}

# %% [markdown]
# ## (a) the lazy side's kernel distance, (b) the rich side's approach to its limit,
# (c) how typical that limit is

# %%
ax_lazy, ax_rich, ax_draws = top.subplots(1, 3)
mags = d["lam_magnitudes"]
lo, hi = fig3["fit_range"]
fit = (mags >= lo) & (mags <= hi)
for i, name in enumerate(d["names"]):
    n_in, n_h, n_out = d["dims"][i]
    lazy = 0 if fig3[str(name)]["lazy_sign"] == 1 else 1
    kd = d["kernel_distance"][i]
    gap = np.abs(kd[1 - lazy] - d["rich_limit"][i, 1 - lazy])
    for ax, values in ((ax_lazy, kd[lazy]), (ax_rich, gap)):
        ax.plot(mags, values, "o-", color=SHAPE_COLOR[str(name)], markersize=3)
for ax, theory, key in ((ax_lazy, -4, "kd_slope_lazy_side"), (ax_rich, -2, "rich_gap_slope")):
    # the reference slope over the fit range, a decade below both shapes (which nearly coincide)
    values = [ax_line.get_ydata()[mags == hi][0] for ax_line in ax.get_lines()[: len(d["names"])]]
    grid = np.array([lo, hi])
    ax.plot(grid, 0.1 * min(values) * (grid / hi) ** theory, color="0.4", linestyle="--")
    fitted = ", ".join(f"{fig3[str(n)][key]:.2f}".replace("-", "\u2212") for n in d["names"])
    ax.text(0.04, 0.04, f"slope ${theory}$ (dashed)\nfits: {fitted}", transform=ax.transAxes, fontsize=7.5)
    ax.axvspan(lo, hi, color="0.93", zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    low, high = min(line.get_ydata().min() for line in ax.get_lines()), ax.get_ylim()[1]
    ax.set_ylim(low / (high / low) ** 0.35, high)
    ax.set_xlabel("$|\\lambda|$")
ax_lazy.set_ylabel("kernel distance $d_K$")
ax_lazy.set_title("lazy side", fontsize=8.5)
ax_rich.set_ylabel("$|d_K - d_K^{\\infty}|$")
ax_rich.set_title("rich side", fontsize=8.5)
figures.panel_label(ax_lazy, "a")
figures.panel_label(ax_rich, "b")

bins = np.linspace(0, 1, 26)
for i, name in enumerate(d["names"]):
    draws = d["rich_limit_draws"][i]
    ax_draws.hist(draws, bins=bins, histtype="step", color=SHAPE_COLOR[str(name)])
    ax_draws.axvline(
        fig3[str(name)]["rich_limit"], color=SHAPE_COLOR[str(name)], linestyle=":", linewidth=1.2
    )
ax_draws.axvline(fig3["funnel"]["rich_limit_draws_theory"], color="0.3", linewidth=0.9)
ax_draws.set_xlabel("rich-side limit $d_K^{\\infty}$")
ax_draws.set_ylabel(f"draws (of {d['rich_limit_draws'].shape[1]})")
figures.panel_label(ax_draws, "c")
handles = [
    plt.Line2D(
        [], [], color=SHAPE_COLOR[str(n)], marker="o", markersize=3, label=f"{n} {'-'.join(map(str, dd))}"
    )
    for n, dd in zip(d["names"], d["dims"], strict=True)
]
handles += [
    plt.Line2D([], [], color="0.4", linestyle="--", label="reference slope"),
    plt.Rectangle((0, 0), 1, 1, color="0.93", label="fit range"),
    plt.Line2D([], [], color="0.3", linewidth=0.9, label="(c) mean $1-r/n_{\\max}$"),
    plt.Line2D([], [], color="0.3", linestyle=":", linewidth=1.2, label="(c) this draw"),
]
top.legend(handles=handles, loc="outside upper center", ncol=3)

# %% [markdown]
# ## (d) the plateau of the rich funnel, (e, f) its error, (g) the slow phase

# %%
ax_loss, ax_err, ax_scaled, ax_slow = bottom.subplots(1, 4, gridspec_kw={"width_ratios": [1.45, 1, 1, 1]})
t = d["times"][1:]
lams = np.abs(d["loss_lams"])
for g, k in enumerate(d["gd_index"]):
    lam = d["loss_lams"][k]
    color = LAM_COLOR[lam]
    ax_loss.plot(t, d["exact_loss"][k, 1:], color=color, linewidth=1.0)
    ts, ls = d[f"sim_times_{g}"][1:], d[f"sim_loss_{g}"][1:]
    marks = np.unique(np.geomspace(1, ts.size, 14).astype(int) - 1)
    ax_loss.plot(ts[marks], ls[marks], "o", color=color, markersize=2.5, mew=0)
ax_loss.axhline(d["predicted_plateau"][0], color="0.4", linestyle="--", linewidth=0.9)
ax_loss.set_xscale("log")
ax_loss.set_ylim(0, None)
ax_loss.set_xlim(t[0], t[-1])
ax_loss.set_xticks([1e-4, 1e-2, 1e0, 1e2, 1e4])
ax_loss.set_xlabel("time $t$")
ax_loss.set_ylabel("$\\frac{1}{2}\\|\\Sigma_{yx} - W_2W_1\\|_F^2$")
figures.panel_label(ax_loss, "d")

errs = np.array([fig3["plateau"][f"lam{m:g}"]["plateau_err"] for m in lams])
grid = np.geomspace(lams.min(), lams.max(), 50)
c_log = errs[-1] * lams[-1] ** 2 / np.log(lams[-1])
ax_err.plot(grid, c_log * np.log(grid) / grid**2, color="k", linewidth=0.9)
ax_err.plot(grid, errs[-1] * (lams[-1] / grid) ** 2, color="0.6", linestyle="--")
ax_err.plot(lams, errs, "o", color="k", markersize=3.5)
ax_err.set_yscale("log")
ax_err.set_ylabel("plateau relative error")
figures.panel_label(ax_err, "e")

scaled = errs * lams**2 / np.log(lams)
draws = d["plateau_draws"] * lams**2 / np.log(lams)
for row in draws:
    ax_scaled.plot(lams, row / row[-1], color="0.65", linewidth=0.8)
ax_scaled.plot(lams, scaled / scaled[-1], "o-", color="k", markersize=3.5)
ax_scaled.axhline(1, color="0.4", linewidth=0.6)
ax_scaled.set_ylabel(f"error$\\times\\lambda^2/\\ln|\\lambda|$, $\\div$ at {lams[-1]:g}")
figures.panel_label(ax_scaled, "f")

ax_slow.plot(grid, d["slow_half_time"][-1] * grid / lams[-1], color="0.6", linestyle="--")
ax_slow.plot(lams, d["slow_half_time"], "o", color="k", markersize=3.5)
ax_slow.set_yscale("log")
ax_slow.set_ylabel("time to half the plateau")
figures.panel_label(ax_slow, "g")
for ax in (ax_err, ax_scaled, ax_slow):
    ax.set_xscale("log")
    ax.set_xlabel("$|\\lambda|$")
    ax.set_xticks([4, 16, 64, 256], ["4", "16", "64", "256"])
    ax.set_xticks([], minor=True)
handles = [plt.Line2D([], [], color=LAM_COLOR[lam], label=f"$\\lambda={lam:g}$") for lam in d["gd_lams"]]
handles += [
    plt.Line2D([], [], color="0.3", linewidth=1.0, label="exact"),
    plt.Line2D([], [], color="0.3", marker="o", markersize=3, linestyle="none", label="GD"),
    plt.Line2D([], [], color="0.4", linestyle="--", linewidth=0.9, label="predicted plateau"),
]
bottom.legend(handles=handles, loc="outside upper center", ncol=len(handles))
figures.save(fig, out.pdf, out.png)
