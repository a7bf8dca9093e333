"""Benchmark: the generated client (`realtime_calls`) against the official SDK.

1. Import time, whole processes, paired and interleaved:
   ``python -c "import realtime_calls; realtime_calls.OpenAI"`` against
   ``python -c "import openai; openai.OpenAI"``; medians and their ratio. For
   information, the same for the SDK-layout types and the event classes
   (``realtime_calls.types.realtime`` + ``_realtime_models``) against
   ``openai.types.realtime``.
2. Client-side overhead per request: build the request, send it over an
   ``httpx2.MockTransport`` answering 200, parse the response, for
   ``calls.accept`` (and, for information, ``calls.create`` with a session);
   medians of interleaved rounds and the ratio.

Targets: import <= 0.2x the SDK's, overhead <= 0.5x. Prints a Markdown table;
``--check`` exits 1 when a target is missed.

Usage: python bench/client.py [--runs 15] [--calls 2000] [--package-dir DIR] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PACKAGE_DIR = ROOT / "generated" / "python"
IMPORT_TARGET = 0.2
OVERHEAD_TARGET = 0.5

SESSION = {
    "type": "realtime",
    "model": "gpt-realtime",
    "instructions": "You are a friendly concierge.",
    "audio": {"output": {"voice": "marin"}},
}


def time_import(code: str, env: Dict[str, str]) -> float:
    """Wall time of one fresh interpreter running ``code``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start


def bench_imports(
    runs: int,
    env: Dict[str, str],
    ours_code: str = "import realtime_calls; realtime_calls.OpenAI",
    sdk_code: str = "import openai; openai.OpenAI",
) -> Tuple[float, float]:
    """Median import times (ours, SDK), interleaved runs after a warm-up."""
    time_import(ours_code, env)
    time_import(sdk_code, env)
    ours: List[float] = []
    sdk: List[float] = []
    for _ in range(runs):
        ours.append(time_import(ours_code, env))
        sdk.append(time_import(sdk_code, env))
    return statistics.median(ours), statistics.median(sdk)


def _ok(request: Any) -> Any:
    import httpx2

    if request.url.path.endswith("/realtime/calls"):
        return httpx2.Response(
            201,
            content=b"v=0\r\n",
            headers={
                "content-type": "application/sdp",
                "location": "/v1/realtime/calls/rtc_1",
            },
        )
    return httpx2.Response(200)


def make_clients() -> Tuple[Any, Any]:
    """(ours, SDK), each over its own MockTransport."""
    import httpx2
    import openai
    import realtime_calls

    ours = realtime_calls.OpenAI(
        api_key="sk-bench",
        http_client=httpx2.Client(transport=httpx2.MockTransport(_ok)),
    )
    sdk = openai.OpenAI(
        api_key="sk-bench",
        http_client=httpx2.Client(transport=httpx2.MockTransport(_ok)),
    )
    return ours, sdk


def per_call(fn: Callable[[], Any], calls: int) -> float:
    """Mean seconds per call of ``fn`` over ``calls`` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def bench_overhead(
    ours_fn: Callable[[], Any], sdk_fn: Callable[[], Any], calls: int, rounds: int = 7
) -> Tuple[float, float]:
    """Median per-call seconds (ours, SDK) over interleaved rounds."""
    per_call(ours_fn, max(calls // 10, 10))
    per_call(sdk_fn, max(calls // 10, 10))
    ours: List[float] = []
    sdk: List[float] = []
    for _ in range(rounds):
        ours.append(per_call(ours_fn, calls // rounds))
        sdk.append(per_call(sdk_fn, calls // rounds))
    return statistics.median(ours), statistics.median(sdk)


def bench_async_accept(calls: int) -> Tuple[float, float]:
    """Median per-call seconds (ours, SDK) of async accept."""
    import httpx2
    import openai
    import realtime_calls

    async def run(client: Any, n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            await client.realtime.calls.accept(
                "rtc_1", type="realtime", model="gpt-realtime"
            )
        return (time.perf_counter() - start) / n

    async def main() -> Tuple[float, float]:
        ours = realtime_calls.AsyncOpenAI(
            api_key="sk-bench",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(_ok)),
        )
        sdk = openai.AsyncOpenAI(
            api_key="sk-bench",
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(_ok)),
        )
        await run(ours, 50)
        await run(sdk, 50)
        a: List[float] = []
        b: List[float] = []
        for _ in range(7):
            a.append(await run(ours, calls // 7))
            b.append(await run(sdk, calls // 7))
        return statistics.median(a), statistics.median(b)

    return asyncio.run(main())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="import runs per side")
    parser.add_argument("--calls", type=int, default=2000, help="requests per side")
    parser.add_argument(
        "--package-dir",
        type=Path,
        default=DEFAULT_PACKAGE_DIR,
        help="directory holding the realtime_calls package",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a target is missed"
    )
    args = parser.parse_args()

    package_dir = str(args.package_dir.resolve())
    sys.path.insert(0, package_dir)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_dir, env.get("PYTHONPATH", "")) if p
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    ours_import, sdk_import = bench_imports(args.runs, env)
    # the SDK's module layout and every realtime event class (what the first parsed
    # server event loads), against the SDK's `types.realtime` package
    ours_types, sdk_types = bench_imports(
        args.runs,
        env,
        "import realtime_calls.types.realtime, realtime_calls._realtime_models",
        "import openai.types.realtime",
    )

    ours, sdk = make_clients()
    accept = bench_overhead(
        lambda: ours.realtime.calls.accept(
            "rtc_1", type="realtime", model="gpt-realtime"
        ),
        lambda: sdk.realtime.calls.accept(
            "rtc_1", type="realtime", model="gpt-realtime"
        ),
        args.calls,
    )
    create = bench_overhead(
        lambda: ours.realtime.calls.create(sdp="v=0\r\n", session=SESSION),
        lambda: sdk.realtime.calls.create(sdp="v=0\r\n", session=SESSION),
        args.calls // 2,
    )
    async_accept = bench_async_accept(args.calls)

    rows = [
        ("import (whole process, median)", ours_import, sdk_import, IMPORT_TARGET),
        ("import types.realtime + event classes", ours_types, sdk_types, None),
        ("accept: client overhead per request", accept[0], accept[1], OVERHEAD_TARGET),
        (
            "accept (async): overhead per request",
            async_accept[0],
            async_accept[1],
            None,
        ),
        ("create multipart: overhead per request", create[0], create[1], None),
    ]
    print(
        f"Python {sys.version.split()[0]}; {args.runs} import runs per side, interleaved;"
    )
    print(f"{args.calls} requests per side over httpx2.MockTransport.\n")
    print("| measure | realtime_calls | openai 3.51.0 | ratio | target |")
    print("|---|---:|---:|---:|---|")
    failed = False
    for name, a, b, target in rows:
        ratio = a / b
        unit = (
            (lambda s: f"{s * 1000:.1f} ms")
            if "import" in name
            else (lambda s: f"{s * 1e6:.0f} µs")
        )
        verdict = ""
        if target is not None:
            ok = ratio <= target
            failed |= not ok
            verdict = f"≤ {target}× {'✓' if ok else '✗'}"
        print(f"| {name} | {unit(a)} | {unit(b)} | {ratio:.2f}× | {verdict} |")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
