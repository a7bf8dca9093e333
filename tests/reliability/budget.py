"""How hard the reliability tests push: a bounded CI budget by default, more on request.

    CALLSPEC_FUZZ_BUDGET=long .venv/bin/pytest tests/reliability

`bench/robustness.py` runs the same machinery with the long budget and prints the figures.
"""

from __future__ import annotations

import os

LONG = os.environ.get("CALLSPEC_FUZZ_BUDGET", "ci").lower() == "long"


def pick(ci: int, long: int) -> int:
    """The CI figure, or the long one when CALLSPEC_FUZZ_BUDGET=long."""
    return long if LONG else ci
