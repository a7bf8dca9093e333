"""The SDK's type modules that the calls, webhook and realtime surfaces use, each name in
them matched to the spec node it stands for: `sdk_modules:` in spec/codegen.yaml (issue 15,
the import-level drop-in). Used by scripts/sdk_names.py, which writes the section.

The modules are the closure of the SDK's own relative imports from the surfaces' roots
(`ROOTS`: the calls params, the client and server event unions, the connection's params,
the 15 webhooks of the spec). Each name a module defines (its top-level classes and
aliases, read from the source) is matched by walking the SDK's annotation and the IR
side by side from a root: model fields and `TypedDict` keys by name, union members by
their constant `type` (else by position), list items. A name is written as
`model:PATH` (the SDK has a response model or a model alias there), `param:PATH` (a
`TypedDict` or an alias in a `..._param` module) or `runtime:MODULE.NAME` (a class of the
client runtime); PATH is a spec type name followed by `.property`, `[]` (array items) and
`|N` (union member N). A package's `X as X` re-exports are `reexport:MODULE`.
"""

from __future__ import annotations

import ast
import importlib
import typing

import typing_extensions
from pathlib import Path
from typing import Any

from generator.ir import nodes as ir
from generator.ir.sdk_paths import deref as _deref, resolve

# module under openai.types → (name, spec type or None (webhooks: by type), kind)
ROOTS: tuple[tuple[str, str, str, str], ...] = (
    (
        "realtime.call_accept_params",
        "CallAcceptParams",
        "RealtimeCallAcceptRequest",
        "param",
    ),
    (
        "realtime.call_create_params",
        "CallCreateParams",
        "RealtimeCallCreateRequest",
        "param",
    ),
    (
        "realtime.call_refer_params",
        "CallReferParams",
        "RealtimeCallReferRequest",
        "param",
    ),
    (
        "realtime.call_reject_params",
        "CallRejectParams",
        "RealtimeCallRejectRequest",
        "param",
    ),
    (
        "realtime.realtime_client_event_param",
        "RealtimeClientEventParam",
        "RealtimeClientEvent",
        "param",
    ),
    (
        "realtime.realtime_client_event",
        "RealtimeClientEvent",
        "RealtimeClientEvent",
        "model",
    ),
    (
        "realtime.realtime_server_event",
        "RealtimeServerEvent",
        "RealtimeServerEvent",
        "model",
    ),
    (
        "realtime.conversation_item_param",
        "ConversationItemParam",
        "RealtimeConversationItem",
        "param",
    ),
    (
        "realtime.realtime_response_create_params_param",
        "RealtimeResponseCreateParamsParam",
        "RealtimeResponseCreateParams",
        "param",
    ),
)
# names the runtime defines by hand (`types/websocket_*.py` are runtime modules copied
# verbatim, so they are not listed here)
RUNTIME = {
    # the connection yields the runtime's base class (every generated server event
    # derives from it; unknown types too), so code annotated with it type-checks
    "realtime.realtime_server_event": {
        "RealtimeServerEvent": "_realtime_events.RealtimeServerEvent",
    },
    "webhooks.unwrap_webhook_event": {
        "UnwrapWebhookEvent": "_webhook_events.UnwrapWebhookEvent",
    },
}
WEBHOOK_PACKAGE = "webhooks"


def types_dir() -> Path:
    import openai.types

    return Path(openai.types.__file__).parent


def _source(module: str) -> Path | None:
    base = types_dir() / module.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.exists():
            return path
    return None


def defined_names(module: str) -> list[str]:
    """The public names a module defines itself (classes, aliases), in source order."""
    path = _source(module)
    assert path is not None, module
    names: list[str] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return [n for n in names if not n.startswith("_") and n != "__all__"]


def _imports(module: str) -> list[tuple[str, str, str]]:
    """(target module, imported name, bound name) of a module's relative imports."""
    path = _source(module)
    assert path is not None, module
    package = (
        module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    )
    out = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
        target = ".".join([*base, *([node.module] if node.module else [])])
        if target.startswith("_") or target == "":
            continue  # the SDK's private runtime (_models, _utils, ...)
        for alias in node.names:
            sub = f"{target}.{alias.name}" if target else alias.name
            if _source(sub) is not None:
                out.append((sub, alias.name, alias.asname or alias.name))
            elif _source(target) is not None:
                out.append((target, alias.name, alias.asname or alias.name))
    return out


def twin(module: str) -> str | None:
    """A module's model / `_param` twin (`foo` ↔ `foo_param`), if the SDK has it."""
    other = (
        module.removesuffix("_param")
        if module.endswith("_param")
        else module + "_param"
    )
    return other if other != module and _source(other) is not None else None


def closure(roots: list[str]) -> list[str]:
    """The modules reached by relative imports, with each one's model / param twin
    (some `_param` modules are reached only through the package's re-exports)."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        module = stack.pop()
        if module in seen:
            continue
        seen.add(module)
        stack += [target for target, _, _ in _imports(module)]
        other = twin(module)
        if other is not None and not module.endswith("_params"):
            stack.append(other)
    return sorted(seen)


def required_modules(webhook_modules: list[str]) -> list[str]:
    roots = [r[0] for r in ROOTS] + webhook_modules
    roots += [m for m in RUNTIME if not m.startswith(WEBHOOK_PACKAGE)]
    return closure(roots)


# -- matching ---------------------------------------------------------------------------
def _strip(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Annotated, typing.Required, typing.NotRequired):
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union and type(None) in typing.get_args(annotation):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]
        else:
            return annotation


def _fields(cls: type) -> dict[str, Any]:
    if hasattr(cls, "model_fields"):
        return {k: f.annotation for k, f in cls.model_fields.items()}
    if hasattr(cls, "__total__"):  # a TypedDict
        return typing.get_type_hints(cls, include_extras=True)
    return {}


def _const(api: ir.Api, node: ir.TypeNode, key: str) -> object:
    node = _deref(api, node)
    prop = node.property(key) if isinstance(node, ir.Object) else None
    if (
        prop is not None
        and isinstance(prop.type, ir.Literal)
        and len(prop.type.values) == 1
    ):
        return prop.type.values[0]
    return None


def _sdk_const(cls: Any, key: str) -> object:
    annotation = _strip(_fields(cls).get(key)) if isinstance(cls, type) else None
    args = (
        typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Literal
        else ()
    )
    return args[0] if len(args) == 1 else None


def _literal_values(api: ir.Api, node: ir.TypeNode) -> set[object]:
    node = _deref(api, node)
    if isinstance(node, ir.Literal):
        return set(node.values)
    if isinstance(node, ir.Union):
        return {v for m in node.members for v in _literal_values(api, m)}
    return set()


def _pair_members(
    api: ir.Api, sdk: list[Any], spec: list[ir.TypeNode]
) -> list[tuple[Any, int]]:
    """SDK union members paired with the spec union's: literals by their values,
    classes by constant `type` (then `role`), the rest by position."""
    pairs: list[tuple[Any, int]] = []
    used: set[int] = set()
    rest = []
    for member in sdk:
        if typing.get_origin(member) is typing.Literal:
            values = set(typing.get_args(member))
            hits = [i for i, n in enumerate(spec) if values & _literal_values(api, n)]
            if len(hits) == 1:
                pairs.append((member, hits[0]))
                used.add(hits[0])
            continue
        if member is str or member is type(None):
            continue
        rest.append(member)
    unpaired = []
    for cls in rest:
        hits = []
        for key in ("type", "role"):
            const = _sdk_const(cls, key)
            if const is None:
                continue
            hits = [
                i
                for i, n in enumerate(spec)
                if i not in used and _const(api, n, key) == const
            ]
            if len(hits) > 1 and key == "type":
                role = _sdk_const(cls, "role")
                hits = [i for i in hits if _const(api, spec[i], "role") == role]
            if hits:
                break
        if len(hits) == 1:
            pairs.append((cls, hits[0]))
            used.add(hits[0])
        else:
            unpaired.append(cls)
    left = [
        i
        for i, n in enumerate(spec)
        if i not in used and not isinstance(_deref(api, n), (ir.Literal, ir.Primitive))
    ]
    if len(left) == len(unpaired):
        pairs += list(zip(unpaired, left))
    return pairs


def _param_module(module: str) -> bool:
    """A module of request params: `..._param`, or one whose classes are `TypedDict`s
    (`call_accept_params`; `realtime_response_create_params` holds models)."""
    if module.endswith("_param"):
        return True
    loaded = importlib.import_module(f"openai.types.{module}")
    return any(
        typing_extensions.is_typeddict(getattr(loaded, n))
        for n in defined_names(module)
    )


class Matcher:
    def __init__(self, api: ir.Api, modules: list[str]) -> None:
        self.api = api
        self.where: dict[int, list[tuple[str, str]]] = {}
        self._values: dict[int, Any] = {}
        for module in modules:
            loaded = importlib.import_module(f"openai.types.{module}")
            for name in defined_names(module):
                value = getattr(loaded, name, None)
                if value is not None:
                    self.where.setdefault(id(value), []).append((module, name))
                    self._values[id(value)] = value
        self.aliases = [
            (loaded_value, places)
            for loaded_value, places in (
                (self._values[k], v) for k, v in self.where.items()
            )
            if not isinstance(loaded_value, type)
        ]
        self.found: dict[tuple[str, str], str] = {}
        self._seen: set[tuple[int, str]] = set()

    def walk(self, annotation: Any, path: str, kind: str) -> None:
        raw = resolve(self.api, path)
        while isinstance(raw, ir.Nullable):
            raw = raw.inner
        if isinstance(raw, ir.Ref) and raw.name in self.api.types:
            path = raw.name  # a named type: named, not reached
        for module, name in self._lookup(annotation):
            module_kind = "param" if _param_module(module) else "model"
            self.found.setdefault((module, name), f"{module_kind}:{path}")
        key = (id(annotation), path)
        if key in self._seen:
            return
        self._seen.add(key)
        if typing.get_origin(annotation) in (typing.Required, typing.NotRequired):
            return self.walk(typing.get_args(annotation)[0], path, kind)
        stripped = _strip(annotation)
        if stripped is not annotation:
            return self.walk(stripped, path, kind)
        node = _deref(self.api, self._node(path))
        origin = typing.get_origin(annotation)
        if (
            isinstance(annotation, type)
            and _fields(annotation)
            and isinstance(node, ir.Object)
        ):
            for field, inner in _fields(annotation).items():
                if node.property(field) is not None:
                    self.walk(inner, f"{path}.{field}", kind)
        elif origin is typing.Union and isinstance(node, ir.Union):
            members = list(typing.get_args(annotation))
            for member, index in _pair_members(self.api, members, list(node.members)):
                self.walk(member, f"{path}|{index}", kind)
        elif origin is dict and isinstance(node, ir.Map):
            self.walk(typing.get_args(annotation)[1], f"{path}{{}}", kind)
        elif (
            origin is not None
            and typing.get_args(annotation)
            and isinstance(node, ir.Array)
        ):
            self.walk(typing.get_args(annotation)[0], f"{path}[]", kind)

    def _lookup(self, annotation: Any) -> list[tuple[str, str]]:
        if id(annotation) in self.where:
            return self.where[id(annotation)]
        if isinstance(annotation, type):
            return []
        out: list[tuple[str, str]] = []
        for value, places in self.aliases:
            try:
                equal = bool(_strip(value) == annotation)
            except Exception:
                equal = False
            if equal:
                out += places
        return out

    def _node(self, path: str) -> ir.TypeNode:
        return resolve(self.api, path)


def sdk_modules(api: ir.Api) -> dict[str, dict[str, str]]:
    import openai.types.webhooks as hooks

    webhook_types = {h.event_type: h.payload for h in api.webhooks}
    webhook_roots: list[tuple[str, str, str]] = []
    for path in sorted((types_dir() / WEBHOOK_PACKAGE).glob("*_webhook_event.py")):
        module = f"{WEBHOOK_PACKAGE}.{path.stem}"
        loaded = importlib.import_module(f"{hooks.__name__}.{path.stem}")
        for name in defined_names(module):
            const = _sdk_const(getattr(loaded, name), "type")
            if const in webhook_types:
                webhook_roots.append((module, name, webhook_types[str(const)]))
    modules = required_modules([m for m, _, _ in webhook_roots])
    matcher = Matcher(api, modules)
    for module, name, spec, kind in ROOTS:
        value = getattr(importlib.import_module(f"openai.types.{module}"), name)
        matcher.walk(value, spec, kind)
    for module, name, spec in webhook_roots:
        value = getattr(importlib.import_module(f"openai.types.{module}"), name)
        matcher.walk(value, spec, "model")
    for module in modules:  # names reached only through their twin module
        other = twin(module)
        kind = "param" if _param_module(module) else "model"
        for name in defined_names(module) if other else []:
            if (module, name) in matcher.found:
                continue
            for candidate in (name, name.removesuffix("Param"), name + "Param"):
                found = matcher.found.get((str(other), candidate))
                if found is not None:
                    matcher.found[(module, name)] = f"{kind}:{found.partition(':')[2]}"
                    break
    out: dict[str, dict[str, str]] = {}
    for module in modules:
        entries: dict[str, str] = {}
        for name in defined_names(module):
            runtime = RUNTIME.get(module, {}).get(name)
            if runtime is not None:
                entries[name] = f"runtime:{runtime}"
            elif (module, name) in matcher.found:
                entries[name] = matcher.found[(module, name)]
        if entries:
            out[module] = entries
    out["webhooks.unwrap_webhook_event"] = {
        k: f"runtime:{v}" for k, v in RUNTIME["webhooks.unwrap_webhook_event"].items()
    }
    return dict(sorted(out.items()))


def reexports(package: str, modules: set[str]) -> dict[str, str]:
    """The `from .x import X as X` lines of an SDK package's `__init__` among `modules`."""
    found: dict[str, str] = {}
    for target, name, bound in _imports(package):
        if target in modules and name == bound:
            found[name] = target
    return found
