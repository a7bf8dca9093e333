"""generator/load/fast_yaml.py: what yaml-rs's allocator used for a parse goes back to the
OS once the parse is over (a fresh interpreter, as `callspec generate` is)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# loads ~10 MB of YAML, drops the data, prints how much more the process holds (kB)
_PROBE = """
import gc
from generator.heap import trim
from generator.load import fast_yaml

def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

text = "items:\\n" + "".join(
    f"  - name: item{i}\\n    description: words about item {i}\\n    tags: [a, b]\\n"
    for i in range(60_000)
)
before = rss()
data = fast_yaml.load(text)
assert data is not None and len(data["items"]) == 60_000
del data
gc.collect()
trim()
print(rss() - before)
"""


def _kept_kb(env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc only")
def test_a_parse_leaves_little_resident() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIMALLOC_")}
    kept = _kept_kb(env)
    # mimalloc's defaults keep ~30 MB of this parse; a user's own setting still wins
    retained = _kept_kb({**env, "MIMALLOC_PURGE_DELAY": "10"})
    assert kept < 15_000
    assert retained - kept > 15_000
