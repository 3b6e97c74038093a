"""Helpers of the parts' ``config`` modules: checks of workflow/config.yaml that its schema cannot express.

Each part's ``config.problems(block)`` returns one message per bad value of its
block, naming the key (``domine2025.minimal.eta=...``); the workflow stops before
any job when there is one. A check the library already makes at run time is not
written again: ``problems`` calls the library's function (:func:`raised`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable


def increasing(values) -> bool:
    """Whether ``values`` increase strictly."""
    return all(a < b for a, b in itertools.pairwise(values))


def raised(key: str, check: Callable, *args, **kwargs) -> list[str]:
    """``["<key>: <message>"]`` if ``check(*args, **kwargs)`` raises ``ValueError``, else ``[]``."""
    try:
        check(*args, **kwargs)
    except ValueError as error:
        return [f"{key}: {error}"]
    return []


def problem(bad: bool, message: str) -> list[str]:
    """``[message]`` if ``bad``, else ``[]``."""
    return [message] if bad else []


def whitened(key: str, n_items: int, n_in: int, what: str = "n_in") -> list[str]:
    """Whitened inputs need ``n_items >= n_in`` (``key`` names ``n_items``, ``what`` names ``n_in``)."""
    return problem(n_items < n_in, f"{key}={n_items} < {what}={n_in}: whitened inputs need P >= n_in")
