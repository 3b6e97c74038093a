# %% [markdown]
# # Figure 2 — modes and the lazy limit (ours, from the results of Dominé et al. 2025)
#
# (a–c) Task-aligned lambda-balanced starts (every mode at `u0`) on a square
# task with three singular values: mode strength `u / s` over training for
# `|lam|` in {0, 0.5, 2, 10}: the closed form `lambda_mode_strength` (lines)
# and the exact solver at `+lam` (circles). (d) What (a–c) cannot show: the
# largest difference from the closed form, over the three modes, of gradient
# descent and of the exact solver, at `+lam` and `-lam` (the two signs coincide).
# (e) Half-learning time at `lam = 0` against `u0` on a linear axis: a straight
# line of slope `1 / (2 s)` per e-fold of `1 / u0`, Saxe et al.'s
# `ln(s / u0) / (2 s)`. (f) The same for `lam != 0` (logarithmic axis), with its
# `u0 -> 0` limit (dotted). (g–i) Square networks with `|lam|` from 2 to 2048
# (filled: `+lam`, black rings: `-lam`, which coincide): absolute and relative
# change of the NTK between `t = 0` and `t = inf`, and the kernel distance, with
# reference slopes -1, -2, -4 and log–log fits over the shaded range.
#
# Data: `results/domine2025/fig2/` (rules `domine2025_modes`, `domine2025_lazy_ntk`; settings under
# `domine2025.modes` and `domine2025.lazy_ntk`).
# Numbers: `results/domine2025/fig2/numbers.json` (rule `domine2025_modes_measure`).
# Run `snakemake --cores 8 figures/domine2025/fig2.pdf`.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
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

fig = plt.figure(figsize=(figures.TEXT_WIDTH, 6.5), constrained_layout=True)
top, middle, bottom = fig.subfigures(3, 1, height_ratios=[1.08, 1, 1.05])  # rows with their own columns

# %% [markdown]
# ## (a–c) mode strengths, (d) what they hide: gradient descent and the exact solver against the closed form

# %%
t = modes["times"]
every = max(t.size // 25, 1)  # markers of the exact solver, thinned
axes = top.subplots(1, 3, sharey=True)
for i, s in enumerate(modes["s"]):
    ax = axes[i]
    for k, lam in enumerate(modes["lams"]):
        if lam < 0:  # the same curves as +lam: see (d)
            continue
        color = COLOR[abs(lam)]
        ax.plot(t[1:], modes["closed"][k, 1:, i] / s, color=color)
        ax.plot(t[1::every], modes["exact"][k, 1::every, i] / s, "o", mfc="none", color=color, markersize=3)
    ax.set_xscale("log")
    ax.set_title(f"mode $s={s:g}$, $u_0={float(modes['u0']):g}$")
    ax.set_xlabel("time $t$")
    figures.panel_label(ax, "abc"[i])
axes[0].set_ylabel("$u(t)/s$")
handles = [plt.Line2D([], [], color=COLOR[m], label=f"$|\\lambda|={m:g}$") for m in mags]
handles += [
    plt.Line2D([], [], color="0.3", label="closed form"),
    plt.Line2D(
        [], [], color="0.3", marker="o", mfc="none", markersize=3, linestyle="none", label="exact solver"
    ),
]
top.legend(handles=handles, loc="outside upper center", ncol=len(handles))

ax_res, ax_half0, ax_half = middle.subplots(1, 3)
s = modes["s"]
for k, lam in enumerate(modes["lams"]):
    color = COLOR[abs(lam)]
    style = "-" if lam >= 0 else (0, (3, 3))
    gd = np.max(np.abs(modes["sim"][k, 1:] - modes["closed"][k, 1:]) / s, axis=-1)
    exact = np.max(np.abs(modes["exact"][k, 1:] - modes["closed"][k, 1:]) / s, axis=-1)
    ax_res.plot(t[1:], gd, color=color, linestyle=style, linewidth=1.0)
    ax_res.plot(t[1:], np.maximum(exact, 1e-17), color=color, linestyle=style, linewidth=0.7)
ax_res.set_xscale("log")
ax_res.set_yscale("log")
ax_res.set_ylim(1e-17, 1e-1)
ax_res.set_xlabel("time $t$")
ax_res.set_ylabel("$\\max_i|u_i-u_i^{\\mathrm{closed}}|/s_i$")
ax_res.text(0.04, 0.96, "gradient descent", transform=ax_res.transAxes, va="top", fontsize=7.5)
ax_res.text(0.04, 0.2, "exact solver", transform=ax_res.transAxes, va="bottom", fontsize=7.5)
figures.panel_label(ax_res, "d")

# %% [markdown]
# ## (e, f) half-learning time against the initial strength

# %%
u0s, sh = modes["u0s"], float(modes["half_s"])
for k, lam in enumerate(modes["half_lams"]):
    color = COLOR.get(abs(lam), "0.5")
    ax = ax_half0 if lam == 0 else ax_half
    ax.plot(u0s, modes["half_time"][k], color=color)
    ax.plot(modes["exact_u0s"], modes["half_exact"][k], "o", mfc="none", color=color, markersize=4)
    if np.isfinite(modes["half_limit"][k]):
        ax.axhline(modes["half_limit"][k], color=color, linestyle=":", linewidth=1.0)
ax_half0.plot(u0s, np.log(sh / u0s) / (2 * sh), color="0.5", linestyle="--", linewidth=1.0)
ax_half0.text(
    0.96, 0.96, "dashed: $\\ln(s/u_0)/(2s)$", transform=ax_half0.transAxes, ha="right", va="top", fontsize=7.5
)
ax_half0.set_ylim(0, None)
ax_half0.set_ylabel(f"half time, $s={sh:g}$, $\\lambda=0$")
ax_half.set_yscale("log")
ax_half.set_ylabel(f"half time, $s={sh:g}$, $\\lambda\\neq0$")
ax_half.text(
    0.04, 0.36, "dotted: $u_0\\to0$ limit", transform=ax_half.transAxes, ha="left", va="center", fontsize=7.5
)
for ax, letter in ((ax_half0, "e"), (ax_half, "f")):
    ax.set_xscale("log")
    ax.set_xlabel("initial strength $u_0$")
    ax.set_xticks([1e-12, 1e-8, 1e-4])
    figures.panel_label(ax, letter)

# %% [markdown]
# ## (g–i) the NTK in the lazy limit

# %%
lo, hi = numbers["ntk"]["fit_range"]
panels = [
    ("abs_change", "$\\|K(\\infty)-K(0)\\|_F$", "abs_change_slope", -1),
    ("rel_change", "$\\|K(\\infty)-K(0)\\|_F/\\|K(0)\\|_F$", "rel_change_slope", -2),
    ("kernel_distance", "kernel distance", "kernel_distance_slope", -4),
]
m = ntk["lam_magnitudes"]
SHAPE_COLOR = {str(name): figures.COLORS[4 + i] for i, name in enumerate(ntk["names"])}
for p, (key, label, slope_key, theory) in enumerate(panels):
    ax = bottom.add_subplot(1, 3, p + 1)
    fitted = []
    for i, name in enumerate(ntk["names"]):
        values = ntk[key][i]
        ax.plot(m, values[1], "o", mfc="none", color="k", markersize=5.5, mew=0.8)
        ax.plot(m, values[0], "o-", color=SHAPE_COLOR[str(name)], markersize=3)
        fitted.append(f"{numbers['ntk'][str(name)][slope_key]:.2f}".replace("-", "\u2212"))
    # the reference slope, halfway (geometrically) between the two networks over the fit range
    ref = np.sqrt(np.prod(ntk[key][:, 0, m == hi]))
    grid = np.array([lo, hi])
    ax.plot(grid, ref * (grid / hi) ** theory, color="0.4", linestyle="--")
    ax.text(
        0.04,
        0.04,
        f"slope ${theory}$ (dashed)\nfits: {', '.join(fitted)}",
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=7.5,
    )
    ax.axvspan(lo, hi, color="0.93", zorder=0)
    ax.set_xscale("log")
    ax.set_yscale("log")
    low, high = ntk[key].min(), ntk[key].max()
    ax.set_ylim(low / (high / low) ** 0.3, high * (high / low) ** 0.05)  # room for the text below the data
    ax.set_xlabel("$|\\lambda|$")
    ax.set_ylabel(label)
    figures.panel_label(ax, "ghi"[p])
handles = [
    plt.Line2D([], [], color=SHAPE_COLOR[str(n)], marker="o", markersize=3, label=f"{n}, $+\\lambda$")
    for n in ntk["names"]
]
handles += [
    plt.Line2D(
        [],
        [],
        marker="o",
        mfc="none",
        color="k",
        linestyle="none",
        markersize=5.5,
        label="$-\\lambda$ (both)",
    ),
    plt.Line2D([], [], color="0.4", linestyle="--", label="reference slope"),
    plt.Rectangle((0, 0), 1, 1, color="0.93", label="fit range"),
]
bottom.legend(handles=handles, loc="outside upper center", ncol=len(handles))
figures.save(fig, out.pdf, out.png)
