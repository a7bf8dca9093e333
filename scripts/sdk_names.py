"""The SDK's names of the webhook and Realtime event types, for `sdk_names:` in
spec/codegen.yaml (issues 15 and 16: upstream and SDK names differ for ~120 types).

Reads the IR (the spec) and the installed official SDK (`openai`, a test-only
dependency): each webhook payload is matched to the SDK class in `openai.types.webhooks`
with the same constant `type`; each member of `RealtimeClientEvent` /
`RealtimeServerEvent` to the member of the SDK's union of the same name with the same
`type`. Then both are walked together: a property whose type is a named object (or a
list of one) is named as the SDK's class of the same attribute. Each is written as
`module:Name`, the module under `openai.types` (the SDK names parts module-locally:
`webhooks.realtime_call_incoming_webhook_event:Data`).

Then `sdk_modules:` (scripts/sdk_modules.py): every SDK type module the calls, webhook and
realtime surfaces use, each name in it with the spec node it stands for, and the SDK
packages' re-exports (the generated `types/` layout, issue 15). Prints both YAML
sections; `--write` replaces them in spec/codegen.yaml.

Usage: .venv/bin/python scripts/sdk_names.py [--write]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import typing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from generator.ir import nodes as ir  # noqa: E402
from generator.ir.build import build_api  # noqa: E402

CODEGEN = ROOT / "spec" / "codegen.yaml"
UNIONS = {  # upstream union → the SDK's (module, name)
    "RealtimeClientEvent": (
        "openai.types.realtime.realtime_client_event",
        "RealtimeClientEvent",
    ),
    "RealtimeServerEvent": (
        "openai.types.realtime.realtime_server_event",
        "RealtimeServerEvent",
    ),
}


def _classes(annotation: Any) -> list[type]:
    """The model classes inside an annotation (Union, Optional, List, Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _classes(typing.get_args(annotation)[0])
    if origin is not None:
        return [c for a in typing.get_args(annotation) for c in _classes(a)]
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return [annotation]
    return []


def _type_const(cls: type) -> str | None:
    field = getattr(cls, "model_fields", {}).get("type")
    args = typing.get_args(field.annotation) if field is not None else ()
    return args[0] if len(args) == 1 and isinstance(args[0], str) else None


def _named(api: ir.Api, node: ir.TypeNode) -> list[tuple[str, ir.TypeNode]]:
    """The named types (components, or inline objects named by their owner) in `node`."""
    if isinstance(node, ir.Ref) and node.name in api.types:
        return [(node.name, api.types[node.name].type)]
    if isinstance(node, ir.Object) and node.name is not None:
        return [(node.name, node)]
    if isinstance(node, ir.Nullable):
        return _named(api, node.inner)
    if isinstance(node, ir.Array):
        return _named(api, node.items)
    return []


def walk(
    api: ir.Api, name: str, node: ir.TypeNode, cls: type, out: dict[str, str]
) -> None:
    if name in out:
        return
    module = cls.__module__.removeprefix("openai.types.")
    out[name] = f"{module}:{cls.__name__}"
    if not isinstance(node, ir.Object):
        return
    fields = getattr(cls, "model_fields", {})
    for prop in node.properties:
        field = fields.get(prop.name)
        inner = _named(api, prop.type)
        if field is None or len(inner) != 1:
            continue
        sdk = _classes(field.annotation)
        if len(sdk) == 1:
            walk(api, inner[0][0], inner[0][1], sdk[0], out)


def names(api: ir.Api) -> dict[str, str]:
    import openai.types.webhooks as hooks

    out: dict[str, str] = {}
    by_type: dict[str, type] = {}
    for info in pkgutil.iter_modules(hooks.__path__):
        module = importlib.import_module(f"{hooks.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                const = _type_const(value)
                if const is not None:
                    by_type[const] = value
    for hook in api.webhooks:
        if hook.event_type in by_type:
            payload = api.types[hook.payload].type
            walk(api, hook.payload, payload, by_type[hook.event_type], out)
    for union, (module_name, attr) in UNIONS.items():
        node = api.types[union].type if union in api.types else None
        if not isinstance(node, ir.Union):
            continue
        sdk = {
            _type_const(c): c
            for c in _classes(getattr(importlib.import_module(module_name), attr))
        }
        for member in node.members:
            for name, member_node in _named(api, member):
                prop = (
                    member_node.property("type")
                    if isinstance(member_node, ir.Object)
                    else None
                )
                const = (
                    prop.type.values[0]
                    if prop is not None and isinstance(prop.type, ir.Literal)
                    else None
                )
                if const in sdk:
                    walk(api, name, member_node, sdk[const], out)
    return dict(sorted(out.items()))


def modules_section(api: ir.Api) -> str:
    """`sdk_modules:`: each SDK module the surfaces use, its names and their targets,
    then each SDK package's `X as X` re-exports of them (scripts/sdk_modules.py)."""
    import sdk_modules as sdk

    found = sdk.sdk_modules(api)
    lines = [
        "sdk_modules:                     # the SDK's type modules the calls, webhook and realtime",
        "  # surfaces use: each name → model:PATH / param:PATH (a spec node), runtime:MODULE.NAME,",
        "  # or reexport:MODULE (a package's `X as X`); written by scripts/sdk_names.py",
    ]
    packages = sorted({m.rsplit(".", 1)[0] for m in found if "." in m})
    sections = dict(found)
    for package in packages:
        sections[package] = {
            name: f"reexport:{module}"
            for name, module in sorted(sdk.reexports(package, set(found)).items())
            if name in found.get(module, {})
        }
    for module in sorted(sections):
        if not sections[module]:
            continue
        lines.append(f"  {module}:")
        lines += [f"    {k}: {v}" for k, v in sections[module].items()]
    return "\n".join(lines) + "\n"


def _replace_section(text: str, key: str, section: str) -> str:
    start = text.find(f"\n{key}:")
    if start != -1:
        lines = text[start + 1 :].split("\n")
        count = 1
        while count < len(lines) and lines[count].startswith(" "):
            count += 1
        text = text[: start + 1] + "\n".join(lines[count:])
        text = text.rstrip("\n") + "\n"
    return text + section


def render(mapping: dict[str, str]) -> str:
    lines = [
        "sdk_names:                       # the SDK's (module under types, class) of each event and",
        "  # webhook type and their parts: written by scripts/sdk_names.py from the installed SDK",
    ]
    lines += [f"  {k}: {v}" for k, v in mapping.items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    api = build_api(ROOT / "spec" / "upstream.yaml", CODEGEN)
    section = render(names(api))
    modules = modules_section(api)
    if not args.write:
        sys.stdout.write(section + modules)
        return 0
    text = CODEGEN.read_text(encoding="utf-8")
    text = _replace_section(text, "sdk_names", section)
    text = _replace_section(text, "sdk_modules", modules)
    CODEGEN.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
