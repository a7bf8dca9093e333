"""`generate --paths` selects REST paths: the client it writes has only the selected
operations, and keeps the webhooks and realtime events (they are not paths) with every
type they reach, so it imports and its webhook classes and event tables are complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.tool.conftest import ROOT, run_callspec

HANGUP = "/realtime/calls/{call_id}/hangup"
# built from the webhooks and the event unions alone: a selection leaves them as they are
UNSELECTED = (
    "python/realtime_calls/_realtime_event_tables.py",
    "python/realtime_calls/_webhook_events.py",
    "python/realtime_calls/_webhook_models.py",
    "docs/webhooks.md",
)
PROBE = """
import realtime_calls
from realtime_calls._realtime_event_tables import CLIENT_EVENTS, SERVER_EVENT_TYPES
calls = realtime_calls.OpenAI(api_key="k", base_url="http://127.0.0.1:9").realtime.calls
print(sorted(n for n in ("accept", "create", "hangup", "refer", "reject") if hasattr(calls, n)))
print(len(CLIENT_EVENTS) > 0, len(SERVER_EVENT_TYPES) > 0)
"""


def test_one_operation_selected_generates_a_client_that_imports(
    tmp_path: Path, spec: Path
) -> None:
    out = tmp_path / "out"
    result = run_callspec(
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
        "--paths",
        HANGUP,
        cwd=tmp_path,
    )
    assert result.code == 0, result
    assert "1 operations" in result.out
    assert "matches no operation path" not in result.err
    for name in UNSELECTED:
        assert (out / name).read_bytes() == (
            ROOT / "generated" / name
        ).read_bytes(), name
    env = {**os.environ, "PYTHONPATH": str(out / "python")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['hangup']", "True True"]
