"""A typed program written against `openai` that uses `client.realtime.connect` passes
``mypy --strict`` as written and after replacing `openai` by `realtime_calls`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

PROGRAM = Path(__file__).parent / "programs" / "sideband_agent.py"
# `realtime_calls.types` has the SDK's module layout (websocket_reconnection, ...)
SWAPS = [
    ("from openai.types.", "from realtime_calls.types."),
    ("from openai import", "from realtime_calls import"),
]


def mypy(path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYPYPATH=str(ROOT / "generated" / "python"))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.mark.parametrize("package", ["openai", "realtime_calls"])
def test_program_type_checks(package: str, tmp_path: Path) -> None:
    text = PROGRAM.read_text(encoding="utf-8")
    if package == "realtime_calls":
        for old, new in SWAPS:
            assert old in text
            text = text.replace(old, new)
        imports = [l for l in text.splitlines() if l.startswith(("import", "from"))]
        assert not any("openai" in l for l in imports)
    target = tmp_path / "program.py"
    target.write_text(text, encoding="utf-8")
    result = mypy(target)
    assert result.returncode == 0, result.stdout + result.stderr


def test_examples_type_check() -> None:
    env = dict(
        os.environ,
        MYPYPATH=os.pathsep.join(
            [str(ROOT / "generated" / "python"), str(ROOT / "examples")]
        ),
    )
    files = [
        str(ROOT / "examples" / n)
        for n in ("sip_agent.py", "fake_openai.py", "_http.py")
    ]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *files],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
