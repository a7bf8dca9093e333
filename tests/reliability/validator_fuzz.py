"""Drive `callspec validate` in-process with hostile files; every input must end in exit 0, 1
or 2 with a message — never an exception, never unbounded memory, never a constructed object.

Shared by tests/reliability/test_validator_fuzz.py and bench/robustness.py.
"""

from __future__ import annotations

import io
import json
import random
import tempfile
import time
import traceback
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

# Set when an input manages to construct an arbitrary Python object (it never may).
CANARY_FIRED: list[Any] = []


def canary(*args: Any) -> str:
    CANARY_FIRED.append(args)
    return "constructed"


CANARY = f"{__name__}.canary"
PWNED = Path(tempfile.gettempdir()) / "callspec-validate-pwned"
SUFFIXES = (".json", ".yaml", ".yml", ".toml", ".txt")


@dataclass
class Outcome:
    code: int | None
    output: str
    crash: str | None = None
    peak_bytes: int = 0
    seconds: float = 0.0


@dataclass
class FuzzStats:
    tried: int = 0
    by_code: dict[int, int] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)
    peak_bytes: int = 0
    slowest: float = 0.0

    def add(self, name: str, outcome: Outcome) -> None:
        self.tried += 1
        if outcome.code is not None:
            self.by_code[outcome.code] = self.by_code.get(outcome.code, 0) + 1
        if outcome.crash:
            self.crashes.append(f"{name}: {outcome.crash}")
        self.peak_bytes = max(self.peak_bytes, outcome.peak_bytes)
        self.slowest = max(self.slowest, outcome.seconds)


def validate_file(path: Path, fmt: str = "text", measure: bool = False) -> Outcome:
    """Run the validator on one file in-process; classify how it ended."""
    from generator.validate.run import run

    # strict UTF-8 byte streams, like a real stdout: a lone surrogate must not crash the report
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    if measure:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        code: int | None = run([str(path)], None, fmt, out=out, err=err)
        crash = None
    except SystemExit as exc:  # argparse-style exits are still exits
        code, crash = (exc.code if isinstance(exc.code, int) else 2), None
    except BaseException as exc:  # noqa: BLE001 - the very thing under test
        code = None
        crash = "".join(traceback.format_exception(exc, limit=-5))
    seconds = time.perf_counter() - started
    peak = 0
    if measure:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    output = ""
    for stream in (out, err):
        stream.flush()
        output += stream.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]
    if crash is None:
        if code not in (0, 1, 2):
            crash = f"exit code {code!r}"
        elif code != 0 and not output.strip():
            crash = f"exit {code} without a message"
        elif "Traceback (most recent call last)" in output:
            crash = "a traceback in the output:\n" + output[-2000:]
    if CANARY_FIRED:
        crash = f"an arbitrary object was constructed: {CANARY_FIRED!r}"
        CANARY_FIRED.clear()
    if PWNED.exists():
        PWNED.unlink()
        crash = "a python/object tag ran a command"
    return Outcome(code, output, crash, peak, seconds)


def validate_bytes(
    directory: Path, name: str, data: bytes, suffix: str, **kw: Any
) -> Outcome:
    path = directory / f"{name}{suffix}"
    path.write_bytes(data)
    try:
        return validate_file(path, **kw)
    finally:
        path.unlink()


# -- a hand-made corpus of the nastiest inputs --------------------------------------------


def _valid_config() -> dict[str, Any]:
    try:
        from tests.validate.corpus import valid_session

        return valid_session(random.Random(1))
    except Exception:  # noqa: BLE001 - the other suite's helper is optional here
        return {
            "type": "realtime",
            "model": "gpt-realtime",
            "instructions": "Be brief.",
        }


def _alias_bomb(levels: int = 10) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def hostile_corpus(
    big: bool = True, heavy: bool = False
) -> Iterator[tuple[str, bytes, str]]:
    """(name, bytes, suffix) for each hand-picked hostile input; `big`: the 50 MB and 19 MB
    files; `heavy`: the slow-but-bounded ones at full size (200,000 keys, items, documents).
    """
    wide = 200_000 if heavy else 20_000
    valid = _valid_config()
    valid_json = json.dumps(valid)
    valid_yaml = yaml.safe_dump(valid)
    yield "valid json", valid_json.encode(), ".json"
    yield "valid yaml", valid_yaml.encode(), ".yaml"
    yield "empty", b"", ".yaml"
    yield "empty json", b"", ".json"
    yield "whitespace", b"  \n\t\n", ".json"
    yield "bom json", b"\xef\xbb\xbf" + valid_json.encode(), ".json"
    yield "bom yaml", b"\xef\xbb\xbf" + valid_yaml.encode(), ".yaml"
    yield "double bom", b"\xef\xbb\xbf\xef\xbb\xbf{}", ".json"
    yield "utf-16", valid_json.encode("utf-16"), ".json"
    yield "invalid utf-8", b'{"instructions": "\xff\xfe\xc3\x28"}', ".json"
    yield "overlong utf-8", b'{"a": "\xc0\xaf"}', ".json"
    yield "surrogate escape", b'{"instructions": "\\ud800"}', ".json"
    yield "surrogate key", b'{"type": "realtime", "\\ud800x": 1, "model": "\\udfff"}', ".json"
    deep = b'{"a":' * 990 + b"1" + b"}" * 990
    yield "deep tool parameters", b'{"type": "realtime", "tools": [{"type": "function", "name": "f", "parameters": ' + deep + b"}]}", ".json"
    yield "deep instructions", b'{"type": "realtime", "instructions": ' + deep + b"}", ".json"
    yield "nul bytes", b"\x00" * 100, ".yaml"
    yield "control chars", b"instructions: \x07\x1b[31m\n", ".yaml"
    for token in (
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "-1e999",
        "1" * 5000,
        "-0",
        "1e-400",
    ):
        yield f"number {token[:12]}", f'{{"temperature": {token}}}'.encode(), ".json"
    yield "yaml big int", b"max_output_tokens: " + b"9" * 5000 + b"\n", ".yaml"
    yield "yaml big hex int", b"max_output_tokens: 0x" + b"f" * 5000 + b"\n", ".yaml"
    yield "toml big int", b"max_output_tokens = " + b"9" * 5000 + b"\n", ".toml"
    yield "toml big hex int", b"max_output_tokens = 0x" + b"f" * 5000 + b"\n", ".toml"
    yield "yaml nan", b"temperature: .nan\nspeed: .inf\nmax_output_tokens: -.inf\n", ".yaml"
    yield "toml nan", b"temperature = nan\nspeed = inf\n", ".toml"
    yield "deep json list", b"[" * 10_000 + b"]" * 10_000, ".json"
    yield "deep json object", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, ".json"
    yield "deep json unclosed", b"[" * 100_000, ".json"
    yield "deep yaml flow", b"a: " + b"[" * 10_000 + b"]" * 10_000, ".yaml"
    yield "deep yaml block", "".join(
        " " * i + "- \n" for i in range(0, 3000, 1)
    ).encode(), ".yaml"
    yield "deep toml", b"a = " + b"[" * 5000 + b"]" * 5000, ".toml"
    yield "billion laughs", _alias_bomb().encode(), ".yaml"
    yield "billion laughs keyed", (
        _alias_bomb() + "instructions: *a9\n"
    ).encode(), ".yaml"
    yield "quadratic blowup", (
        "a: &a " + "x" * 100_000 + "\nb: [" + ", ".join(["*a"] * 5000) + "]\n"
    ).encode(), ".yaml"
    yield "recursive alias", b"&a [*a]", ".yaml"
    yield "recursive map alias", b"&a {x: *a, instructions: hi}", ".yaml"
    yield "merge key bomb", (_alias_bomb(6) + "m: {<<: [*a5, *a5]}\n").encode(), ".yaml"
    yield "non-string keys", b"1: a\n2.5: b\n~: c\ntrue: d\n[1, 2]: e\n{a: 1}: f\n", ".yaml"
    yield "complex key", b"? [a, b]\n: c\n? {x: 1}\n: d\n", ".yaml"
    yield "duplicate keys yaml", b"model: a\nmodel: b\ninstructions: x\ninstructions: y\n", ".yaml"
    yield "duplicate keys json", b'{"model": "a", "model": "b", "tools": [], "tools": 1}', ".json"
    yield "timestamps", b"instructions: 2001-12-14t21:59:43.10-05:00\nx: 2002-12-14\n", ".yaml"
    yield "binary tag", b"instructions: !!binary aGVsbG8=\nx: !!binary '!!!'\n", ".yaml"
    yield "set and omap", b"a: !!set {x, y}\nb: !!omap [a: 1]\nc: !!pairs [a: 1]\n", ".yaml"
    yield "custom tag", b"instructions: !vault secret\n", ".yaml"
    yield "python apply", f"!!python/object/apply:{CANARY} [x]\n".encode(), ".yaml"
    yield "python os.system", f"!!python/object/apply:os.system ['touch {PWNED}']\n".encode(), ".yaml"
    yield "python new", f"!!python/object/new:{CANARY} [x]\n".encode(), ".yaml"
    yield "python name", b"a: !!python/name:os.system\n", ".yaml"
    yield "python module", b"a: !!python/module:os\n", ".yaml"
    yield "python object", f"a: !!python/object:{__name__}.Outcome {{code: 1}}\n".encode(), ".yaml"
    yield "python tuple", b"a: !!python/tuple [1, 2]\n", ".yaml"
    yield "tag directive", b"%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\n!p!os.system ['true']\n", ".yaml"
    yield "multi-doc", b"---\n{}\n---\n- 1\n---\nnull\n---\n" + valid_yaml.encode(), ".yaml"
    yield "many docs", b"---\n{}\n" * (wide // 10), ".yaml"
    yield "huge string", json.dumps({"instructions": "x" * 5_000_000}).encode(), ".json"
    yield "huge key", json.dumps({"k" * 1_000_000: 1}).encode(), ".json"
    yield "many keys", json.dumps({f"k{i}": i for i in range(wide)}).encode(), ".json"
    yield "wide list", json.dumps({"tools": [{}] * wide}).encode(), ".json"
    yield "scalar root", b"42", ".json"
    yield "string root", b'"hello"', ".json"
    yield "list root", b"[1, 2, 3]", ".yaml"
    yield "trailing garbage", valid_json.encode() + b" }", ".json"
    yield "toml junk", b"[[[\n= = =\n", ".toml"
    yield "toml datetime", b"a = 1979-05-27T07:32:00Z\nb = 07:32:00\n", ".toml"
    yield "unknown suffix", valid_json.encode(), ".txt"
    yield "schema key", json.dumps({"$schema": {"x": 1}, **valid}).encode(), ".json"
    yield "schema id unknown", json.dumps(
        {"$schema": "https://evil.example/x.json"}
    ).encode(), ".json"
    if big:
        # 50 MB: over the validator's documented 20 MB cap, refused before it is read
        yield "50 MB", b'{"instructions": "' + b"x" * (
            50 * 1024 * 1024
        ) + b'"}', ".json"
        # just under the cap, and valid in shape: must be read within bounded memory
        yield "19 MB", b'{"instructions": "' + b"x" * (
            19 * 1024 * 1024
        ) + b'"}', ".json"


# -- generated inputs --------------------------------------------------------------------


def hypothesis_strategies() -> tuple[Any, Any]:
    """(raw files, structured files) as Hypothesis strategies of (bytes, suffix)."""
    from hypothesis import strategies as st

    suffixes = st.sampled_from(SUFFIXES)
    raw = st.tuples(st.binary(max_size=2000), suffixes)
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=30)
        | st.sampled_from(
            [
                "realtime",
                "server_vad",
                "semantic_vad",
                "marin",
                "function",
                "mcp",
                "gpt-realtime",
                "tel:+1555",
                "v=0",
                "auto",
                "none",
                "required",
            ]
        )
    )
    keys = st.sampled_from(
        [
            "type",
            "model",
            "instructions",
            "audio",
            "input",
            "output",
            "voice",
            "tools",
            "tool_choice",
            "name",
            "server_url",
            "connector_id",
            "turn_detection",
            "format",
            "rate",
            "$schema",
            "include",
            "output_modalities",
            "temperature",
            "max_output_tokens",
            "prompt",
            "tracing",
            "truncation",
            "reasoning",
            "parameters",
        ]
    ) | st.text(max_size=8)
    values = st.recursive(
        scalars,
        lambda children: st.lists(children, max_size=5)
        | st.dictionaries(keys, children, max_size=6),
        max_leaves=40,
    )
    documents = st.dictionaries(keys, values, max_size=8) | values

    def encode(args: tuple[Any, str]) -> tuple[bytes, str]:
        value, form = args
        if form == "json":
            return (
                json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass"),
                ".json",
            )
        if form == "toml-ish":
            text = "\n".join(
                f"{k!s} = {json.dumps(v)}"
                for k, v in (value.items() if isinstance(value, dict) else [])
            )
            return text.encode("utf-8", "surrogatepass"), ".toml"
        try:
            text = yaml.safe_dump(
                value, allow_unicode=True, explicit_start=form == "yaml-multi"
            )
        except yaml.YAMLError:
            text = "{}"
        if form == "yaml-multi":
            text = text + text
        return text.encode("utf-8", "surrogatepass"), ".yaml"

    structured = st.tuples(
        documents, st.sampled_from(["json", "yaml", "yaml-multi", "toml-ish"])
    ).map(encode)
    return raw, structured


def mutated_valid(rng: random.Random) -> tuple[bytes, str]:
    """A valid config's text with a random byte-level edit."""
    valid = _valid_config()
    text = json.dumps(valid) if rng.random() < 0.5 else yaml.safe_dump(valid)
    suffix = ".json" if text.startswith("{") else ".yaml"
    raw = bytearray(text.encode())
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(raw))
        roll = rng.random()
        if roll < 0.4:
            raw[at] = rng.randrange(256)
        elif roll < 0.7:
            del raw[at : at + rng.randint(1, 20)]
        else:
            raw[at:at] = rng.choice(
                [
                    b"[",
                    b"{",
                    b"&a ",
                    b"*a",
                    b"!!binary ",
                    b"\x00",
                    b"NaN",
                    b"\xef\xbb\xbf",
                    b"<<: ",
                    b"---\n",
                    b'"',
                    b"\\u",
                ]
            )
    return bytes(raw), suffix


def run_random(count: int, seed: int, deadline: float | None = None) -> FuzzStats:
    """Random bytes and mutated valid configs, without Hypothesis (for the bench)."""
    stats = FuzzStats()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="callspec-vfuzz-") as tmp:
        for index in range(count):
            if deadline is not None and time.monotonic() > deadline:
                break
            if index % 2:
                data, suffix = mutated_valid(rng)
            else:
                data = bytes(rng.randrange(256) for _ in range(rng.randrange(400)))
                suffix = rng.choice(SUFFIXES)
            stats.add(
                f"random {seed}:{index}",
                validate_bytes(Path(tmp), f"r{index}", data, suffix),
            )
    return stats


SLOW = frozenset(
    {"many docs", "many keys", "wide list", "huge key", "huge string", "deep toml"}
)


def run_corpus(
    big: bool = True,
    heavy: bool = False,
    fmt: str = "text",
    skip: frozenset[str] = frozenset(),
) -> FuzzStats:
    stats = FuzzStats()
    with tempfile.TemporaryDirectory(prefix="callspec-vfuzz-") as tmp:
        for name, data, suffix in hostile_corpus(big, heavy):
            if name in skip:
                continue
            outcome = validate_bytes(
                Path(tmp), "case", data, suffix, measure=True, fmt=fmt
            )
            stats.add(name, outcome)
    return stats


def run_hypothesis(examples: int, derandomize: bool = True) -> FuzzStats:
    """Hypothesis over raw bytes and over JSON/YAML/TOML structures. A crash fails the run
    (Hypothesis shrinks it to a minimal input first) with the input in the error."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    raw, structured = hypothesis_strategies()
    stats = FuzzStats()
    with tempfile.TemporaryDirectory(prefix="callspec-hfuzz-") as tmp:

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=derandomize,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.one_of(raw, structured))
        def target(case: tuple[bytes, str]) -> None:
            data, suffix = case
            outcome = validate_bytes(Path(tmp), "h", data, suffix)
            stats.add("hypothesis", outcome)
            assert outcome.crash is None, f"{data[:300]!r} ({suffix}): {outcome.crash}"

        target()
    return stats
