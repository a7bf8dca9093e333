"""Shared fixtures: the repo layout and a generation helper that writes nothing to the repo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

if str(GENERATED / "python") not in sys.path:
    sys.path.insert(0, str(GENERATED / "python"))


def run_callspec(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    unset: tuple[str, ...] = (),
    timeout: float = 300,
    python: str = sys.executable,
) -> subprocess.CompletedProcess[str]:
    """`callspec ARGS` as a user runs it: a separate process (`python -m generator`, this
    checkout's generator), text output captured; `CALLSPEC_DEBUG` and the variables in
    `unset` removed from the environment, `env` added to it; `python` runs it (another
    environment's interpreter, say).
    """
    removed = {"CALLSPEC_DEBUG", *unset}
    environ = {k: v for k, v in os.environ.items() if k not in removed}
    environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [environ.get("PYTHONPATH")])]
    )
    environ.update(env or {})
    return subprocess.run(
        [python, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def callspec() -> Callable[..., subprocess.CompletedProcess[str]]:
    """The shared CLI runner (`run_callspec`) as a fixture."""
    return run_callspec


def skip_unless_ci(reason: str) -> None:
    """Skipping is only for a missing optional tool outside CI, never in CI."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
