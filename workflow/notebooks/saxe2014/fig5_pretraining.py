# %% [markdown]
# # Figure 5 — MNIST satisfies the consistency condition; pretraining and random starts
#
# (a) Correlations (``Sigma11_ij / sqrt(Sigma11_ii Sigma11_jj)``) of ten neighbouring pixels of
# MNIST (5k). (b) The same for the ten input singular vectors ``V`` of ``Sigma31``:
# ``V^T Sigma11 V`` is nearly diagonal, the condition for greedy pretraining to find
# decoupled starts. (c) Loss above its minimum of a five-layer linear network on the 16
# leading principal components, from small random weights (blue: at its best learning rate;
# dashed: at the pretrained network's best rate) and from greedy layer-wise pretraining
# (orange, starting after the pretraining steps, shaded); the threshold ``E* + f (E0 - E*)`` in
# grey. (d) Pretraining steps plus fine-tuning steps to the threshold against the pretraining
# length per layer (medians over seeds; fine-tuning alone dotted); the random start at its
# best rate for comparison.
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
RANDOM, PRE = figures.COLORS[0], figures.COLORS[1]


def correlation(c):
    """Correlations of a covariance-like matrix: c_ij / sqrt(c_ii c_jj)."""
    s = np.sqrt(np.diag(c))
    return c / np.outer(s, s)


# %%
fig, axes = plt.subplots(1, 4, figsize=(7.2, 2.2), constrained_layout=True, width_ratios=[0.8, 0.8, 1.2, 1.1])
cons = numbers["consistency"]
for ax, key, name, letter in (
    (axes[0], "pixel_block_sigma", "pixels", "a"),
    (axes[1], "v_sigma_v", "v", "b"),
):
    image = ax.imshow(np.abs(correlation(m[key])), vmin=0, vmax=1, cmap="Greys")
    ax.set_xticks([])
    ax.set_yticks([])
    frac = cons[name]["offdiagonal_fraction"]
    title = "neighbouring pixels" if name == "pixels" else r"$V^T\Sigma^{11}V$"
    ax.set_title(f"{title}\noff-diagonal {frac:.2f}", fontsize=7)
    figures.panel_label(ax, letter)
bar = fig.colorbar(image, ax=axes[1], fraction=0.046, pad=0.04, shrink=0.6)
bar.set_label("|correlation|", fontsize=6)
bar.ax.tick_params(labelsize=6)

ax = axes[2]
best = float(d["threshold"])  # drawn relative to the least loss below
e_star = numbers["pc_optimum_loss"]
pre_steps = int(np.median(d["pretraining_total"]))
curve_r, curve_p = d["curve_random"], d["curve_pretrained"]
steps = np.arange(curve_r.size)
ax.axvspan(0, d["pretraining_total"][0], color=PRE, alpha=0.12, linewidth=0)
ax.plot(steps, curve_r - e_star, color=RANDOM, label=f"random, $\\eta={float(d['curve_random_eta']):.2g}$")
ax.plot(
    steps,
    d["curve_random_common"] - e_star,
    "--",
    color=RANDOM,
    linewidth=0.9,
    label=f"random, $\\eta={float(d['common_eta']):.2g}$",
)
ax.plot(
    d["pretraining_total"][0] + steps,
    curve_p - e_star,
    color=PRE,
    label=f"pretrained, $\\eta={float(d['curve_pretrained_eta']):.2g}$",
)
ax.axhline(best - e_star, color="0.5", linewidth=0.7)
ax.set_yscale("log")
ax.set_xlim(0, steps[-1])
ax.set_ylim(1e-3, 30)
ax.set_xlabel("steps (pretraining included)")
ax.set_ylabel(r"loss $- E^*$")
ax.set_title("learning curves (seed 0)")
ax.legend(loc="upper right", fontsize=5.5)
figures.panel_label(ax, "c")

ax = axes[3]
lengths = d["sweep_steps"]
ax.plot(
    lengths,
    np.median(d["sweep_total"], axis=1),
    "o-",
    color=PRE,
    markersize=3,
    label="pretraining + fine-tuning",
)
ax.plot(lengths, np.median(d["sweep_finetune"], axis=1), "o:", color=PRE, markersize=2.5, label="fine-tuning")
ax.axhline(np.median(d["random_times"].min(axis=1)), color=RANDOM, label="random start")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xticks(lengths, [str(n) for n in lengths])
ax.minorticks_off()
ax.set_xlabel("pretraining steps per layer")
ax.set_ylabel("steps to threshold (median)")
ax.set_title("best rates for both")
ax.legend(loc="lower left", fontsize=5.5)
figures.panel_label(ax, "d")
figures.save(fig, out.pdf, out.png)
