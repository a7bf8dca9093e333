"""Property tests: the generated strategies and the validators under test on the path.

Profiles live in `profiles.py` (HYPOTHESIS_PROFILE=ci|dev|thorough); each test applies its
own settings, so this directory never changes Hypothesis's global default.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GENERATED = ROOT / "generated"
for extra in (GENERATED / "python", GENERATED / "testing", HERE):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))


@pytest.fixture(scope="session")
def api() -> Any:
    from generator.config import GenerateConfig
    from generator.pipeline import load_api

    return load_api(GenerateConfig())


@pytest.fixture(scope="session")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from harness import Harness

    h = Harness.create(GENERATED / "schemas", tmp_path_factory.mktemp("models"))
    try:
        yield h
    finally:
        h.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from harness import COUNTS
    from profiles import PROFILE

    if COUNTS:
        sizes = ", ".join(f"{name}: {n}" for name, n in sorted(COUNTS.items()))
        terminalreporter.write_line(f"property cases (profile {PROFILE}): {sizes}")
