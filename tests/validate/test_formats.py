"""`format` assertion (issue 14 item 2; contract rule 3): the codegen option
`format_assertion`, on for our spec (`uri`), off by default; the schemas keep `format`.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.codegen_config import load_codegen

ROOT = Path(__file__).resolve().parents[2]
BAD = {  # upstream declares `format: uri` on each of these
    ("Mcp", "server_url"): "crm.example.com/mcp",
    ("ResponseInputFile", "file_url"): "reports/q3.pdf",
    ("ResponseInputImage", "image_url"): "cat.png",
}
BASE: dict[str, dict[str, Any]] = {
    "Mcp": {"type": "mcp", "server_label": "crm"},
    "ResponseInputFile": {"type": "input_file"},
    "ResponseInputImage": {"type": "input_image", "detail": "auto"},
}


@pytest.mark.parametrize("where", sorted(BAD))
def test_non_uris_are_errors(validator: ModuleType, where: tuple[str, str]) -> None:
    type_name, key = where
    value = BAD[where]
    (f,) = validator.validate(type_name, {**BASE[type_name], key: value})
    assert (f.path, f.severity, f.rule) == ((key,), "error", "format")
    assert f.message == f'"{value}" is not a valid uri'
    good = {**BASE[type_name], key: "https://example.com/" + value}
    assert validator.validate(type_name, good) == []


def test_the_spec_declares_uri_on_exactly_these(validator: ModuleType) -> None:
    declared = set()
    for path in (ROOT / "generated" / "schemas").glob("*.json"):
        schema = json.loads(path.read_text())
        if path.stem in {t for t, _ in BAD}:
            for key, prop in schema.get("properties", {}).items():
                if "uri" in json.dumps(prop):
                    declared.add((path.stem, key))
    assert declared == set(BAD)  # the emitted schemas keep `format: uri`


def test_rfc_3986_edges(validator: ModuleType) -> None:
    def ok(url: str) -> bool:
        found = validator.validate("Mcp", {**BASE["Mcp"], "server_url": url})
        return found == []

    for url in ("https://a.example/mcp?x=1", "urn:isbn:0451450523", "http://[::1]:8/"):
        assert ok(url), url
    for url in ("https://a b/", "https://é.example/", "http://x/%zz", "1http://x"):
        assert not ok(url), url


def test_the_option(tmp_path: Path) -> None:
    (tmp_path / "codegen.yaml").write_text("format_assertion: [uri, date, uri]\n")
    config, problems = load_codegen(tmp_path / "codegen.yaml")
    (problem,) = problems
    assert problem.render().startswith(f"{tmp_path / 'codegen.yaml'}:1:")
    assert "format 'date' cannot be asserted" in problem.render()
    assert config.format_assertion == ("uri",)
    (tmp_path / "codegen.yaml").write_text("format_assertion: true\n")
    assert load_codegen(tmp_path / "codegen.yaml")[0].format_assertion == ("uri",)
    (tmp_path / "codegen.yaml").write_text("package: p\n")
    assert load_codegen(tmp_path / "codegen.yaml")[0].format_assertion == ()
    (tmp_path / "codegen.yaml").write_text("format_assertion: uri\n")
    assert (
        "must be true, false or a list"
        in load_codegen(tmp_path / "codegen.yaml")[1][0].render()
    )


def test_the_plain_uri_shortcut_accepts_only_uris(validator: ModuleType) -> None:
    """`_is_uri` says yes to `http(s)://` + unreserved characters and `/` without the
    RFC 3986 regex: every string the shortcut takes, the full regex takes too, and a
    string outside the shortcut still gets the full regex's verdict."""
    import importlib
    import random

    formats = importlib.import_module(validator.__name__ + "._formats")
    full = formats._uri_regex()
    rng = random.Random(3)
    alphabet = "aZ09._~/-:@?#%[] é\n"
    heads = ["https://", "http://", "http:/", "https:", "ftp://", "HTTPS://", ""]
    taken = 0
    for _ in range(20000):
        tail = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        value = rng.choice(heads) + tail
        shortcut = formats._PLAIN_URI.fullmatch(value) is not None
        verdict = full.fullmatch(value) is not None
        if shortcut:
            taken += 1
            assert verdict, value
        assert formats._is_uri(value) == verdict, value
    assert taken > 500
