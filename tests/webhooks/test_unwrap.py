"""``client.webhooks.unwrap``: the upstream document's example payloads, the
typed events against the document, unknown events (contract rule 4), dict
round trips, secret hygiene, and our deviations from the SDK on real header
objects from a loopback HTTP server."""

from __future__ import annotations

import asyncio
import base64
import email.message
import http.client
import json
import logging
import pickle
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterator, List, Optional, Tuple

import httpx2
import openai
import pytest
import yaml

from tests.webhooks.conftest import pinned_clock, sign
from tests.conftest import skip_unless_ci

SHARED = Path(__file__).resolve().parents[3] / "shared"
DOCUMENTS = {
    name: SHARED / "upstream" / f"openai-openapi-{name}" / "openapi.yaml"
    for name in ("5162af9", "535f5dc")
}
KEY = b"webhook-test-key-0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
NOW = 1_719_168_100

# The examples upstream that are not valid JSON (checked below): the incoming
# call's example has a trailing comma after the last SIP header, in both
# documents.
INVALID_EXAMPLES = {"realtime.call.incoming"}


def _load(path: Path) -> Any:
    if not path.exists():
        skip_unless_ci(f"{path} is not there")
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


_DOCS: Dict[str, Any] = {}


def document(name: str) -> Any:
    if name not in _DOCS:
        _DOCS[name] = _load(DOCUMENTS[name])
    return _DOCS[name]


def webhook_schemas(doc: Any) -> Dict[str, Tuple[str, Dict[str, Any]]]:
    """``type`` -> (schema name, schema) for every entry of ``webhooks:``."""
    out = {}
    for item in doc["webhooks"].values():
        ref = item["post"]["requestBody"]["content"]["application/json"]["schema"][
            "$ref"
        ]
        name = ref.rsplit("/", 1)[1]
        schema = doc["components"]["schemas"][name]
        out[schema["properties"]["type"]["enum"][0]] = (name, schema)
    return out


def headers_for(
    body: str | bytes, *, webhook_id: str = "msg_1", ts: int = NOW
) -> Dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": "v1," + sign(KEY, webhook_id, str(ts), body),
    }


@pytest.fixture()
def client(rc: ModuleType) -> Any:
    return rc.OpenAI(api_key="sk-test", webhook_secret=SECRET)


def sdk_unwrap(body: str, headers: Any) -> Any:
    sdk = openai.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    with pinned_clock(NOW):
        return sdk.webhooks.unwrap(body, headers)


# -- the document's examples -----------------------------------------------------


@pytest.mark.parametrize("doc_name", list(DOCUMENTS))
def test_upstream_examples(rc: ModuleType, client: Any, doc_name: str) -> None:
    schemas = webhook_schemas(document(doc_name))
    assert len(schemas) == 15
    invalid = set()
    for event_type, (_, schema) in schemas.items():
        example = schema["x-oaiMeta"]["example"]
        headers = headers_for(example)
        try:
            expected = json.loads(example)
        except json.JSONDecodeError:
            invalid.add(event_type)
            with pytest.raises(json.JSONDecodeError):
                client.webhooks.unwrap(example, headers, clock=lambda: NOW)
            with pytest.raises(json.JSONDecodeError):
                sdk_unwrap(example, headers)
            # signed as sent, so the signature itself is fine
            client.webhooks.verify_signature(example, headers, clock=lambda: NOW)
            continue
        ours = client.webhooks.unwrap(example, headers, clock=lambda: NOW)
        sdk = sdk_unwrap(example, headers)
        assert type(ours).__name__ == type(sdk).__name__
        assert isinstance(ours, rc.webhooks.WEBHOOK_EVENTS[event_type])
        assert ours.to_dict() == sdk.to_dict() == expected
        assert ours.model_dump() == expected
        assert (ours.id, ours.type, ours.created_at) == (
            sdk.id,
            sdk.type,
            sdk.created_at,
        )
        assert ours.data.to_dict() == sdk.data.to_dict()
        assert ours.object is None and sdk.object is None  # not in the examples
    assert invalid == INVALID_EXAMPLES


def test_incoming_call_with_its_example_repaired(rc: ModuleType, client: Any) -> None:
    _, schema = webhook_schemas(document("535f5dc"))["realtime.call.incoming"]
    example = schema["x-oaiMeta"]["example"].replace("},\n    ]", "}\n    ]")
    event = client.webhooks.unwrap(example, headers_for(example), clock=lambda: NOW)
    sdk = sdk_unwrap(example, headers_for(example))
    assert isinstance(event, rc.webhooks.RealtimeCallIncomingWebhookEvent)
    assert (
        event.data.call_id == sdk.data.call_id == "rtc_479a275623b54bdb9b6fbae2f7cbd408"
    )
    assert [(h.name, h.value) for h in event.data.sip_headers] == [
        (h.name, h.value) for h in sdk.data.sip_headers
    ]
    assert isinstance(
        event.data.sip_headers[0],
        rc.webhooks.RealtimeCallIncomingWebhookEventDataSipHeader,
    )
    assert event.to_dict() == json.loads(example)  # as received
    # The SDK adds the fields it defaults (`object`, `sip_media_security`) as
    # None; without those the two agree.
    assert event.to_dict() == sdk.to_dict(exclude_none=True)
    assert json.loads(event.to_json()) == json.loads(sdk.to_json(exclude_none=True))


def test_typed_layer_matches_the_document(rc: ModuleType) -> None:
    """The hand-written typed layer (until it is generated) follows the
    upstream document: one class per webhook, the same fields and required
    fields, and the data payload's fields."""
    events = rc.webhooks.WEBHOOK_EVENTS
    for doc_name in DOCUMENTS:
        schemas = webhook_schemas(document(doc_name))
        assert set(events) == set(schemas), doc_name
        for event_type, (_, schema) in schemas.items():
            cls = events[event_type]
            assert cls.__event_type__ == event_type
            assert set(cls.__annotations__) - {"__event_type__", "__nested__"} == set(
                schema["properties"]
            )
            data = schema["properties"]["data"]
            data_cls = cls.__nested__["data"]
            declared = set(data_cls.__annotations__) - {"__nested__"}
            assert declared == set(data["properties"]), event_type
            assert set(data["required"]) <= declared
            assert "Optional" not in str(cls.__annotations__["id"])
            assert "Optional" in str(cls.__annotations__["object"])
            assert set(schema["required"]) == {"created_at", "id", "data", "type"}
            assert cls.__doc__.strip() == schema["description"].strip()


# -- open models (contract rule 4) --------------------------------------------------


def test_unknown_event_type_is_a_generic_event(rc: ModuleType, client: Any) -> None:
    payload = {
        "id": "evt_9",
        "object": "event",
        "type": "realtime.call.transferred",
        "created_at": NOW,
        "data": {"call_id": "rtc_9", "target": {"uri": "tel:+1"}},
    }
    body = json.dumps(payload)
    event = client.webhooks.unwrap(body, headers_for(body), clock=lambda: NOW)
    assert type(event) is rc.webhooks.UnknownWebhookEvent
    assert isinstance(event, rc.webhooks.WebhookEvent)
    assert event.type == "realtime.call.transferred"
    assert event.data.call_id == "rtc_9" and event.data.target.uri == "tel:+1"
    assert event.to_dict() == payload
    # the SDK labels it as one of its known classes instead
    sdk = sdk_unwrap(body, headers_for(body))
    assert type(sdk).__name__ != "UnknownWebhookEvent"


def test_new_fields_are_kept(rc: ModuleType, client: Any) -> None:
    payload = {
        "id": "evt_1",
        "type": "realtime.call.incoming",
        "created_at": NOW,
        "data": {
            "call_id": "rtc_1",
            "sip_headers": [{"name": "From", "value": "<sip:a@b>", "extra": 1}],
            "sip_media_security": "srtp",
        },
        "later": [1, {"a": None}],
    }
    body = json.dumps(payload).encode()
    event = client.webhooks.unwrap(body, headers_for(body), clock=lambda: NOW)
    assert event.data.sip_media_security == "srtp"  # a newer upstream field
    assert event.data.sip_headers[0].extra == 1
    assert event.later[1].a is None
    assert event.model_extra == {"later": [1, {"a": None}]}
    assert event.to_dict() == payload
    assert event.model_dump(exclude_none=True)["later"] == [1, {}]
    assert rc.webhooks.construct_webhook_event(event.to_dict()) == event
    assert pickle.loads(pickle.dumps(event)) == event
    with pytest.raises(AttributeError):
        event.data.nonexistent
    minimal = {
        "type": "batch.completed",
        "id": "e",
        "created_at": 1,
        "data": {"id": "b"},
    }
    batch = rc.webhooks.construct_webhook_event(minimal)
    assert batch.object is None  # declared, optional, not sent
    assert batch.data.id == "b"
    copy = rc.webhooks.BatchCompletedWebhookEvent.model_validate(batch.to_dict())
    assert copy == batch and copy.to_dict() is not batch.to_dict()
    with pytest.raises(TypeError):
        rc.webhooks.construct_webhook_event([1, 2])


def test_register_a_generated_event_class(rc: ModuleType) -> None:
    events = rc.webhooks

    @events.register_webhook_event
    class VideoCompletedWebhookEvent(events.WebhookEvent):
        __event_type__ = "video.completed"

    try:
        event = events.construct_webhook_event(
            {"type": "video.completed", "id": "e", "created_at": 1, "data": {"id": "v"}}
        )
        assert type(event) is VideoCompletedWebhookEvent and event.data.id == "v"
    finally:
        del events.WEBHOOK_EVENTS["video.completed"]
    with pytest.raises(TypeError):
        events.register_webhook_event(int)


def test_async_client_and_env_secret(
    rc: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    body = json.dumps(
        {"type": "response.completed", "id": "e", "created_at": 1, "data": {"id": "r"}}
    )
    now = int(time.time())  # the default clock

    async def main() -> Any:
        async with rc.AsyncOpenAI(api_key="sk-test") as client:
            return client.webhooks.unwrap(body, headers_for(body, ts=now))

    event = asyncio.run(main())
    assert isinstance(event, rc.webhooks.ResponseCompletedWebhookEvent)
    assert event.data.id == "r"


def test_missing_secret_as_the_sdk(rc: ModuleType) -> None:
    body = "{}"
    ours = rc.OpenAI(api_key="sk-test")
    sdk = openai.OpenAI(api_key="sk-test")
    with pytest.raises(ValueError) as sdk_info:
        sdk.webhooks.verify_signature(body, headers_for(body))
    with pytest.raises(ValueError) as info:
        ours.webhooks.verify_signature(body, headers_for(body))
    assert str(info.value) == str(sdk_info.value)
    assert type(info.value) is ValueError
    # per call secret wins over the client's
    with_secret = rc.OpenAI(api_key="sk-test", webhook_secret="whsec_AAAA")
    with_secret.webhooks.verify_signature(
        body, headers_for(body), secret=SECRET, clock=lambda: NOW
    )
    with pytest.raises(rc.InvalidWebhookSignatureError):
        with_secret.webhooks.verify_signature(
            body, headers_for(body), clock=lambda: NOW
        )


def test_secret_never_shows(rc: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = rc.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    body = "{}"
    bad = dict(headers_for(body), **{"webhook-signature": "v1,AAAA"})
    texts: List[str] = []
    cases = [
        (client, bad, NOW, None),
        (client, headers_for(body), NOW + 10_000, None),
        (client, {}, NOW, None),
        (rc.OpenAI(api_key="sk-test"), bad, NOW, SECRET),  # passed per call
        (client, bad, NOW, "whsec_" + SECRET[6:-2]),  # not base64: binascii.Error
    ]
    for owner, headers, now, secret in cases:
        with pytest.raises(ValueError) as info:
            owner.webhooks.unwrap(body, headers, secret=secret, clock=lambda: now)
        texts += [str(info.value), repr(info.value)]
        # no frame of the traceback holds the secret (error reporters such as
        # Sentry record frame locals); the test's own frame is left out
        texts += [repr(entry.locals) for entry in info.traceback[1:]]
        texts += [repr(info.value.__context__), repr(info.value.__cause__)]
    texts += [repr(client), repr(vars(client)), repr(client.webhooks)]
    texts += [r.getMessage() for r in caplog.records]
    for text in texts:
        assert SECRET not in text and SECRET[6:] not in text
    assert "<redacted>" in repr(vars(client))


def test_constant_time_compare_of_every_part(
    rc: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every signature part goes through ``hmac.compare_digest`` (no ``==``, no
    early exit that would tell which part matched)."""
    import hmac

    compared: List[str] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        compared.append(b)
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client = rc.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    body = "{}"
    good = headers_for(body)["webhook-signature"]
    headers = dict(
        headers_for(body), **{"webhook-signature": f"{good} v1,AAAA v1,BBBB"}
    )
    client.webhooks.verify_signature(body, headers, clock=lambda: NOW)
    assert compared == [good[3:], "AAAA", "BBBB"]


# -- deviations, on real header objects ----------------------------------------------


class _Capture(BaseHTTPRequestHandler):
    received: "List[Tuple[bytes, email.message.Message]]" = []

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((body, self.headers))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def capture() -> Iterator[Tuple[str, List[Tuple[bytes, email.message.Message]]]]:
    _Capture.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Capture)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", _Capture.received
    finally:
        server.shutdown()
        server.server_close()


def _deliver(address: str, body: bytes, lines: List[Tuple[str, str]]) -> None:
    conn = http.client.HTTPConnection(address, timeout=10)
    conn.putrequest("POST", "/webhook")
    for name, value in lines + [("Content-Length", str(len(body)))]:
        conn.putheader(name, value)
    conn.endheaders(body)
    assert conn.getresponse().status == 200
    conn.close()


@pytest.mark.parametrize("valid_first", [True, False])
def test_signature_on_one_of_repeated_header_lines(
    rc: ModuleType, capture: Any, valid_first: bool
) -> None:
    """Deviation 1 and 2: the valid signature arrives on one of two
    ``webhook-signature`` lines. Ours accepts it from every header object;
    the SDK rejects it where the lines are joined with ", " (httpx2) with the
    valid one first, and where only the first line is read (http.server's
    message) with the valid one second."""
    address, received = capture
    body = b'{"type": "batch.failed", "id": "e", "created_at": 1, "data": {"id": "b"}}'
    good = headers_for(body)
    other = "v1," + base64.b64encode(b"\1" * 32).decode()
    signatures = [good["webhook-signature"], other]
    if not valid_first:
        signatures.reverse()
    lines = [
        ("webhook-id", good["webhook-id"]),
        ("webhook-timestamp", good["webhook-timestamp"]),
    ]
    lines += [("webhook-signature", s) for s in signatures]
    _deliver(address, body, lines)
    ((got_body, message),) = received
    assert message.get_all("webhook-signature") == signatures

    views: Dict[str, Any] = {
        "http.server message": message,
        "httpx2.Headers": httpx2.Headers(list(message.items())),
        "dict of the joined view": dict(httpx2.Headers(list(message.items())).items()),
    }
    client = rc.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    sdk = openai.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    sdk_accepts = {}
    for name, headers in views.items():
        event = client.webhooks.unwrap(got_body, headers, clock=lambda: NOW)
        assert event.data.id == "b", name
        with pinned_clock(NOW):
            try:
                sdk.webhooks.unwrap(got_body, headers)
                sdk_accepts[name] = True
            except openai.InvalidWebhookSignatureError:
                sdk_accepts[name] = False
    if valid_first:  # the SDK reads "v1,<valid>, v1,<other>" and keeps the comma
        assert sdk_accepts == {
            "http.server message": True,
            "httpx2.Headers": False,
            "dict of the joined view": False,
        }
    else:  # the SDK reads only the first line from http.server's message
        assert sdk_accepts == {
            "http.server message": False,
            "httpx2.Headers": True,
            "dict of the joined view": True,
        }


def test_non_ascii_signature_part_is_a_mismatch(rc: ModuleType) -> None:
    """Deviation 3: the SDK's ``hmac.compare_digest`` on ``str`` raises
    ``TypeError`` for a non-ASCII part; ours reports a mismatch, and a valid
    part after it still verifies."""
    body = "{}"
    headers = headers_for(body)
    good = headers["webhook-signature"]
    client = rc.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    sdk = openai.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    for value, ours_ok in (("v1,é", False), (f"v1,é {good}", True)):
        bad = dict(headers, **{"webhook-signature": value})
        with pinned_clock(NOW), pytest.raises(TypeError):
            sdk.webhooks.verify_signature(body, bad)
        if ours_ok:
            client.webhooks.verify_signature(body, bad, clock=lambda: NOW)
        else:
            with pytest.raises(rc.InvalidWebhookSignatureError):
                client.webhooks.verify_signature(body, bad, clock=lambda: NOW)
