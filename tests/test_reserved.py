"""The explicit reserved-name lists (`generator/emit/reserved.py`) match the runtime they
describe, and a spec name that is one of them is renamed."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.emit.client import _rename_clashes
from generator.emit.client_model import Param
from generator.emit.reserved import CLIENT_ATTRIBUTES

ROOT = Path(__file__).resolve().parents[1]
BASE_CLIENT = ROOT / "templates" / "client" / "runtime" / "_base_client.py"
CLIENT = ROOT / "templates" / "client" / "_client.py.jinja"


def runtime_client_attributes() -> set[str]:
    """What the client classes define: methods, class attributes, `self.x = ...`."""
    found: set[str] = set()
    for node in ast.parse(BASE_CLIENT.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef) or not node.name.endswith("Client"):
            continue
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.add(item.name)
            elif isinstance(item, ast.Assign):
                found |= {t.id for t in item.targets if isinstance(t, ast.Name)}
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                found.add(item.target.id)
        for n in ast.walk(node):
            if (
                isinstance(n, ast.Attribute)
                and isinstance(n.value, ast.Name)
                and n.value.id == "self"
                and isinstance(n.ctx, ast.Store)
            ):
                found.add(n.attr)
    return found


def test_client_attributes_are_the_runtimes() -> None:
    assert "_version = __version__" in CLIENT.read_text(encoding="utf-8")
    assert CLIENT_ATTRIBUTES == runtime_client_attributes() | {"_version"}


def param(name: str, location: str) -> Param:
    return Param(name, name, "str", False, [], location)


def test_a_parameter_named_like_a_method_name_or_local_is_renamed() -> None:
    params = [
        param("timeout", "query"),
        param("query", "query"),
        param("headers", "header"),
        param("body", "body"),
        param("body_", "body"),
    ]
    _rename_clashes(params, "json")
    assert [p.name for p in params] == [
        "timeout_",
        "query_",
        "headers_",
        "body_",
        "body__",
    ]
    assert [p.wire for p in params] == ["timeout", "query", "headers", "body", "body_"]
