# %% [markdown]
# # Figure 5 — how far the feature kernel moves, against the richness `gamma0`
#
# Two-layer linear networks on one item (the whitened case along the target): (a)
# change of the feature kernel `Delta H_y = H_y(inf) - H_y(0)` for GD, FA with
# `rho = 0` and `rho = 1` and error-modulated Hebb; lines: infinite-width closures (to
# `gamma0 = 10^4`, where they reach their asymptotes), markers: seed means of wide networks;
# grey: the power laws `gamma0^2`, `gamma0` and `gamma0^(2/3)`; at large `gamma0` the two FA
# curves coincide (`rho = 0` dashed, with filled markers, on top). (b) Error `Delta(t)` of GD
# networks against the closure with the factor 2 (solid), Eq. 7 as printed (dashed) and the
# exact solution of the equivalent scalar lambda-balanced network (dots). (c) Squared network–closure gap
# of `Delta H_y` against the width (mean and standard error over networks).
#
# Data: `results/bordelon2022/fig5/` (rules `bordelon2022_feature_change`,
# `bordelon2022_feature_change_theory`, `bordelon2022_feature_change_measure`; settings
# under `bordelon2022.feature_change` in `workflow/config.yaml`).
# Run `snakemake --cores 8 figures/bordelon2022/fig5.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

OUTPUTS = {"pdf": "figures/bordelon2022/fig5.pdf", "png": "figures/bordelon2022/fig5.png"}
first, _ = figures.paths(globals(), inputs={"numbers": "results/bordelon2022/fig5/numbers.json"}, outputs={})
numbers = load_json(first.numbers)
NAMES = list(numbers["delta_h_slope_small_gamma"])  # curve names (sorted; reordered below)
inp, out = figures.paths(
    globals(),
    inputs={
        **{name: f"results/bordelon2022/fig5/{name}.npz" for name in NAMES},
        "theory": "results/bordelon2022/fig5/theory.npz",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs=OUTPUTS,
)
figures.setup(inp.style)
runs = {name: load_arrays(getattr(inp, name)) for name in NAMES}
ORDER = {"gd": 0, "fa": 1, "hebb": 2}  # GD, FA by rho, Hebb
NAMES.sort(key=lambda n: (ORDER[str(runs[n]["rule"])], float(np.nan_to_num(runs[n]["rho"]))))
theory = load_arrays(inp.theory)
COLOR = dict(zip(NAMES, figures.COLORS, strict=False))


def label(d):
    rule = str(d["rule"])
    return {"gd": "GD", "hebb": "Hebb"}.get(rule, rf"FA, $\rho={float(d['rho']):g}$")


# %%
fig, axes = plt.subplots(1, 3, figsize=(figures.TEXT_WIDTH, 2.75), constrained_layout=True)
ax = axes[0]
g = theory["gamma0"]
# at large gamma0 the two FA curves coincide (a^3/2 dominates the closure whatever rho): FA with
# rho = 0 is drawn dashed with filled markers on top of FA with rho = 1, so that both stay visible
ON_TOP = {name: 3 if float(np.nan_to_num(runs[name]["rho"], nan=1.0)) == 0.0 else 2 for name in NAMES}
for name in NAMES:
    d = runs[name]
    on_top = ON_TOP[name] == 3
    ax.loglog(
        g,
        theory[f"delta_h_{name}"],
        color=COLOR[name],
        linestyle="--" if on_top else "-",
        zorder=ON_TOP[name],
        label=label(d),
    )
    mean = d["delta_h"].mean(axis=1)
    ax.loglog(
        d["gamma0s"],
        mean,
        "o",
        color=COLOR[name],
        markersize=2 if on_top else 3.5,
        mfc=COLOR[name] if on_top else "none",
        zorder=ON_TOP[name],
    )
GUIDES = (
    (2, (0.01, 3e-6), r"$\gamma_0^2$"),
    (1, (300, 2000), r"$\gamma_0$"),
    (2 / 3, (300, 20), r"$\gamma_0^{2/3}$"),
)
for power, (x0, y0), text in GUIDES:
    xs = np.array([x0, 10 * x0])
    ax.loglog(xs, y0 * (xs / x0) ** power, color="0.55", linewidth=0.8)
    ax.text(xs[1] * 1.15, y0 * 10**power, text, fontsize=7.5, color="0.4", va="center")
ax.set_ylim(1e-6, 3e4)
ax.set_xlim(None, 1.5e5)
ax.set_xlabel(r"richness $\gamma_0$")
ax.set_ylabel(r"feature change $\Delta H_y$")
handles = [
    plt.Line2D(
        [],
        [],
        color=COLOR[name],
        linestyle="--" if ON_TOP[name] == 3 else "-",
        marker="o",
        markersize=2 if ON_TOP[name] == 3 else 3.5,
        mfc=COLOR[name] if ON_TOP[name] == 3 else "none",
    )
    for name in NAMES
]
fig.legend(
    handles,
    [label(runs[name]) for name in NAMES],
    loc="outside upper center",
    ncol=len(NAMES),
)

ax = axes[1]
gd = runs[next(n for n in NAMES if str(runs[n]["rule"]) == "gd")]
t = gd["trajectory_times"]
ax.plot(
    t,
    gd["trajectory"].mean(axis=1),
    "o",
    color=COLOR[NAMES[0]],
    markersize=2.5,
    label="networks",
)
ax.plot(t, gd["trajectory_theory"], color="k", label="closure, factor 2")
ax.plot(t, gd["trajectory_printed"], color="k", linestyle="--", label="Eq. 7 as printed")
ax.plot(
    t[::3],
    gd["trajectory_exact"][::3],
    ".",
    color=figures.COLORS[4],
    markersize=3,
    label="exact solution",
)
ax.set_yscale("log")
ax.set_ylim(1e-6, 100)
ax.set_xlabel("time $t$")
ax.set_ylabel(rf"error $\Delta(t)$, $\gamma_0 = {float(gd['width_gamma0']):g}$")
ax.legend(loc="upper right", borderaxespad=0.1, handlelength=1.2)

ax = axes[2]
for name in NAMES:
    d = runs[name]
    gaps = [numbers["gap_sq"][name][f"N{n}"] for n in d["widths"]]
    errs = [numbers["gap_sq_stderr"][name][f"N{n}"] for n in d["widths"]]
    slope = numbers["width_slope_per_rule"][name]
    ax.errorbar(
        d["widths"],
        gaps,
        errs,
        fmt="o-",
        color=COLOR[name],
        markersize=3,
        linewidth=0.8,
        elinewidth=0.8,
        label=f"{slope:.2f}",
    )
n = runs[NAMES[0]]["widths"].astype(float)
ax.loglog(n, 3e-6 * n[-1] / n, color="0.5", linestyle=":", linewidth=0.8, label=r"$\propto 1/N$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xticks(n, [str(int(w)) for w in n])
ax.minorticks_off()
ax.set_ylim(None, 0.5)  # room for the legend above the data
ax.set_xlabel("width $N$")
ax.set_ylabel(r"mean $(\Delta H_{y,N} - \Delta H_{y,\infty})^2$")
ax.legend(
    loc="upper right",
    ncol=2,
    title=rf"$\gamma_0 = {float(runs[NAMES[0]]['width_gamma0']):g}$; slopes",
    borderaxespad=0.1,
    handlelength=1.2,
    columnspacing=0.8,
)
for ax, letter in zip(axes, "abc", strict=True):
    figures.panel_label(ax, letter)
figures.save(fig, out.pdf, out.png)
