"""What the schemas pass shares with the passes after it: the document, the problems and
warnings it collects, and `$ref` resolution (component references, references into other
documents, and references inside a component that is a schema resource of its own).
Building a node from a schema is `SchemaBuilder.schema` (schemas.py); a `$ref` outside
components is built in place through it."""

from __future__ import annotations

from typing import Any

from generator.codegen_config import CodegenConfig
from generator.errors import Problem
from generator.ir import nodes as ir
from generator.load import Document, RefResolver
from generator.load.document import pointer_join, split_pointer

COMPONENT_PREFIX = "#/components/schemas/"


class SchemaContext:
    """The document and its components, every problem found, and `$ref` resolution."""

    def __init__(self, document: Document, codegen: CodegenConfig) -> None:
        self.doc = document
        self.resolver = RefResolver(document)
        self.codegen = codegen
        self.problems: list[Problem] = []
        components = self.mapping(
            document.data.get("components"), "components", "/components"
        )
        self.components: dict[str, Any] = self.mapping(
            components.get("schemas"), "components.schemas", "/components/schemas"
        )
        self.types: dict[str, ir.NamedType] = {}
        self.warnings: list[Problem] = []
        self._converted: dict[str, ir.TypeNode] = {}  # component → node, built once
        self._resolving: set[str] = set()
        self._current: str | None = None  # the component being built (`$recursiveRef`)
        self._merging = 0  # inside allOf: `required` may name a sibling part's property
        self._depth = 0  # schemas being built, innermost last (MAX_SCHEMA_DEPTH)

    # -- errors ------------------------------------------------------------------------
    def fail(self, message: str, pointer: str, doc: Document | None = None) -> None:
        self.problems.append((doc or self.doc).problem(message, pointer))

    def warn(self, message: str, pointer: str, doc: Document | None = None) -> None:
        # Located by pointer only: a line number would make PyYAML compose the whole
        # document (seconds on a large spec) for what is not an error.
        path = str((doc or self.doc).path)
        self.warnings.append(Problem(message, file=path, pointer=pointer or "/"))

    def unsupported(
        self, keyword: str, why: str, pointer: str, doc: Document | None = None
    ) -> None:
        """A keyword the IR cannot check: `FILE:LINE:COL: warning at /.../<keyword>`."""
        at = pointer_join(pointer, keyword)
        message = f"keyword {keyword!r} is not supported; {why}, so it is not checked"
        self.warnings.append((doc or self.doc).problem(message, at))

    def mapping(self, value: Any, what: str, pointer: str) -> dict[Any, Any]:
        """`value` when it is a mapping, {} when absent; anything else is a problem."""
        if value is not None and not isinstance(value, dict):
            self.fail(f"{what} must be a mapping", pointer)
        return value if isinstance(value, dict) else {}

    def sequence(self, value: Any, what: str, pointer: str) -> list[Any]:
        """`value` when it is a list, [] when absent; anything else is a problem."""
        if value is not None and not isinstance(value, list):
            self.fail(f"{what} must be a list", pointer)
        return value if isinstance(value, list) else []

    def resource_ref(self, ref: str, pointer: str, doc: Document) -> ir.TypeNode | None:
        """A `$ref` inside a component that is a schema resource of its own (`$id`):
        `#...` is relative to the component, `#name` an `$anchor` in it. None when the
        component has no `$id` (the document is the base, as OpenAPI says)."""
        name = self._current
        root = self.components.get(name) if name is not None else None
        if doc is not self.doc or not isinstance(root, dict) or "$id" not in root:
            return None
        base = pointer_join("/components/schemas", name or "")
        if ref.startswith(COMPONENT_PREFIX):
            return None
        if not ref.startswith("#"):
            why = "references to other schema resources (`$id` URLs) are not resolved"
            self.unsupported("$ref", why, pointer.removesuffix("/$ref"), doc)
            return ir.AnyValue()
        fragment = ref[1:]
        if fragment in ("", "/"):
            return ir.Ref(name or "")
        target: Any = root
        if fragment.startswith("/"):
            tokens = split_pointer(ref)
        else:
            found = _anchor(root, fragment)
            if found is None:
                self.fail(f"$ref {ref!r} names no `$anchor` here", pointer, doc)
                return ir.AnyValue()
            tokens = found
        for token in tokens:
            if isinstance(target, dict) and token in target:
                target = target[token]
            elif (
                isinstance(target, list)
                and token.isdigit()
                and int(token) < len(target)
            ):
                target = target[int(token)]
            else:
                self.fail(f"$ref {ref!r} does not resolve", pointer, doc)
                return ir.AnyValue()
        if any(isinstance(t, dict) and "$id" in t for t in _along(root, tokens)):
            why = "a nested `$id` changes the base URI, which is not tracked"
            self.unsupported("$ref", why, pointer.removesuffix("/$ref"), doc)
            return ir.AnyValue()
        target_pointer = base + "".join(
            "/" + t.replace("~", "~0").replace("/", "~1") for t in tokens
        )
        return self.expand(ref, target, target_pointer, pointer, doc)

    def ref(self, ref: Any, pointer: str, doc: Document) -> ir.TypeNode:
        if not isinstance(ref, str):
            self.fail("$ref must be a string", pointer, doc)
            return ir.AnyValue()
        relative = self.resource_ref(ref, pointer, doc)
        if relative is not None:
            return relative
        if doc is self.doc and ref.startswith(COMPONENT_PREFIX):
            name = ref[len(COMPONENT_PREFIX) :].replace("~1", "/").replace("~0", "~")
            if name not in self.components:
                self.fail(f"$ref {ref!r} does not resolve", pointer, doc)
                return ir.AnyValue()
            return ir.Ref(name)
        found = self.resolver.resolve(ref, doc, pointer)
        if isinstance(found, Problem):
            self.problems.append(found)
            return ir.AnyValue()
        target_doc, target_pointer, value = found
        return self.expand(ref, value, target_pointer, pointer, target_doc, doc)

    def expand(
        self,
        ref: str,
        value: Any,
        target_pointer: str,
        pointer: str,
        target_doc: Document,
        doc: Document | None = None,
    ) -> ir.TypeNode:
        """The schema a `$ref` outside components points to, built in place (a cycle
        through such references is an error naming the reference)."""
        if target_pointer in getattr(self, "_expanding", set()):
            self.fail(f"$ref {ref!r} is a cycle outside components", pointer, doc)
            return ir.AnyValue()
        self._expanding = getattr(self, "_expanding", set()) | {target_pointer}
        try:
            return self.schema(value, target_pointer, target_doc)
        finally:
            self._expanding = self._expanding - {target_pointer}

    def schema(
        self, schema: Any, pointer: str, doc: Document | None = None
    ) -> ir.TypeNode:
        """The node of `schema`: SchemaBuilder's to build; declared here because a `$ref`
        outside components is expanded in place (`expand`)."""
        raise NotImplementedError


def _anchor(schema: Any, name: str, path: tuple[str, ...] = ()) -> list[str] | None:
    """The pointer tokens of the subschema whose `$anchor` is `name`."""
    if isinstance(schema, dict):
        if schema.get("$anchor") == name:
            return list(path)
        for key, value in schema.items():
            if key in ("enum", "const", "examples", "default"):
                continue
            found = _anchor(value, name, (*path, str(key)))
            if found is not None:
                return found
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found = _anchor(value, name, (*path, str(index)))
            if found is not None:
                return found
    return None


def _along(root: Any, tokens: list[str]) -> list[Any]:
    """The schemas below `root` on the way to `tokens` (root excluded, target included)."""
    out, value = [], root
    for token in tokens:
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit():
            value = value[int(token)]
        out.append(value)
    return out
