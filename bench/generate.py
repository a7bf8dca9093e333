"""Generation benchmark: `callspec generate` against datamodel-code-generator and
openapi-python-client on the full upstream OpenAI document, and on our calls spec.

    .venv/bin/python bench/generate.py [--upstream PATH] [--tools DIR] [--fresh]

The two other generators are installed with pip into a throwaway virtual environment
(`--tools`, by default under the system temporary directory, reused between runs; `--fresh`
rebuilds it). Each tool runs once per document, in a child process: wall time from a
monotonic clock, peak memory as below. The table gives each figure and its ratio to
callspec's (callspec ÷ tool: below 1 is faster / smaller). datamodel-code-generator runs
in its fastest mode: pydantic v2 models with its builtin formatter; openapi-python-client
with its defaults.

Memory: `wait4`'s `ru_maxrss` gives only the largest process of a tree (the max of its
processes' peaks, not their sum), and `callspec generate` has a child working beside it
(the byte-compiler) while it holds its own memory. So the tree is also sampled from
/proc every 5 ms: the most its processes held at once (their `VmRSS` summed; pages that
processes share count in each, so this bounds the physical memory from above) and the
sum of each process's own peak (`VmHWM`; peaks at different moments add too, a looser
bound). The memory ratios use "at once".
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import venv
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UPSTREAM = (
    REPO.parent / "shared" / "upstream" / "openai-openapi-5162af9" / "openapi.yaml"
)
CALLS = REPO / "spec" / "upstream.yaml"
TOOLS = ("datamodel-code-generator", "openapi-python-client")


def datamodel_codegen(bin_dir: Path, spec: Path, output: Path | str) -> list[str]:
    """The anchor's command line in its fastest mode (pydantic v2, builtin formatter);
    bench/all.py runs the same one."""
    return [
        str(bin_dir / "datamodel-codegen"),
        "--input",
        str(spec),
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--formatters",
        "builtin",
        "--output",
        str(output),
    ]


CORE = """
import sys
from pathlib import Path
from generator import pipeline
from generator.config import GenerateConfig
from generator.writer import write_tree

config = GenerateConfig(
    spec=Path(sys.argv[1]),
    out=Path(sys.argv[2]),
    artifacts=frozenset({"schemas", "docs", "openapi"}),
)
api = pipeline.load_api(config)
files = pipeline.render_all(api, config)
from generator.emit.client import ClientEmitter
from generator.emit.render import Renderer

for path, text in ClientEmitter(api, Renderer()).render().items():
    files["python/" + path] = text
print(write_tree(config.out, files))
"""


@dataclass
class Run:
    tool: str
    spec: str
    seconds: float
    peak_mb: float  # the largest single process of the tree
    ok: bool
    note: str = ""
    tree_mb: float = 0.0  # the most the tree held at once (summed over its processes)
    peaks_mb: float = 0.0  # the sum of its processes' own peaks (an upper bound)


class TreePeaks(threading.Thread):
    """The memory of `root` and its descendants, sampled from /proc every `interval`
    seconds until `stop` (Linux; nothing elsewhere): the largest total of their resident
    sets at one sample (`VmRSS` summed: what the tree held at once), and each process's
    own peak (`VmHWM`), whose sum bounds that from above."""

    def __init__(self, root: int, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peaks: dict[int, int] = {}  # pid -> kB
        self.together = 0  # kB
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid in _tree(self.root):
                rss, hwm = _status_kb(pid)
                total += rss
                self.peaks[pid] = max(hwm, self.peaks.get(pid, 0))
            self.together = max(self.together, total)
            self._done.wait(self.interval)

    def stop(self) -> tuple[float, float]:
        """Stops sampling; the peak held at once and the sum of the peaks, in MB."""
        self._done.set()
        self.join()
        return self.together / 1024, sum(self.peaks.values()) / 1024


def _tree(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
            except OSError:
                pass
    return pids


def _status_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB; zeros once it is gone."""
    found = {"VmRSS:": 0, "VmHWM:": 0}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                key = line[:6]
                if key in found:
                    found[key] = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return found["VmRSS:"], found["VmHWM:"]


def measure(tool: str, spec: str, argv: list[str], cwd: Path) -> Run:
    """Run `argv` once; wall time and its process tree's peak RSS (not the benchmark's):
    the largest process and the sum over the processes."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = TreePeaks(child.pid)
    sampler.start()
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    together, peaks = sampler.stop()
    tree_mb = max(together, peak_mb)  # a sample can miss a short-lived peak
    peaks_mb = max(peaks, tree_mb)
    note = "" if child.returncode == 0 else err.decode(errors="replace")[-300:]
    ok = child.returncode == 0
    return Run(tool, spec, seconds, peak_mb, ok, note, tree_mb, peaks_mb)


def tools_env(where: Path, fresh: bool) -> Path:
    """A throwaway venv holding the other generators; returns its bin directory."""
    bin_dir = where / "bin"
    if fresh and where.exists():
        shutil.rmtree(where)
    if not (bin_dir / "datamodel-codegen").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(where)
        subprocess.run(
            [str(bin_dir / "python"), "-m", "pip", "install", "-q", *TOOLS], check=True
        )
    return bin_dir


def commands(bin_dir: Path, spec: Path, out: Path) -> dict[str, list[str]]:
    return {
        "callspec": [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(out / "callspec"),
        ],
        # The same run restricted to the artifacts comparable to the other tools (typed
        # client, JSON Schemas, docs, OpenAPI), without the validator and test strategies.
        "callspec (client+schemas+docs+openapi)": [
            sys.executable,
            "-c",
            CORE,
            str(spec),
            str(out / "callspec-core"),
        ],
        "datamodel-code-generator": datamodel_codegen(
            bin_dir, spec, out / "dcg_models.py"
        ),
        "openapi-python-client": [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out / "opc"),
            "--overwrite",
        ],
    }


def table(runs: list[Run]) -> list[str]:
    """One row per tool and document; each other tool's row gives callspec's figures
    divided by its own (full run, and the comparable-artifacts run)."""
    lines = [
        "| document | tool | wall (s) | peak RSS (MB): largest process "
        "| at once, all processes | Σ of their peaks | callspec ÷ tool: time, "
        "memory at once | callspec core ÷ tool: time, memory at once |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for spec in dict.fromkeys(r.spec for r in runs):
        rows = [r for r in runs if r.spec == spec]
        ours = [r for r in rows if r.tool.startswith("callspec")]
        for r in rows:
            ratios = []
            for mine in ours:
                if r.tool.startswith("callspec") or not r.ok:
                    ratios.append("—")
                else:
                    t, m = mine.seconds / r.seconds, mine.tree_mb / r.tree_mb
                    ratios.append(f"{t:.2f}×, {m:.2f}×")
            status = "" if r.ok else " (failed)"
            lines.append(
                f"| {spec} | {r.tool}{status} | {r.seconds:.2f} | {r.peak_mb:.0f} "
                f"| {r.tree_mb:.0f} | {r.peaks_mb:.0f} | {' | '.join(ratios)} |"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", type=Path, default=UPSTREAM)
    parser.add_argument(
        "--tools",
        type=Path,
        default=Path(tempfile.gettempdir()) / "callspec-bench-tools",
        help="throwaway venv for the other generators",
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the tools venv")
    parser.add_argument(
        "--only", choices=("full", "calls"), help="run one document only"
    )
    args = parser.parse_args()
    bin_dir = tools_env(args.tools, args.fresh)
    documents = {"full upstream (242 ops)": args.upstream, "calls spec (5 ops)": CALLS}
    if args.only == "full":
        documents.pop("calls spec (5 ops)")
    elif args.only == "calls":
        documents.pop("full upstream (242 ops)")
    runs: list[Run] = []
    for label, spec in documents.items():
        with tempfile.TemporaryDirectory() as tmp:
            for tool, argv in commands(bin_dir, spec, Path(tmp)).items():
                run = measure(tool, label, argv, REPO)
                runs.append(run)
                print(
                    f"{label}: {tool} {run.seconds:.2f}s {run.peak_mb:.0f} MB"
                    f" (at once {run.tree_mb:.0f} MB, Σ peaks {run.peaks_mb:.0f} MB)"
                    + ("" if run.ok else f" FAILED: {run.note}"),
                    file=sys.stderr,
                )
    print("\n".join(table(runs)))
    return 0 if all(r.ok for r in runs if r.tool == "callspec") else 1


if __name__ == "__main__":
    sys.exit(main())
