"""`callspec validate` on hostile files: exit 0, 1 or 2 with a message, never a traceback,
never unbounded memory, never an arbitrary Python object constructed."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability import validator_fuzz as vf
from tests.reliability.budget import LONG, pick

SEED = int(os.environ.get("CALLSPEC_FUZZ_SEED", "0"))
MAX_PEAK = (
    256 * 1024 * 1024
)  # Python heap for any one input (the 19 MB file needs ~60 MB)


def test_hostile_corpus() -> None:
    stats = vf.run_corpus(big=True, heavy=LONG)
    assert not stats.crashes, "\n\n".join(stats.crashes)
    assert stats.peak_bytes < MAX_PEAK, stats.peak_bytes
    assert set(stats.by_code) == {0, 1, 2}, stats.by_code


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_hostile_corpus_other_formats(fmt: str) -> None:
    stats = vf.run_corpus(big=False, fmt=fmt, skip=frozenset() if LONG else vf.SLOW)
    assert not stats.crashes, "\n\n".join(stats.crashes)


def test_hypothesis_bytes_and_structures() -> None:
    stats = vf.run_hypothesis(pick(200, 20_000), derandomize=not LONG)
    assert not stats.crashes and stats.tried >= 50, stats


def test_mutated_and_random_files() -> None:
    deadline = time.monotonic() + pick(10, 600)
    stats = vf.run_random(pick(300, 50_000), SEED, deadline)
    assert not stats.crashes, "\n\n".join(stats.crashes[:5])
    assert stats.tried >= 50


@pytest.mark.parametrize(
    "name",
    [
        "billion laughs",
        "python os.system",
        "surrogate key",
        "deep json object",
        "19 MB",
        "50 MB",
    ],
)
def test_cli_process(tmp_path: Path, name: str) -> None:
    """The real command, in its own process: exit code, message, no traceback, bounded RSS."""
    data, suffix = next((d, s) for n, d, s in vf.hostile_corpus(big=True) if n == name)
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    for fmt in ("text", "json"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--format", fmt, str(path)],
            capture_output=True,
            timeout=120,
        )
        stderr = result.stderr.decode("utf-8", "replace")
        assert result.returncode in (0, 1, 2), stderr
        assert b"Traceback" not in result.stdout + result.stderr, stderr
        assert (result.stdout + result.stderr).strip()
    assert not vf.PWNED.exists()
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1024 * 1024, f"a validate process used {peak_kib} KiB"


@pytest.mark.parametrize(
    "path", ["/dev/zero", "/dev/urandom", "/dev/null", "/", "/nonexistent/x.yaml"]
)
def test_special_files(path: str) -> None:
    """Files without a size (devices) are read up to the cap, never without bound."""
    outcome = vf.validate_file(Path(path), measure=True)
    assert outcome.crash is None, outcome.crash
    assert outcome.code in (1, 2) and outcome.peak_bytes < MAX_PEAK
