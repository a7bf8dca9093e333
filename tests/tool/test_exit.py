"""The `callspec` process leaves with `os._exit` after `main` (generator/cli.py `entry`):
what it prints must still all arrive, and its exit status must be `main`'s."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _callspec(*args: str) -> subprocess.CompletedProcess[str]:
    # buffered streams, as by default: only a flush before leaving gets the tail out
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )


def _configs(tmp_path: Path, count: int) -> list[str]:
    """`count` session configs, each with one unknown key (one finding apiece)."""
    paths = []
    for index in range(count):
        path = tmp_path / f"c{index:04d}.realtime-session.json"
        path.write_text(json.dumps({"type": "realtime", f"extra_{index}": 1}), "utf-8")
        paths.append(str(path))
    return paths


def test_every_line_printed_reaches_a_pipe(tmp_path: Path) -> None:
    files = _configs(tmp_path, 400)  # far more than a pipe's buffer holds
    done = _callspec("validate", "--format", "json", *files)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    found = report["files"] if isinstance(report, dict) else report
    assert len(found) == len(files)


def test_exit_status_is_mains(tmp_path: Path) -> None:
    good = tmp_path / "ok.realtime-session.json"
    good.write_text(json.dumps({"type": "realtime"}), encoding="utf-8")
    assert _callspec("validate", str(good)).returncode == 0
    assert _callspec("validate", *_configs(tmp_path, 1)).returncode == 1
    missing = _callspec("validate", str(tmp_path / "absent.yaml"))
    assert missing.returncode == 2 and "absent.yaml" in missing.stdout
    assert _callspec("--version").returncode == 0  # argparse's own exit
