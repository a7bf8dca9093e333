"""The pre-commit hooks install exactly the runtime versions uv.lock pins (issue 11)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.tool.conftest import ROOT

UV = ROOT / ".tools" / "bin" / "uv"


def lock_runtime_pins() -> list[str]:
    """The runtime dependency closure of uv.lock, as `name==version` lines."""
    if not UV.exists():
        pytest.fail("uv is bootstrapped by every Makefile target; run `make venv`")
    done = subprocess.run(
        [
            str(UV),
            "export",
            "--frozen",
            "--no-default-groups",
            "--no-hashes",
            "--no-emit-project",
            "--no-header",
            "--no-annotate",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "UV_NO_CONFIG": "1"},
    )
    return sorted(
        line.split(";")[0].strip()
        for line in done.stdout.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def test_hooks_pin_the_locked_runtime() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    pins = lock_runtime_pins()
    assert pins and all("==" in pin for pin in pins)
    for hook in hooks:
        assert sorted(hook["additional_dependencies"]) == pins, hook["id"]
