"""Fixtures for the tool as a user runs it: the CLI in a subprocess, from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_callspec(*args: str, cwd: Path, python: str = sys.executable) -> Run:
    """`callspec ARGS` as a separate process in `cwd` (the generator from this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CALLSPEC_DEBUG", None)
    done = subprocess.run(
        [python, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def spec() -> Path:
    return ROOT / "spec" / "upstream.yaml"
