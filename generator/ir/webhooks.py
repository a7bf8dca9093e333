"""Pass: the document's `webhooks:` section → `ir.Webhook`s.

Each entry is a `post` whose JSON request body is a `$ref` to a component: an object
whose `type` is a constant (the event type). Anything else is a located error."""

from __future__ import annotations

from typing import Any

from generator.ir import nodes as ir
from generator.ir.operations import Builder
from generator.ir.schemas import COMPONENT_PREFIX
from generator.ir.util import literal_of, text_or_none
from generator.load.document import pointer_join


def _payload(builder: Builder, item: Any, pointer: str) -> str | None:
    post = item.get("post") if isinstance(item, dict) else None
    body = post.get("requestBody") if isinstance(post, dict) else None
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get("application/json") if isinstance(content, dict) else None
    schema = media.get("schema") if isinstance(media, dict) else None
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str) or not ref.startswith(COMPONENT_PREFIX):
        builder.fail(
            "a webhook must be a `post` whose application/json request body is a "
            "$ref to a component schema",
            pointer,
        )
        return None
    return ref[len(COMPONENT_PREFIX) :].replace("~1", "/").replace("~0", "~")


def build_webhooks(builder: Builder, data: dict[str, Any]) -> tuple[ir.Webhook, ...]:
    section = data.get("webhooks")
    if section is None:
        return ()
    if not isinstance(section, dict):
        builder.fail("`webhooks` must be a mapping", "/webhooks")
        return ()
    found: list[ir.Webhook] = []
    seen: dict[str, str] = {}
    for name, item in section.items():
        pointer = pointer_join("/webhooks", str(name))
        payload = _payload(builder, item, pointer)
        if payload is None:
            continue
        named = builder.types.get(payload)
        node = named.type if named is not None else None
        prop = node.property("type") if isinstance(node, ir.Object) else None
        literal = literal_of(prop.type) if prop is not None else None
        if (
            literal is None
            or not literal.is_const
            or not isinstance(literal.values[0], str)
        ):
            builder.fail(
                f"the payload {payload!r} must be an object with a constant string "
                "`type` (the event type)",
                pointer,
            )
            continue
        event_type = literal.values[0]
        if event_type in seen:
            builder.fail(
                f"event type {event_type!r} is also the payload of webhook "
                f"{seen[event_type]!r}",
                pointer,
            )
            continue
        seen[event_type] = str(name)
        post = item["post"]
        found.append(
            ir.Webhook(
                name=str(name),
                event_type=event_type,
                payload=payload,
                description=text_or_none(post.get("description")),
            )
        )
    return tuple(found)
