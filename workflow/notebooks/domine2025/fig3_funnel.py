# %% [markdown]
# # Figure 3 — unequal input and output dimensions (ours, from the results of Dominé et al. 2025)
#
# (a) Kernel distance between the NTK at `t = 0` and at `t = inf` (exact)
# against `|lam|` for a funnel (6-2-2) and an inverse funnel (2-2-6); filled:
# `lam > 0`, open: `lam < 0`; dashed: the rich side's `|lam| -> inf` limit
# `1 - tr(P(0) P(inf)) / r`. (b) That limit over independent draws of task and
# start, with its mean `1 - r / max(n_in, n_out)` and this draw.
# (c) Loss above its floor of the 6-2-2 network at `lam` = -4, -16, -64: exact
# (lines), gradient descent at `eta = 0.01 / |lam|` up to a shorter horizon
# (coloured, solid), and the predicted plateau
# `1/2 ||sigma_yx (I - P_row(W1(0)))||_F^2` (dashed). (d) Relative error of
# the measured plateau with `ln|lam| / lam^2` and `1 / lam^2` references.
# (e) Time for the loss to fall below half the plateau.
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
fig = plt.figure(figsize=(7.2, 5.0), constrained_layout=True)
top, bottom = fig.subfigures(2, 1)
ax_kd, ax_draws = top.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
ax_loss, ax_err, ax_slow = bottom.subplots(1, 3, gridspec_kw={"width_ratios": [1.6, 1, 1]})

# %% [markdown]
# ## (a) which sign of `lam` is lazy, (b) how typical the rich side's distance is

# %%
mags = d["lam_magnitudes"]
for i, name in enumerate(d["names"]):
    n_in, n_h, n_out = d["dims"][i]
    color = figures.COLORS[i]
    label = f"{name} {n_in}-{n_h}-{n_out}"
    ax_kd.plot(mags, d["kernel_distance"][i, 0], "o-", color=color, label=f"{label}, $\\lambda>0$")
    ax_kd.plot(
        mags, d["kernel_distance"][i, 1], "o--", mfc="white", color=color, label=f"{label}, $\\lambda<0$"
    )
    rich = 1 if n_in > n_out else 0
    ax_kd.plot(mags, d["rich_limit"][i, rich], color=color, linestyle=":", linewidth=0.8)
ax_kd.axhline(fig3["funnel"]["rich_limit_draws_theory"], color="0.6", linewidth=0.6)
ax_kd.set_xscale("log")
ax_kd.set_yscale("log")
ax_kd.set_xlabel("$|\\lambda|$")
ax_kd.set_ylabel("kernel distance $K(0)$ to $K(\\infty)$")
ax_kd.legend(loc="lower left", fontsize=6)
figures.panel_label(ax_kd, "a")

bins = np.linspace(0, 1, 26)
for i, name in enumerate(d["names"]):
    entry = fig3[str(name)]
    draws = d["rich_limit_draws"][i]
    ax_draws.hist(
        draws, bins=bins, histtype="step", color=figures.COLORS[i], label=f"{name}, {draws.size} draws"
    )
    ax_draws.axvline(entry["rich_limit"], color=figures.COLORS[i], linestyle=":", linewidth=1.0)
ax_draws.axvline(fig3["funnel"]["rich_limit_draws_theory"], color="0.4", linewidth=0.8, label="mean $1-r/n$")
ax_draws.plot([], [], color="0.4", linestyle=":", label="this draw (a, at $|\\lambda|=\\infty$)")
ax_draws.set_xlabel("rich-side limit $1-\\mathrm{tr}(P(0)P(\\infty))/r$")
ax_draws.set_ylabel("draws")
ax_draws.legend(loc="upper left", fontsize=6)
figures.panel_label(ax_draws, "b")

# %% [markdown]
# ## (c) the plateau of the rich funnel, (d) its error, (e) the slow phase

# %%
t = d["times"][1:]
for k, lam in enumerate(d["loss_lams"]):
    color = figures.COLORS[2 + k]
    ax_loss.plot(t, d["exact_loss"][k, 1:], **{**figures.EXACT_STYLE, "linewidth": 1.0})
    ts, ls = d[f"sim_times_{k}"][1:], d[f"sim_loss_{k}"][1:]
    ax_loss.plot(ts, ls, color=color, label=f"$\\lambda={lam:g}$ (GD to $t={ts[-1]:g}$)", **figures.SIM_STYLE)
    ax_loss.plot(ts[-1], ls[-1], "|", color=color, markersize=8)
ax_loss.axhline(
    d["predicted_plateau"][0], color="0.4", linestyle="--", linewidth=0.8, label="predicted plateau"
)
ax_loss.set_xscale("log")
ax_loss.set_ylim(0, None)
ax_loss.set_xlim(t[0], t[-1])
ax_loss.set_xlabel("time $t$")
ax_loss.set_ylabel("$\\frac{1}{2}\\|\\Sigma_{yx} - W_2W_1\\|_F^2$")
ax_loss.set_title(f"{d['loss_shape']}: exact (dotted), GD (solid)", fontsize=8)
ax_loss.legend(loc="lower left", fontsize=6)
figures.panel_label(ax_loss, "c")

lams = np.abs(d["loss_lams"])
errs = np.array([fig3["plateau"][f"lam{m:g}"]["plateau_err"] for m in lams])
ax_err.plot(lams, errs, "o", color="k", label="measured")
grid = np.geomspace(lams.min(), lams.max(), 50)
c_log = errs[-1] * lams[-1] ** 2 / np.log(lams[-1])
ax_err.plot(
    grid, c_log * np.log(grid) / grid**2, color=figures.COLORS[0], label="$c\\,\\ln|\\lambda|/\\lambda^2$"
)
ax_err.plot(
    grid, errs[-1] * (lams[-1] / grid) ** 2, color="0.6", linestyle="--", label="$\\propto 1/\\lambda^2$"
)
ax_err.set_xscale("log")
ax_err.set_yscale("log")
ax_err.set_xlabel("$|\\lambda|$")
ax_err.set_xticks(lams, [f"{m:g}" for m in lams])
ax_err.minorticks_off()
ax_err.set_ylabel("plateau relative error")
ax_err.legend(loc="lower left", fontsize=6)
figures.panel_label(ax_err, "d")

ax_slow.plot(lams, d["slow_half_time"], "o", color="k")
ax_slow.plot(
    grid, d["slow_half_time"][-1] * grid / lams[-1], color="0.6", linestyle="--", label="$\\propto|\\lambda|$"
)
ax_slow.set_xscale("log")
ax_slow.set_yscale("log")
ax_slow.set_yticks(d["slow_half_time"], [f"{v:.3g}" for v in d["slow_half_time"]])
ax_slow.set_xlabel("$|\\lambda|$")
ax_slow.set_xticks(lams, [f"{m:g}" for m in lams])
ax_slow.minorticks_off()
ax_slow.set_ylabel("time to half the plateau")
ax_slow.legend(loc="upper left", fontsize=6)
figures.panel_label(ax_slow, "e")
figures.save(fig, out.pdf, out.png)
