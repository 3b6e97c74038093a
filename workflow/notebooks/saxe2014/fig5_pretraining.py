# %% [markdown]
# # Figure 5 — MNIST satisfies the consistency condition; pretraining and random starts
#
# (a) Correlations (``Sigma11_ij / sqrt(Sigma11_ii Sigma11_jj)``) of ten neighbouring pixels of
# MNIST (5k). (b) The same for the ten input singular vectors ``V`` of ``Sigma31``:
# ``V^T Sigma11 V`` is nearly diagonal, the condition for greedy pretraining to find
# decoupled starts. A five-layer linear network on the 16 leading principal components starts
# from small random weights (blue), from greedy layer-wise pretraining of every layer, the
# output layer included (orange), or from the pretrained hidden layers with a small random
# output layer (green). (c) Excess loss ``E - E*`` of seed 0 at each start's best rate (blue
# dashed: the random start at the pretrained network's best rate), the pretrained curves after
# their pretraining steps (bars at the top); the threshold ``E* + f (E0 - E*)`` in grey.
# (d) Steps to the threshold, pretraining included, against the learning rate (median and
# quartiles over seeds; the grid is refined near each start's best rate and stability edge).
# (e) The same at each start's best rate against the pretraining length per layer (fine-tuning
# alone dotted); the random start's median and quartiles in blue.
#
# Data: `results/saxe2014/mnist.npz` (rule `saxe2014_mnist`), `results/saxe2014/fig5/` (rule
# `saxe2014_pretraining`), numbers in `results/saxe2014/fig5/numbers.json` (rule
# `saxe2014_pretraining_measure`); settings under `saxe2014.mnist` and `saxe2014.pretraining` in
# `workflow/config.yaml`. Run `snakemake --cores 8 figures/saxe2014/fig5.pdf` to rebuild.

# %%
import matplotlib.pyplot as plt
import numpy as np

from exactdln import figures
from exactdln.io import load_arrays, load_json

inp, out = figures.paths(
    globals(),
    inputs={
        "mnist": "results/saxe2014/mnist.npz",
        "pretraining": "results/saxe2014/fig5/pretraining.npz",
        "numbers": "results/saxe2014/fig5/numbers.json",
        "style": "workflow/notebooks/matplotlibrc",
    },
    outputs={"pdf": "figures/saxe2014/fig5.pdf", "png": "figures/saxe2014/fig5.png"},
)
figures.setup(inp.style)
m = load_arrays(inp.mnist)
d = load_arrays(inp.pretraining)
numbers = load_json(inp.numbers)
COLOR = {"random": figures.COLORS[0], "pretrained": figures.COLORS[1], "readout": figures.COLORS[2]}
NAME = {"random": "random start", "pretrained": "pretrained", "readout": "pretrained hidden layers"}


def correlation(c):
    """Correlations of a covariance-like matrix: c_ij / sqrt(c_ii c_jj)."""
    s = np.sqrt(np.diag(c))
    return c / np.outer(s, s)


def band(ax, x, values, color, **kwargs):
    """Median (line) over seeds of ``values (seeds, X)`` (or ``(X, seeds)`` with ``axis=1``) where it
    is finite, and the 25-75% range (band) where both quartiles are."""
    axis = kwargs.pop("axis", 0)
    lo, med, hi = np.quantile(values, [0.25, 0.5, 0.75], axis=axis)
    both = np.isfinite(lo) & np.isfinite(hi)
    ax.fill_between(x, lo, hi, where=both, color=color, alpha=0.2, linewidth=0, interpolate=False)
    ok = np.isfinite(med)
    return ax.plot(x[ok], med[ok], color=color, **kwargs)


# %%
fig = plt.figure(figsize=(figures.TEXT_WIDTH, 4.3), layout="constrained")
top, bottom = fig.subfigures(2, 1, height_ratios=[1.0, 1.15])
axes = top.subplots(1, 3, width_ratios=[0.75, 0.75, 1.9])
cons = numbers["consistency"]
for ax, key, name, letter in (
    (axes[0], "pixel_block_sigma", "pixels", "a"),
    (axes[1], "v_sigma_v", "v", "b"),
):
    image = ax.imshow(np.abs(correlation(m[key])), vmin=0, vmax=1, cmap="Greys")
    ax.set_xticks([])
    ax.set_yticks([])
    frac = cons[name]["offdiagonal_fraction"]
    ax.set_title("pixels" if name == "pixels" else r"$V^T\Sigma^{11}V$")
    ax.set_xlabel(f"off-diagonal {frac:.2f}")
    figures.panel_label(ax, letter)
bar = top.colorbar(image, ax=axes[1], fraction=0.08, pad=0.06, shrink=0.8, ticks=[0, 0.5, 1])
bar.set_label("|correlation|")

ax = axes[2]
e_star = float(d["optimum"])
steps = np.arange(d["curve_random"].size)
ax.plot(
    steps,
    d["curve_random"] - e_star,
    color=COLOR["random"],
    label=f"random, $\\eta={float(d['curve_random_eta']):.2g}$",
)
ax.plot(
    steps,
    d["curve_random_common"] - e_star,
    "--",
    color=COLOR["random"],
    linewidth=0.9,
    label=f"random, $\\eta={float(d['common_eta']):.2g}$",
)
pre_start = {"pretrained": int(d["pretraining_total"][0]), "readout": int(d["readout_pretraining_total"][0])}
for k, kind in enumerate(("pretrained", "readout")):
    ax.plot(
        pre_start[kind] + steps,
        d[f"curve_{kind}"] - e_star,
        color=COLOR[kind],
        label=f"{NAME[kind]}, $\\eta={float(d[f'curve_{kind}_eta']):.2g}$",
    )
    # its pretraining steps: a bar at the top of the panel
    ax.plot(
        [0, pre_start[kind]],
        [0.97 - 0.05 * k] * 2,
        color=COLOR[kind],
        linewidth=2.5,
        transform=ax.get_xaxis_transform(),
        solid_capstyle="butt",
    )
ax.axhline(float(d["threshold"]) - e_star, color="0.5", linewidth=0.7)
ax.set_yscale("log")
ax.set_xlim(0, steps[-1])
ax.set_ylim(1e-3, 1e3)
ax.set_xlabel("steps (pretraining included)")
ax.set_ylabel(r"excess loss $E - E^*$")
ax.set_title("learning curves (seed 0)")
ax.legend(loc="upper right", handlelength=1.5)
figures.panel_label(ax, "c")

axes = bottom.subplots(1, 2)
ax = axes[0]
extra = {
    "random": 0,
    "pretrained": d["pretraining_total"][:, None],
    "readout": d["readout_pretraining_total"][:, None],
}
for kind in ("random", "pretrained", "readout"):
    total = d[f"{kind}_times"] + extra[kind]
    band(ax, d[f"{kind}_etas"], total, COLOR[kind], marker="o", markersize=2, linewidth=1.0, label=NAME[kind])
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel(r"learning rate $\eta$")
ax.set_ylabel("steps to threshold\n(pretraining included)")
ax.set_xticks([0.2, 0.5, 1.0, 2.0], ["0.2", "0.5", "1", "2"])
ax.set_yticks([300, 500, 1000], ["300", "500", "1000"])
ax.minorticks_off()
ax.set_title("time against rate")
figures.panel_label(ax, "d")

ax = axes[1]
lengths = d["sweep_steps"]
random_best = d["random_times"].min(axis=1)
lo, med, hi = np.quantile(random_best, [0.25, 0.5, 0.75])
ax.axhspan(lo, hi, color=COLOR["random"], alpha=0.2, linewidth=0)
ax.axhline(med, color=COLOR["random"], linewidth=1.0, label=NAME["random"])
for kind, prefix in (("pretrained", ""), ("readout", "readout_")):
    band(
        ax,
        lengths,
        d[f"{prefix}sweep_total"],
        COLOR[kind],
        axis=1,
        marker="o",
        markersize=2.5,
        linewidth=1.0,
    )
    ax.plot(lengths, np.median(d[f"{prefix}sweep_finetune"], axis=1), ":", color=COLOR[kind], linewidth=1.0)
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xticks(lengths, [str(n) for n in lengths])
ax.minorticks_off()
ax.set_xlabel("pretraining steps per layer")
ax.set_ylabel("steps to threshold\n(best rate each)")
ax.set_title("pretraining length")
# one legend for (d) and (e), below them: their curves cross every corner of the panels
handles = [
    plt.Line2D([], [], color=COLOR[kind], marker="o", markersize=2.5, label=NAME[kind]) for kind in COLOR
]
handles += [plt.Line2D([], [], linestyle=":", color="0.4", label="fine-tuning alone (e)")]
bottom.legend(handles=handles, loc="outside lower center", ncol=4, handlelength=1.8, columnspacing=1.2)
figures.panel_label(ax, "e")
figures.save(fig, out.pdf, out.png)
