"""Figure-notebook helpers (exactdln.figures): the same notebook runs under Snakemake and in Jupyter."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt
import pytest

from exactdln import figures


def test_paths_under_snakemake_use_the_rule_paths():
    smk = SimpleNamespace(input={"data": "a/b.npz"}, output={"pdf": "f.pdf"})
    inp, out = figures.paths({"snakemake": smk}, {"data": "default.npz"}, {"pdf": "default.pdf"})
    assert inp.data == "a/b.npz" and out.pdf == "f.pdf"


def test_paths_interactive_resolve_from_the_repository_root(tmp_path, monkeypatch):
    (tmp_path / "Snakefile").write_text("")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "x.npz").write_text("")
    notebooks = tmp_path / "workflow" / "notebooks"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)  # Jupyter starts in the notebook's folder
    inp, out = figures.paths({}, {"data": "results/x.npz"}, {"pdf": "figures/x.pdf"})
    assert inp.data == str(tmp_path / "results" / "x.npz")
    assert out.pdf == str(tmp_path / "figures" / "x.pdf")


def test_paths_interactive_name_missing_inputs_and_the_command(tmp_path, monkeypatch):
    (tmp_path / "Snakefile").write_text("")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"snakemake --cores 8 results/missing\.npz"):
        figures.paths({}, {"data": "results/missing.npz"}, {"pdf": "figures/x.pdf"})


def test_no_repository_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="no Snakefile"):
        figures.repository_root()


def test_save_writes_every_format(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    figures.save(fig, tmp_path / "f.pdf", tmp_path / "f.png")
    plt.close(fig)
    assert (tmp_path / "f.pdf").read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.pdf", "f.png"]


def test_tracked_entries_gives_columns_per_quantity():
    import numpy as np

    from exactdln.figures import N_NTK_ENTRIES, TRACKED_QUANTITIES, tracked_entries

    loss = np.arange(5.0)
    assert tracked_entries(loss, "loss").shape == (5, 1)
    matrices = np.arange(5 * 3 * 4.0).reshape(5, 3, 4)
    np.testing.assert_array_equal(tracked_entries(matrices, "w1tw1"), matrices.reshape(5, 12))
    ntk = np.random.default_rng(0).standard_normal((5, 10, 10))
    ntk = ntk + np.swapaxes(ntk, -1, -2)
    picked = tracked_entries(ntk, "ntk")
    assert picked.shape == (5, N_NTK_ENTRIES)
    rows, cols = np.triu_indices(10)
    assert np.array_equal(picked[:, 0], ntk[:, rows[0], cols[0]])  # first and last of the upper triangle
    assert np.array_equal(picked[:, -1], ntk[:, rows[-1], cols[-1]])
    assert [key for key, _ in TRACKED_QUANTITIES] == ["loss", "network_function", "w1tw1", "w2w2t", "ntk"]


def test_save_refuses_glyphs_printed_below_7_pt(tmp_path):
    fig, ax = plt.subplots(figsize=(figures.TEXT_WIDTH, 2.0))
    ax.plot([0, 1], [0, 1], label="a line")
    ax.tick_params(labelsize=7.5)
    ax.legend(fontsize=7.5)
    ax.set_xlabel("x", fontsize=8)
    figures.save(fig, tmp_path / "ok.png")  # drawn at the printed width: 7.5 pt prints at ~7.4 pt
    assert (tmp_path / "ok.png").is_file()
    ax.legend(fontsize=6)
    with pytest.raises(ValueError, match=r"'a line' at [56]\.\d pt"):
        figures.save(fig, tmp_path / "small.png")
    assert not (tmp_path / "small.png").exists()  # nothing written
    # the same figure printed at three quarters of the width: everything shrinks
    ax.legend(fontsize=7.5)
    with pytest.raises(ValueError, match="below 7 pt"):
        figures.save(fig, tmp_path / "narrow.png", printed_width=0.75 * figures.TEXT_WIDTH)
    # hidden axes and empty texts do not count
    ax.axis("off")
    ax.set_xlabel("")
    ax.legend(fontsize=7.5)
    small = figures.printed_font_sizes(fig, 0.5)
    assert [t for t, _ in small] == ["a line"]
    plt.close(fig)
