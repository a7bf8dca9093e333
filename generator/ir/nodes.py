"""IR nodes: immutable dataclasses describing types, operations and the API.

Named types are referenced through `Ref` nodes and looked up in `Api.types`, which keeps
recursive types finite and lets every artifact name a type the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

from generator.ir.value_methods import value_methods

JSON = Any


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Node:
    """Base of every type node. `description` is what the spec says about this occurrence."""

    description: str | None = field(default=None, kw_only=True)


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Primitive(Node):
    """string / integer / number / boolean, with its constraints."""

    kind: str
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Literal(Node):
    """A closed set of constant values (`const` when there is one, `enum` otherwise)."""

    values: tuple[JSON, ...]

    @property
    def is_const(self) -> bool:
        return len(self.values) == 1


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Array(Node):
    """A list whose items share one type, with its length and uniqueness constraints."""

    items: TypeNode
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Map(Node):
    """An object with arbitrary keys whose values share one type."""

    values: TypeNode


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class FreeForm(Node):
    """Any JSON object (a JSON Schema, free metadata): open by design."""


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class AnyValue(Node):
    """Any JSON value at all."""


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Ref(Node):
    """A reference to a named type in `Api.types`."""

    name: str


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Property:
    """A named member of an `Object`, with what the spec says about it."""

    name: str
    type: TypeNode
    required: bool
    description: str | None = None
    default: JSON = None
    has_default: bool = False
    example: JSON = None
    has_example: bool = False
    examples: tuple[JSON, ...] = ()
    deprecated: bool = False
    read_only: bool = False


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Object(Node):
    """An object of named properties; `closed` refuses others, `extra` types them."""

    properties: tuple[Property, ...]
    closed: bool = True
    extra: TypeNode | None = None
    # An inline object's name, derived from where it sits (owner + property, a union
    # member's tag or title, ...), so a language can declare it as a type of its own.
    name: str | None = None

    def property(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name), None)


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Union(Node):
    """One of several member types. `discriminator` names the tag property when the members
    are objects told apart by a constant `type`-like field; `tags` maps tag → member index.
    """

    members: tuple[TypeNode, ...]
    discriminator: str | None = None
    tags: tuple[tuple[str, int], ...] = ()
    exclusive: bool = False  # `oneOf`: exactly one member may match


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Nullable(Node):
    """`inner` or JSON null."""

    inner: TypeNode


TypeNode = (
    Primitive
    | Literal
    | Array
    | Map
    | FreeForm
    | AnyValue
    | Ref
    | Object
    | Union
    | Nullable
)
# the kinds with no type node inside (a `Ref` names another type): most nodes are
LEAVES = (Primitive, Ref, Literal, FreeForm, AnyValue)


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class NamedType:
    """A type with a name of its own (an OpenAPI component)."""

    name: str
    type: TypeNode
    description: str | None
    source: str  # JSON pointer of its definition in the spec
    internal: bool = False  # e.g. error bodies: not a public config type


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Parameter:
    """A path, query or header parameter of an operation."""

    name: str
    location: str  # path / query / header
    type: TypeNode
    required: bool
    description: str | None = None
    example: JSON = None
    has_example: bool = False


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Body:
    """A request body: its main media type and type, plus alternatives (e.g. raw SDP)."""

    media_type: str
    type: TypeNode
    required: bool
    description: str | None = None
    encoding: tuple[tuple[str, str], ...] = ()  # multipart part name → content type
    alternatives: tuple[tuple[str, TypeNode], ...] = ()


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Header:
    """A header of a response."""

    name: str
    type: TypeNode
    description: str | None = None


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Response:
    """One status of an operation: its body's media type and type, and headers."""

    status: str
    description: str | None
    media_type: str | None = None
    type: TypeNode | None = None
    headers: tuple[Header, ...] = ()
    example: JSON = None
    has_example: bool = False


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Operation:
    """One method on one path: its parameters, body and responses, and its SDK name."""

    operation_id: str
    http_method: str
    path: str
    resource: tuple[str, ...]  # e.g. ("realtime", "calls")
    method: str  # e.g. "accept"
    summary: str | None
    description: str | None
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    params_class: str | None = None
    response_class: str | None = None  # a binary success's runtime class (codegen)
    deprecated: bool = False
    tags: tuple[str, ...] = ()
    # Set by `Api`: another operation has the same short name (`files.list` under both
    # `/files` and `/containers/{id}/files`), so this one is named by its whole path.
    ambiguous: bool = field(default=False, compare=False, repr=False)

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def query_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")

    @property
    def header_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "header")

    @property
    def success(self) -> Response | None:
        return next((r for r in self.responses if r.status.startswith("2")), None)

    @property
    def short_name(self) -> str:
        """`calls.accept`: the last resource and the method."""
        return ".".join(self.resource[-1:] + (self.method,))

    @property
    def qualified_name(self) -> str:
        """The name validators, schemas and docs use for this operation: its short name
        (`calls.accept`), or, when that is ambiguous in the API, the dotted resource path
        (`containers.files.list` beside `files.list`): unique, deterministic."""
        if self.ambiguous:
            return ".".join(self.resource + (self.method,))
        return self.short_name


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Webhook:
    """An entry of the document's `webhooks:` section: an event the API POSTs to the
    user's endpoint. Its payload is a named object type with a constant `type`."""

    name: str  # the section's key, e.g. `realtime_call_incoming`
    event_type: str  # the payload's constant `type`, e.g. `realtime.call.incoming`
    payload: str  # the payload's named type, e.g. `WebhookRealtimeCallIncoming`
    description: str | None = None


# The realtime connection's event unions, by the spec's component names: the client's
# event tables are generated from them, so they are roots like the operations.
SERVER_EVENT_UNION = "RealtimeServerEvent"
CLIENT_EVENT_UNION = "RealtimeClientEvent"


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Naming:
    """SDK-side names: per-location renames of one shape, and direct-parameter names."""

    param_names: tuple[tuple[str, str], ...] = ()
    context_names: tuple[tuple[str, str, str], ...] = ()  # (type, "Owner.prop", name)

    def param_name(self, type_name: str) -> str:
        return dict(self.param_names).get(type_name, type_name)

    def context_name(self, type_name: str, owner: str | None, prop: str | None) -> str:
        where = f"{owner}.{prop}"
        for name, at, alias in self.context_names:
            if name == type_name and at == where:
                return alias
        return type_name

    def aliases(self, type_name: str) -> list[str]:
        names = {alias for name, _, alias in self.context_names if name == type_name}
        names |= {alias for name, alias in self.param_names if name == type_name}
        return sorted(names - {type_name})


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Rule:
    """A rule beyond types (`x-callspec-rules`): one generic `kind` with its parameters,
    checked on every value of the named types in `applies_to`."""

    id: str
    severity: str  # "error" | "warning" (design/contract.md)
    applies_to: tuple[str, ...]
    kind: str
    source: str
    params: dict[str, JSON] = field(default_factory=dict, hash=False, compare=False)
    message: str | None = None
    noun: str = field(default="item", compare=False)  # its items in prose (codegen)


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class FileSchema:
    """A file-name decision of `callspec validate` (codegen `file_schemas`): a file named
    `*.<stem>.<suffix>` is validated as `schema`; `name` and `description` are its entry
    in the published SchemaStore catalog."""

    stem: str
    schema: str
    name: str
    description: str


@value_methods
@dataclass(frozen=True, eq=False, repr=False)
class Api:
    """The whole API: its named types, operations, rules and what codegen decided."""

    title: str
    version: str
    description: str | None
    servers: tuple[str, ...]
    types: dict[str, NamedType]
    operations: tuple[Operation, ...]
    naming: Naming
    package: str
    sdk_package: str
    schema_base_url: str
    docs_origin: str = "https://platform.openai.com"
    reasoning_models: tuple[str, ...] = ()
    security_schemes: tuple[tuple[str, JSON], ...] = ()
    license: JSON = None
    rules: tuple[Rule, ...] = ()
    # The `format`s the generated validator asserts (codegen `format_assertion`).
    format_assertion: tuple[str, ...] = ()
    # ("Owner.property", noun): what open-enum near-miss warnings call values (codegen)
    value_nouns: tuple[tuple[str, str], ...] = ()
    # Provenance: the upstream commit and its date (`info.x-callspec-upstream`), if stated.
    upstream_commit: str | None = None
    upstream_date: str | None = None
    # What the build tolerated in the spec (or could not generate), each explained.
    warnings: tuple[str, ...] = ()
    # `callspec validate`'s choices (codegen): the schema when nothing selects one (None:
    # the first request body) and the file-name table
    default_schema: str | None = None
    file_schemas: tuple[FileSchema, ...] = ()
    # the document's `webhooks:` section, in its order
    webhooks: tuple[Webhook, ...] = ()
    # (type, module under `<sdk>.types`, class name): where the SDK defines a type (codegen)
    sdk_names: tuple[tuple[str, str, str], ...] = ()
    # (module under `<sdk>.types`, name, target): the SDK type modules (codegen)
    sdk_modules: tuple[tuple[str, str, str], ...] = ()

    def sdk_name(self, type_name: str) -> tuple[str, str] | None:
        """The SDK's (module, class name) of a type, if the codegen config names it."""
        for name, module, cls in self.sdk_names:
            if name == type_name:
                return module, cls
        return None

    def __post_init__(self) -> None:
        # Every operation sharing its short name with another is named by its full path.
        counts = Counter(op.short_name for op in self.operations)
        operations = tuple(
            (
                op
                if op.ambiguous == (counts[op.short_name] > 1)
                else replace(op, ambiguous=counts[op.short_name] > 1)
            )
            for op in self.operations
        )
        object.__setattr__(self, "operations", operations)

    @property
    def release(self) -> str:
        """The API release: `info.version` and the upstream date (generator/versioning.py)."""
        from generator.versioning import api_release

        return api_release(self.version, self.upstream_date)

    @property
    def package_version(self) -> str:
        """The generated package's version, the same wherever it is written."""
        from generator.versioning import package_version

        return package_version(self.version, upstream_date=self.upstream_date)

    def resolve(self, node: TypeNode) -> TypeNode:
        """Follow `Ref`s to the named type's structure."""
        seen: set[str] = set()
        while isinstance(node, Ref):
            if node.name in seen:
                break
            seen.add(node.name)
            node = self.types[node.name].type
        return node

    def public_types(self) -> Iterator[NamedType]:
        return (t for t in self.types.values() if not t.internal)
