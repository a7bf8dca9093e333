"""The held corpus of session configs gets the same verdicts from the published schemas as
from generated/schemas, bundle or per-type, and the verdicts its folder names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.conftest import GENERATED
from tests.publish.conftest import CORPUS, Published

CONFIGS = sorted(p for p in CORPUS.rglob("*") if p.is_file())
Verdict = Callable[[Any], bool]


def bundle_validator(path: Path) -> Verdict:
    validator = Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))
    return lambda config: validator.is_valid(config)


def per_type_validator(folder: Path) -> Verdict:
    """RealtimeCallAcceptRequest.json with its siblings resolved by `$id` from `folder`."""
    resources = []
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "$id" in schema:
            resources.append((schema["$id"], Resource.from_contents(schema)))
    registry: Registry = Registry().with_resources(resources)
    root = json.loads(
        (folder / "RealtimeCallAcceptRequest.json").read_text(encoding="utf-8")
    )
    validator = Draft202012Validator(root, registry=registry)

    def verdict(config: Any) -> bool:
        # the `$schema` key is allowed by the request bundles only (it names the file's schema)
        if isinstance(config, dict):
            config = {k: v for k, v in config.items() if k != "$schema"}
        return bool(validator.is_valid(config))

    return verdict


@pytest.fixture(scope="module")
def validators(published: Published) -> dict[str, Verdict]:
    return {
        "dist bundle": bundle_validator(published.schemas / "calls.accept.json"),
        "dist latest bundle": bundle_validator(published.latest / "calls.accept.json"),
        "dist per-type": per_type_validator(published.schemas),
        "dist latest per-type": per_type_validator(published.latest),
        "generated bundle": bundle_validator(
            GENERATED / "schemas" / "calls.accept.json"
        ),
        "generated per-type": per_type_validator(GENERATED / "schemas"),
    }


def test_corpus_has_both_verdicts() -> None:
    folders = {p.parent.name for p in CONFIGS}
    assert folders == {"valid", "invalid"}
    assert all(
        p.name.endswith((".realtime-session.yaml", ".realtime-session.json"))
        for p in CONFIGS
    )


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_verdicts(config: Path, validators: dict[str, Verdict]) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    verdicts = {name: check(data) for name, check in validators.items()}
    expected = config.parent.name == "valid"
    assert verdicts == {name: expected for name in validators}
