"""Shared fixtures: the repo layout and a generation helper that writes nothing to the repo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

if str(GENERATED / "python") not in sys.path:
    sys.path.insert(0, str(GENERATED / "python"))


def skip_unless_ci(reason: str) -> None:
    """Skipping is only for a missing optional tool outside CI, never in CI."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
