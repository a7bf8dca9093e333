"""Where and how a realtime connection connects: the URL (``websocket_base_url`` or
``base_url`` as ws/wss, ``/realtime``, ``model`` / ``extra_query`` / ``call_id``), the
headers and the ``websockets`` options, built as SDK 3.51.0 builds them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Tuple, Union

from ._types import Headers, Omit, Query

if TYPE_CHECKING:
    import httpx2

    from ._base_client import BaseClient

__all__ = ["log", "websocket_target"]

log: logging.Logger = logging.getLogger("realtime_calls.realtime")

_SECRET_HEADERS = frozenset({"authorization", "api-key", "openai-api-key"})


class _RedactingLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """``websockets``' client logger with credentials redacted: at DEBUG it logs each
    handshake header, and the API key must never reach a log record (contract rule 5).
    """

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        if (
            len(args) >= 2
            and isinstance(args[0], str)
            and args[0].lower() in _SECRET_HEADERS
        ):
            args = (args[0], "<redacted>", *args[2:])
        super().log(level, msg, *args, **kwargs)


def _redacting_logger() -> logging.LoggerAdapter:  # type: ignore[type-arg]
    return _RedactingLogger(logging.getLogger("websockets.client"), {})


def _query(
    client: BaseClient, url: httpx2.URL, wanted: Mapping[str, object]
) -> httpx2.QueryParams:
    """As the SDK: defaults that a per-call key replaces are dropped (with their
    ``key[...]`` forms), the rest keep the REST encoding (brackets); per-call values
    repeat a key for each item of a sequence and send None as an empty value."""
    import httpx2

    from ._utils import stringify_items

    prefixes = tuple(f"{key}[" for key in wanted)
    defaults = {k: v for k, v in client.default_query.items() if k not in wanted}
    params = httpx2.QueryParams(tuple(stringify_items(defaults))).merge(url.params)
    params = httpx2.QueryParams(
        [
            (key, value)
            for key, value in params.multi_items()
            if key not in wanted and not key.startswith(prefixes)
        ]
    )
    per_call: List[Tuple[str, str]] = []
    for key, value in wanted.items():
        if isinstance(value, Omit):
            continue
        if isinstance(value, (list, tuple)):
            for item in value:
                per_call += stringify_items({key: "" if item is None else item})
        else:
            per_call += stringify_items({key: "" if value is None else value})
    return params.merge(httpx2.QueryParams(tuple(per_call)))


def _headers(client: BaseClient, extra_headers: Headers) -> Dict[str, str]:
    merged: Dict[str, Tuple[str, str]] = {}
    for mapping in (client.auth_headers, client.default_headers, extra_headers):
        for name, value in mapping.items():
            if isinstance(value, Omit):
                merged.pop(name.lower(), None)
            else:
                merged[name.lower()] = (name, value)
    return dict(merged.values())


def websocket_target(
    client: BaseClient,
    *,
    call_id: Union[str, Omit],
    model: Union[str, Omit],
    extra_query: Query,
    extra_headers: Headers,
    options: Mapping[str, Any],
) -> Tuple[str, Dict[str, str], Dict[str, Any]]:
    """URL, headers and ``websockets`` options of one connection attempt."""
    import httpx2

    if not isinstance(call_id, Omit):
        extra_query = {**extra_query, "call_id": call_id}
    if client.websocket_base_url is not None:
        base = httpx2.URL(str(client.websocket_base_url))
    else:
        base = client.base_url
        base = base.copy_with(scheme="ws" if base.scheme == "http" else "wss")
    path, sep, query = base.raw_path.partition(b"?")
    url: httpx2.URL = base.copy_with(
        raw_path=path.rstrip(b"/") + b"/realtime" + sep + query
    )
    wanted: Dict[str, object] = {}
    if not isinstance(model, Omit):
        wanted["model"] = model
    wanted.update(extra_query)
    url = url.copy_with(params=_query(client, url, wanted))
    url = url.copy_with(
        scheme={"http": "ws", "https": "wss"}.get(url.scheme, url.scheme)
    )
    ws_options = dict(options)
    ws_options.setdefault("logger", _redacting_logger())
    ws_options.setdefault("max_size", None)
    if ws_options.get("max_size") is None:
        ws_options.setdefault("compression", None)
    log.debug("Connecting to WebSocket API")
    return str(url), _headers(client, extra_headers), ws_options
