"""Response wrappers: the raw response, binary bodies and ``create``'s result.

``with_raw_response`` works as in the official ``openai`` SDK: the wrapper adds
the ``X-Stainless-Raw-Response: true`` header to the call (the SDK sends it to
the server too) and the client, seeing it on the request, returns an
`APIResponse` instead of the parsed value.
"""

from __future__ import annotations

import functools
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Dict,
    Generic,
    Iterator,
    Optional,
    TypeVar,
    cast,
)

from ._types import NoneType

if TYPE_CHECKING:
    import datetime
    import os

    import httpx2
    from typing_extensions import ParamSpec

    P = ParamSpec("P")

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "BinaryResponseContent",
    "CallCreateResponse",
    "RAW_RESPONSE_HEADER",
    "async_to_raw_response_wrapper",
    "parse_response",
    "to_raw_response_wrapper",
]

RAW_RESPONSE_HEADER = "X-Stainless-Raw-Response"
"""The marker header of ``with_raw_response`` (the official SDK's name and value)."""

R = TypeVar("R")
_T = TypeVar("_T")


class BinaryResponseContent:
    """A response whose body is returned as is (the SDK's
    ``HttpxBinaryResponseContent``): ``.content``, ``.text``, ``.read()``...
    """

    response: httpx2.Response

    def __init__(self, response: httpx2.Response) -> None:
        self.response = response

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.response.status_code}] {len(self.content)} bytes>"

    @property
    def content(self) -> bytes:
        """The body as bytes."""
        return self.response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self.response.text

    @property
    def encoding(self) -> str | None:
        """The text encoding of the body."""
        return self.response.encoding

    @property
    def charset_encoding(self) -> str | None:
        """The charset from the ``Content-Type`` header, if any."""
        return self.response.charset_encoding

    @property
    def headers(self) -> httpx2.Headers:
        """The response headers."""
        return self.response.headers

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.response.status_code

    def json(self, **kwargs: Any) -> Any:
        """The body decoded as JSON."""
        return self.response.json(**kwargs)

    def read(self) -> bytes:
        """Read and return the body."""
        return self.response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """Iterate over the body in byte chunks."""
        return self.response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """Iterate over the decoded body in text chunks."""
        return self.response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        """Iterate over the decoded body line by line."""
        return self.response.iter_lines()

    def iter_raw(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """Iterate over the raw (undecoded) body."""
        return self.response.iter_raw(chunk_size)

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the body to ``file`` (a path)."""
        with open(file, mode="wb") as f:
            for data in self.response.iter_bytes():
                f.write(data)

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` in chunks (kept for SDK compatibility)."""
        with open(file, mode="wb") as f:
            for data in self.response.iter_bytes(chunk_size):
                f.write(data)

    def close(self) -> None:
        """Close the response."""
        self.response.close()

    async def aread(self) -> bytes:
        """Read and return the body (async)."""
        return await self.response.aread()

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """Iterate over the body in byte chunks (async)."""
        return self.response.aiter_bytes(chunk_size)

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """Iterate over the decoded body in text chunks (async)."""
        return self.response.aiter_text(chunk_size)

    async def aiter_lines(self) -> AsyncIterator[str]:
        """Iterate over the decoded body line by line (async)."""
        return self.response.aiter_lines()

    async def aiter_raw(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """Iterate over the raw body (async)."""
        return self.response.aiter_raw(chunk_size)

    async def aclose(self) -> None:
        """Close the response (async)."""
        await self.response.aclose()


class CallCreateResponse(BinaryResponseContent):
    """The result of ``calls.create``: the SDP answer, plus the ``call_id``.

    ``call_id`` is our addition to the SDK's return value: the last path
    segment of the ``Location`` header, percent-decoded
    (``/v1/realtime/calls/rtc_abc123`` gives ``rtc_abc123``), or ``None``
    when the server sent no usable ``Location``.
    """

    @property
    def location(self) -> str | None:
        """The ``Location`` response header, if any."""
        return self.response.headers.get("location")

    @property
    def call_id(self) -> str | None:
        """The call's id, parsed from the ``Location`` header."""
        return call_id_from_location(self.location)


def call_id_from_location(location: str | None) -> str | None:
    """The percent-decoded last path segment of a ``Location`` value."""
    if not location:
        return None
    from urllib.parse import unquote, urlsplit

    path = urlsplit(location.strip()).path.rstrip("/")
    if not path:
        return None
    segment = unquote(path.rsplit("/", 1)[-1])
    return segment or None


def parse_response(response: httpx2.Response, cast_to: Any) -> Any:
    """Turn ``response`` into the value an operation returns, as the SDK does
    for the types this client uses.
    """
    if cast_to is NoneType or cast_to is None:
        return None
    if isinstance(cast_to, type):
        if issubclass(cast_to, BinaryResponseContent):
            return cast_to(response)
        if cast_to is str:
            return response.text
        if cast_to is bytes:
            return response.content
        if cast_to is int:
            return int(response.text)
        if cast_to is float:
            return float(response.text)
        if cast_to is bool:
            return response.text.strip().lower() == "true"
        if cast_to is type(response):
            return response
    content_type = response.headers.get("content-type", "*").split(";")[0]
    if not content_type.endswith("json"):
        return response.text
    return response.json()


class APIResponse(Generic[R]):
    """The raw HTTP response of a call made through ``with_raw_response``.

    ``parse()`` returns what the operation itself would have returned.
    """

    http_response: httpx2.Response
    retries_taken: int
    """How many retries were made (0 if the first attempt succeeded)."""

    def __init__(
        self, *, raw: httpx2.Response, cast_to: Any, retries_taken: int = 0
    ) -> None:
        self.http_response = raw
        self._cast_to = cast_to
        self.retries_taken = retries_taken
        self._parsed_by_type: Dict[Any, Any] = {}

    def __repr__(self) -> str:
        return (
            f"<APIResponse [{self.status_code} {self.http_response.reason_phrase}]"
            f" type={self._cast_to}>"
        )

    def parse(self, *, to: Optional[type[_T]] = None) -> Any:
        """The operation's return value (``None`` for accept/hangup/refer/reject,
        a `CallCreateResponse` for create), or the body as type ``to``.
        """
        key = to if to is not None else self._cast_to
        if key in self._parsed_by_type:
            return self._parsed_by_type[key]
        parsed = parse_response(self.http_response, key)
        self._parsed_by_type[key] = parsed
        return parsed

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` response header."""
        return self.http_response.headers.get("x-request-id")

    @property
    def headers(self) -> httpx2.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def http_request(self) -> httpx2.Request:
        """The request that was sent."""
        return self.http_response.request

    @property
    def request(self) -> httpx2.Request:
        """The request that was sent (alias of `http_request`)."""
        return self.http_response.request

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def url(self) -> httpx2.URL:
        """The request URL."""
        return self.http_response.url

    @property
    def method(self) -> str:
        """The request method."""
        return self.http_request.method

    @property
    def content(self) -> bytes:
        """The body as bytes."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self.http_response.text

    @property
    def http_version(self) -> str:
        """The HTTP version, e.g. ``HTTP/1.1``."""
        return self.http_response.http_version

    @property
    def is_closed(self) -> bool:
        """Whether the response is closed."""
        return self.http_response.is_closed

    @property
    def elapsed(self) -> datetime.timedelta:
        """The time taken for the complete request/response cycle."""
        return self.http_response.elapsed


class AsyncAPIResponse(APIResponse[R]):
    """The raw response of an async call made through ``with_raw_response``.

    As in the official SDK (whose async raw responses are the same legacy
    class), the body has already been read, so ``parse()``, ``.text`` and
    ``.content`` are plain (non-async) members.
    """


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a bound operation so that it returns the `APIResponse`."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        extra_headers: Dict[str, Any] = {
            **(cast(Any, kwargs.get("extra_headers")) or {})
        }
        extra_headers[RAW_RESPONSE_HEADER] = "true"
        kwargs["extra_headers"] = extra_headers
        return cast("APIResponse[R]", func(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[AsyncAPIResponse[R]]]:
    """Wrap a bound async operation so that it returns the `AsyncAPIResponse`."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[R]:
        extra_headers: Dict[str, Any] = {
            **(cast(Any, kwargs.get("extra_headers")) or {})
        }
        extra_headers[RAW_RESPONSE_HEADER] = "true"
        kwargs["extra_headers"] = extra_headers
        return cast("AsyncAPIResponse[R]", await func(*args, **kwargs))

    return wrapped
