"""The typed Python client package: TypedDict params, resources, client classes, runtime."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from generator.config import TEMPLATES
from generator.emit.docs import sort_properties
from generator.emit.code_writer import CodeWriter
from generator.emit.docstrings import doc_lines
from generator.emit.pysource import q
from generator.emit.python_types import PythonTypes
from generator.emit.client_model import (
    Field,
    Method,
    Param,
    ResourceNode,
    TypedDictClass,
)
from generator.emit.reserved import (
    HEADER_LOCALS,
    METHOD_LOCALS,
    METHOD_PARAMETERS,
    QUERY_LOCALS,
)
from generator.emit.render import Renderer
from generator.emit.type_modules import TypeBudget, TypeModules
from generator.ir import nodes as ir
from generator.ir.walk import children, default_schema, references
from generator.ir.names import python_identifier

RUNTIME = TEMPLATES / "client" / "runtime"


class ClientEmitter:
    def __init__(
        self, api: ir.Api, renderer: Renderer, types_budget: TypeBudget | None = None
    ) -> None:
        self.api = api
        self.renderer = renderer
        # when the classes get modules of their own (type_modules.py)
        self.types_budget = types_budget or TypeBudget()
        self.py = PythonTypes(api)
        self._inline: dict[str, ir.Object] | None = None
        self._public: set[str] | None = None

    # -- types -------------------------------------------------------------------------
    def types_modules(self) -> dict[str, str]:
        """The modules of `types/` by file name (type_modules.py)."""
        classes, aliases = [], []
        for named in self.api.types.values():
            node = named.type
            if isinstance(node, ir.Object):
                classes.append(self.typed_dict(named, node))
            else:
                aliases.append(named)
        for name, obj in self.inline_objects().items():  # named in the IR by context
            inline = ir.NamedType(name, obj, obj.description, source="")
            classes.append(self.typed_dict(inline, obj))
        ordered = self.order_aliases(aliases)
        alias_defs: list[Field] = []
        defined: set[str] = {c.source for c in classes}
        for named in ordered:
            forward = frozenset(references(named.type) - defined)
            alias_name = self.py.class_name(named.name)
            annotation = self.py.annotation(named.type, forward)
            alias_defs.append(
                Field(
                    alias_name,
                    annotation,
                    CodeWriter()
                    .annotated(f"{alias_name}: TypeAlias = ", annotation)
                    .text(),
                    doc_lines(named.description),
                )
            )
            defined.add(named.name)
        extra_names = []
        for named in self.api.types.values():
            for alias in self.api.naming.aliases(named.name):
                extra_names.append((alias, self.py.class_name(named.name)))
        for op in self.api.operations:  # the SDK's per-operation params classes
            if op.params_class and op.body and isinstance(op.body.type, ir.Ref):
                extra_names.append(
                    (op.params_class, self.py.class_name(op.body.type.name))
                )
        return TypeModules(self.api, self.renderer, self.types_budget).render(
            classes, alias_defs, extra_names
        )

    def inline_objects(self) -> dict[str, ir.Object]:
        """Every inline object the IR has named, by name, in a stable order."""
        if self._inline is not None:
            return self._inline
        found: dict[str, ir.Object] = {}
        stack: list[ir.TypeNode] = []
        for named in self.api.types.values():
            stack.append(named.type)
        for op in self.api.operations:
            stack.extend(p.type for p in op.parameters)
            if op.body is not None:
                stack.append(op.body.type)
        while stack:
            node = stack.pop()
            if isinstance(node, ir.Object) and node.name and node.name not in found:
                found[node.name] = node
            stack.extend(reversed(children(node)))
        self._inline = dict(sorted(found.items()))
        return self._inline

    def typed_dict(self, named: ir.NamedType, node: ir.Object) -> TypedDictClass:
        fields = []
        for prop in sort_properties(node.properties):
            annotation = self.py.annotation(prop.type)
            if prop.required:
                annotation = f"Required[{annotation}]"
            fields.append(
                Field(
                    prop.name,
                    annotation,
                    CodeWriter(1).annotated(f"{prop.name}: ", annotation).text(),
                    doc_lines(prop.description),
                )
            )
        functional = any(
            not prop.name.isidentifier() or python_identifier(prop.name) != prop.name
            for prop in node.properties
        )
        name = self.py.class_name(named.name)
        return TypedDictClass(
            source=named.name,
            name=name,
            header=CodeWriter()
            .call(f"class {name}", ["TypedDict", "total=False"], ":")
            .text(),
            doc=doc_lines(named.description),
            fields=fields,
            functional=functional,
        )

    def order_aliases(self, aliases: list[ir.NamedType]) -> list[ir.NamedType]:
        """Aliases are evaluated at import: each after the aliases it uses (cycles quoted)."""
        by_name = {a.name: a for a in aliases}
        ordered: list[ir.NamedType] = []
        state: dict[str, int] = {}

        def visit(name: str) -> None:
            if state.get(name):
                return
            state[name] = 1
            for dep in sorted(references(by_name[name].type)):
                if dep in by_name and not state.get(dep):
                    visit(dep)
            state[name] = 2
            ordered.append(by_name[name])

        for alias in aliases:
            visit(alias.name)
        return ordered

    # -- resources ---------------------------------------------------------------------
    def resource_tree(self) -> ResourceNode:
        root = ResourceNode("client", ())
        for op in self.api.operations:
            node = root
            for depth, part in enumerate(op.resource):
                node = node.children.setdefault(
                    part, ResourceNode(part, op.resource[: depth + 1])
                )
            node.methods.append(self.method(op))
        return root

    def method(self, op: ir.Operation) -> Method:
        params: list[Param] = []
        for p in op.path_params:
            params.append(
                Param(
                    python_identifier(p.name),
                    p.name,
                    "str",
                    True,
                    doc_lines(p.description),
                    "path",
                )
            )
        body_kind = "none"
        part_types: list[tuple[str, str, bool]] = []
        raw_field = None
        if op.body is not None:
            target = self.api.resolve(op.body.type)
            multipart = op.body.media_type.startswith("multipart/")
            body_kind = "multipart" if multipart else "json"
            if not isinstance(target, ir.Object) and not multipart:
                body_kind = "value"  # not an object: the body is one argument
                params.append(
                    Param(
                        "body",
                        "body",
                        self.py.annotation(op.body.type, direct=True),
                        op.body.required,
                        doc_lines(op.body.description),
                        "value",
                    )
                )
            if isinstance(target, ir.Object):
                for prop in sort_properties(target.properties):
                    annotation = self.py.annotation(prop.type, direct=True)
                    params.append(
                        Param(
                            python_identifier(prop.name),
                            prop.name,
                            annotation,
                            prop.required,
                            doc_lines(prop.description),
                            "part" if multipart else "body",
                        )
                    )
                if multipart:
                    encoding = dict(op.body.encoding)
                    for prop in target.properties:
                        content_type = encoding.get(prop.name) or "text/plain"
                        part_types.append(
                            (prop.name, content_type, "json" in content_type)
                        )
                    raw = [
                        m
                        for m, _ in op.body.alternatives
                        if not m.startswith("multipart/")
                    ]
                    if raw:
                        raw_field = next(
                            (name for name, ctype, _ in part_types if ctype == raw[0]),
                            None,
                        )
        for p in (*op.query_params, *op.header_params):
            params.append(
                Param(
                    python_identifier(p.name),
                    p.name,
                    self.py.annotation(p.type),
                    p.required,
                    doc_lines(p.description),
                    p.location,
                )
            )
        success = op.success
        binary = bool(
            success and success.media_type and "json" not in success.media_type
        )
        if success is None or success.type is None:
            returns, cast_to, accept = "None", "NoneType", "*/*"
        elif binary:  # the runtime class the codegen config names, else the generic one
            kind = op.response_class or "BinaryResponseContent"
            returns, cast_to, accept = kind, kind, str(success.media_type)
        else:
            returns, cast_to, accept = "object", "object", "application/json"
        ordered = [p for p in params if p.location == "path"]
        ordered += [p for p in params if p.location != "path" and p.required]
        ordered += [p for p in params if p.location != "path" and not p.required]
        _rename_clashes(ordered, body_kind)
        for param in ordered:  # in the signature and the body, two levels in
            head = f"{param.name}: "
            if param.required or param.location == "path":
                param.code = CodeWriter(2).annotated(head, param.annotation, ",").text()
            else:
                param.code = CodeWriter(2).optional(head, param.annotation).text()
            if param.location == "path":
                message = (
                    f"Expected a non-empty value for `{param.name}`"
                    f" but received {{{param.name}!r}}"
                )
                guard = CodeWriter(2)
                with guard.block(f"if not {param.name}:"):
                    guard.statement(f"raise ValueError(f{q(message)})")
                param.guard = guard.text()
        docstring = doc_lines(op.description)
        validated = "fields" if body_kind == "multipart" else "body"
        validate_code = (
            CodeWriter(2)
            .call("self._client._validate_request", [q(op.qualified_name), validated])
            .text()
        )
        return Method(
            op=op,
            name=python_identifier(op.method),
            params=ordered,
            body_kind=body_kind,
            returns=returns,
            cast_to=cast_to,
            accept=accept,
            docstring=docstring,
            part_types=part_types,
            raw_field=raw_field,
            http_method=op.http_method,
            path_code=_path_code(op, ordered),
            validate_code=validate_code,
        )

    def param_type_names(self, tree: ResourceNode) -> list[str]:
        names: set[str] = set()

        def walk(node: ResourceNode) -> None:
            for m in node.methods:
                for p in m.params:
                    for token in _names_in(p.annotation):
                        names.add(token)
            for child in node.children.values():
                walk(child)

        walk(tree)
        if self._public is None:  # the same for every resource: computed once
            self._public = (
                {self.py.class_name(n) for n in self.api.types}
                | {self.py.class_name(n) for n in self.inline_objects()}
                | {
                    alias
                    for n in self.api.types
                    for alias in self.api.naming.aliases(n)
                }
            )
        return sorted(names & self._public)

    # -- files -------------------------------------------------------------------------
    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for part in self.render_parts():
            files.update(part)
        return files

    def render_parts(self) -> Iterator[dict[str, str]]:
        """`render`'s files in three parts, so that a compiler beside the generator has
        the first early (generator/compiler.py): the top-level runtime modules (copied
        verbatim); the request types, quick to lay out, with the runtime modules of
        their subpackage; then the rest."""
        pkg = self.api.package
        yield self._runtime({})
        types = {f"{pkg}/types/{n}": t for n, t in self.types_modules().items()}
        yield types | self._runtime(types, placed=True)
        yield self._the_rest()

    def _runtime(self, files: dict[str, str], placed: bool = False) -> dict[str, str]:
        """The runtime modules copied verbatim that go beside `files`: those of the top
        level (unless `placed`), and those of a subpackage `files` has."""
        pkg = self.api.package
        found = {}
        for source in runtime_files():
            target = source.relative_to(RUNTIME).as_posix()
            # a module of a subpackage (`types/`, `resources/realtime/`) goes where
            # that package is generated, and only then
            package = target.rpartition("/")[0]
            if package:
                wanted = f"{pkg}/{package}/__init__.py" in files
            else:
                wanted = not placed
            if not wanted:
                continue
            found[f"{pkg}/{target}"] = source.read_text(encoding="utf-8")
        return found

    def _the_rest(self) -> dict[str, str]:
        pkg = self.api.package
        files: dict[str, str] = {}
        tree = self.resource_tree()
        self._render_resources(tree, files, pkg)
        files[f"{pkg}/resources/__init__.py"] = self.renderer.render(
            "client/package_init.py.jinja",
            doc="Resources of the API, one module per path group.",
        )
        files[f"{pkg}/_client.py"] = self.renderer.render(
            "client/_client.py.jinja",
            api=self.api,
            resources=list(tree.children.values()),
        )
        files[f"{pkg}/__init__.py"] = self.renderer.render(
            "client/__init__.py.jinja",
            api=self.api,
            default_schema=default_schema(self.api),
        )
        files[f"{pkg}/_version.py"] = self.renderer.render(
            "client/_version.py.jinja", api=self.api
        )
        files[f"{pkg}/py.typed"] = ""
        files["pyproject.toml"] = self.renderer.render(
            "client/pyproject.toml.jinja", api=self.api
        )
        files.update(self._runtime(files, placed=True))
        # the event classes of the spec's `webhooks:` (issue 15; none: only the generic)
        from generator.emit.webhook_events import webhook_events_module

        files[f"{pkg}/_webhook_events.py"] = webhook_events_module(self.api)
        from generator.emit.realtime_tables import realtime_tables_module

        files[f"{pkg}/_realtime_event_tables.py"] = realtime_tables_module(self.api)
        return files

    def _render_resources(
        self, node: ResourceNode, files: dict[str, str], pkg: str
    ) -> None:
        for child in node.children.values():
            path = "/".join(python_identifier(p) for p in child.path)
            target = (
                f"{pkg}/resources/{path}.py"
                if not child.children
                else f"{pkg}/resources/{path}/__init__.py"
            )
            type_names = sorted(
                {
                    t
                    for m in child.methods
                    for p in m.params
                    for t in _names_in(p.annotation)
                }
                & set(self.param_type_names(child))
            )
            files[target] = self.renderer.render(
                "client/resource.py.jinja",
                resource=child,
                depth=len(child.path) + (1 if child.children else 0),
                type_names=type_names,
                typing_names=_typing_names(child),
                raw={
                    is_async: _raw_response_code(child, "Async" if is_async else "")
                    for is_async in (False, True)
                },
                response_classes=sorted(
                    {m.cast_to for m in child.methods} - {"NoneType", "object"}
                ),
                sequence_not_str=any(
                    "SequenceNotStr[" in p.annotation
                    for m in child.methods
                    for p in m.params
                ),
            )
            self._render_resources(child, files, pkg)


def _path_code(op: ir.Operation, params: list[Param]) -> str:
    """The request path argument (three levels in): a literal, or `path_template(...)`."""
    template = json.dumps(op.path, ensure_ascii=False)
    args = [f"{p.wire}={p.name}" for p in params if p.location == "path"]
    if not args:
        return CodeWriter(3).line(f"{template},").text()
    return CodeWriter(3).call("path_template", [template, *args], ",").text()


def _raw_response_code(node: ResourceNode, prefix: str) -> dict[str, object]:
    """The `...WithRawResponse` class's lines: its method wrappers (in `__init__`, two
    levels in) and, by child resource, the return of the child's property."""
    wrapper = "async_to_raw_response_wrapper" if prefix else "to_raw_response_wrapper"
    owner = node.path[-1]
    methods = CodeWriter(2)
    for m in node.methods:
        methods.call(f"self.{m.name} = {wrapper}", [f"{owner}.{m.name}"])
    children = {
        name: CodeWriter(2)
        .call(
            f"return {prefix}{child.class_name}WithRawResponse",
            [f"self._{owner}.{child.path[-1]}"],
        )
        .text()
        for name, child in node.children.items()
    }
    return {"methods": methods.text(), "children": children}


def _rename_clashes(params: list[Param], body_kind: str) -> None:
    """A spec name that is also one of the method's own names gets a trailing `_`."""
    taken = METHOD_PARAMETERS | METHOD_LOCALS[body_kind]
    if any(p.location == "query" for p in params):
        taken = taken | QUERY_LOCALS
    if any(p.location == "header" for p in params):
        taken = taken | HEADER_LOCALS
    for p in params:
        while p.name in taken and not (p.location == "value" and p.name == "body"):
            p.name += "_"
        taken = taken | {p.name}


def _names_in(annotation: str) -> set[str]:
    import re

    return set(re.findall(r"[^\W\d]\w*", annotation))  # Unicode identifiers too


def _typing_names(node: ResourceNode) -> list[str]:
    used: set[str] = set()
    for m in node.methods:
        for p in m.params:
            used |= _names_in(p.annotation)
    return sorted(used & {"Dict", "List", "Literal", "Optional", "Union"})


def runtime_files() -> list[Path]:
    """The runtime modules copied verbatim, subpackages' modules included."""
    return sorted(RUNTIME.rglob("*.py"))
