"""A typed program written against `openai` that uses `client.realtime.connect` passes
``mypy --strict`` as written and after replacing `openai` by `realtime_calls` in its
imports (nothing else), and both run against one local server with the same output and
the same frames (parsed JSON, ``event_id`` aside)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

PROGRAM = Path(__file__).parent / "programs" / "sideband_agent.py"
SDK_PATHS = [
    "from openai import",
    "from openai.resources.realtime.realtime import",
    "from openai.types.websocket_connection_options import",
    "from openai.types.websocket_reconnection import",
]


def program(package: str, directory: Path) -> Path:
    """The program as written, or with `openai` replaced by `realtime_calls` in its
    import lines only."""
    text = PROGRAM.read_text(encoding="utf-8")
    if package == "realtime_calls":
        for line in SDK_PATHS:
            assert line in text
        text = "\n".join(
            (
                l.replace("from openai", "from realtime_calls", 1)
                if l.startswith("from openai")
                else l
            )
            for l in text.split("\n")
        )
        imports = [l for l in text.splitlines() if l.startswith(("import", "from"))]
        assert not any("openai" in l for l in imports)
    target = directory / f"program_{package}.py"
    target.write_text(text, encoding="utf-8")
    return target


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
    target = program(package, tmp_path)
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


SCRIPT = [
    {"type": "session.created", "event_id": "e1", "session": {"id": "s"}},
    {"type": "call.quality_report", "event_id": "e2", "mos": 4.2},
    {
        "type": "response.function_call_arguments.done",
        "event_id": "e3",
        "response_id": "r1",
        "item_id": "i1",
        "output_index": 0,
        "call_id": "fc_1",
        "name": "lookup",
        "arguments": "{}",
    },
    {"type": "response.done", "event_id": "e4", "response": {"id": "r1"}},
]


def test_program_runs_alike_on_both(tmp_path: Path) -> None:
    from .wsserver import RealtimeTestServer

    runs = []
    for package in ("openai", "realtime_calls"):
        target = program(package, tmp_path)
        with RealtimeTestServer(SCRIPT) as server:
            out = subprocess.run(
                [sys.executable, str(target)],
                capture_output=True,
                text=True,
                timeout=120,
                env=dict(
                    os.environ,
                    PYTHONPATH=str(ROOT / "generated" / "python"),
                    OPENAI_API_KEY="sk-typed",
                    OPENAI_BASE_URL=f"http://127.0.0.1:{server.port}/v1",
                ),
            )
            assert out.returncode == 0, out.stderr
            for c in server.connections:
                assert c.closed.wait(10)
            frames = [
                [{k: v for k, v in f.items() if k != "event_id"} for f in c.frames]
                for c in server.connections
            ]
            queries = [c.query for c in server.connections]
        runs.append((json.loads(out.stdout), frames, queries))
    assert runs[1] == runs[0]
    printed, frames, _ = runs[1]
    types = [e["type"] for e in SCRIPT]
    assert printed == [types + ["session.updated"], types]
    assert [f["type"] for f in frames[0]][-2:] == [
        "conversation.item.create",
        "response.create",
    ]
    assert len(frames[1]) == 5
