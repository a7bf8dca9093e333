"""The webhooks reference page: every event and field of the typed layer, the
methods and the idempotency helper, in the calls page's format, with examples
that are valid Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "generated" / "docs" / "webhooks.md"


def test_page_lists_every_event_and_field(rc: ModuleType) -> None:
    text = PAGE.read_text(encoding="utf-8")
    for event_type, cls in rc.webhooks.WEBHOOK_EVENTS.items():
        assert f"- `class {cls.__name__}: …`" in text
        assert f'- `type: Literal["{event_type}"]`' in text
        assert f'- `"{event_type}"`' in text
        section = text.split(f"- `class {cls.__name__}: …`", 1)[1].split(
            "- `class ", 1
        )[0]
        for name in ("id", "created_at", "data", "object"):
            assert f"- `{name}: " in section, (cls.__name__, name)
        data_fields = set(cls.__nested__["data"].__annotations__) - {"__nested__"}
        for name in data_fields:
            assert f"  - `{name}: " in section, (cls.__name__, name)
    assert "- `class UnknownWebhookEvent: …`" in text


def test_page_format_and_examples() -> None:
    text = PAGE.read_text(encoding="utf-8")
    headings = re.findall(r"^(#+ .*)$", text, re.M)
    assert headings[0] == "# Webhooks"
    assert [h for h in headings if h.startswith("## ")] == [
        "## Unwrap webhook",
        "## Verify webhook signature",
        "## Process each delivery once",
    ]
    assert "`webhooks.unwrap(str | bytes payload, HeadersLike headers, " in text
    assert "`webhooks.verify_signature(str | bytes payload, " in text
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 3
    for block in blocks:
        ast.parse(block)
        assert "from realtime_calls import OpenAI" in block or (
            "from realtime_calls import InvalidWebhookSignatureError, OpenAI" in block
        )
    # the page's 4 messages are the ones the code raises
    for message in (
        "Invalid webhook timestamp format",
        "Webhook timestamp is too old",
        "Webhook timestamp is too new",
        "The given webhook signature does not match the expected signature",
    ):
        assert f'`"{message}"`' in text
        assert message in (ROOT / "templates/client/runtime/_webhooks.py").read_text()


def test_sdk_naming_flavour(tmp_path: Path) -> None:
    from generator.config import GenerateConfig
    from generator.pipeline import generate

    files = generate(GenerateConfig(sdk_package="openai"))
    page = files["docs/webhooks.md"]
    assert "from openai import OpenAI" in page
    assert "realtime_calls" not in page
