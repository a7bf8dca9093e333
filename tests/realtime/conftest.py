"""The package under test, imported when a test runs: other suites purge and re-import
`realtime_calls` (tests/client/conftest.py), and a client made from a stale module
would mix classes (`Omit`, the exceptions) of two imports of the package."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest


@pytest.fixture
def rc() -> ModuleType:
    return importlib.import_module("realtime_calls")


@pytest.fixture
def rt() -> ModuleType:
    return importlib.import_module("realtime_calls._realtime")


@pytest.fixture
def rt_events() -> ModuleType:
    return importlib.import_module("realtime_calls._realtime_events")
