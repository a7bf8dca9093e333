"""Batch commands raise the cycle collector's thresholds (a generation keeps its objects
to the end); `validate` keeps the interpreter's defaults (a short run, a user's process
when called in-process)."""

from __future__ import annotations

import subprocess
import sys

from tests.tool.conftest import ROOT

PROBE = """
import gc, sys
from generator import cli
before = gc.get_threshold()
code = cli.main(sys.argv[1:])
print(code, before == gc.get_threshold())
"""


def thresholds_kept(*args: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    code, kept = done.stdout.splitlines()[-1].split()
    return code, kept


def test_check_raises_the_thresholds() -> None:
    assert thresholds_kept("check") == ("0", "False")


def test_validate_keeps_the_defaults() -> None:
    example = ROOT / "tests/publish/corpus/valid/minimal.realtime-session.yaml"
    assert thresholds_kept("validate", str(example)) == ("0", "True")
    # the argparse path too (an option the quick path does not take)
    assert thresholds_kept("validate", "--format", "json", str(example)) == (
        "0",
        "True",
    )
