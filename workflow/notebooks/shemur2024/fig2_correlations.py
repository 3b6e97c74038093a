# %% [markdown]
# # Figure 2 — the correlations, not the Hessian, set the rate
#
# (a-d) Exact derivative correlations of two-layer networks at initialisation
# against width (at a few teacher inputs): (a) ``C_{0,2}`` (the Hessian
# contracted with two gradients), (b) ``|C_{1,1}|`` (the norm of the Hessian
# applied to one gradient), (c) ``C_{0,3}`` (tanh only: it vanishes for ReLU
# and linear units), (d) the spectral norm of the Hessian (Liu et al.'s
# quantity; ReLU's, dashed with open markers, coincides with linear units');
# root mean squares over the index tuples and seeds (Hessian: mean).
# (e) Chizat et al.'s output-scale sweep at a fixed width: largest RMS test gap
# over training against the output scale ``alpha``, from a plain (centred)
# start (solid, filled markers) and a doubling start (dashed, open markers;
# ``C_{0,2} = 0`` exactly, same Hessian norm); bands: seed range. (f) Step
# study of the finite-difference check (tanh, a small network): relative error
# of every exact quantity against central finite differences, falling as
# ``step^2`` until rounding takes over.
#
# Data: `results/shemur2024/correlations/`, `results/shemur2024/output_scale/`
# (rules `shemur2024_correlations`, `shemur2024_output_scale`; settings under
# `shemur2024.correlations` and `shemur2024.output_scale` in `workflow/config.yaml`);
# numbers: `results/shemur2024/fig2/numbers.json` (rule `shemur2024_correlations_measure`).
# Run `snakemake --cores 8 figures/shemur2024/fig2.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

SCALE_ACTIVATIONS = ("tanh", "relu")
STARTS = ("plain", "doubling")
inp, out = figures.paths(
    globals(),
    inputs={
        "sweep": "results/shemur2024/correlations/sweep.npz",
        "fd": "results/shemur2024/correlations/fd.npz",
        **{
            f"{a}_{s}": f"results/shemur2024/output_scale/{a}_{s}.npz"
            for a in SCALE_ACTIVATIONS
            for s in STARTS
        },
        "numbers": "results/shemur2024/fig2/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/shemur2024/fig2.pdf", "png": "figures/shemur2024/fig2.png"},
)
figures.setup(inp.style)
sweep = load_arrays(inp.sweep)
fd = load_arrays(inp.fd)
scale = {a: {s: load_arrays(getattr(inp, f"{a}_{s}")) for s in STARTS} for a in SCALE_ACTIVATIONS}
numbers = load_json(inp.numbers)
activations = [str(a) for a in sweep["activations"]]
COLOR = dict(zip(("tanh", "relu", "linear"), figures.COLORS, strict=False))
PANELS = (
    ("c02", r"$C_{0,2}$ (rms)", -1.0),
    ("c11", r"$|C_{1,1}|$ (rms)", -0.5),
    ("c03", r"$C_{0,3}$ (rms)", -1.0),
    ("hessian_norm", r"$\|\nabla^2_\theta f\|_2$ (mean)", -0.5),
)


# %%
def reference(ax, x, anchor, slope, style="--", label=None):
    x = np.array([x[0], x[-1]], dtype=float)
    ax.plot(x, anchor * (x / x[0]) ** slope, style, color="0.5", linewidth=0.8, zorder=0.5, label=label)


NAMES = {"tanh": "tanh", "relu": "ReLU", "linear": "linear"}
fig, axes = plt.subplots(2, 3, figsize=(figures.TEXT_WIDTH, 4.6), constrained_layout=True)
flat = axes.ravel()
widths = sweep["widths"]
for k, (key, ylabel, ref) in enumerate(PANELS):
    ax = flat[k]
    top = 0.0
    for i, act in enumerate(activations):
        values = sweep[key][i]  # (W, S)
        mean = values.mean(axis=-1)
        if not np.all(mean > 0):
            continue  # c03 vanishes identically for ReLU and linear units
        # the Hessian norms of ReLU and linear units coincide (both |x|/sqrt(md)): ReLU is drawn
        # on top, dashed with open markers
        over = key == "hessian_norm" and act == "relu"
        ax.fill_between(
            widths, values.min(axis=-1), values.max(axis=-1), color=COLOR[act], alpha=0.2, linewidth=0
        )
        ax.plot(
            widths,
            mean,
            "o--" if over else "o-",
            color=COLOR[act],
            markersize=4.5 if over else 2.5,
            mfc="none" if over else COLOR[act],
            zorder=3 if over else 2,
            label=NAMES[act],
        )
        top = max(top, 2.5 * mean[0])
    reference(ax, widths, top, ref, label=f"slope ${ref:g}$")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("width $m$")
    ax.set_ylabel(ylabel)
    ax.legend(handles=ax.get_lines()[-1:], loc="upper right", borderaxespad=0.2)
    figures.panel_label(ax, "abcd"[k])
handles = [
    plt.Line2D([], [], marker="o", color=COLOR[act], markersize=2.5, label=NAMES[act]) for act in NAMES
]
handles += [
    plt.matplotlib.patches.Patch(color="0.5", alpha=0.3, linewidth=0, label="seed range"),
    plt.Line2D([], [], color="0.3", label="plain start (e)"),
    plt.Line2D([], [], color="0.3", linestyle="--", label="doubling start (e)"),
]
fig.legend(
    handles=handles, loc="outside upper center", ncol=len(handles), handlelength=1.5, columnspacing=1.2
)

ax = flat[4]
for act in SCALE_ACTIVATIONS:
    for start, style in zip(STARTS, ("-", "--"), strict=True):
        d = scale[act][start]
        sup = d["gap_test"].max(axis=1)  # (A, S)
        ax.fill_between(
            d["scales"], sup.min(axis=-1), sup.max(axis=-1), color=COLOR[act], alpha=0.15, linewidth=0
        )
        mfc = COLOR[act] if start == "plain" else "white"  # doubling: open markers (ReLU's two coincide)
        ax.plot(d["scales"], sup.mean(axis=-1), "o" + style, color=COLOR[act], mfc=mfc, markersize=2.5)
alphas = scale["tanh"]["plain"]["scales"]
anchor = scale["tanh"]["plain"]["gap_test"].max(axis=1).mean(axis=-1)[0]
for slope, style in ((-1.0, ":"), (-2.0, "-.")):
    reference(ax, alphas, 2 * anchor, slope, style=style, label=f"slope ${slope:g}$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_ylim(None, 1.0)  # room for the legend above the data
ax.set_xlabel(r"output scale $\alpha$")
ax.set_ylabel(r"$\max_t$ RMS test gap")
ax.legend(loc="upper right", borderaxespad=0.2, handlelength=1.5)
figures.panel_label(ax, "e")

ax = flat[5]
i = activations.index("tanh")
names = {
    "ntk": r"$C_{0,1}$",
    "c02": r"$C_{0,2}$",
    "c11": r"$|C_{1,1}|$",
    "c03": r"$C_{0,3}$",
    "hessian_norm": "Hessian",
}
# colours and markers of their own: in this figure blue, orange and green name the activations
FD_STYLES = (("k", "o"), ("#CC79A7", "s"), ("#E69F00", "^"), ("#56B4E9", "D"), ("#882255", "v"))
for j, q in enumerate(str(q) for q in fd["quantities"]):
    color, marker = FD_STYLES[j]
    ax.plot(fd["steps"], fd["errors"][i, j], "-", marker=marker, markersize=3, color=color, label=names[q])
ax.plot(fd["steps"], fd["steps"] ** 2, ":", color="0.5", linewidth=0.8, label=r"$h^2$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("finite-difference step $h$")
ax.set_ylabel("relative error (tanh)")
ax.set_ylim(top=1e6)
ax.legend(loc="upper right", ncol=2, borderaxespad=0.2, handlelength=1.2, columnspacing=0.8)
figures.panel_label(ax, "f")
figures.save(fig, out.pdf, out.png)

# %% [markdown]
# The fitted log-log slopes the paper quotes: against the width (a-d, from the width
# `shemur2024.fit_min_width` on) and against the output scale (e, from
# `shemur2024.output_scale.fit_min_scale` on), or "no power law" where the check of
# `exactdln.experiments.shemur2024.slopes` fails: ReLU's gap against the output scale is not a
# power law (it drops steeply once hardly any pre-activation changes sign).

# %%
for act in activations:
    fitted = ", ".join(
        f"{key} {numbers['correlations'][act][f'{key}_slope']:+.2f}"
        for key, _, _ in PANELS
        if f"{key}_slope" in numbers["correlations"][act]
    )
    print(f"{NAMES[act]:7s} width: {fitted}")
for act in SCALE_ACTIVATIONS:
    entry = numbers["output_scale"][act]
    fitted = ", ".join(
        f"{start} {entry[f'{start}_slope']:+.2f}" if entry[f"{start}_power_law"] else f"{start} no power law"
        for start in STARTS
    )
    print(f"{NAMES[act]:7s} output scale: {fitted}")
