"""A dependency-free progress line on stderr for long simulations."""

from __future__ import annotations

import sys
import time


class Progress:
    """Prints ``label: 40% (400/1000 steps, 1.2 s)`` about ``updates`` times, then a final line."""

    def __init__(self, total: int, label: str, enabled: bool, updates: int = 20) -> None:
        self.total = max(int(total), 1)
        self.label = label
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        # on a terminal the line redraws in place; in a log file it is written 4 times
        self.every = max(self.total // (updates if self.tty else 4), 1)
        self.start = time.perf_counter()

    def update(self, done: int) -> None:
        if self.enabled and (done % self.every == 0 or done == self.total):
            pct = 100.0 * done / self.total
            elapsed = time.perf_counter() - self.start
            end = "\n" if done == self.total or not self.tty else "\r"
            sys.stderr.write(f"{self.label}: {pct:3.0f}% ({done}/{self.total} steps, {elapsed:.1f} s){end}")
            sys.stderr.flush()
