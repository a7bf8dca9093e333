"""Markdown reference docs in the SDK reference page's format."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple, assert_never

from generator.emit.render import Renderer
from generator.ir import nodes as ir
from generator.ir.names import python_identifier

LITERAL_LIST_LIMIT = 4  # more values than this: the first three, then "N more"
_PRIMITIVE_LABELS = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


@dataclass
class Entry:
    """One bullet of the parameter tree: its code label, description and children."""

    label: str
    description: list[str] = field(default_factory=list)
    children: list[Entry] = field(default_factory=list)


class _Site(NamedTuple):
    """Where a type is used: decides which of its names the docs show (a tuple: one is
    made for every property documented)."""

    owner: str | None = None
    prop: str | None = None
    direct: bool = False


def sort_properties(props: tuple[ir.Property, ...]) -> list[ir.Property]:
    """Required first, then optional; each alphabetically (the page's order)."""
    return sorted(props, key=lambda p: (not p.required, p.name))


class DocsModel:
    """Adapter from IR types to the docs' labels and entry trees."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.expanded: set[str] = set()
        # most specs rename nothing: then a type's name is its name everywhere
        naming = api.naming
        self.renames = bool(naming.param_names or naming.context_names)

    def start_section(self) -> None:
        """The page expands a named type once per operation; later uses show only its name."""
        self.expanded = set()

    # -- labels ------------------------------------------------------------------------
    def type_name(self, name: str, site: _Site) -> str:
        if not self.renames:
            return name
        if site.direct:
            return self.api.naming.param_name(name)
        return self.api.naming.context_name(name, site.owner, site.prop)

    def label(self, node: ir.TypeNode, site: _Site) -> str:
        match node:
            case ir.Ref(name=name):
                return self.type_name(name, site)
            case ir.Primitive(kind=kind):
                return _PRIMITIVE_LABELS[kind]
            case ir.Literal(values=values):
                return literal_label(values)
            case ir.Array(items=items):
                return f"List[{self.label(items, site)}]"
            case ir.Map(values=values):
                return f"Dict[str, {self.label(values, site)}]"
            case ir.FreeForm() | ir.Object() | ir.AnyValue():
                return "object"
            case ir.Union(members=members):
                return "Union[" + ", ".join(self.label(m, site) for m in members) + "]"
            case ir.Nullable(inner=ir.Union(members=members)):
                labels = [self.label(m, site) for m in members]
                return "Union[" + ", ".join(labels + ["null"]) + "]"
            case ir.Nullable(inner=inner):
                return self.label(inner, site)
            case _:
                assert_never(node)

    # -- entry trees -------------------------------------------------------------------
    def property_entry(
        self,
        prop: ir.Property,
        owner: str | None,
        direct: bool = False,
        stack: set[str] | None = None,
    ) -> Entry:
        """`direct`: a method's own parameter, where the SDK's `...Param` names apply."""
        site = _Site(owner, prop.name, direct)
        label = self.label(prop.type, site)
        if not prop.required:
            label = f"Optional[{label}]"
        return Entry(
            f"{prop.name}: {label}",
            lines(prop.description),
            self.children(prop.type, site, stack or set()),
        )

    def children(self, node: ir.TypeNode, site: _Site, stack: set[str]) -> list[Entry]:
        match node:
            case ir.Ref(name=name):
                shown = self.type_name(name, site)
                if name in stack or shown in self.expanded:
                    return []
                self.expanded.add(shown)
                target = self.api.types[name].type
                if isinstance(target, ir.Object):
                    return self.object_entries(target, name, stack | {name})
                return self.children(
                    target, _Site(site.owner, site.prop), stack | {name}
                )
            case ir.Object():
                return self.object_entries(node, site.owner, stack)
            case ir.Literal(values=values):
                return [Entry(literal_value(v)) for v in values]
            case (
                ir.Array(items=inner) | ir.Map(values=inner) | ir.Nullable(inner=inner)
            ):
                return self.children(inner, site, stack)
            case ir.Union(members=members):
                return [self.member_entry(m, site, stack) for m in members]
            case ir.Primitive() | ir.FreeForm() | ir.AnyValue():
                return []
            case _:
                assert_never(node)

    def member_entry(self, member: ir.TypeNode, site: _Site, stack: set[str]) -> Entry:
        if isinstance(member, ir.Ref):
            named = self.api.types[member.name]
            if isinstance(named.type, ir.Object):
                name = self.type_name(member.name, _Site(site.owner, site.prop))
                return Entry(
                    f"class {name}: …",
                    lines(named.description),
                    self.children(member, site, stack),
                )
        return Entry(
            self.label(member, site),
            lines(member.description),
            self.children(member, site, stack),
        )

    def object_entries(
        self, node: ir.Object, owner: str | None, stack: set[str]
    ) -> list[Entry]:
        return [
            self.property_entry(prop, owner, stack=stack)
            for prop in sort_properties(node.properties)
        ]


def literal_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def literal_label(values: tuple[Any, ...]) -> str:
    shown = [literal_value(v) for v in values]
    if len(shown) > LITERAL_LIST_LIMIT:
        shown = shown[:3] + [f"{len(values) - 3} more"]
    return "Literal[" + ", ".join(shown) + "]"


def lines(text: str | None) -> list[str]:
    if not text:
        return []
    return text.strip("\n").split("\n")


def entry_markdown(entry: Entry, depth: int, out: list[str]) -> None:
    """Append the Markdown of `entry` at `depth` and of its children, a level deeper: a
    bullet with the code label, its description indented under it, each after a blank
    line. Written here, not by a recursive template macro: a page's ~7,000 entries (the
    whole upstream document) cost more as macro calls than the rest of the docs."""
    indent = "  " * depth
    out.append(f"{indent}- `{entry.label}`\n")
    if entry.description:
        out.append("\n")
        deeper = indent + "  "
        out += [deeper + line + "\n" if line else "\n" for line in entry.description]
    for child in entry.children:
        out.append("\n")
        entry_markdown(child, depth + 1, out)


@dataclass
class OperationDoc:
    op: ir.Operation
    title: str
    signature: str
    description: list[str]
    parameters: list[Entry]
    returns: str | None
    example: list[str]

    @property
    def parameters_markdown(self) -> str:
        """The parameter list's entries, each after a blank line."""
        out: list[str] = []
        for entry in self.parameters:
            out.append("\n")
            entry_markdown(entry, 0, out)
        return "".join(out)


class DocsEmitter:
    """Renders one Markdown page per resource, plus an index of the config types."""

    def __init__(
        self, api: ir.Api, renderer: Renderer, sdk_package: str | None = None
    ) -> None:
        self.api = api
        self.renderer = renderer
        self.model = DocsModel(api)
        self.package = sdk_package or api.package
        self.sdk_flavour = sdk_package is not None

    def returns(self, op: ir.Operation) -> str | None:
        success = op.success
        if success is None or success.type is None:
            return None
        if success.media_type and "json" not in success.media_type:
            generic = "BinaryResponseContent"  # what the SDK returns
            return generic if self.sdk_flavour else op.response_class or generic
        return self.model.label(success.type, _Site(direct=True))

    def operation(self, op: ir.Operation) -> OperationDoc:
        self.model.start_section()
        entries: list[Entry] = []
        for param in op.path_params:
            entries.append(
                Entry(
                    f"{param.name}: {self.model.label(param.type, _Site())}",
                    lines(param.description),
                )
            )
        body_props = self.body_properties(op)
        entries.extend(
            self.model.property_entry(p, None, direct=True) for p in body_props
        )
        for param in (*op.query_params, *op.header_params):  # keyword arguments too
            label = self.model.label(param.type, _Site(direct=True))
            entries.append(
                Entry(
                    f"{python_identifier(param.name)}: "
                    + (label if param.required else f"Optional[{label}]"),
                    lines(param.description),
                )
            )
        args = [f"str {p.name}" for p in op.path_params]
        if body_props or op.query_params or op.header_params:
            args.append(f"{op.params_class or 'Params'} **kwargs")
        returns = self.returns(op)
        signature = f"{'.'.join(op.resource)}.{op.method}({', '.join(args)})"
        if returns:
            signature += f" -> {returns}"
        return OperationDoc(
            op=op,
            title=op.summary or op.method,
            signature=signature,
            description=lines(op.description),
            parameters=entries,
            returns=returns,
            example=self.example(op, body_props, returns),
        )

    def body_properties(self, op: ir.Operation) -> list[ir.Property]:
        if op.body is None:
            return []
        target = self.api.resolve(op.body.type)
        if not isinstance(target, ir.Object):
            return []
        return sort_properties(target.properties)

    def example(
        self, op: ir.Operation, props: list[ir.Property], returns: str | None
    ) -> list[str]:
        call = f"client.{'.'.join(op.resource)}.{op.method}("
        required = [p for p in props if p.required]
        if not required and op.path_params and not props:
            args = [
                f"    {example_literal(p.example if p.has_example else p.name)},"
                for p in op.path_params
            ]
        else:
            args = [
                f"    {python_identifier(p.name)}="
                f"{example_literal(p.example if p.has_example else p.name)},"
                for p in op.path_params
            ]
            args += [
                f"    {python_identifier(p.name)}={example_literal(example_value(p))},"
                for p in required
            ]
        body = [call, *args, ")"]
        if returns:
            body[0] = "call = " + body[0]
            body += ["print(call)", "content = call.read()", "print(content)"]
        return body

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        groups: dict[tuple[str, ...], list[ir.Operation]] = {}
        for op in self.api.operations:
            groups.setdefault(op.resource, []).append(op)
        for resource, ops in groups.items():
            docs = [self.operation(op) for op in ops]
            path = "/".join(resource) + ".md"
            files[path] = self.renderer.render(
                "docs/resource.md.jinja",
                title=resource[-1].replace("_", " ").title(),
                operations=docs,
                package=self.package,
                client_class="OpenAI",
            )
        if ("realtime",) in {r[:1] for r in groups}:
            files["realtime/connection.md"] = self.renderer.render(
                "docs/realtime_connection.md.jinja",
                package=self.package,
                client_class="OpenAI",
                **realtime_connection_model(self.api),
            )
        return files


# The realtime connection page: its event lists come from the spec's event unions (the
# tables the client's `_realtime_event_tables.py` is generated from).
_EVENT_KEY_TYPES = {
    "audio": "str",
    "audio_end_ms": "int",
    "content_index": "int",
    "event_id": "str",
    "item": "ConversationItemParam",
    "item_id": "str",
    "previous_item_id": "str",
    "response": "RealtimeResponseCreateParams",
    "response_id": "str",
    "session": "RealtimeSessionConfig",
}


def realtime_connection_model(api: ir.Api) -> dict[str, Any]:
    from generator.emit.realtime_tables import client_events as client_tables
    from generator.emit.realtime_tables import server_event_types

    tables: dict[str, Any] = {
        "CLIENT_EVENTS": {
            k: (set(required), set(allowed))
            for k, (required, allowed) in client_tables(api).items()
        },
        "SERVER_EVENT_TYPES": server_event_types(api),
    }
    client_events = []
    for kind, (required, allowed) in sorted(tables["CLIENT_EVENTS"].items()):
        keys = [
            {"name": k, "annotation": _EVENT_KEY_TYPES[k], "required": k in required}
            for k in sorted(allowed - {"type"}, key=lambda k: (k not in required, k))
        ]
        signature = ", ".join(
            f"{k['name']}: {k['annotation']}{'' if k['required'] else ' = omit'}"
            for k in keys
        )
        client_events.append(
            {
                "type": kind,
                "method": kind,
                "title": kind.replace(".", " ").replace("_", " ").capitalize(),
                "signature": "*, " + signature if signature else "",
                "fields": keys,
            }
        )
    return {
        "client_events": client_events,
        "server_events": sorted(tables["SERVER_EVENT_TYPES"]),
        "recoverable": ["1001", "1005", "1006", "1011", "1012", "1013", "1015"],
    }


def example_value(prop: ir.Property) -> Any:
    if prop.has_example:
        return prop.example
    node = prop.type
    if isinstance(node, ir.Literal):
        return node.values[0]
    return prop.name


def example_literal(value: Any) -> str:
    if isinstance(value, str):
        # JSON's string escapes are valid Python and keep control characters
        # (a newline inside an enum value) out of the literal.
        return json.dumps(value, ensure_ascii=False)
    return repr(value)
