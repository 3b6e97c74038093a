"""The recorded steps of Part V's gradient-descent runs (Figures 1, 3a and 2e).

Shared by :mod:`.width` and :mod:`.output_scale`, so that neither figure's module
depends on the other's.
"""

from __future__ import annotations

import numpy as np

from ...schedules import log_steps


def record_grid(n_steps: int, n_records: int) -> np.ndarray:
    """Step 0, about ``n_records`` log-spaced steps, ten evenly spaced ones, and the middle and last step."""
    return np.union1d(log_steps(n_steps, n_records, n_even=10), [n_steps // 2])
