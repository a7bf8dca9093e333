"""``client.webhooks``: verify a webhook delivery's signature and parse its event.

The verification is the official ``openai`` SDK 3.51.0's (``resources/webhooks``,
``lib/_webhooks.py``), which signs ``{webhook-id}.{webhook-timestamp}.{body}``
with HMAC-SHA256 (Standard Webhooks): a ``whsec_`` secret is base64-decoded, any
other secret is used as its UTF-8 bytes; ``webhook-signature`` holds one or more
space-separated signatures, each with or without a ``v1,`` prefix, and any of
them may match (secret rotation); the timestamp must be within ``tolerance``
seconds (300) of ``int(clock())`` in both directions; the comparison is
constant-time. The same checks run in the same order, with the same exception
types and messages (contract rule 5).

Where the SDK is plainly wrong we do what is right (each is listed in the
README, "Webhooks: where we differ from the SDK"):

- a ``webhook-signature`` header sent on several lines reaches the handler
  joined with ``", "`` (httpx2, ``http.client``, most frameworks' ``get``), so
  a part may end with a ``,`` that no signature contains: it is dropped; the
  SDK rejects a valid signature that arrives on the first of the lines;
- a header object that keeps repeated lines apart (``get_all`` of
  ``email.message.Message`` / ``http.server``, ``getall`` of aiohttp,
  ``getlist`` of Werkzeug and Starlette, or ``items()`` yielding the name more
  than once) gives every ``webhook-signature`` line, not only the first;
- a signature part with non-ASCII characters is a mismatch
  (`InvalidWebhookSignatureError`), not a ``TypeError`` from
  ``hmac.compare_digest``.

The secret is never stored in a form that a ``repr``, ``vars()``, an exception
or a log record shows (`Secret`).
"""

from __future__ import annotations

import json
import time
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    List,
    Mapping,
    Optional,
    Protocol,
    Union,
)

from ._exceptions import InvalidWebhookSignatureError

if TYPE_CHECKING:
    from ._base_client import BaseClient
    from ._webhook_events import UnwrapWebhookEvent
    from ._webhook_models import WebhookEvent

__all__ = [
    "AsyncWebhooks",
    "HeadersLike",
    "HeadersLikeProtocol",
    "Secret",
    "Webhooks",
    "verify_signature",
    "webhook_signature_matches",
]

DEFAULT_TOLERANCE = 300
"""Seconds a delivery's ``webhook-timestamp`` may be away from now (either way)."""

MISSING_SECRET = (
    "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, "
    "on the client class, OpenAI(webhook_secret='123'), or passed to this function"
)
"""The SDK's message when no secret is configured."""


class HeadersLikeProtocol(Protocol):
    """Any header object with a ``get`` (``email.message.Message``, ...)."""

    def get(self, __key: str) -> str | None: ...


HeadersLike = Union[Mapping[str, Any], HeadersLikeProtocol]
"""What ``headers=`` accepts: any mapping (``dict``, httpx2, Starlette, Django,
aiohttp, Werkzeug headers) or an object with ``get``."""

Clock = Callable[[], float]


class Secret:
    """A secret string that does not show itself.

    ``repr``/``str`` give ``<redacted>``; there is no ``__dict__`` for ``vars()``
    to show; pickling is refused so that it cannot leak into a log by way of a
    serialised object."""

    __slots__ = ("_value",)

    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            import hmac

            return hmac.compare_digest(
                self._value.encode("utf-8", "surrogatepass"),
                other._value.encode("utf-8", "surrogatepass"),
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Secret is read-only")


# -- header lookup ------------------------------------------------------------


def _is_mapping(headers: object) -> bool:
    return isinstance(headers, Mapping)


def _intercaps(header: str) -> str:
    import re

    return re.sub(
        r"([^\w])(\w)",
        lambda pat: pat.group(1) + pat.group(2).upper(),
        header.capitalize(),
    )


def get_required_header(headers: HeadersLike, header: str) -> Any:
    """The SDK's ``get_required_header``: on a mapping, the first item whose name
    matches case-insensitively and whose value is a ``str`` (even an empty one);
    else ``get`` under the name as given, lower-case, upper-case and
    Capitalised-Words, the first non-empty value; else ``ValueError``."""
    lower_header = header.lower()
    if _is_mapping(headers):
        for k, v in headers.items():  # type: ignore[union-attr]
            if isinstance(k, str) and k.lower() == lower_header and isinstance(v, str):
                return v
    for name in (header, lower_header, header.upper(), _intercaps(header)):
        value = headers.get(name)
        if value:
            return value
    raise ValueError(f"Could not find {header} header")


def _all_signature_values(headers: HeadersLike, first: Any) -> Any:
    """Every ``webhook-signature`` line (deviation 2), joined by a space: from
    a multi-valued getter (``get_all``: ``email.message.Message`` and
    ``http.client``; ``get_list``: httpx2; ``getall``: aiohttp; ``getlist``:
    Werkzeug, Starlette) or,
    for a mapping, every item under that name."""
    if not isinstance(first, str):
        return first
    values: List[Any] = []
    for getter in ("get_all", "get_list", "getall", "getlist"):
        method = getattr(headers, getter, None)
        if callable(method):
            try:
                found = method("webhook-signature")
            except Exception:  # another meaning of the name: not a header API
                continue
            if isinstance(found, (list, tuple)):
                values = list(found)
                break
    if not values and _is_mapping(headers):
        values = [
            v
            for k, v in headers.items()  # type: ignore[union-attr]
            if isinstance(k, str) and k.lower() == "webhook-signature"
        ]
    values = [v for v in values if isinstance(v, str)]
    if len(values) <= 1:
        return first
    return " ".join(values)


# -- verification -------------------------------------------------------------


def _is_ascii(text: str) -> bool:
    try:
        text.encode("ascii")
    except UnicodeEncodeError:
        return False
    return True


def _as_secret(secret: str | Secret | None) -> Secret | None:
    return secret if secret is None or isinstance(secret, Secret) else Secret(secret)


def _expected_signature(secret: Secret, signed_payload: str) -> str | Exception:
    """The base64 HMAC-SHA256 of ``signed_payload``, or the exception that
    decoding a ``whsec_`` secret gave (raised by the caller, so that no frame
    of the traceback holds the secret in a local variable)."""
    import base64
    import hashlib
    import hmac

    try:
        value = secret.reveal()
        if value.startswith("whsec_"):
            key = base64.b64decode(value[6:])
        else:
            key = value.encode()
        del value
    except Exception as exc:
        return type(exc)(*exc.args)
    digest = hmac.new(key, signed_payload.encode(), hashlib.sha256).digest()
    del key
    return base64.b64encode(digest).decode()


def webhook_signature_matches(
    payload: str | bytes,
    headers: HeadersLike,
    *,
    secret: str | Secret,
    tolerance: int = DEFAULT_TOLERANCE,
    clock: Optional[Clock] = None,
) -> bool:
    """Check the replay window (raises `InvalidWebhookSignatureError`) and
    whether any of the signatures matches. ``clock`` (default ``time.time``)
    gives the current time; it is truncated to whole seconds, as the SDK does."""
    import hmac

    key = _as_secret(secret)
    del secret  # no str left in this frame
    assert key is not None
    signature_header = get_required_header(headers, "webhook-signature")
    timestamp = get_required_header(headers, "webhook-timestamp")
    webhook_id = get_required_header(headers, "webhook-id")
    signature_header = _all_signature_values(headers, signature_header)

    try:
        timestamp_seconds = int(timestamp)
    except ValueError:
        raise InvalidWebhookSignatureError("Invalid webhook timestamp format") from None

    now = int((clock or time.time)())
    if now - timestamp_seconds > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too old") from None
    if timestamp_seconds > now + tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too new") from None

    signatures: List[str] = []
    for part in signature_header.split():
        if part.startswith("v1,"):
            part = part[3:]
        if part.endswith(","):  # deviation 1: repeated header lines joined by ", "
            part = part[:-1]
        signatures.append(part)

    body = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    expected = _expected_signature(key, f"{webhook_id}.{timestamp}.{body}")
    if isinstance(expected, Exception):  # an invalid whsec_ secret, as the SDK
        raise expected
    # Every part is compared (no early exit), in constant time per part;
    # non-ASCII parts cannot match (deviation 3).
    matched = False
    for sig in signatures:
        if _is_ascii(sig) and hmac.compare_digest(expected, sig):
            matched = True
    return matched


def verify_signature(
    payload: str | bytes,
    headers: HeadersLike,
    *,
    secret: str | Secret | None,
    tolerance: int = DEFAULT_TOLERANCE,
    clock: Optional[Clock] = None,
) -> None:
    """Raise `InvalidWebhookSignatureError` unless the payload was signed with
    ``secret`` (``ValueError`` when there is no secret or a header is missing)."""
    key = _as_secret(secret)
    del secret  # no str left in this frame
    if key is None:
        raise ValueError(MISSING_SECRET) from None
    if not webhook_signature_matches(
        payload, headers, secret=key, tolerance=tolerance, clock=clock
    ):
        raise InvalidWebhookSignatureError(
            "The given webhook signature does not match the expected signature"
        )


def parse_payload(payload: str | bytes) -> WebhookEvent:
    """The event a (verified) payload holds: the event class registered for its
    ``type``, or `UnknownWebhookEvent` (contract rule 4: never raised). Typed as
    the base class: `AnyWebhookEvent` at run time."""
    from ._webhook_events import construct_webhook_event

    body = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    return construct_webhook_event(json.loads(body))


# -- the resources --------------------------------------------------------------


class _WebhooksBase:
    _client: BaseClient

    def __init__(self, client: BaseClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def _secret(self, secret: str | Secret | None) -> Secret | None:
        if secret is None:
            return self._client._webhook_secret
        return _as_secret(secret)

    def unwrap(
        self,
        payload: str | bytes,
        headers: HeadersLike,
        *,
        secret: str | Secret | None = None,
        clock: Optional[Clock] = None,
    ) -> UnwrapWebhookEvent:
        """Validates that the given payload was sent by OpenAI and parses the payload.

        Returns the typed event for its ``type`` (``event.data.call_id``, ...),
        or an `UnknownWebhookEvent` for a type this package does not know
        (never an error: contract rule 4). ``clock`` replaces ``time.time``."""
        secret = self._secret(secret)  # no str left in this frame
        self.verify_signature(payload, headers, secret=secret, clock=clock)
        # Typed as the SDK types it (see `UnwrapWebhookEvent`); an unknown type
        # is an `UnknownWebhookEvent` at run time.
        return parse_payload(payload)  # type: ignore[return-value]

    def verify_signature(
        self,
        payload: str | bytes,
        headers: HeadersLike,
        *,
        secret: str | Secret | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
        clock: Optional[Clock] = None,
    ) -> None:
        """Validates whether or not the webhook payload was sent by OpenAI.

        Args:
            payload: The webhook payload
            headers: The webhook headers
            secret: The webhook secret (optional, will use client secret if not provided)
            tolerance: Maximum age of the webhook in seconds (default: 300 = 5 minutes)
            clock: Current time in seconds (default: ``time.time``)
        """
        secret = self._secret(secret)  # no str left in this frame
        verify_signature(
            payload, headers, secret=secret, tolerance=tolerance, clock=clock
        )


class Webhooks(_WebhooksBase):
    """``client.webhooks`` of `OpenAI`."""


class AsyncWebhooks(_WebhooksBase):
    """``client.webhooks`` of `AsyncOpenAI`: the same methods, synchronous as in
    the SDK (nothing in them waits on I/O)."""
