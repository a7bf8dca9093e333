"""The client emitter's model of what it writes: resources (a tree by path), their
methods and each method's parameters, with the names they take in Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.emit.reserved import CLIENT_ATTRIBUTES
from generator.ir import nodes as ir
from generator.ir.names import pascal, python_identifier


# What types.py.jinja reads by attribute (objects, not dicts: Jinja looks a name up as an
# attribute first, and a dict's miss costs an exception, ~25,000 a large spec)
@dataclass(frozen=True)
class Field:
    """A TypedDict field, or a type alias (`name: TypeAlias = annotation`)."""

    name: str
    annotation: str
    code: str  # laid out as black would
    doc: list[str]


@dataclass(frozen=True)
class TypedDictClass:
    source: str  # the IR's name
    name: str
    header: str  # the `class` line(s), laid out as black would
    doc: list[str]
    fields: list[Field]
    functional: bool  # written `X = TypedDict("X", {...})`: a key is no identifier


@dataclass
class Param:
    name: str  # Python keyword argument
    wire: str  # name on the wire
    annotation: str
    required: bool
    description: list[str]
    location: str  # path / query / body / part
    code: str = ""  # the parameter's line(s) in the signature, laid out as black would
    guard: str = ""  # a path parameter's empty-value check, laid out as black would

    @property
    def header_value(self) -> str:
        """A header parameter's value as sent: header values are text."""
        if self.annotation == "str":
            return self.name
        if not self.required:
            return f"{self.name} if isinstance({self.name}, Omit) else str({self.name})"
        return f"str({self.name})"


@dataclass
class Method:
    op: ir.Operation
    name: str
    params: list[Param]
    body_kind: str  # none / json / multipart
    returns: str
    cast_to: str
    accept: str
    docstring: list[str]
    part_types: list[tuple[str, str, bool]]
    raw_field: str | None
    http_method: str = "post"
    path_code: str = ""
    validate_code: str = ""  # the request's validation call, laid out by the writer

    @property
    def has_headers(self) -> bool:
        return any(p.location == "header" for p in self.params)

    # the parameters by where they go, for the template (a Jinja `selectattr` on each of
    # the full document's 484 methods took ~10 ms)
    @property
    def fields(self) -> list[Param]:
        return [p for p in self.params if p.location in ("body", "part")]

    @property
    def queries(self) -> list[Param]:
        return [p for p in self.params if p.location == "query"]

    @property
    def headers(self) -> list[Param]:
        return [p for p in self.params if p.location == "header"]


@dataclass
class ResourceNode:
    name: str
    path: tuple[str, ...]
    methods: list[Method] = field(default_factory=list)
    children: dict[str, ResourceNode] = field(default_factory=dict)

    @property
    def class_name(self) -> str:
        return pascal(self.name)

    @property
    def module(self) -> str:
        return ".".join(python_identifier(p) for p in self.path)

    @property
    def attr(self) -> str:
        """The client's attribute for this (top-level) resource: its name, with a `_`
        where the client class already has that name (`organization` is the org id)."""
        name = python_identifier(self.name)
        return name + "_" if name in CLIENT_ATTRIBUTES else name
