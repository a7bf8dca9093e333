"""Shared paths for the scale tests: the upstream document lives beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import skip_unless_ci

REPO = Path(__file__).resolve().parents[2]
UPSTREAM = (
    REPO.parent / "shared" / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def upstream() -> Path:
    if not UPSTREAM.exists():
        skip_unless_ci(f"upstream document not found at {UPSTREAM}")
    return UPSTREAM
