# %% [markdown]
# # Figure 2 — modes and the lazy limit (ours, from the results of Dominé et al. 2025)
#
# (a–c) Task-aligned lambda-balanced starts (every mode at `u0`) on a square
# task with three singular values: mode strength `u / s` over training for
# `|lam|` in {0, 0.5, 2, 10}: the closed form `lambda_mode_strength` (lines),
# the exact solver at `+lam` (circles) and `-lam` (crosses), gradient descent
# at both signs (dashed). (d) Half-learning time against `u0`: closed form
# (lines), exact solver (circles), the `u0 -> 0` limit for `lam != 0`
# (dotted) and Saxe et al.'s `ln(s / u0) / (2 s)` (grey dashed).
# (e–g) Square networks with `|lam|` from 2 to 128 (filled: `+lam`, open:
# `-lam`): absolute and relative change of the NTK between `t = 0` and
# `t = inf`, and the kernel distance, with log–log fits over the fit range.
#
# Data: `results/domine2025/fig2/` (rules `domine2025_modes`, `domine2025_lazy_ntk`; settings under
# `domine2025.modes` and `domine2025.lazy_ntk`).
# Numbers: `results/domine2025/fig2/numbers.json` (rule `domine2025_modes_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig2.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.fits import fit_line
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "modes": "results/domine2025/fig2/modes.npz",
        "lazy_ntk": "results/domine2025/fig2/lazy_ntk.npz",
        "numbers": "results/domine2025/fig2/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/domine2025/fig2.pdf", "png": "figures/domine2025/fig2.png"},
)
figures.setup(inp.style)
modes = load_arrays(inp.modes)
ntk = load_arrays(inp.lazy_ntk)
numbers = load_json(inp.numbers)
mags = np.unique(np.abs(modes["lams"]))
COLOR = {m: figures.COLORS[k] for k, m in enumerate(mags)}

fig = plt.figure(figsize=(7.2, 5.0), constrained_layout=True)
top, bottom = fig.subfigures(2, 1)  # two rows with their own column grids

# %% [markdown]
# ## (a–c) mode strengths four ways, (d) half-learning time against the initial strength

# %%
t = modes["times"]
every = max(t.size // 25, 1)  # markers of the exact solver, thinned
for i, s in enumerate(modes["s"]):
    ax = top.add_subplot(1, 4, i + 1)
    for k, lam in enumerate(modes["lams"]):
        color = COLOR[abs(lam)]
        if lam >= 0:
            ax.plot(t[1:], modes["closed"][k, 1:, i] / s, color=color, label=f"$|\\lambda|={abs(lam):g}$")
        ax.plot(t[1:], modes["sim"][k, 1:, i] / s, color=color, linestyle="--", linewidth=0.8)
        marker = {"marker": "o", "mfc": "none"} if lam >= 0 else {"marker": "x"}
        ax.plot(
            t[1::every],
            modes["exact"][k, 1::every, i] / s,
            linestyle="none",
            color=color,
            markersize=3,
            **marker,
        )
    ax.set_xscale("log")
    ax.set_title(f"mode $s={s:g}$, $u_0={float(modes['u0']):g}$", fontsize=8)
    ax.set_xlabel("time $t$")
    if i == 0:
        ax.set_ylabel("$u(t)/s$")
        ax.legend(loc="upper left", fontsize=6)
    if i == 1:
        styles = [
            ax.plot([], [], color="0.3", label="closed form")[0],
            ax.plot([], [], "o", mfc="none", color="0.3", markersize=3, label="exact, $+\\lambda$")[0],
            ax.plot([], [], "x", color="0.3", markersize=3, label="exact, $-\\lambda$")[0],
            ax.plot([], [], "--", color="0.3", linewidth=0.8, label="GD, $\\pm\\lambda$")[0],
        ]
        ax.legend(handles=styles, loc="upper left", fontsize=6)
    figures.panel_label(ax, "abc"[i])

ax = top.add_subplot(1, 4, 4)
u0s, sh = modes["u0s"], float(modes["half_s"])
for k, lam in enumerate(modes["half_lams"]):
    color = COLOR.get(abs(lam), "0.5")
    ax.plot(u0s, modes["half_time"][k], color=color)
    ax.plot(modes["exact_u0s"], modes["half_exact"][k], "o", mfc="none", color=color, markersize=4)
    if np.isfinite(modes["half_limit"][k]):
        ax.axhline(modes["half_limit"][k], color=color, linestyle=":", linewidth=0.8)
ax.plot(
    u0s, np.log(sh / u0s) / (2 * sh), color="0.5", linestyle="--", linewidth=0.8, label="$\\ln(s/u_0)/2s$"
)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("initial strength $u_0$")
ax.set_ylabel(f"half time, $s={sh:g}$")
ax.legend(loc="upper right", fontsize=6)
figures.panel_label(ax, "d")

# %% [markdown]
# ## (e–g) the NTK in the lazy limit

# %%
lo, hi = numbers["ntk"]["fit_range"]
panels = [
    ("abs_change", "$\\|K(\\infty)-K(0)\\|_F$", "abs_change_slope"),
    ("rel_change", "$\\|K(\\infty)-K(0)\\|_F/\\|K(0)\\|_F$", "rel_change_slope"),
    ("kernel_distance", "kernel distance", "kernel_distance_slope"),
]
m = ntk["lam_magnitudes"]
fit = (m >= lo) & (m <= hi)
for p, (key, label, slope_key) in enumerate(panels):
    ax = bottom.add_subplot(1, 3, p + 1)
    for i, name in enumerate(ntk["names"]):
        color = figures.COLORS[4 + i]
        values = ntk[key][i]
        ax.plot(m, values[0], "o-", color=color, markersize=3.5, label=f"{name}, $+\\lambda$")
        ax.plot(m, values[1], "o", mfc="none", color="k", markersize=5.5, label=f"{name}, $-\\lambda$")
        slope = numbers["ntk"][str(name)][slope_key]
        line = fit_line(np.log(m[fit]), np.log(values[:, fit].mean(axis=0)))
        ax.plot(m[fit], np.exp(line.intercept + line.slope * np.log(m[fit])), color="k", linewidth=0.8)
        ax.text(
            0.97,
            0.95 - 0.09 * i,
            f"{name}: slope {slope:.2f}",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=6,
            color=color,
        )
    ax.axvspan(lo, hi, color="0.93", zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("$|\\lambda|$")
    ax.set_ylabel(label)
    if p == 0:
        ax.legend(loc="lower left", fontsize=6)
    figures.panel_label(ax, "efg"[p])
figures.save(fig, out.pdf, out.png)
