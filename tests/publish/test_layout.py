"""What `callspec publish` writes: the layout, `$id`s, bundles, catalog, checksums, and the
editor keywords of every schema."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any, Iterator

from generator.config import GenerateConfig
from tests.conftest import ROOT
from generator.emit.json_schema import absolute_links, enum_descriptions
from generator.pipeline import load_api
from generator.versioning import api_release, package_version
from tests.publish.conftest import Published

BASE = load_api(GenerateConfig()).schema_base_url.rstrip("/")
SESSION = "calls.accept.json"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


# where rule fragments (x-callspec-rules) sit: they constrain declared properties, not declare them
RULE_KEYWORDS = {"allOf", "not", "if", "then", "else", "dependentSchemas"}


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{path}/properties/{name}", prop
        for key, value in node.items():
            if key not in RULE_KEYWORDS:
                yield from properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{path}/{i}")


def test_layout(published: Published) -> None:
    files = sorted(
        p.relative_to(published.out).as_posix()
        for p in published.out.rglob("*")
        if p.is_file()
    )
    assert "catalog.json" in files and "SHA256SUMS" in files
    versioned = {p.name for p in published.schemas.iterdir()}
    latest = {p.name for p in published.latest.iterdir()}
    assert versioned == latest
    for name in (
        "index.json",
        SESSION,
        "calls.refer.json",
        "calls.reject.json",
        "RealtimeCallAcceptRequest.json",
    ):
        assert name in versioned
    generated = {
        p.name
        for p in (Path(__file__).resolve().parents[2] / "generated" / "schemas").glob(
            "*.json"
        )
    }
    assert versioned == generated  # the same set of schemas as `generate` writes
    wheel, sdist = published.wheel().name, published.sdist().name
    version = published.package_version
    assert wheel == f"realtime_calls-{version}-py3-none-any.whl"
    assert sdist == f"realtime_calls-{version}.tar.gz"
    assert not any(p.is_symlink() for p in published.out.rglob("*"))


def test_ids_under_the_base_url(published: Published) -> None:
    for folder, tag in (
        (published.schemas, published.version),
        (published.latest, "latest"),
    ):
        for path in folder.glob("*.json"):
            if path.name == "index.json":
                continue
            assert load(path)["$id"] == f"{BASE}/{tag}/{path.name}"


def test_latest_differs_only_in_ids(published: Published) -> None:
    for path in published.schemas.glob("*.json"):
        versioned = path.read_text(encoding="utf-8")
        latest = (published.latest / path.name).read_text(encoding="utf-8")
        assert latest == versioned.replace(
            f"{BASE}/{published.version}/", f"{BASE}/latest/"
        )


def test_type_schemas_reference_siblings(published: Published) -> None:
    names = {p.name for p in published.schemas.glob("*.json")}
    for path in published.schemas.glob("*.json"):
        for ref in refs(load(path)):
            assert ref.startswith("#") or ref in names, (path.name, ref)


def test_request_bundles_are_self_contained(published: Published) -> None:
    index = load(published.schemas / "index.json")
    assert index["requests"], "no request bundles"
    for name in index["requests"].values():
        bundle = load(published.schemas / name)
        for ref in refs(bundle):
            assert ref.startswith("#/$defs/"), (name, ref)
            assert ref.removeprefix("#/$defs/") in bundle["$defs"], (name, ref)


def test_catalog(published: Published) -> None:
    catalog = load(published.out / "catalog.json")
    assert catalog["$schema"] == "https://json.schemastore.org/schema-catalog.json"
    assert catalog["version"] == 1
    by_url = {entry["url"]: entry for entry in catalog["schemas"]}
    session = by_url[f"{BASE}/latest/{SESSION}"]
    assert session["fileMatch"] == [
        "*.realtime-session.yaml",
        "*.realtime-session.yml",
        "*.realtime-session.json",
        "*.realtime-session.toml",
    ]
    assert session["versions"] == {
        published.version: f"{BASE}/{published.version}/{SESSION}"
    }
    for entry in catalog["schemas"]:
        assert set(entry) >= {"name", "description", "fileMatch", "url"}
        relative = entry["url"].removeprefix(f"{BASE}/")
        assert (published.out / "schemas" / relative).is_file(), entry["url"]


def test_sha256sums(published: Published) -> None:
    lines = (published.out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, path = line.split("  ", 1)
        listed[path] = digest
    assert list(listed) == sorted(listed)
    files = {
        p.relative_to(published.out).as_posix(): p
        for p in published.out.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    }
    assert set(listed) == set(files)
    for path, digest in listed.items():
        assert hashlib.sha256(files[path].read_bytes()).hexdigest() == digest, path


def test_every_property_is_documented_for_editors(published: Published) -> None:
    for path in published.schemas.glob("*.json"):
        for where, prop in properties(load(path)):
            assert prop.get("description"), (path.name, where)
            assert prop.get("markdownDescription"), (path.name, where)
            assert not re.search(r"\]\(/", prop["markdownDescription"]), (
                path.name,
                where,
            )


def test_session_schema_carries_spec_defaults_examples_and_enum_descriptions(
    published: Published,
) -> None:
    bundle = load(published.schemas / SESSION)
    defs = bundle["$defs"]
    speed = defs["RealtimeAudioConfigOutput"]["properties"]["speed"]
    assert speed["default"] == 1 and speed["maximum"] == 1.5
    assert defs["RealtimeAudioConfigOutput"]["properties"]["voice"]["examples"] == [
        "marin"
    ]
    eagerness = defs["SemanticVad"]["properties"]["eagerness"]
    described = dict(zip(eagerness["enum"], eagerness["markdownEnumDescriptions"]))
    assert described["high"] == "`high` will respond more quickly."
    assert len(eagerness["enumDescriptions"]) == len(eagerness["enum"])
    connectors = defs["Mcp"]["properties"]["connector_id"]
    assert (
        dict(zip(connectors["enum"], connectors["markdownEnumDescriptions"]))[
            "connector_gmail"
        ]
        == "Gmail"
    )


def test_absolute_links() -> None:
    text = "See [the guide](/docs/guides/realtime) and [MCP](https://example.com/x)."
    assert absolute_links(text) == (
        "See [the guide](https://platform.openai.com/docs/guides/realtime) and [MCP](https://example.com/x)."
    )


def test_enum_descriptions_skip_plain_lists() -> None:
    text = "One of `high`, `low`, or `auto`. `auto` picks for you. `low`, `high` cost less, more."
    assert enum_descriptions(["high", "low", "auto"], text) == [
        "",
        "",
        "`auto` picks for you.",
    ]
    assert enum_descriptions(["a", "b"], "Nothing about them.") is None


def test_package_version_rule() -> None:
    assert package_version("2.3.0", "0.1.0") == "2.3.0.100"
    assert package_version("2.3", "1.2.3") == "2.3.0.10203"
    assert package_version("3.0.0rc1", "0.1.0") == "3.0.0.100rc1"
    from packaging.version import Version

    assert Version(package_version("2.3.0", "0.2.0")) > Version(
        package_version("2.3.0", "0.1.9")
    )
    assert Version(package_version("2.4.0", "0.1.0")) > Version(
        package_version("2.3.0", "9.9.9")
    )
    assert Version(package_version("2.3.0")).local is None  # PyPI accepts it


def test_package_version_carries_the_upstream_date() -> None:
    from packaging.version import Version

    may = package_version("2.3.0", "0.2.0", "2026-05-13")
    july = package_version("2.3.0", "0.2.0", "2026-07-15")
    assert may == "2.3.0.20260513.200"
    assert Version(july) > Version(may)  # same info.version, later upstream
    assert Version(package_version("2.3.0", "0.3.0", "2026-05-13")) > Version(may)
    assert api_release("2.3.0", "2026-07-15") == "2.3.0.20260715"
    assert api_release("3.0rc1") == "3.0.0rc1"


def test_one_package_version_everywhere(published: Published) -> None:
    import realtime_calls
    from realtime_calls import OpenAI

    assert realtime_calls.__version__ == published.package_version
    pyproject = (ROOT / "generated" / "python" / "pyproject.toml").read_text()
    assert f'version = "{published.package_version}"' in pyproject
    client = OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9")
    assert client.user_agent.endswith(f"/Python {published.package_version}")


def test_archives_are_normalised(published: Published) -> None:
    with zipfile.ZipFile(published.wheel()) as wheel:
        infos = wheel.infolist()
        names = [i.filename for i in infos]
        assert names[-1].endswith(".dist-info/RECORD")
        assert len({i.date_time for i in infos}) == 1
        assert {i.external_attr >> 16 & 0o777 for i in infos} == {0o644}
        assert any(n.endswith("schemas/calls.accept.json") for n in names)
        assert any(n.endswith("py.typed") for n in names)
    with tarfile.open(published.sdist()) as sdist:
        members = sdist.getmembers()
        assert [m.name for m in members] == sorted(m.name for m in members)
        assert len({m.mtime for m in members}) == 1
        assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
        pyproject = next(m for m in members if m.name.endswith("/pyproject.toml"))
        text = sdist.extractfile(pyproject).read().decode()  # type: ignore[union-attr]
        assert f'version = "{published.package_version}"' in text
    raw = published.sdist().read_bytes()
    assert raw[3] & 0x08 == 0  # gzip header: no file name
