"""Webhooks: the event classes, the signature error and the idempotency helper.

``client.webhooks.unwrap(payload, headers)`` verifies and parses a delivery
(`Webhooks`); this module holds what a handler names::

    from realtime_calls.webhooks import (
        RealtimeCallIncomingWebhookEvent,
        SQLiteIdempotencyStore,
        WebhookIdempotency,
    )

Importing it is not needed to use ``client.webhooks``.
"""

from . import _webhook_events, _webhook_idempotency
from ._exceptions import InvalidWebhookSignatureError
from ._webhook_events import *  # noqa: F403
from ._webhook_idempotency import *  # noqa: F403
from ._webhooks import (
    AsyncWebhooks,
    HeadersLike,
    Webhooks,
    verify_signature,
    webhook_signature_matches,
)

__all__ = [
    *_webhook_events.__all__,
    *_webhook_idempotency.__all__,
    "AsyncWebhooks",
    "HeadersLike",
    "InvalidWebhookSignatureError",
    "Webhooks",
    "verify_signature",
    "webhook_signature_matches",
]
