"""The realtime event classes (`<package>/_realtime_models.py`), generated from the
spec's `RealtimeServerEvent` (46) and `RealtimeClientEvent` (11) unions and every object
they reach (issue 16: no hand-written event classes).

Each object becomes a subclass of the runtime's `RealtimeEvent` (a server event: of
`RealtimeServerEvent`), named as the SDK names it where that name is unique here
(`sdk_names` in the codegen config: `ConversationCreatedEvent`), else by its spec name.
The classes are open objects over the received JSON (contract rule 4): the annotations
are for type checkers; `__nested__` tells the runtime which class wraps an object-valued
field (for a union: the member whose constant keys match). `SERVER_EVENT_CLASSES` maps
each server event `type` to its class; the connection's parser reads it. The SDK's
module layout (`types/realtime/conversation_created_event.py`, ...) re-exports these
classes (generator/emit/sdk_types.py).
"""

from __future__ import annotations

from generator.emit.code_writer import CodeWriter
from generator.emit.pysource import layout
from generator.emit.pysource import lit as py_literal
from generator.emit.realtime_tables import CLIENT_UNION, SERVER_UNION, _type_of
from generator.emit.webhook_events import (
    WebhookEventsModule,
    _Class,
    _class_doc,
    _doc,
)
from generator.ir import nodes as ir
from generator.ir.sdk_paths import deref

_BASES = {"RealtimeEvent", "RealtimeServerEvent", "UnknownRealtimeServerEvent"}


class RealtimeModelsModule(WebhookEventsModule):
    def __init__(self, api: ir.Api) -> None:
        super().__init__(api)
        self.by_type: dict[str, str] = {}  # spec type name → class name
        self.server_events: list[tuple[str, str]] = []  # (type value, class)
        self.client_events: list[str] = []
        taken: dict[str, int] = {}
        for _, _, cls in api.sdk_names:
            taken[cls] = taken.get(cls, 0) + 1
        self._unique = {c for c, n in taken.items() if n == 1} - _BASES

    def _part_name(self, owner: str, type_name: str) -> str:
        sdk = self.api.sdk_name(type_name)
        if sdk is not None and sdk[1] in self._unique:
            return sdk[1]
        return type_name

    def _object(self, type_name: str, node: ir.Object, owner: str) -> tuple[str, str]:
        name = self._part_name(owner, type_name)
        if type_name not in self.by_type:
            self.by_type[type_name] = name
            cls = _Class(name=name, base="RealtimeEvent", description=node.description)
            self.classes.append(cls)  # before its fields: recursive types end here
            filled = self._class(name, "RealtimeEvent", node, owner)
            cls.fields, cls.nested = filled.fields, filled.nested
            cls.unions = self._union_fields(node, owner)
        return name, name

    def _union_fields(self, node: ir.Object, owner: str) -> list[tuple[str, list[str]]]:
        """Fields holding a union of objects: the members and their constant keys."""
        out = []
        for prop in node.properties:
            inner = deref(self.api, prop.type)
            if isinstance(inner, ir.Array):
                inner = deref(self.api, inner.items)
            if not isinstance(inner, ir.Union):
                continue
            choices = []
            for member in inner.members:
                target = deref(self.api, member)
                if not isinstance(target, ir.Object) or not target.properties:
                    continue
                _, cls = self.annotation(member, owner)
                if cls is None:
                    continue
                consts = {
                    p.name: p.type.values[0]
                    for p in target.properties
                    if isinstance(p.type, ir.Literal) and len(p.type.values) == 1
                }
                pairs = ", ".join(
                    f"{py_literal(k)}: {py_literal(v)}" for k, v in consts.items()
                )
                choices.append(f"({cls}, {{{pairs}}})")
            if choices:
                out.append((prop.name, choices))
        return out

    def model_annotation(self, node: ir.TypeNode) -> str:
        """The annotation of a spec node in this module's names (classes built on use)."""
        return self.annotation(node, "")[0]

    def build(self) -> None:
        for union, events in ((SERVER_UNION, self.server_events), (CLIENT_UNION, None)):
            named = self.api.types.get(union)
            if named is None or not isinstance(named.type, ir.Union):
                continue
            for member in named.type.members:
                if not isinstance(member, ir.Ref):
                    continue
                name, _ = self.annotation(member, "")
                obj = deref(self.api, member)
                value = _type_of(obj) if isinstance(obj, ir.Object) else None
                if events is not None and value is not None:
                    events.append((value, name))
                    next(c for c in self.classes if c.name == name).base = (
                        "RealtimeServerEvent"
                    )
                elif events is None:
                    self.client_events.append(name)

    def render(self) -> str:
        out = [
            '"""The realtime events and their parts, one class per object of the spec\'s',
            "`RealtimeServerEvent` and `RealtimeClientEvent` unions (generated by callspec",
            'from the spec: do not edit). The base classes are in `_realtime_events.py`."""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import Any, Dict, List, Literal, Optional, Type, Union",
            "",
            "from ._realtime_events import RealtimeEvent, RealtimeServerEvent",
            "",
        ]
        names = sorted({c.name for c in self.classes} | {"SERVER_EVENT_CLASSES"})
        out.append("__all__ = [")
        out += [f'    "{n}",' for n in names]
        out += ["]", ""]
        for cls in self.classes:
            out += ["", CodeWriter().call(f"class {cls.name}", [cls.base], ":").text()]
            body: list[str] = list(_class_doc(cls.description, "    "))
            body += ["" if body else "", "    __slots__ = ()"]
            for name, annotation, description in cls.fields:
                field = CodeWriter(level=1).annotated(f"{name}: ", annotation).text()
                body += ["", field, *_doc(description, "    ")]
            while body and body[0] == "":
                body.pop(0)
            out += body
            out.append("")
        nested = [c for c in self.classes if c.nested or c.unions]
        if nested:
            out += ["", "# after every class: a field's class may be defined below it"]
        out += [_nested(cls) for cls in nested]
        table = [f"    {py_literal(t)}: {n}," for t, n in sorted(self.server_events)]
        head = "SERVER_EVENT_CLASSES: Dict[str, Type[RealtimeServerEvent]] = {"
        out += ["", head, *table, "}"] if table else ["", head + "}"]
        out += ['"""The class of each server event `type` of the spec."""', ""]
        return "\n".join(out)


def _nested(cls: _Class) -> str:
    """`Class.__nested__ = {...}` as black lays it out. A union's tuple of choices ends
    in a comma, which for two or more choices is black's magic trailing comma: such a
    tuple stays exploded, one choice a line, however short."""
    fields = [(py_literal(k), v) for k, v in cls.nested]
    fields += [(py_literal(k), f"({', '.join(c)},)") for k, c in cls.unions]
    magic = {py_literal(k): c for k, c in cls.unions if len(c) > 1}
    pairs = ", ".join(f"{k}: {v}" for k, v in fields)
    if not magic:
        return layout(f"{cls.name}.__nested__ = {{{pairs}}}")
    comma = "," if len(fields) > 1 else ""  # black's trailing comma: several elements
    out = [f"{cls.name}.__nested__ = {{"]
    for key, value in fields:
        if key in magic:
            out.append(f"    {key}: (")
            out += [layout(f"        {choice},") for choice in magic[key]]
            out.append(f"    ){comma}")
        else:
            out.append(layout(f"    {key}: {value}{comma}"))
    return "\n".join([*out, "}"])


def realtime_models(api: ir.Api) -> RealtimeModelsModule:
    module = RealtimeModelsModule(api)
    module.build()
    return module
