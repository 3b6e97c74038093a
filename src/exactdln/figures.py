"""Helpers for the figure notebooks (``workflow/notebooks/<part>/``): paths, style, saving.

A figure notebook runs in two ways: from Snakemake (``script:``), which
defines a ``snakemake`` object holding the rule's inputs and outputs, and
interactively in Jupyter, where it falls back to the same paths relative to
the repository root. :func:`paths` hides the difference.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from .io import save_figure

COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
SIM_STYLE = {"linestyle": "-", "alpha": 0.8}
EXACT_STYLE = {"linestyle": ":", "color": "k", "linewidth": 1.4}
# what a tracking figure compares, simulation against exact solution: (key, panel title)
TRACKED_QUANTITIES = (
    ("loss", "loss"),
    ("network_function", "$W_2W_1$"),
    ("w1tw1", "$W_1^TW_1$"),
    ("w2w2t", "$W_2W_2^T$"),
    ("ntk", "NTK (12 entries)"),
)
N_NTK_ENTRIES = 12
#: The paper's text width in inches (``\\linewidth``: A4 with 2.6 cm margins, paper/main.tex):
#: figures are drawn this wide, so that they print at their own size.
TEXT_WIDTH = 6.22
#: The smallest size, in points, of any glyph of a figure as the paper prints it.
MIN_FONT_PT = 7.0


def repository_root(start: Path | None = None) -> Path:
    """The nearest parent directory (of ``start``, default the working directory) holding a ``Snakefile``."""
    here = (start or Path.cwd()).resolve()
    for path in (here, *here.parents):
        if (path / "Snakefile").is_file():
            return path
    raise FileNotFoundError(f"no Snakefile in {here} or its parents: run the notebook inside the repository")


def paths(namespace: dict, inputs: dict[str, str], outputs: dict[str, str]):
    """``(input, output)`` namespaces of file paths for a figure notebook.

    Under Snakemake (``snakemake`` in ``namespace``) the rule's own paths are
    used; otherwise ``inputs`` and ``outputs`` (relative to the repository
    root) are. Interactive runs check that the inputs exist and say how to
    make them.
    """
    smk = namespace.get("snakemake")
    if smk is not None:
        return (
            SimpleNamespace(**{k: str(smk.input[k]) for k in inputs}),
            SimpleNamespace(**{k: str(smk.output[k]) for k in outputs}),
        )
    root = repository_root()
    missing = [v for v in inputs.values() if not (root / v).exists()]
    if missing:
        raise FileNotFoundError(
            f"missing {', '.join(missing)}: build them first with `snakemake --cores 8 {' '.join(missing)}`"
        )
    return (
        SimpleNamespace(**{k: str(root / v) for k, v in inputs.items()}),
        SimpleNamespace(**{k: str(root / v) for k, v in outputs.items()}),
    )


def setup(style: str | Path) -> None:
    """Apply the figures' matplotlib style file.

    In a Jupyter kernel the style's ``backend`` (Agg, for Snakemake's scripts) is not
    applied, so that the kernel's inline backend still shows the figure.
    """
    import sys

    import matplotlib as mpl

    params = mpl.rc_params_from_file(str(style), use_default_template=False)
    if "ipykernel" in sys.modules:
        params = {k: v for k, v in params.items() if k != "backend"}
    mpl.rcParams.update(params)


def tracked_entries(values, quantity: str):
    """A tracked quantity's time series ``(T, ...)`` as columns ``(T, k)``.

    The loss is one column, a matrix gives every entry, and the NTK a fixed
    spread of :data:`N_NTK_ENTRIES` entries of its upper triangle.
    """
    import numpy as np

    if quantity == "loss":
        return values[:, None]
    if quantity == "ntk":
        rows, cols = np.triu_indices(values.shape[-1])
        pick = np.linspace(0, rows.size - 1, N_NTK_ENTRIES).astype(int)
        return values[:, rows[pick], cols[pick]]
    return values.reshape(values.shape[0], -1)


def panel_label(ax, letter: str) -> None:
    """Bold panel letter in the top-left corner, outside the axes."""
    ax.text(-0.18, 1.05, letter, transform=ax.transAxes, fontweight="bold", fontsize=10, va="bottom")


def save(fig, *targets, printed_width: float = TEXT_WIDTH) -> None:
    """Save ``fig`` to every target path atomically (format from each suffix), after checking
    that every glyph prints at :data:`MIN_FONT_PT` or more.

    The paper prints a figure ``printed_width`` inches wide (its ``\\includegraphics`` width:
    :data:`TEXT_WIDTH` for ``\\linewidth``), scaling the saved drawing (its tight bounding box)
    to that width; every visible text of the figure (ticks, labels, legends, titles,
    annotations) must then be at least :data:`MIN_FONT_PT` points, or ``ValueError`` names
    the texts that are not and nothing is written.

    The layout (constrained layout, the tight bounding box of ``savefig.bbox:
    tight``) is computed once and then frozen, and every format is drawn with
    it: saving each format with its own layout drew a figure four times for
    two formats and took most of a figure job's time.
    """
    import matplotlib as mpl

    fig.draw_without_rendering()  # runs the layout engine once, whatever the backend
    pad = mpl.rcParams["savefig.pad_inches"]
    tight = fig.get_tightbbox().padded(pad)
    bbox = tight if mpl.rcParams["savefig.bbox"] == "tight" else None
    width = tight.width if bbox is not None else fig.get_figwidth()
    small = printed_font_sizes(fig, printed_width / width, below=MIN_FONT_PT)
    if small:
        listed = "; ".join(f"{text!r} at {size:.1f} pt" for text, size in small[:8])
        more = f" and {len(small) - 8} more" if len(small) > 8 else ""
        raise ValueError(
            f"printed {printed_width:.2f} in wide, the figure ({width:.2f} in drawn) sets text below "
            f"{MIN_FONT_PT:g} pt: {listed}{more}. Draw it at the printed width "
            f"(figsize=({printed_width:.2f}, ...)) and enlarge these texts."
        )
    fig.set_layout_engine("none")  # keep the axes where the layout put them
    for target in targets:
        save_figure(fig, target, bbox_inches=bbox)
    _show_in_kernel(fig, targets)


def printed_font_sizes(fig, scale: float, below: float = float("inf")) -> list[tuple[str, float]]:
    """``(text, printed size in pt)`` of every text the figure draws whose size times ``scale`` is
    below ``below``: tick labels of drawn axes, axis labels, titles, legends, annotations, figure
    and subfigure texts (empty and invisible texts, and those of hidden axes, are not drawn)."""
    from matplotlib.text import Text

    hidden = set()
    for ax in fig.get_axes():
        axes = [a for a in (getattr(ax, name, None) for name in ("xaxis", "yaxis", "zaxis")) if a is not None]
        for axis in axes:
            if not (ax.get_visible() and ax.axison and axis.get_visible()):
                hidden.update(axis.get_ticklabels(minor=False) + axis.get_ticklabels(minor=True))
                hidden.update([axis.label, axis.get_offset_text()])
        if not ax.get_visible():
            hidden.update(ax.findobj(Text))
    found = []
    for text in fig.findobj(Text):
        if text in hidden or not text.get_visible() or not text.get_text().strip():
            continue
        size = text.get_fontsize() * scale
        if size < below - 1e-9:
            found.append((text.get_text(), size))
    return found


def _show_in_kernel(fig, targets) -> None:
    """In a Jupyter kernel, show the saved PNG inline (the figure exactly as the paper has it) and
    close the figure, so the inline backend does not show it again, or not at all (a figure
    whose axes all sit in subfigures has no axes of its own, and the inline backend skips it)."""
    import sys

    if "ipykernel" not in sys.modules:
        return
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    png = [t for t in targets if str(t).endswith(".png")]
    if png:
        display(Image(filename=str(png[0])))
        plt.close(fig)
