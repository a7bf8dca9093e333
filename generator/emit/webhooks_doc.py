"""The webhooks reference page (`docs/webhooks.md`), in the calls page's format.

The event classes are read from the client's generated events module
(`_webhook_events.py`, generated from the spec's `webhooks:` section by
`emit/webhook_events.py`): each class's docstring, and each field's annotation
and the docstring under it, by parsing the source (nothing of the runtime is
imported into the generator).
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field

from generator.emit.render import Renderer


@dataclass
class DocField:
    name: str
    annotation: str
    description: list[str]
    values: list[str]
    children: list[DocField] = field(default_factory=list)


@dataclass
class DocEvent:
    name: str
    event_type: str
    description: list[str]
    fields: list[DocField]


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, 72, break_long_words=False, break_on_hyphens=False)


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _nested(node: ast.ClassDef) -> dict[str, str]:
    for stmt in node.body:
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == "__nested__"
            and isinstance(stmt.value, ast.Dict)
        ):
            return {
                ast.literal_eval(k): ast.unparse(v)
                for k, v in zip(stmt.value.keys, stmt.value.values)
                if k is not None
            }
    return {}


def _fields(
    node: ast.ClassDef, classes: dict[str, ast.ClassDef], prefix: str
) -> list[DocField]:
    nested = _nested(node)
    out: list[DocField] = []
    body = node.body
    for i, stmt in enumerate(body):
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        name = stmt.target.id
        if name.startswith("_"):
            continue
        doc = ""
        if i + 1 < len(body):
            after = body[i + 1]
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                doc = " ".join(str(after.value.value).split())
        annotation = re.sub(r"'([^'\\]*)'", r'"\1"', ast.unparse(stmt.annotation))
        child = nested.get(name)
        children: list[DocField] = []
        if child and child in classes:
            short = child[len(prefix) :] if child.startswith(prefix) else child
            annotation = annotation.replace(child, short or child)
            children = _fields(classes[child], classes, prefix)
        values = re.findall(r'Literal\[("[^"]*")\]', annotation)
        out.append(DocField(name, annotation, _wrap(doc), values, children))
    return out


def webhook_events(source: str) -> list[DocEvent]:
    """The registered event classes (those with an ``__event_type__``) of the
    events module's source, in its order."""
    tree = ast.parse(source)
    classes = _classes(tree)
    events: list[DocEvent] = []
    for node in classes.values():
        event_type = None
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id == "__event_type__"
            ):
                event_type = ast.literal_eval(stmt.value)
        if not isinstance(event_type, str):
            continue
        doc = " ".join((ast.get_docstring(node) or "").split())
        events.append(
            DocEvent(
                node.name, event_type, _wrap(doc), _fields(node, classes, node.name)
            )
        )
    return events


class WebhooksDocEmitter:
    def __init__(self, renderer: Renderer, package: str, source: str) -> None:
        self.renderer = renderer
        self.package = package
        self.source = source  # the events module's text

    def render(self) -> dict[str, str]:
        return {
            "webhooks.md": self.renderer.render(
                "docs/webhooks.md.jinja",
                events=webhook_events(self.source),
                package=self.package,
            )
        }
