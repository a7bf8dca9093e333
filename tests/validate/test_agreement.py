"""The generated validator agrees with python-jsonschema (the reference oracle) on the
generated JSON Schemas, over a corpus of >= 200 valid and invalid configs."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.validate.corpus import NON_SCHEMA_RULES, corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = corpus()


@pytest.fixture(scope="module")
def oracles() -> dict[str, Any]:
    import jsonschema

    out = {}
    for name in (
        "calls.accept",
        "calls.create.session",
        "calls.create",
        "calls.refer",
        "calls.reject",
    ):
        schema = json.loads(
            (ROOT / "generated" / "schemas" / f"{name}.json").read_text()
        )
        jsonschema.Draft202012Validator.check_schema(schema)
        out[name] = jsonschema.Draft202012Validator(schema)
    return out


def test_corpus_size_and_mix() -> None:
    assert len(CORPUS) >= 200
    valid = sum(1 for entry in CORPUS if entry[3])
    assert 80 <= valid <= len(CORPUS) - 80
    assert any(not e[3] and e[1] == "calls.refer" for e in CORPUS)


@pytest.mark.parametrize("entry", CORPUS, ids=[e[0] for e in CORPUS])
def test_agrees_with_python_jsonschema(
    validator: ModuleType, oracles: dict[str, Any], entry: Any
) -> None:
    name, schema, data, valid = entry
    errors = [f for f in validator.validate(schema, data) if f.severity == "error"]
    assert (not errors) == valid, [(f.json_path, f.message) for f in errors]
    schema_errors = [f for f in errors if f.rule not in NON_SCHEMA_RULES]
    assert oracles[schema].is_valid(data) == (not schema_errors), [
        (f.json_path, f.message) for f in schema_errors
    ]


def test_rule_only_entries_exist() -> None:
    """Some invalid entries break only the rules JSON Schema cannot say."""
    assert any(
        "undefined" in e[0] or "duplicate" in e[0] or "parameters" in e[0]
        for e in CORPUS
        if not e[3]
    )
