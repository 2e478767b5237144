"""Work budgets for tests: how much CPU a call used, not how long the machine took to give it.

A wall-clock assert fails when the machine is busy (CI runs beside other jobs) and passes a slow
algorithm on a fast machine; CPU time of this process is the work the code did, whatever else runs.
The budgets are generous multiples of what the code needs: they catch a hang or a quadratic blow-up
(a regex backtracking, a loop over every pixel), not a few percent. Speed is measured in `make bench`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def cpu_seconds(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """``fn(*args, **kwargs)`` and the CPU seconds this process spent in it (all its threads)."""
    start = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - start
