"""`format: uri` in the 4-way differential (issue 14 item 2): where the validators agree,
where they do not, and how the property tests keep to the agreement.

Ours follows RFC 3986 `URI` (the JSON Schema Test Suite's optional/format/uri.json, all of
it); python-jsonschema's checker (format-nongpl: rfc3986-validator) is RFC 3986 too; ajv-
formats' `uri` is a regex close to it; pydantic's `AnyUrl` (from datamodel-code-generator)
is a WHATWG URL parser. The valid strategies draw `https://host.example.com/segment`, the
mutants only `mutants.INVALID_FORMATS` — both inside the agreement; the edges below are
pinned, so a change of any validator shows here.
"""

from __future__ import annotations

import json
from typing import Any

from harness import Harness
from mutants import INVALID_FORMATS

BASE = {"type": "realtime", "tools": [{"type": "mcp", "server_label": "crm"}]}
ALL = ("jsonschema", "ajv", "pydantic", "cli")
AGREED_VALID = [
    "https://crm.example.com/mcp",
    "mailto:a@b.example",
    "urn:isbn:0451450523",
    "https://example.com/#frag",
    "https://[::1]/",
    "file:///tmp/x",
]
AGREED_INVALID = [
    *INVALID_FORMATS["uri"],
    "cat.png",
    "//host/x",
    "",
    "https://exa mple.com/",
    "https://example.com/a{b}",
    "ht_tp://x",
]
# uri → the validators that accept it (the others reject it)
EDGES = {
    "https://é.example/": {"pydantic"},  # IRIs: AnyUrl encodes (IDNA, percent)
    "https://example.com/é": {"pydantic"},
    "http:": {"jsonschema", "cli"},  # an empty hier-part is RFC 3986
    "https://": {"jsonschema", "ajv", "cli"},  # an empty host is RFC 3986, not WHATWG
    "https:///x": {"jsonschema", "ajv", "cli"},
    "https://example.com:abc/": {"ajv"},  # ajv-formats lets a non-numeric port by
    # rfc3986-validator and ajv allow leading zeros in an IPv6 literal's IPv4 tail; the
    # suite (uri.json) and RFC 3986 do not
    "http://[::ffff:01.2.3.4]": {"jsonschema", "ajv"},
}


def verdicts(harness: Harness, uris: list[str]) -> list[set[str]]:
    batch = []
    for uri in uris:
        body: Any = json.loads(json.dumps(BASE))
        body["tools"][0]["server_url"] = uri
        batch.append(body)
    judged = harness.judge("calls.accept", batch)
    missing = set(ALL) - set(judged[0])
    assert not missing, f"validators missing: {missing} ({harness.missing})"
    return [{name for name, v in row.items() if v.valid} for row in judged]


def test_all_four_agree_inside_what_the_property_tests_draw(harness: Harness) -> None:
    assert verdicts(harness, AGREED_VALID) == [set(ALL)] * len(AGREED_VALID)
    assert verdicts(harness, AGREED_INVALID) == [set()] * len(AGREED_INVALID)


def test_the_edges_where_they_differ_are_exactly_these(harness: Harness) -> None:
    found = dict(zip(EDGES, verdicts(harness, list(EDGES))))
    assert found == EDGES


def test_the_strategies_draw_agreed_uris() -> None:
    import re

    from hypothesis import given, settings

    from realtime_calls_strategies import strategy_for

    shape = re.compile(r"https?://[a-z][a-z0-9-]*\.example\.com/[A-Za-z0-9._~-]*")

    @settings(max_examples=30, database=None)
    @given(strategy_for("Mcp"))
    def check(mcp: Any) -> None:
        if "server_url" in mcp:
            assert shape.fullmatch(mcp["server_url"])

    check()


def test_mutants_break_the_format_and_every_validator_rejects_them(
    api: Any, harness: Harness
) -> None:
    from mutants import type_mutants

    mcp = {"type": "mcp", "server_label": "crm", "server_url": "https://a.example/x"}
    found = [
        m
        for m in type_mutants(api, api.types["Mcp"].type, mcp)
        if m.reasons == frozenset({"format"})
    ]
    assert [m.data["server_url"] for m in found] == list(INVALID_FORMATS["uri"])
    bodies = [{**BASE, "tools": [m.data]} for m in found]
    judged = harness.judge("calls.accept", bodies)
    assert all(not v.valid for row in judged for v in row.values())
    cli = harness.cli
    assert cli is not None
    for body, mutant in zip(bodies, found):
        (f,) = cli.findings("calls.accept", body)
        assert f.rule == "format" and tuple(f.path) == ("tools", 0, "server_url")
