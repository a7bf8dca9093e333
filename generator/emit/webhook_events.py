"""The client's webhook event classes (`<package>/_webhook_events.py`), generated from
the spec's `webhooks:` section (issue 15: no hand-written event classes).

Each webhook's payload type becomes a `WebhookEvent` subclass named as the SDK names it
(`sdk_names` in the codegen config, e.g. `RealtimeCallIncomingWebhookEvent`), each
object-valued part a `WebhookModel` subclass named after its event and the SDK's local
name (`RealtimeCallIncomingWebhookEventData`, `...DataSipHeader`). The models are the
open, attribute-access objects of `_webhook_models.py` (contract rule 4): the
annotations are for type checkers and the docs; nothing is validated on receipt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.emit.pysource import lit as py_literal
from generator.ir import nodes as ir

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass
class _Class:
    name: str
    base: str
    description: str | None
    fields: list[tuple[str, str, str | None]] = field(default_factory=list)
    nested: list[tuple[str, str]] = field(default_factory=list)
    # a field holding a union of objects: each member's `(class, {constant keys})`
    unions: list[tuple[str, list[str]]] = field(default_factory=list)
    event_type: str | None = None


def _doc(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    body = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = body.split("\n")
    if len(lines) == 1:
        return [f'{indent}"""{body}"""']
    out = [f'{indent}"""{lines[0]}']
    out += [f"{indent}{line}" if line else "" for line in lines[1:]]
    return out + [f'{indent}"""']


def _class_doc(text: str | None, indent: str) -> list[str]:
    """`_doc` as black rewrites a docstring (the first statement of a block; a field's
    string is not one, so black leaves it as written): the lines after the first
    dedented by their common indentation, trailing whitespace dropped, a body starting
    or ending with a quote padded with a space (black's `visit_STRING`)."""
    lines = _doc(text, indent)
    if not lines:
        return lines
    value = "\n".join(lines)[len(indent) + 3 : -3]
    if len(lines) == 1:
        value = value.strip()
    elif _BACKSLASH_NEWLINE.search(value):
        return lines  # black leaves such a docstring alone
    else:
        value = _dedent(value, indent)
    if value.startswith('"'):
        value = " " + value
    if value.endswith('"'):
        value += " "
    return f'{indent}"""{value}"""'.split("\n")


_BACKSLASH_NEWLINE = re.compile(r"\\\s*\n")
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def _dedent(value: str, prefix: str) -> str:
    """black's `fix_multiline_docstring` (PEP 257 indentation handling): leading tabs
    expanded, the first line stripped, the others dedented by their smallest indentation
    and re-indented by `prefix`, blank ones emptied except the last."""
    lines = []
    for line in _LINE_BREAK.split(value):
        code = line.lstrip()
        if code and code != line:
            line = line[: len(line) - len(code)].expandtabs(4) + code
        lines.append(line)
    widths = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    trimmed = [lines[0].strip()]
    if widths:
        least = min(widths)
        last = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            kept = line[least:].rstrip()
            trimmed.append(prefix + kept if kept or i == last else "")
    return "\n".join(trimmed)


class WebhookEventsModule:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.classes: list[_Class] = []
        self.events: list[str] = []
        self.by_type: dict[str, str] = {}  # spec type name → class name

    def _event_name(self, payload: str) -> str:
        sdk = self.api.sdk_name(payload)
        return sdk[1] if sdk is not None else payload

    def _part_name(self, owner: str, type_name: str) -> str:
        sdk = self.api.sdk_name(type_name)
        if sdk is None:
            return type_name
        return sdk[1] if sdk[1].startswith(owner) else owner + sdk[1]

    def annotation(self, node: ir.TypeNode, owner: str) -> tuple[str, str | None]:
        """The annotation of `node` and the class of its objects, if one."""
        if isinstance(node, ir.Ref):
            named = self.api.types.get(node.name)
            if named is None:
                return "Any", None
            if isinstance(named.type, ir.Object):
                return self._object(node.name, named.type, owner)
            return self.annotation(named.type, owner)
        if isinstance(node, ir.Object):
            if node.name is None or not node.properties:
                return "Dict[str, Any]", None
            return self._object(node.name, node, owner)
        if isinstance(node, ir.Primitive):
            return _PRIMITIVES.get(node.kind, "Any"), None
        if isinstance(node, ir.Literal):
            values = ", ".join(py_literal(v) for v in node.values)
            return f"Literal[{values}]", None
        if isinstance(node, ir.Array):
            inner, cls = self.annotation(node.items, owner)
            return f"List[{inner}]", cls
        if isinstance(node, ir.Map):
            inner, _ = self.annotation(node.values, owner)
            return f"Dict[str, {inner}]", None
        if isinstance(node, ir.Nullable):
            inner, cls = self.annotation(node.inner, owner)
            return f"Optional[{inner}]", cls
        if isinstance(node, ir.Union):
            members = [self.annotation(m, owner)[0] for m in node.members]
            unique = list(dict.fromkeys(members))
            return (
                unique[0] if len(unique) == 1 else f"Union[{', '.join(unique)}]"
            ), None
        return "Any", None  # FreeForm, AnyValue

    def _object(self, type_name: str, node: ir.Object, owner: str) -> tuple[str, str]:
        name = self._part_name(owner, type_name)
        self.by_type.setdefault(type_name, name)
        if not any(c.name == name for c in self.classes):
            self.classes.append(self._class(name, "WebhookModel", node, owner))
        return name, name

    def _class(self, name: str, base: str, node: ir.Object, owner: str) -> _Class:
        cls = _Class(name=name, base=base, description=node.description)
        for prop in node.properties:
            annotation, nested = self.annotation(prop.type, owner)
            if not prop.required and not annotation.startswith("Optional["):
                annotation = f"Optional[{annotation}]"
            cls.fields.append((prop.name, annotation, prop.description))
            if nested is not None:
                cls.nested.append((prop.name, nested))
        return cls

    def build(self) -> None:
        for hook in self.api.webhooks:
            if hook.payload not in self.api.types:
                continue  # left out by `--paths`
            named = self.api.types[hook.payload]
            assert isinstance(named.type, ir.Object)  # checked by the IR pass
            name = self._event_name(hook.payload)
            cls = self._class(name, "WebhookEvent", named.type, name)
            cls.description = named.description or named.type.description
            cls.event_type = hook.event_type
            self.by_type[hook.payload] = name
            self.classes.append(cls)
            self.events.append(name)

    def render(self) -> str:
        self.build()
        out = [
            '"""Webhook events, one class per event of the spec\'s `webhooks:` section',
            "(generated by callspec from the spec: do not edit). The base classes and the",
            'registry are in `_webhook_models.py`."""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union, cast",
            "",
            "from ._webhook_models import (",
            "    WEBHOOK_EVENTS,",
            "    UnknownWebhookEvent,",
            "    WebhookEvent,",
            "    WebhookModel,",
            "    register_webhook_event,",
            ")",
            "from ._webhook_models import construct_webhook_event as _construct",
            "",
            "if TYPE_CHECKING:",
            "    from typing_extensions import Literal",
            "else:",
            "    try:",
            "        from typing import Literal",
            "    except ImportError:  # pragma: no cover",
            "        from typing_extensions import Literal",
            "",
        ]
        exported = sorted(
            {c.name for c in self.classes}
            | {
                "AnyWebhookEvent",
                "UnknownWebhookEvent",
                "UnwrapWebhookEvent",
                "WEBHOOK_EVENTS",
                "WebhookEvent",
                "WebhookModel",
                "construct_webhook_event",
                "register_webhook_event",
            }
        )
        out.append("__all__ = [")
        out += [f'    "{n}",' for n in exported]
        out += ["]", ""]
        for cls in self.classes:
            out += ["", f"class {cls.name}({cls.base}):"]
            body: list[str | None] = list(_class_doc(cls.description, "    "))
            if cls.base == "WebhookModel":
                body += ["" if body else None, "    __slots__ = ()"]
            for name, annotation, description in cls.fields:
                body += ["", f"    {name}: {annotation}", *_doc(description, "    ")]
            if cls.event_type is not None:
                body += ["", f"    __event_type__ = {py_literal(cls.event_type)}"]
            if cls.nested:
                pairs = ", ".join(f"{py_literal(k)}: {v}" for k, v in cls.nested)
                body += [
                    "" if cls.event_type is None else None,
                    f"    __nested__ = {{{pairs}}}",
                ]
            lines = [line for line in body if line is not None]
            while lines and lines[0] == "":
                lines.pop(0)
            out += lines or ["    pass"]
            out.append("")
        if self.events:
            out += ["", "UnwrapWebhookEvent = Union["]
            out += [f"    {n}," for n in self.events]
            out += ["]"]
        else:  # a spec without webhooks: every event is unknown
            out += ["", "UnwrapWebhookEvent = UnknownWebhookEvent"]
        out += [
            '"""What ``client.webhooks.unwrap`` is typed to return, as in the SDK: one class',
            "per known event type, each with a ``Literal`` ``type`` so that",
            '``if event.type == "realtime.call.incoming":`` narrows it. At run time an',
            "unknown type comes back as `UnknownWebhookEvent` (contract rule 4), which this",
            "union leaves out so that the narrowing keeps working: test for it with",
            '``isinstance`` (or annotate with `AnyWebhookEvent`)."""',
            "",
            "AnyWebhookEvent = Union[UnwrapWebhookEvent, UnknownWebhookEvent]",
            '"""What ``unwrap`` can return at run time: a known event or `UnknownWebhookEvent`."""',
            "",
        ]
        out += [f"register_webhook_event({n})" for n in self.events]
        out += [""] if self.events else []
        out += [
            "",
            "def construct_webhook_event(value: object) -> AnyWebhookEvent:",
            '    """The event for a decoded payload: the class registered for its ``type``,',
            "    else `UnknownWebhookEvent`. Nothing is validated (an open model: contract",
            '    rule 4); a payload that is not a JSON object is a ``TypeError``."""',
            "    return cast(AnyWebhookEvent, _construct(value))",
            "",
        ]
        return "\n".join(out)


def webhook_events_module(api: ir.Api) -> str:
    return WebhookEventsModule(api).render()


def webhook_events(api: ir.Api) -> tuple[WebhookEventsModule, str]:
    """The module's builder (its names by spec type) and its text."""
    module = WebhookEventsModule(api)
    return module, module.render()
