"""The realtime connection page: every client and server event type, every documented
helper exists on the connection, and the example compiles."""

from __future__ import annotations

import re

from realtime_calls import _realtime
from realtime_calls._realtime_events import CLIENT_EVENTS, SERVER_EVENT_TYPES

from ..conftest import GENERATED

PAGE = GENERATED / "docs" / "realtime" / "connection.md"


def test_page_lists_every_event_and_helper() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert text.startswith("# Realtime Connection\n")
    for kind in SERVER_EVENT_TYPES:
        assert f'- `"{kind}"`' in text
    helpers = re.findall(r"^`connection\.([a-z_.]+)\(", text, re.M)
    assert sorted(helpers) == sorted(CLIENT_EVENTS)
    for path in helpers:
        target: object = _realtime.RealtimeConnection
        for part in path.split("."):
            annotations = getattr(target, "__annotations__", {})
            if part in annotations:
                target = getattr(_realtime, annotations[part])
            else:
                target = getattr(target, part)
                target = getattr(target, "func", target)  # cached_property
                if part != path.split(".")[-1]:
                    target = target.__annotations__["return"]
                    target = getattr(_realtime, target)
        assert callable(target), path
    for code in ("1001", "1005", "1006", "1011", "1012", "1013", "1015"):
        assert code in text


def test_example_compiles() -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        compile(block, str(PAGE), "exec")
