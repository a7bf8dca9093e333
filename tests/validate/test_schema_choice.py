"""Which schema `callspec validate` uses (contract rule 4, issue 14 item 5): an explicit
`--schema` wins over a root `$schema`; a `$schema` under our base that names no schema is an
error with a did-you-mean; the file name selects the schema exactly as the published catalog
and the pre-commit hook match it (one table: codegen `file_schemas`, read through
generator/file_patterns.py; `callspec validate` reads the copy generated into the validator
package, `_validation/_selection.py`)."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from generator.codegen_config import load_codegen
from generator.file_patterns import (
    GENERIC_STEM,
    SUFFIXES,
    file_globs,
    files_regex,
    schema_for_file,
)
from generator.publish import catalog
from generator.validate import engine

ROOT = Path(__file__).resolve().parents[2]
FILE_SCHEMAS = load_codegen(ROOT / "spec" / "codegen.yaml")[0].file_schemas
TABLE = {entry.stem: entry.schema for entry in FILE_SCHEMAS}
BASE = "https://schemas.callspec.dev/realtime-calls"
REJECT = "status_code: 486\n"


def test_explicit_schema_wins_over_root_schema(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write("r.yaml", f"$schema: {BASE}/calls.accept.json\n{REJECT}")
    assert cli("validate", path).code == 1  # as calls.accept: `type` missing ...
    result = cli("validate", "--format", "json", "--schema", "calls.reject", path)
    assert result.code == 0, result.out
    assert result.json()["files"][0]["schemas"] == ["calls.reject"]


def test_unknown_schema_under_our_base_is_an_error(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write("r.yaml", f"{REJECT}$schema: {BASE}/calls.rejct.json\n")
    result = cli("validate", "--format", "json", path)
    assert result.code == 1
    data = result.json()["files"][0]
    (finding,) = data["findings"]  # the body is not validated against a guess
    assert (finding["line"], finding["column"], finding["json_path"]) == (
        2,
        1,
        "$['$schema']",
    )
    assert finding["severity"] == "error"
    assert f'did you mean "{BASE}/calls.reject.json"?' in finding["message"]
    assert data["schemas"] == [None]
    # a published version keeps its folder in the suggestion
    versioned = write(
        "v.json", json.dumps({"$schema": f"{BASE}/2.3.0/calls.refr.json"})
    )
    (finding,) = cli("validate", "--format", "json", versioned).json()["files"][0][
        "findings"
    ]
    assert f'"{BASE}/2.3.0/calls.refer.json"' in finding["message"]
    # with --schema the explicit choice is validated, and the bad $schema still reported
    result = cli("validate", "--format", "json", "--schema", "calls.reject", path)
    assert result.code == 1
    assert [f["json_path"] for f in result.json()["files"][0]["findings"]] == [
        "$['$schema']"
    ]
    # a $schema that is not ours is ignored, as before
    other = write("o.yaml", f"$schema: https://example.com/x.json\n{REJECT}")
    assert cli("validate", "--schema", "calls.reject", other).code == 0


@pytest.mark.parametrize(
    "name, content, schema",
    [
        ("agent.realtime-refer.yaml", "target_uri: tel:+14155550123\n", "calls.refer"),
        ("busy.realtime-reject.json", '{"status_code": 486}', "calls.reject"),
        ("busy.realtime-reject.toml", "status_code = 486\n", "calls.reject"),
        ("agent.realtime-session.yml", "type: realtime\n", "calls.accept"),
        ("agent.callspec.yaml", "type: realtime\n", "calls.accept"),
        ("agent.yaml", "type: realtime\n", "calls.accept"),
    ],
)
def test_file_name_selects_the_schema(
    cli: Callable[..., Any],
    write: Callable[..., str],
    name: str,
    content: str,
    schema: str,
) -> None:
    result = cli("validate", "--format", "json", write(name, content))
    assert result.code == 0, result.out
    assert result.json()["files"][0]["schemas"] == [schema]


def test_root_schema_wins_over_the_file_name(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write(
        "x.realtime-refer.yaml", f"$schema: {BASE}/calls.reject.json\n{REJECT}"
    )
    result = cli("validate", "--format", "json", path)
    assert result.code == 0 and result.json()["files"][0]["schemas"] == ["calls.reject"]


NAMES = [
    f"dir/a.{stem}.{suffix}"
    for stem in [e.stem for e in FILE_SCHEMAS] + [GENERIC_STEM, "realtime-hangup"]
    for suffix in [*SUFFIXES, "txt", "YAML"]
] + ["realtime-refer.yaml", "a.realtime-refer.yaml.bak", "a-realtime-refer.json"]


def test_precommit_hook_matches_the_table() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "callspec-validate"]
    assert hook["files"] == files_regex(TABLE)
    for name in NAMES:
        matched = re.search(hook["files"], name) is not None
        assert matched is (
            schema_for_file(name, TABLE) is not None
            or any(name.endswith(f".{GENERIC_STEM}.{s}") for s in SUFFIXES)
        ), name


def test_catalog_matches_the_table() -> None:
    available = {f"{e.schema}.json" for e in FILE_SCHEMAS}
    entries = json.loads(catalog(BASE, "1.0.0", available, FILE_SCHEMAS))["schemas"]
    assert [(e["url"], e["fileMatch"]) for e in entries] == [
        (f"{BASE}/latest/{e.schema}.json", file_globs(e.stem)) for e in FILE_SCHEMAS
    ]
    for entry in entries:
        for name in NAMES:
            by_catalog = any(
                fnmatch.fnmatchcase(Path(name).name, g) for g in entry["fileMatch"]
            )
            by_cli = (
                schema_for_file(name, TABLE) == entry["url"].rsplit("/", 1)[-1][:-5]
            )
            assert by_catalog is by_cli, (entry["url"], name)


def test_the_validator_carries_the_table_validate_reads() -> None:
    """`callspec validate` reads the table generated into the validator package (never
    the codegen config): the same stems, schemas and default as the config."""
    table = engine.selection(engine.load())
    assert table.files == TABLE and list(table.files) == list(TABLE)
    assert (
        table.default == load_codegen(ROOT / "spec" / "codegen.yaml")[0].default_schema
    )
    assert len(TABLE) == 3  # the three file-name decisions of the calls API


def test_a_project_validates_with_its_own_table(tmp_path: Path) -> None:
    """In another project (the zoo), the file names and the default are its codegen's,
    read from its generated validator: `*.pet.json` is `pets.create`, anything else its
    default `Pet`; the calls API's `*.realtime-session.json` means nothing there."""
    from tests.conftest import run_callspec

    zoo = ROOT / "tests" / "zoo" / "zoo"
    (tmp_path / "callspec.toml").write_text(
        f'spec = "{zoo / "openapi.yaml"}"\ncodegen = "{zoo / "codegen.yaml"}"\n'
        'out = "generated"\n'
    )
    generated = run_callspec("generate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    for name in ("a.pet.json", "b.realtime-session.json", "c.json"):
        (tmp_path / name).write_text('{"name": "Rex"}')
    (tmp_path / "d.pet.json").write_text('{"colour": 5}')
    names = ["a.pet.json", "b.realtime-session.json", "c.json", "d.pet.json"]
    result = run_callspec("validate", "--format", "json", *names, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    files = json.loads(result.stdout)["files"]
    assert [f["schemas"] for f in files] == [
        ["pets.create"],
        ["Pet"],
        ["Pet"],
        ["pets.create"],
    ]
    assert [bool(f["findings"]) for f in files] == [False, False, False, True]
