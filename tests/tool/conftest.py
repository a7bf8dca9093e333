"""Fixtures for the tool as a user runs it: the CLI in a subprocess, from any directory."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_callspec as shared_runner

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_callspec(*args: str, cwd: Path, python: str = sys.executable) -> Run:
    """`callspec ARGS` in `cwd` through the shared runner, as code and text."""
    done = shared_runner(*args, cwd=cwd, python=python)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def spec() -> Path:
    return ROOT / "spec" / "upstream.yaml"
