"""Generator robustness: spec fragments with hostile names and descriptions (Python keywords,
names differing only by case or punctuation, quotes, backslashes, triple quotes, `{{ }}` and
`{% %}`, `*/`, non-ASCII, very long text) still generate code that compiles, passes mypy (a
few fixed examples, to bound the time) and round-trips every description into docstrings
and docs. A spec the loader refuses must be refused cleanly (SpecError), never crash."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from profiles import prop_settings

HOSTILE_TEXT = [
    'say "hi"',
    "it's",
    'ends with a quote"',
    "ends with a backslash\\",
    'triple """ quotes',
    "triple ''' single",
    "{{ jinja }} and {% if x %}block{% endif %}",
    "{# comment #}",
    "closes a comment */ and opens /*",
    "back\\slash \\n not a newline",
    "naïve café – 日本語 🎉",
    "line one\n\nline two\n  indented",
    "<b>html</b> & `code` | pipe",
    "${template} %s %(x)s {0}",
    "\t tab and trailing space ",
    "x" * 300,
    " ".join(["long text"] * 80),
]
KEYWORD_NAMES = [
    "class",
    "def",
    "from",
    "import",
    "None",
    "True",
    "lambda",
    "async",
    "match",
]
PROP_NAMES = [
    *KEYWORD_NAMES,
    "type",
    "self",
    "Type",
    "TYPE",
    "foo-bar",
    "foo_bar",
    "foo.bar",
    "foo bar",
    "fooBar",
    "FooBar",
    "$ref",
    "naïve",
    "a'b",
    'a"b',
    "a\\b",
    "1st",
]
TYPE_NAMES = [
    "Thing",
    "thing",
    "Class",
    "Def",
    "None_",
    "Naïve",
    "ThingB",
    "Thing_B",
    "Thing-C",
]

descriptions = st.one_of(
    st.sampled_from(HOSTILE_TEXT), st.text(min_size=1, max_size=60)
)


def description_ok(text: str) -> bool:
    return (
        bool(text.strip())
        and "\x00" not in text
        and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    )


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    desc = descriptions.filter(description_ok)
    type_names = draw(
        st.lists(st.sampled_from(TYPE_NAMES), min_size=1, max_size=3, unique=True)
    )
    schemas: dict[str, Any] = {}
    for name in type_names:
        props = draw(
            st.lists(st.sampled_from(PROP_NAMES), min_size=1, max_size=4, unique=True)
        )
        schemas[name] = {
            "type": "object",
            "description": draw(desc),
            "properties": {
                p: {
                    "description": draw(desc),
                    **draw(
                        st.sampled_from(
                            [
                                {"type": "string"},
                                {"type": "integer", "minimum": 0, "maximum": 10},
                                {"type": "string", "enum": [draw(desc), "b"]},
                                {"type": ["string", "null"]},
                            ]
                        )
                    ),
                }
                for p in props
            },
            "required": props[:1],
            "additionalProperties": False,
        }
    root = type_names[0]
    child = "Child" + str(len(type_names))
    schemas[child] = {
        "type": "object",
        "description": draw(desc),
        "properties": {"value": {"type": "string", "description": draw(desc)}},
        "additionalProperties": False,
    }
    schemas[root]["properties"]["child"] = {"$ref": f"#/components/schemas/{child}"}
    for i, other in enumerate(type_names[1:]):  # every type reachable from the body
        schemas[root]["properties"][f"other{i}"] = {
            "$ref": f"#/components/schemas/{other}"
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(desc), "version": "1.0.0", "description": draw(desc)},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/things/{thing_id}/act": {
                "post": {
                    "operationId": "act",
                    "summary": draw(desc),
                    "description": draw(desc),
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "description": draw(desc),
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{root}"}
                            }
                        },
                    },
                    "responses": {"200": {"description": draw(desc)}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def generate(spec: dict[str, Any], tmp: Path) -> dict[str, str] | None:
    """Run the pipeline in memory on the spec (written to a temp file); None when the loader
    refuses it cleanly."""
    from generator.config import GenerateConfig
    from generator.errors import SpecError
    from generator.pipeline import generate as run

    path = tmp / "openapi.yaml"
    path.write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    try:
        return run(GenerateConfig(spec=path))
    except SpecError:
        return None


def squash(text: str) -> str:
    return " ".join(text.split())


def docstrings(source: str) -> list[str]:
    tree = ast.parse(source)
    out = []
    for node in ast.walk(tree):
        if isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                out.append(doc)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str):
                out.append(node.value.value)  # attribute docstrings
    return out


def check_output(spec: dict[str, Any], files: dict[str, str]) -> None:
    for path, text in files.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)  # e.g. an invalid escape
            warnings.simplefilter("error", DeprecationWarning)
            if path.endswith(".py"):
                compile(text, path, "exec")
        if path.endswith(".json"):
            json.loads(text)
        elif path.endswith(".toml"):
            tomllib.loads(text)
    for path, text in files.items():  # the docs' examples are Python that compiles
        if path.endswith(".md"):
            for block in re.findall(r"```python\n(.*?)```", text, re.S):
                compile(block, f"{path} example", "exec")
    python = "\n".join(
        d for p, t in files.items() if p.endswith(".py") for d in docstrings(t)
    )
    docs = "\n".join(t for p, t in files.items() if p.startswith("docs/"))
    types_module = next(t for p, t in files.items() if p.endswith("/types/__init__.py"))
    functional = "= TypedDict(" in types_module  # keyword keys: no class, no docstring
    schemas = spec["components"]["schemas"]
    root = spec["paths"]["/things/{thing_id}/act"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["$ref"].rsplit("/", 1)[-1]
    # docs: the reference page's format shows property and operation descriptions (a named
    # type's own description only where it is a union member); Python: every type's
    # docstring too, except the body's own type, flattened into the method's parameters
    # (a TypedDict with keyword keys is written in functional form: no docstrings at all)
    nested = [s for n, s in schemas.items() if n != root]
    wanted_python = (
        []
        if functional
        else [s["description"] for s in nested]
        + [p["description"] for s in nested for p in s["properties"].values()]
    )
    props = [
        p["description"]
        for s in schemas.values()
        for p in s["properties"].values()
        if "description" in p
    ]
    root_props = [
        p["description"]
        for p in schemas[root]["properties"].values()
        if "description" in p
    ]
    op = spec["paths"]["/things/{thing_id}/act"]["post"]["description"]
    for text in [*wanted_python, *root_props, op]:
        assert squash(text) in squash(
            python
        ), f"description not in any docstring: {text!r}"
    for text in [*props, op]:
        assert squash(text) in squash(docs), f"description not in the docs: {text!r}"


@prop_settings(8, report_multiple_bugs=False)
@given(spec=hostile_specs())
def test_hostile_specs_generate_code_that_compiles_and_keeps_descriptions(
    spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    files = generate(spec, tmp_path_factory.mktemp("spec"))
    if files is None:
        return
    check_output(spec, files)


def fixed_hostile_spec() -> dict[str, Any]:
    """Every hostile name and text at once (mypy is run on this one only, for time)."""
    texts = iter(HOSTILE_TEXT * 8)
    props = {p: {"type": "string", "description": next(texts)} for p in PROP_NAMES}
    names = {
        "Thing": {"type": "object", "properties": {"naïve": {"type": "string"}}},
        "Class": {"type": "object", "properties": {"class": {"type": "string"}}},
        "Thing_B": {"type": "object", "properties": props},
        "Naïve": {
            "type": "object",
            "properties": {"value": {"type": "string", "enum": HOSTILE_TEXT[:6]}},
        },
    }
    for schema in names.values():
        schema["description"] = next(texts)
        schema["additionalProperties"] = False
    names["Thing"]["properties"].update(
        {
            n.lower(): {"$ref": f"#/components/schemas/{n}"}
            for n in names
            if n != "Thing"
        }
    )
    return {
        "openapi": "3.1.0",
        "info": {"title": 'Hostile "API" \\ {{ x }} */', "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/things/{thing_id}/act": {
                "post": {
                    "operationId": "act",
                    "summary": 'Act """now"""',
                    "description": "{% raw %} it's \\ done */",
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}
                            }
                        },
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": names},
    }


def test_a_hostile_spec_generates_a_package_that_passes_mypy_strict(
    tmp_path: Path,
) -> None:
    spec = fixed_hostile_spec()
    files = generate(spec, tmp_path)
    assert files is not None, "the fixed hostile spec must be accepted"
    check_output(spec, files)
    out = tmp_path / "out"
    for rel, text in files.items():
        if rel.startswith(("python/", "testing/")):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    package = next(p.parent for p in (out / "python").glob("*/__init__.py"))
    strategies = sorted(p.parent for p in (out / "testing").glob("*/__init__.py"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(package),
            *map(str, strategies),
        ],
        capture_output=True,
        text=True,
        cwd=out / "python",
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert strategies, "no strategies module generated"
    # the hostile spec's own strategies draw values its own schemas accept
    import importlib.util

    import jsonschema
    from hypothesis import settings

    spec_ = importlib.util.spec_from_file_location(
        "hostile_strategies",
        strategies[0] / "__init__.py",
        submodule_search_locations=[str(strategies[0])],
    )
    assert spec_ is not None and spec_.loader is not None
    module = importlib.util.module_from_spec(spec_)
    sys.modules[spec_.name] = module
    spec_.loader.exec_module(module)
    assert module.REQUESTS
    for name, strategy in module.REQUESTS.items():
        schema = json.loads(files[f"schemas/{name}.json"])
        validator = jsonschema.Draft202012Validator(schema)

        @settings(max_examples=20, database=None, deadline=None, derandomize=True)
        @given(strategy)
        def accepted(value: Any) -> None:
            errors = [e.message for e in validator.iter_errors(value)]
            assert not errors, (value, errors)

        accepted()
