"""Mutated specs for the generator: every one must build or fail with a located SpecError.

Shared by tests/reliability/test_generator_robustness.py and bench/robustness.py. A mutant
is the bundled spec, loaded as data, with a few random edits (deletions, type swaps,
dangling and cyclic `$ref`s, non-mapping nodes, self-referential types, huge enums), or its
text with a random syntax-level edit (truncation, byte flips, stray YAML indicators).
"""

from __future__ import annotations

import copy
import json
import random
import re
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from generator.errors import Problem, SpecError

ROOT = Path(__file__).resolve().parents[2]
# a complete plain OpenAPI spec of the calls API (the hand-written snapshot before issue 13)
SPEC = ROOT / "tests" / "fixtures" / "calls.openapi.yaml"

# Problems raised before there is any data to point into carry a position but no pointer.
_UNPOINTED = (
    "YAML syntax error",
    "JSON syntax error",
    "YAML error",
    "spec is not UTF-8",
    "nested more than",  # the JSON decoder gave up before there was data to point into
)
# a pointer is bare, or JSON-quoted where a key holds whitespace (generator/errors.py)
_RENDERED = re.compile(
    r'^\S.*:\d+(:\d+)?: error( at (/\S*|"/(?:[^"\\\n]|\\.)*"))?: .+', re.S
)

_JUNK: list[Any] = [
    None,
    0,
    -1,
    1.5,
    True,
    False,
    "",
    "x",
    "#/components/schemas/Nope",
    [],
    {},
    [1, "a", None],
    {"a": 1},
    {"$ref": "#/nope"},
    {"$ref": 5},
    {"type": "bogus"},
    {"type": ["string", {"x": 1}]},
    {"enum": []},
    {"anyOf": "x"},
    {"required": "x"},
    float("nan"),
    float("inf"),
    "\x00\u2028\U0001f600",
    {1: "int key", None: "null key"},
]
_TYPES = [
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
    "bogus",
    7,
]


def base_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return data


_BASE = base_data()


def _walk(
    node: Any, path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


def _pointer(path: tuple[Any, ...]) -> str:
    return "#" + "".join(
        "/" + str(p).replace("~", "~0").replace("/", "~1") for p in path
    )


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for token in path[:-1]:
        data = data[token]
    return data


def _schemas(data: dict[str, Any]) -> dict[str, Any] | None:
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else None


def mutate_data(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A few random structural edits, in place."""
    for _ in range(rng.randint(1, 4)):
        spots = list(_walk(data))[1:]
        if not spots:
            break
        path, node = rng.choice(spots)
        parent, key = _parent(data, path), path[-1]
        roll = rng.random()
        if roll < 0.25:
            parent.pop(key)  # deletion
        elif roll < 0.5:
            parent[key] = copy.deepcopy(
                rng.choice(_JUNK)
            )  # anything where anything was
        elif roll < 0.6 and isinstance(node, dict):
            node["type"] = rng.choice(_TYPES)  # type swap
        elif roll < 0.7:
            # a cyclic (self or ancestor) or dangling $ref
            target = path[: rng.randint(0, len(path))]
            ref = (
                _pointer(target)
                if rng.random() < 0.7
                else _pointer(target) + "/missing"
            )
            parent[key] = {"$ref": ref}
        elif roll < 0.8 and (schemas := _schemas(data)):
            name = rng.choice(list(schemas))
            ref = {"$ref": f"#/components/schemas/{name}"}
            shape = rng.choice(["array", "prop", "anyOf", "alias", "allOf"])
            if shape == "array":
                schemas[name] = {"type": "array", "items": ref}
            elif shape == "prop":
                schemas[name] = {"type": "object", "properties": {"self": ref}}
            elif shape == "anyOf":
                schemas[name] = {"anyOf": [{"type": "string"}, ref]}
            elif shape == "alias":
                schemas[name] = ref  # a type that is only itself
            else:
                schemas[name] = {"allOf": [ref, {"type": "object"}]}
        elif roll < 0.85 and (schemas := _schemas(data)):
            size = rng.choice([1, 2, 500, 20_000])
            values: list[Any] = [f"v{i}" for i in range(size)]
            values += rng.sample([None, 1, True, 1.0, "v0", [1], {"a": 1}], 3)
            schemas[rng.choice(list(schemas))] = {"enum": values}
        elif roll < 0.95 and len(path) > 1:
            top = _parent(
                data, path[:2]
            )  # something near the top that must be a mapping
            top[path[1]] = copy.deepcopy(rng.choice(_JUNK))
        else:
            data[rng.choice(list(data) or ["x"])] = copy.deepcopy(rng.choice(_JUNK))
    return data


_INDICATORS = [
    "[",
    "]",
    "{",
    "}",
    ":",
    "- ",
    "&a",
    "*a",
    "!!",
    "!!binary",
    "%",
    "@",
    "`",
    "\t",
    "'",
    '"',
    "|",
    ">",
    "#",
    "\x00",
    "\ufeff",
    "\x85",
    "? ",
]


def mutate_text(text: str, rng: random.Random) -> bytes:
    """A syntax-level edit of a spec's text."""
    roll = rng.random()
    if roll < 0.3:
        return text[: rng.randrange(len(text))].encode()  # a half-saved file
    raw = bytearray(text.encode())
    if roll < 0.5:
        for _ in range(rng.randint(1, 3)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)  # byte flips
        return bytes(raw)
    at = rng.randrange(len(text))
    return (text[:at] + rng.choice(_INDICATORS) + text[at:]).encode(
        "utf-8", "surrogatepass"
    )


@dataclass
class Stats:
    tried: int = 0
    built: int = 0
    rejected: int = 0
    rendered: int = 0
    crashes: list[str] = field(default_factory=list)
    slowest: float = 0.0


def check_problem(problem: Problem) -> str | None:
    """Why `problem` is not a clean, located error; None when it is."""
    if not problem.file:
        return f"no file: {problem!r}"
    if problem.line is None:
        return f"no line: {problem!r}"
    if problem.pointer is None and not problem.message.startswith(_UNPOINTED):
        return f"no JSON pointer: {problem!r}"
    if not _RENDERED.match(problem.render()):
        return f"badly rendered: {problem.render()!r}"
    return None


def attempt(
    spec: Path, render: bool = False, codegen: Path | None = None
) -> tuple[str, str | None]:
    """('built' | 'rejected', None) or ('crash', description) for one spec file."""
    from generator.config import GenerateConfig
    from generator.ir.build import build_api
    from generator.pipeline import render_all

    try:
        api = build_api(spec, codegen)
        if render:
            render_all(api, GenerateConfig(spec=spec))
        return "built", None
    except SpecError as exc:
        if not exc.problems:
            return "crash", "SpecError without problems"
        for problem in exc.problems:
            why = check_problem(problem)
            if why:
                return "crash", why
        return "rejected", None
    except Exception as exc:  # noqa: BLE001 - the very thing under test
        frames = traceback.format_exception(exc, limit=-4)
        return "crash", f"{type(exc).__name__}: {exc}\n{''.join(frames)}"


def write_mutant(directory: Path, rng: random.Random) -> Path:
    """One random mutant of the bundled spec, as YAML or JSON, in `directory`."""
    if rng.random() < 0.25:
        spec = directory / "openapi.yaml"
        spec.write_bytes(mutate_text(SPEC.read_text(encoding="utf-8"), rng))
        return spec
    data = mutate_data(copy.deepcopy(_BASE), rng)
    if rng.random() < 0.5:
        spec = directory / "openapi.json"
        spec.write_text(json.dumps(data, default=str), encoding="utf-8")
    else:
        spec = directory / "openapi.yaml"
        spec.write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8"
        )
    return spec


def run(
    count: int,
    seed: int = 0,
    render: int = 0,
    deadline: float | None = None,
    on_case: Callable[[int, str, str | None], None] | None = None,
) -> Stats:
    """`count` mutants from `seed`; the first `render` that build are also fully rendered."""
    stats = Stats()
    with tempfile.TemporaryDirectory(prefix="callspec-fuzz-") as tmp:
        for index in range(count):
            if deadline is not None and time.monotonic() > deadline:
                break
            case = Path(tmp) / str(index)
            case.mkdir()
            rng = random.Random(f"{seed}:{index}")
            spec = write_mutant(case, rng)
            started = time.perf_counter()
            outcome, why = attempt(spec)
            if outcome == "built" and stats.rendered < render:
                outcome, why = attempt(spec, render=True)
                stats.rendered += 1
            stats.slowest = max(stats.slowest, time.perf_counter() - started)
            stats.tried += 1
            if outcome == "built":
                stats.built += 1
            elif outcome == "rejected":
                stats.rejected += 1
            else:
                stats.crashes.append(f"seed {seed}:{index}: {why}")
            if on_case:
                on_case(index, outcome, why)
    return stats
