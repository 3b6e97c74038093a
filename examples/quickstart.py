"""Quick start: the exact solution against gradient descent on a student-teacher task.

Run with ``python examples/quickstart.py``. It trains a 5-10-2 linear network
by full-batch gradient descent from a small and from a large zero-balanced
initialisation, evaluates the exact solution at the same times, prints the
gap between them (it shrinks linearly with the learning rate) and writes a
figure of the network outputs to ``results/quickstart.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import exactdln as ed

OUT = Path("results") / "quickstart.png"


def main() -> None:
    task = ed.tasks.student_teacher(n_in=5, n_out=2, n_items=10, teacher_scale=0.35, seed=0)
    eta, n_steps = 0.1, 400
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
    for ax, scale in zip(axes, (0.01, 0.25), strict=True):
        w1, w2 = ed.initialisations.zero_balanced(5, 10, 2, scale, seed=1)
        traj = ed.train_two_layer(w1, w2, task, eta=eta, n_steps=n_steps, progress=True)
        exact = ed.ExactSolution.from_task(w1, w2, task)
        times = traj.times
        sim_out = traj.network_function() @ task.x[:, :4]  # outputs for 4 items
        exact_out = exact.network_function(times) @ task.x[:, :4]
        gap = np.max(np.abs(sim_out - exact_out))
        print(f"init scale {scale}: max |simulation - exact| output gap = {gap:.2e} (eta = {eta})")
        for i in range(4):
            for o in range(2):
                line = ax.plot(times[1:], sim_out[1:, o, i], lw=1.5)[0]
                ax.plot(times[1:], exact_out[1:, o, i], ":", color="k", lw=1.2)
                line.set_label(None)
        ax.set_xscale("log")
        ax.set_title(f"zero-balanced init, scale {scale}")
        ax.set_xlabel("t = eta * step")
    axes[0].set_ylabel("network output (4 items)")
    fig.suptitle("gradient descent (solid) and exact solution (dotted)")
    fig.tight_layout()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=120)
    tmp.replace(OUT)  # atomic: an interrupted run leaves no complete-looking file
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
