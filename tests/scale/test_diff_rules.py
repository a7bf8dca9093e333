"""`callspec diff` classifies changes to the rules beyond types (`x-callspec-rules`, issue 14
item 8): a new or tightened error rule on a request type breaks callers; removing or
loosening a rule, a warning, or a rule on a received type does not."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diff import diff_apis, load_api, render_text

from .conftest import FIXTURES

BASE = yaml.safe_load((FIXTURES / "rules.yaml").read_text(encoding="utf-8"))


def patched(**changes: dict[str, Any]) -> dict[str, Any]:
    """The base with each named rule updated (a value of None drops the key); a rule id
    that does not exist yet is added, `{"_remove": True}` removes the rule."""
    data = copy.deepcopy(BASE)
    for rule_id, update in changes.items():
        rule_id = rule_id.replace("_", "-")
        if update.get("_remove"):
            data["x-callspec-rules"] = [
                r for r in data["x-callspec-rules"] if r["id"] != rule_id
            ]
            continue
        existing = [r for r in data["x-callspec-rules"] if r["id"] == rule_id]
        if not existing:
            data["x-callspec-rules"].append({"id": rule_id, **update})
            continue
        for key, value in update.items():
            if value is None:
                existing[0].pop(key, None)
            else:
                existing[0][key] = value
    return data


def write(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


NEW_ERROR_RULE = {
    "severity": "error",
    "applies_to": ["Tool"],
    "source": "x",
    "kind": "string-prefix",
    "property": "target",
    "prefixes": ["sip:"],
}

CASES: list[tuple[str, dict[str, Any], list[tuple[str, str, str]]]] = [
    (
        "int-range tightened (the issue's case)",
        {"reject_status_code_range": {"minimum": 400}},
        [
            (
                "breaking",
                "rule reject-status-code-range",
                "range tightened: minimum 300 → 400",
            )
        ],
    ),
    (
        "int-range widened",
        {"reject_status_code_range": {"maximum": 799}},
        [
            (
                "compatible",
                "rule reject-status-code-range",
                "range widened: maximum 699 → 799",
            )
        ],
    ),
    (
        "error rule added on a request",
        {"sip_only": NEW_ERROR_RULE},
        [("breaking", "rule sip-only", "error rule added on Tool")],
    ),
    (
        "warning rule added",
        {"sip_only": {**NEW_ERROR_RULE, "severity": "warning"}},
        [("compatible", "rule sip-only", "warning rule added on Tool")],
    ),
    (
        "error rule removed",
        {"tool_target": {"_remove": True}},
        [("compatible", "rule tool-target", "error rule removed")],
    ),
    (
        "warning made an error",
        {"target_scheme": {"severity": "error"}},
        [
            (
                "breaking",
                "rule target-scheme",
                "severity changed from warning to error",
            )
        ],
    ),
    (
        "error made a warning",
        {"tool_target": {"severity": "warning"}},
        [
            (
                "compatible",
                "rule tool-target",
                "severity changed from error to warning",
            )
        ],
    ),
    (
        "fewer alternatives for require-one-of: tightened",
        {"tool_target": {"properties": ["server_url"]}},
        [("breaking", "rule tool-target", "properties: 'connector_id' removed")],
    ),
    (
        "more alternatives for require-one-of: loosened",
        {"tool_target": {"properties": ["server_url", "connector_id", "target"]}},
        [("compatible", "rule tool-target", "properties: 'target' added")],
    ),
    (
        "a warning tightened stays compatible",
        {"target_scheme": {"prefixes": ["sip:"]}},
        [("compatible", "rule target-scheme", "prefixes: 'tel:' removed")],
    ),
    (
        "an error rule on a received type only",
        {"event_kind": {"prefixes": ["call.incoming."]}},
        [
            ("compatible", "rule event-kind", "prefixes: 'call.incoming.' added"),
            ("compatible", "rule event-kind", "prefixes: 'call.' removed"),
        ],
    ),
    (
        "applies to one more type",
        {"reject_status_code_range": {"applies_to": ["Reject", "Tool"]}},
        [("breaking", "rule reject-status-code-range", "now also applies to Tool")],
    ),
    (
        "another property: changed, counted as tightened",
        {"reject_status_code_range": {"property": "code"}},
        [
            (
                "breaking",
                "rule reject-status-code-range",
                'property changed from "status_code" to "code"',
            )
        ],
    ),
    (
        "source only: docs",
        {"tool_target": {"source": "page: rewritten"}},
        [("docs-only", "rule tool-target", "source or message changed")],
    ),
]


@pytest.mark.parametrize("name, update, expected", CASES, ids=[c[0] for c in CASES])
def test_rule_change(
    name: str,
    update: dict[str, Any],
    expected: list[tuple[str, str, str]],
    tmp_path: Path,
) -> None:
    old = load_api(write(tmp_path, "old", BASE))
    new = load_api(write(tmp_path, "new", patched(**update)))
    changes = diff_apis(old, new)
    found = sorted((c.severity, c.subject, c.message) for c in changes)
    assert found == sorted(expected), "\n".join(render_text(changes))
    assert diff_apis(old, old) == []


def test_fail_on_breaking_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path, "old", BASE)
    new = write(tmp_path, "new", patched(reject_status_code_range={"minimum": 400}))
    assert main(["diff", old, new, "--fail-on", "breaking"]) == 1
    assert "1 breaking" in capsys.readouterr().out
    looser = write(
        tmp_path, "looser", patched(reject_status_code_range={"minimum": 200})
    )
    assert main(["diff", old, looser, "--fail-on", "breaking"]) == 0
