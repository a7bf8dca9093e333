"""The feature zoo (tests/zoo/): byte-for-byte expected output for specs exercising what the
calls spec does not, and the generated clients work (GET, query and header parameters, a keyword-named
parameter, a short path parameter, a spec with no operations)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "zoo"))

import regenerate  # noqa: E402

SPECS = {spec.name: spec for spec in regenerate.specs()}


def test_the_zoo_has_the_specs_the_issue_asks_for() -> None:
    assert {"zoo", "empty"} <= set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_generation_matches_the_expected_tree(name: str) -> None:
    got = regenerate.render(SPECS[name])
    want = regenerate.expected(SPECS[name])
    assert sorted(got) == sorted(want), "run python tests/zoo/regenerate.py"
    stale = [path for path in got if got[path] != want[path]]
    assert stale == [], "run python tests/zoo/regenerate.py"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every zoo spec generated in full into one directory put on sys.path."""
    from generator.config import GenerateConfig
    from generator.pipeline import generate

    out = tmp_path_factory.mktemp("zoo")
    for spec_dir in SPECS.values():
        config = GenerateConfig(spec=spec_dir / "openapi.yaml", out=out)
        for path, text in generate(config).items():
            if path.startswith("python/"):
                target = out / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(out / "python"))
    yield out / "python"
    sys.path.remove(str(out / "python"))


def client(package: str, seen: list[Any]) -> Any:
    import httpx2

    def handler(request: Any) -> Any:
        seen.append(request)
        return httpx2.Response(200, json={"name": "rex"})

    module = importlib.import_module(package)
    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    return module.OpenAI(api_key="k", base_url="https://zoo.test", http_client=http)


def test_get_with_query_and_keyword_named_parameters(packages: Path) -> None:
    seen: list[Any] = []
    zoo = client("zoo", seen)
    zoo.pets.list(limit=2, class_="cat", x_trace_id="t-1", x_page=3)
    zoo.pets.list()
    request, bare = seen
    assert request.method == "GET"
    assert request.url.path == "/pets"
    assert dict(request.url.params) == {"limit": "2", "class": "cat"}
    assert request.headers["X-Trace-Id"] == "t-1"
    assert request.headers["X-Page"] == "3"
    assert "X-Page" not in bare.headers and not bare.url.params


def test_short_path_parameter_and_non_ascii_property(packages: Path) -> None:
    seen: list[Any] = []
    zoo = client("zoo", seen)
    with pytest.raises(ValueError, match="non-empty value for `id`"):
        zoo.pets.retrieve("")
    zoo.pets.retrieve("a/b")
    zoo.pets.create(name="rex", größe=1.5, from_="x", tags={"k": "v"})
    assert seen[0].url.raw_path.decode() == "/pets/a%2Fb"
    assert json.loads(seen[1].content) == {
        "name": "rex",
        "größe": 1.5,
        "from": "x",
        "tags": {"k": "v"},
    }


def test_a_spec_without_operations_gives_an_importable_client(packages: Path) -> None:
    seen: list[Any] = []
    empty = client("empty", seen)
    assert type(empty).__name__ == "OpenAI" and seen == []
