"""The official JSON Schema Test Suite (draft 2020-12) run through callspec itself.

Each suite file becomes one small OpenAPI 3.1 document whose components are the file's
schemas (`S0`, `S1`, ...; each keeps its own `$id`, or gets one under `BASE` so that `#...`
references stay relative to the schema, as in the suite). callspec builds the IR and emits
the validator and the JSON Schemas once per file; every test instance then goes through the
generated validator and, with python-jsonschema, through the emitted JSON Schema.

A test is `passed` when both agree with the suite, `unsupported` when generation reported a
keyword of that schema as not supported (or refused the schema with a located error), and
`wrong` otherwise: a silent wrong answer, which the test suite forbids.

    python -m tests.conformance.suite [-v] [FILE ...]   # the table; -v lists what is wrong
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "json-schema-test-suite"
TESTS = SUITE / "tests" / "draft2020-12"
BASE = "https://callspec.test/suite/"
UNSUPPORTED = re.compile(r"warning at (\S+): keyword '([^']+)' is not supported")


@dataclass
class FileResult:
    name: str
    passed: int = 0
    unsupported: int = 0
    wrong: list[str] = field(default_factory=list)
    oracle_wrong: list[str] = field(default_factory=list)
    oracle_skipped: list[str] = field(default_factory=list)  # the oracle cannot judge
    keywords: Counter[str] = field(default_factory=Counter)  # unsupported keywords seen

    @property
    def total(self) -> int:
        return self.passed + self.unsupported + len(self.wrong)


def document(groups: list[dict[str, Any]], refused: set[int]) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for index, group in enumerate(groups):
        if index in refused:
            continue
        schema = group["schema"]
        if isinstance(schema, dict) and "$id" not in schema:
            schema = {"$id": f"{BASE}S{index}.json", **schema}
        schemas[f"S{index}"] = schema
    return {
        "openapi": "3.1.0",
        "info": {"title": "JSON Schema Test Suite", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def generate(
    groups: list[dict[str, Any]], work: Path, format_assertion: bool, refused: set[int]
) -> tuple[Any, dict[str, Any], list[str], str | None]:
    """(validator module, emitted schemas by $id, warnings, error) for one suite file."""
    from generator.emit.render import Renderer
    from generator.emit.schemas import SchemasEmitter
    from generator.emit.validator import ValidatorEmitter
    from generator.errors import SpecError
    from generator.ir.build import build_api

    spec = work / "openapi.json"
    spec.write_text(json.dumps(document(groups, refused), indent=1), encoding="utf-8")
    codegen = work / "codegen.yaml"
    codegen.write_text(
        f"package: suite_{work.name}\nschema_base_url: https://callspec.test/out\n",
        encoding="utf-8",
    )
    try:
        api = build_api(spec, codegen)
    except SpecError as exc:
        return None, {}, [], str(exc)
    files = ValidatorEmitter(api, Renderer()).render()
    for path, text in files.items():
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (work / api.package / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(work))
    try:
        module = importlib.import_module(f"{api.package}._validation")
    except Exception as exc:  # the generated validator must import
        return None, {}, list(api.warnings), f"the validator does not import: {exc!r}"
    finally:
        sys.path.remove(str(work))
    schemas = {}
    for text in SchemasEmitter(api).render().values():
        data = json.loads(text)
        if isinstance(data, dict) and "$id" in data:
            schemas[data["$id"]] = data
    return module, schemas, list(api.warnings), None


def oracle(schemas: dict[str, Any], name: str, format_assertion: bool) -> Any:
    import jsonschema
    from referencing import Registry, Resource

    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource.from_contents(data)) for uri, data in schemas.items()
    )
    schema = schemas[f"https://callspec.test/out/{name}.json"]
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=checker if format_assertion else None
    )


def run_file(path: Path, format_assertion: bool = False) -> FileResult:
    groups = json.loads(path.read_text(encoding="utf-8"))
    result = FileResult(path.relative_to(TESTS).as_posix())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / re.sub(r"\W", "_", path.stem)
        work.mkdir()
        refused: set[int] = set()
        while True:  # a schema refused with an error is left out, the rest generate
            module, schemas, warnings, error = generate(
                groups, work, format_assertion, refused
            )
            named = {
                int(i) for i in re.findall(r"/components/schemas/S(\d+)", error or "")
            }
            if module is not None or not named - refused:
                break
            refused |= named
        declared: dict[int, set[str]] = {}
        for warning in warnings:
            found = UNSUPPORTED.search(warning)
            if found:
                at = re.match(r"/components/schemas/S(\d+)", found.group(1))
                if at:
                    declared.setdefault(int(at.group(1)), set()).add(found.group(2))
        for index, group in enumerate(groups):
            name = f"S{index}"
            if index in refused:
                declared.setdefault(index, set()).add("(refused)")
            keywords = declared.get(index)
            checker = None
            if module is not None and not keywords:
                checker = oracle(schemas, name, format_assertion)
            for test in group["tests"]:
                label = f"{group['description']}: {test['description']}"
                if keywords or module is None:
                    if keywords:
                        result.unsupported += 1
                        result.keywords.update(keywords)
                    else:
                        result.wrong.append(f"{label} (generation failed: {error})")
                    continue
                try:
                    findings = module.validate(name, test["data"])
                except Exception as exc:  # the validator must never crash
                    result.wrong.append(f"{label}: crashed: {exc!r}")
                    continue
                ok = not any(f.severity == "error" for f in findings)
                if ok != test["valid"]:
                    result.wrong.append(
                        f"{label}: expected {'valid' if test['valid'] else 'invalid'}"
                        + (f" ({findings[0].message})" if findings else "")
                    )
                    continue
                assert checker is not None
                try:
                    agrees = checker.is_valid(test["data"]) == test["valid"]
                except Exception:  # noqa: BLE001 python-jsonschema's `re` lacks \p{..}
                    agrees = True
                    result.oracle_skipped.append(label)
                if not agrees:
                    result.oracle_wrong.append(label)
                    result.wrong.append(f"{label}: the emitted JSON Schema disagrees")
                    continue
                result.passed += 1
    return result


def required_files() -> list[Path]:
    return sorted(TESTS.glob("*.json"))


def table(results: list[FileResult]) -> str:
    lines = [
        "| suite file | passed | wrong | not supported |",
        "|---|---:|---:|---|",
    ]
    for r in results:
        unsupported = (
            f"{r.unsupported} ({', '.join(sorted(r.keywords))})"
            if r.unsupported
            else ""
        )
        lines.append(f"| {r.name} | {r.passed} | {len(r.wrong)} | {unsupported} |")
    total = [sum(r.passed for r in results), sum(len(r.wrong) for r in results)]
    unsupported = sum(r.unsupported for r in results)
    lines.append(f"| **total** | {total[0]} | {total[1]} | {unsupported} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    assertion = False  # format assertion is not an option yet (format.json: annotation)
    names = [a for a in argv if not a.startswith("-")]
    paths = [TESTS / n for n in names] if names else required_files()
    results = [run_file(p, assertion) for p in paths]
    print(table(results))
    if "-v" in argv:
        for r in results:
            for w in r.wrong:
                print(f"{r.name}: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
