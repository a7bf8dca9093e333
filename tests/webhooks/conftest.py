"""Fixtures for the webhook tests: the generated package (as in tests/client),
and the two oracles with their clocks pinned."""

from __future__ import annotations

import base64
import hashlib
import importlib
import hmac
from contextlib import contextmanager
from datetime import datetime, timezone
from types import ModuleType, SimpleNamespace
from typing import Any, Iterator

import pytest

from tests.client.conftest import _clean_env, rc, rc_parent  # noqa: F401

__all__ = ["pinned_clock", "sign"]


def sign(key: bytes, webhook_id: str, timestamp: str, body: str | bytes) -> str:
    """The Standard Webhooks signature (base64, no ``v1,``)."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    digest = hmac.new(
        key, f"{webhook_id}.{timestamp}.{text}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


@contextmanager
def pinned_clock(now: float) -> Iterator[None]:
    """Both oracles read the clock themselves (``time.time()`` in the SDK's
    ``lib._webhooks``, ``datetime.now`` in ``standardwebhooks``): pin both to
    ``now`` for the duration (ours takes ``clock=``)."""
    import openai.lib._webhooks as sdk_webhooks
    import standardwebhooks.webhooks as std_webhooks

    class _PinnedDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:  # type: ignore[override]
            return datetime.fromtimestamp(now, tz=tz or timezone.utc)

    saved_time = sdk_webhooks.time
    saved_dt = std_webhooks.datetime
    sdk_webhooks.time = SimpleNamespace(time=lambda: now)  # type: ignore[assignment]
    std_webhooks.datetime = _PinnedDatetime  # type: ignore[misc]
    try:
        yield
    finally:
        sdk_webhooks.time = saved_time
        std_webhooks.datetime = saved_dt  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _webhooks_module(rc: ModuleType) -> ModuleType:  # noqa: F811
    """``realtime_calls.webhooks`` imported (so that ``rc.webhooks`` is it)."""
    return importlib.import_module("realtime_calls.webhooks")
