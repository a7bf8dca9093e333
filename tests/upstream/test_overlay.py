"""The Overlay engine (generator/load/overlay.py): the Overlay specification's examples
(1.0.0 and 1.1.0), merge semantics, remove, copy, array targets, no-match behaviour, and
malformed overlays as located errors (exit 2, nothing written)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.errors import SpecError
from generator.load.document import load_document
from generator.load.overlay import apply_overlay, load_overlay
from generator.load.upstream import effective_document


def overlay(tmp_path: Path, text: str, name: str = "o.overlay.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def apply(tmp_path: Path, data: Any, text: str) -> tuple[Any, list[int]]:
    loaded = load_overlay(overlay(tmp_path, text))
    result, results = apply_overlay(data, loaded)
    return result, [r.matched for r in results]


PETS: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1.0"},
    "tags": [{"name": "pets"}],
    "paths": {
        "/pets": {
            "get": {
                "summary": "List",
                "parameters": [
                    {"name": "limit", "in": "query"},
                    {"name": "dummy", "in": "query"},
                ],
            },
            "post": {"summary": "Create"},
        },
        "/pets/{id}": {
            "get": {"summary": "Show", "parameters": [{"name": "dummy", "in": "query"}]}
        },
    },
}


def pets() -> Any:
    return yaml.safe_load(yaml.safe_dump(PETS))


def test_structured_overlay_merges_at_root(tmp_path: Path) -> None:
    # spec 1.0.0 "Structured Overlay": one update at `$` merging a subtree
    data, matched = apply(
        tmp_path,
        pets(),
        """\
        overlay: 1.0.0
        info: {title: Structured overlay, version: 1.0.0}
        actions:
          - target: '$'
            update:
              info: {x-overlay-applied: structured-overlay}
              paths:
                /pets:
                  get: {description: All the pets}
        """,
    )
    assert matched == [1]
    assert data["info"] == {
        "title": "Pets",
        "version": "1.0",
        "x-overlay-applied": "structured-overlay",
    }
    get = data["paths"]["/pets"]["get"]
    assert get["description"] == "All the pets" and get["summary"] == "List"
    assert data["paths"]["/pets"]["post"] == {"summary": "Create"}


def test_targeted_and_wildcard_updates(tmp_path: Path) -> None:
    data, matched = apply(
        tmp_path,
        pets(),
        """\
        overlay: 1.0.0
        info: {title: Targeted, version: 1.0.0}
        actions:
          - target: "$.paths['/pets'].get"
            description: targeted
            update: {summary: Every pet}
          - target: $.paths.*.get
            description: wildcard
            update: {x-safe: true}
        """,
    )
    assert matched == [1, 2]
    assert data["paths"]["/pets"]["get"]["summary"] == "Every pet"
    assert all(item["get"]["x-safe"] is True for item in data["paths"].values())
    assert "x-safe" not in data["paths"]["/pets"]["post"]


def test_remove_array_items_by_filter(tmp_path: Path) -> None:
    # spec 1.0.0 "Array Modification": remove the `dummy` parameter everywhere
    data, matched = apply(
        tmp_path,
        pets(),
        """\
        overlay: 1.0.0
        info: {title: Remove, version: 1.0.0}
        actions:
          - target: "$.paths.*.get.parameters[?@.name == 'dummy']"
            remove: true
        """,
    )
    assert matched == [2]
    assert data["paths"]["/pets"]["get"]["parameters"] == [
        {"name": "limit", "in": "query"}
    ]
    assert data["paths"]["/pets/{id}"]["get"]["parameters"] == []


def test_remove_several_items_of_one_array_keeps_the_rest(tmp_path: Path) -> None:
    data, _ = apply(
        tmp_path,
        {"enum": ["a", "b", "c", "d", "e"]},
        """\
        overlay: 1.0.0
        info: {title: Remove, version: 1.0.0}
        actions:
          - target: "$.enum[?@ == 'b' || @ == 'd']"
            remove: true
        """,
    )
    assert data == {"enum": ["a", "c", "e"]}


def test_array_target_appends_and_tightening_is_remove_then_update(
    tmp_path: Path,
) -> None:
    data, matched = apply(
        tmp_path,
        pets(),
        """\
        overlay: 1.0.0
        info: {title: Arrays, version: 1.0.0}
        actions:
          - target: $.tags
            description: an entry is appended
            update: {name: snacks}
          - target: $.tags
            description: an array value is appended item by item
            update: [{name: a}, {name: b}]
          - target: "$.paths['/pets'].get"
            description: inside a merged object an array is appended too
            update: {parameters: [{name: offset, in: query}]}
        """,
    )
    assert matched == [1, 1, 1]
    assert [t["name"] for t in data["tags"]] == ["pets", "snacks", "a", "b"]
    names = [p["name"] for p in data["paths"]["/pets"]["get"]["parameters"]]
    assert names == ["limit", "dummy", "offset"]
    # an enum is tightened by removing it, then setting it
    data, _ = apply(
        tmp_path,
        {"type": "string", "enum": ["a", "b", "c"]},
        """\
        overlay: 1.0.0
        info: {title: Tighten, version: 1.0.0}
        actions:
          - {target: $.enum, remove: true}
          - {target: $, update: {enum: [a]}}
        """,
    )
    assert data == {"type": "string", "enum": ["a"]}


def test_scalar_target_is_replaced(tmp_path: Path) -> None:
    data, _ = apply(
        tmp_path,
        pets(),
        """\
        overlay: 1.0.0
        info: {title: Scalar, version: 1.0.0}
        actions:
          - target: $.info.title
            update: Pet store
        """,
    )
    assert data["info"]["title"] == "Pet store"


def test_no_match_changes_nothing_and_is_reported(tmp_path: Path) -> None:
    before = pets()
    data, matched = apply(
        tmp_path,
        pets(),
        """\
        overlay: 1.0.0
        info: {title: Nothing, version: 1.0.0}
        actions:
          - target: "$.paths['/cats']"
            update: {summary: none}
          - target: "$.paths['/dogs']"
            remove: true
        """,
    )
    assert data == before
    assert matched == [0, 0]


def test_copy_1_1(tmp_path: Path) -> None:
    # Overlay 1.1.0: "ensure the target schema is present", then copy Foo into Bar
    data, matched = apply(
        tmp_path,
        {"components": {"schemas": {"Foo": {"type": "object", "required": ["a"]}}}},
        """\
        overlay: 1.1.0
        info: {title: Copy a schema component, version: 1.1.0}
        actions:
          - target: $.components.schemas
            update: {Bar: {}}
          - target: $.components.schemas['Bar']
            copy: $.components.schemas['Foo']
          - target: $.components.schemas.Bar.required
            description: the copy is not shared with its source
            update: b
        """,
    )
    assert matched == [1, 1, 1]
    schemas = data["components"]["schemas"]
    assert schemas["Foo"] == {"type": "object", "required": ["a"]}
    assert schemas["Bar"] == {"type": "object", "required": ["a", "b"]}


def test_updates_do_not_share_the_overlay_value(tmp_path: Path) -> None:
    data, _ = apply(
        tmp_path,
        {"a": {}, "b": {}},
        """\
        overlay: 1.0.0
        info: {title: Shared, version: 1.0.0}
        actions:
          - {target: "$.*", update: {list: [1]}}
          - {target: "$.a.list", update: 2}
        """,
    )
    assert data == {"a": {"list": [1, 2]}, "b": {"list": [1]}}


def test_unaliased_before_overlays(tmp_path: Path) -> None:
    # 5162af9 shares lists by YAML alias: an update must change one place only
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent("""\
            openapi: 3.1.0
            info: {title: t, version: '1'}
            components:
              schemas:
                A: {type: string, enum: &voices [alloy, ash]}
                B: {type: string, enum: *voices}
            """),
        encoding="utf-8",
    )
    path = overlay(
        tmp_path,
        """\
        overlay: 1.0.0
        info: {title: One place, version: 1.0.0}
        actions:
          - {target: $.components.schemas.A.enum, update: marin}
        """,
    )
    data = effective_document(spec, (path,)).document.data
    assert data["components"]["schemas"]["A"]["enum"] == ["alloy", "ash", "marin"]
    assert data["components"]["schemas"]["B"]["enum"] == ["alloy", "ash"]


BAD = [
    (
        "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: true}]\n",
        "1:1: error at /overlay: unsupported overlay version '2.0.0'",
    ),
    (
        "info: {title: t, version: '1'}\nactions: [{target: $, remove: true}]\n",
        "1:1: error at /: missing `overlay`",
    ),
    (
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a[?@.b ==]\n    remove: true\n",
        "4:5: error at /actions/0/target: bad JSONPath '$.a[?@.b ==]'",
    ),
    (
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    updte: {}\n",
        "5:5: error at /actions/0/updte: unknown action field 'updte'",
    ),
    (
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    copy: $.b\n",
        "5:5: error at /actions/0/copy: `copy` needs overlay 1.1.0",
    ),
    (
        "overlay: 1.1.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    update: {}\n    remove: true\n",
        "4:5: error at /actions/0: an action takes one of update, remove and copy",
    ),
    (
        "overlay: 1.1.0\ninfo: {title: t}\nactions: []\n",
        "error at /actions: `actions` must be a non-empty list",
    ),
]


@pytest.mark.parametrize("text, expected", BAD)
def test_malformed_overlay_is_a_located_error(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.overlay.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_overlay(path)
    rendered = [p.render() for p in caught.value.problems]
    assert any(r.startswith(f"{path}:") and expected in r for r in rendered), rendered


def test_apply_time_errors_are_located(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """\
        overlay: 1.1.0
        info: {title: t, version: '1'}
        actions:
          - target: $.info
            update: [not, an, object]
          - target: $.info
            copy: $.paths.*
        """,
    )
    with pytest.raises(SpecError) as caught:
        apply_overlay(pets(), load_overlay(path))
    rendered = [p.render() for p in caught.value.problems]
    assert rendered[0].startswith(
        f"{path}:5:5: error at /actions/0/update: target $['info']"
    )
    assert rendered[1].startswith(
        f"{path}:7:5: error at /actions/1/copy: `copy` must select exactly one node"
    )


def test_cli_overlay_errors_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(PETS), encoding="utf-8")
    bad = tmp_path / "bad.overlay.yaml"
    bad.write_text(BAD[2][0], encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["generate", "--spec", str(spec), "--overlay", str(bad), "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"{bad}:4:5: error at /actions/0/target: bad JSONPath" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_cli_applies_user_overlays_in_order(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        (
            Path(__file__).parents[2] / "tests" / "fixtures" / "calls.openapi.yaml"
        ).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    first = overlay(
        tmp_path,
        """\
        overlay: 1.0.0
        info: {title: first, version: '1'}
        actions:
          - target: "$.paths['/realtime/calls/{call_id}/hangup'].post"
            update: {summary: Hang up now}
        """,
        "first.yaml",
    )
    second = overlay(
        tmp_path,
        """\
        overlay: 1.0.0
        info: {title: second, version: '1'}
        actions:
          - target: "$.paths['/realtime/calls/{call_id}/hangup'].post"
            update: {summary: Hang up the call}
        """,
        "second.yaml",
    )
    out = tmp_path / "out"
    args = ["generate", "--spec", str(spec), "--out", str(out), "--overlay", str(first)]
    assert main(args + ["--overlay", str(second)]) == 0
    assert (
        load_document(out / "openapi.json").data["paths"][
            "/realtime/calls/{call_id}/hangup"
        ]["post"]["summary"]
        == "Hang up the call"
    )
