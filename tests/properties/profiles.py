"""Hypothesis profiles of the property suite (HYPOTHESIS_PROFILE=ci|dev|thorough).

- `ci`: derandomized (the same cases every run), sized so `pytest tests/properties` stays
  inside CI's budget on 2 cores; selected by default when CI=true.
- `dev` (the default elsewhere): the ci sizes, randomized, so local runs explore new inputs.
- `thorough`: 10x the examples for deep runs before a release.

Each test takes its settings from `prop_settings(n)` with `parent=` the active profile, so
nothing is loaded globally and other test directories keep Hypothesis's defaults.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
_COMMON: dict[str, Any] = dict(
    deadline=None, print_blob=True, suppress_health_check=_SLOW
)
settings.register_profile(
    "ci", max_examples=40, derandomize=True, database=None, **_COMMON
)
settings.register_profile("dev", max_examples=40, **_COMMON)
settings.register_profile("thorough", max_examples=400, **_COMMON)

_DEFAULT = "ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev"
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", _DEFAULT)
if PROFILE not in ("ci", "dev", "thorough"):
    raise RuntimeError(f"HYPOTHESIS_PROFILE={PROFILE!r}: expected ci, dev or thorough")
SCALE = 10 if PROFILE == "thorough" else 1


def prop_settings(examples: int, **overrides: Any) -> settings:
    """Settings for one test: `examples` under ci/dev, 10x under thorough."""
    return settings(
        settings.get_profile(PROFILE), max_examples=examples * SCALE, **overrides
    )
