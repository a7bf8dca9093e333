"""The rules page, the webhooks page and the validate table (`emit/rules.py`,
`emit/webhooks_doc.py`, `emit/selection.py`) on tiny inputs."""

from __future__ import annotations

import black

from generator.emit.render import Renderer
from generator.emit.rules import RulesDocEmitter
from generator.emit.selection import SelectionEmitter
from generator.emit.webhooks_doc import WebhooksDocEmitter
from generator.ir import nodes as ir

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311})


def test_the_rules_page_lists_each_rule_with_its_noun(api: ir.Api) -> None:
    text = RulesDocEmitter(api, Renderer()).render()["rules.md"]
    assert "in Tiny 1.0 request bodies" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert (
        "| `unique-toy-names` | error | `Toys` | no two toys with the same name"
        " (ball `name`) | no |"
    ) in rows
    assert "| `size-range` | error | `Pet` | `size` must be within 1-9 | yes |" in rows
    assert "- `size-range` (int-range): a unit test" in text


EVENTS = '''
class PetAdoptedWebhookEventData(WebhookModel):
    """Who adopted the pet."""

    owner: str
    """The new owner."""


class PetAdoptedWebhookEvent(WebhookEvent):
    """Sent when a pet is adopted."""

    data: PetAdoptedWebhookEventData
    """Event data payload."""

    type: Literal["pet.adopted"]
    """Always `pet.adopted`."""

    __event_type__ = "pet.adopted"
    __nested__ = {"data": PetAdoptedWebhookEventData}


class NotAnEvent(WebhookModel):
    x: int
'''


def test_the_webhooks_page_documents_each_registered_event() -> None:
    text = WebhooksDocEmitter(Renderer(), "tiny", EVENTS).render()["webhooks.md"]
    assert "PetAdoptedWebhookEvent" in text and "NotAnEvent" not in text
    assert "Sent when a pet is adopted." in text
    assert "`data: Data`" in text  # the nested class by its short name
    assert "  - `owner: str`" in text and "The new owner." in text
    assert '`type: Literal["pet.adopted"]`' in text and '- `"pet.adopted"`' in text
    assert "from tiny import" in text


def test_the_validate_table_keeps_the_schemas_the_api_has(api: ir.Api) -> None:
    path, text = SelectionEmitter(api).render().popitem()
    assert path == "tiny/_validation/_selection.py"
    assert black.format_str(text, mode=MODE) == text
    namespace: dict[str, object] = {}
    exec(compile(text, path, "exec"), namespace)
    assert namespace["PACKAGE"] == "tiny"
    assert namespace["DEFAULT_SCHEMA"] == "Pet"
    assert namespace["FILE_SCHEMAS"] == {"pet": "pets.create"}  # `gone` left out
