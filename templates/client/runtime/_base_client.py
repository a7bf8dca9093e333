"""The client classes: configuration, request building, retries and errors.

Everything here follows the official ``openai`` SDK 3.51.0 in what a server or
a caller can observe (contract rule 5): the headers sent, the body encoding,
which failures are retried and after how long, and which exception is raised.

``httpx2`` is imported lazily, when a client is constructed, so that importing
the package stays cheap.
"""

from __future__ import annotations

import os
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    TypedDict,
    TypeVar,
    Union,
    cast,
)

from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    OpenAIError,
)
from ._exceptions import status_error_class
from ._response import (
    RAW_RESPONSE_HEADER,
    APIResponse,
    AsyncAPIResponse,
    parse_response,
)
from ._types import Body, Headers, NotGiven, Omit, Query, not_given
from ._utils import cached_property, json_dumps, stringify_items

if TYPE_CHECKING:
    import logging
    from types import TracebackType

    import httpx2
    from typing_extensions import Self

    from ._webhooks import AsyncWebhooks, Secret, Webhooks

__all__ = [
    "AsyncAPIClient",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "RequestOptions",
    "SyncAPIClient",
    "make_request_options",
]

RUNTIME_VERSION = "0.1.0"
"""Sent in ``User-Agent`` and ``X-Stainless-Package-Version`` unless a client
class sets its own ``_version``."""

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MAX_RETRIES = 2
DEFAULT_TIMEOUT_SECONDS = 600
DEFAULT_CONNECT_TIMEOUT_SECONDS = 5.0
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER_DELAY = 2 * 60
"""Server-directed delays (``retry-after-ms`` / ``retry-after``) are honoured up
to this many seconds; a longer one means "do not retry" (as the SDK 3.51.0)."""

MISSING_CREDENTIALS = (
    "Missing credentials. Please pass an `api_key`, or set the `OPENAI_API_KEY` "
    "environment variable."
)
"""The message when no API key is found: the SDK's, naming only the options
this client has (the SDK also names `workload_identity` and `admin_api_key`)."""

_REDACTED = "<redacted>"

_T = TypeVar("_T")

TimeoutTypes = Union[float, "httpx2.Timeout", None]


class RequestOptions(TypedDict, total=False):
    """Per-request options built by `make_request_options`."""

    headers: Headers
    params: Query
    extra_json: Mapping[str, object]
    timeout: Union[float, "httpx2.Timeout", None]
    max_retries: int


def make_request_options(
    *,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Body | None = None,
    timeout: float | httpx2.Timeout | None | NotGiven = not_given,
) -> RequestOptions:
    """Collect an operation's ``extra_*`` / ``timeout`` arguments (the SDK's
    helper of the same name; unset values are left out)."""
    options: RequestOptions = {}
    if extra_headers is not None:
        options["headers"] = extra_headers
    if extra_body is not None:
        options["extra_json"] = cast(Mapping[str, object], extra_body)
    if extra_query is not None:
        options["params"] = {**extra_query}
    if not isinstance(timeout, NotGiven):
        options["timeout"] = timeout
    return options


class _ForceMultipartDict(Dict[str, None]):
    """An empty ``files=`` that is truthy, so httpx2 sends multipart/form-data."""

    def __bool__(self) -> bool:
        return True


_log: Optional["logging.Logger"] = None


def _logger() -> logging.Logger:
    global _log
    if _log is None:
        import logging

        _log = logging.getLogger(__name__)
    return _log


_request_errors: Optional[Tuple[type[BaseException], ...]] = None


def _connection_errors() -> Tuple[type[BaseException], ...]:
    """What the SDK treats as a connection error (timeouts are checked first)."""
    global _request_errors
    if _request_errors is None:
        import ssl

        import httpx2

        errors: List[type[BaseException]] = [httpx2.RequestError, ssl.SSLError]
        try:
            import anyio

            errors.append(anyio.EndOfStream)
        except ImportError:  # pragma: no cover - anyio comes with httpx2
            pass
        _request_errors = tuple(errors)
    return _request_errors


_platform_headers: Optional[Dict[str, str]] = None


def _get_platform() -> str:
    import platform

    try:
        system = platform.system().lower()
        platform_name = platform.platform().lower()
    except Exception:
        return "Unknown"
    if "iphone" in platform_name or "ipad" in platform_name:
        return "iOS"
    if system == "darwin":
        return "MacOS"
    if system == "windows":
        return "Windows"
    if "android" in platform_name:
        return "Android"
    if system == "freebsd":
        return "FreeBSD"
    if system == "openbsd":
        return "OpenBSD"
    if system == "linux":
        return "Linux"
    if platform_name:
        return f"Other:{platform_name}"
    return "Unknown"


def _get_architecture() -> str:
    import platform
    import sys

    try:
        machine = platform.machine().lower()
    except Exception:
        return "unknown"
    if machine in ("arm64", "aarch64"):
        return "arm64"
    if machine == "arm":
        return "arm"
    if machine == "x86_64":
        return "x64"
    if sys.maxsize <= 2**32:
        return "x32"
    if machine:
        return f"other:{machine}"
    return "unknown"


def platform_headers(version: str) -> Dict[str, str]:
    """The SDK's ``X-Stainless-*`` diagnostic headers (computed once)."""
    global _platform_headers
    if _platform_headers is None:
        import platform

        _platform_headers = {
            "X-Stainless-Lang": "python",
            "X-Stainless-OS": _get_platform(),
            "X-Stainless-Arch": _get_architecture(),
            "X-Stainless-Runtime": platform.python_implementation(),
            "X-Stainless-Runtime-Version": platform.python_version(),
        }
    return {**_platform_headers, "X-Stainless-Package-Version": version}


def _merge_headers(*mappings: Headers) -> Dict[str, Tuple[str, str]]:
    """Merge headers case-insensitively, later mappings winning; an `Omit`
    value removes the header. Keys of the result are lower-cased names."""
    merged: Dict[str, Tuple[str, str]] = {}
    for mapping in mappings:
        for name, value in mapping.items():
            lower = name.lower()
            if isinstance(value, Omit):
                merged.pop(lower, None)
            else:
                merged[lower] = (name, value)
    return merged


def _merge_mappings(
    a: Mapping[str, object], b: Mapping[str, object]
) -> Dict[str, object]:
    return {k: v for k, v in {**a, **b}.items() if not isinstance(v, Omit)}


def _serialize_multipartform(data: Mapping[str, object]) -> Dict[str, object]:
    serialized: Dict[str, object] = {}
    for key, value in stringify_items(data):
        existing = serialized.get(key)
        if not existing:
            serialized[key] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            serialized[key] = [existing, value]
    return serialized


def _parse_custom_headers_env(value: str) -> Dict[str, str]:
    parsed: Dict[str, str] = {}
    for line in value.split("\n"):
        colon = line.find(":")
        if colon >= 0:
            parsed[line[:colon].strip()] = line[colon + 1 :].strip()
    return parsed


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _default_timeout() -> httpx2.Timeout:
    import httpx2

    return httpx2.Timeout(
        timeout=DEFAULT_TIMEOUT_SECONDS, connect=DEFAULT_CONNECT_TIMEOUT_SECONDS
    )


def _httpx_default_timeout() -> httpx2.Timeout:
    try:
        from httpx2._config import DEFAULT_TIMEOUT_CONFIG

        return DEFAULT_TIMEOUT_CONFIG
    except ImportError:  # pragma: no cover
        import httpx2

        return httpx2.Timeout(5.0)


class BaseClient:
    """What the sync and async clients share: configuration, request
    building, retry decisions and error construction."""

    _version: str = RUNTIME_VERSION

    organization: str | None
    project: str | None
    max_retries: int
    timeout: float | httpx2.Timeout | None
    validate_requests: bool
    websocket_base_url: str | httpx2.URL | None
    """Where `realtime.connect` opens its WebSocket (else `base_url` as ws/wss)."""
    _base_url: httpx2.URL
    _base_url_str: str | None
    _custom_headers: Dict[str, str]
    _custom_query: Dict[str, object]
    _api_key: Secret
    _api_key_provider: Optional[Callable[[], Any]]
    _webhook_secret: Secret | None

    # Secrets are held in `Secret` objects (contract rule 5): neither a repr nor
    # ``vars(client)`` shows them.
    @property
    def api_key(self) -> str:
        """The API key (the last one a callable ``api_key`` returned)."""
        return self._api_key.reveal()

    @api_key.setter
    def api_key(self, value: str) -> None:
        from ._webhooks import Secret

        self._api_key = Secret(value)

    @property
    def webhook_secret(self) -> str | None:
        """The secret ``client.webhooks`` verifies with (``OPENAI_WEBHOOK_SECRET``)."""
        return None if self._webhook_secret is None else self._webhook_secret.reveal()

    @webhook_secret.setter
    def webhook_secret(self, value: str | None) -> None:
        from ._webhooks import Secret

        self._webhook_secret = None if value is None else Secret(value)

    def _configure(
        self,
        *,
        api_key: str | Callable[[], object] | None,
        webhook_secret: str | None,
        organization: str | None,
        project: str | None,
        base_url: str | httpx2.URL | None,
        timeout: float | httpx2.Timeout | None | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        http_client_timeout: Any,
        user_http_client: bool,
        validate_requests: bool,
    ) -> None:
        if api_key is None:
            api_key = os.environ.get("OPENAI_API_KEY")
        if callable(api_key):
            # As the SDK: called before every attempt, the result sent as the
            # bearer token (callable-first, so a callable str subclass is one).
            self.api_key = ""
            self._api_key_provider = api_key
        else:
            self.api_key = api_key or ""
            self._api_key_provider = None
        if not self.api_key and self._api_key_provider is None:
            raise OpenAIError(MISSING_CREDENTIALS)
        if webhook_secret is None:
            webhook_secret = os.environ.get("OPENAI_WEBHOOK_SECRET")
        self.webhook_secret = webhook_secret
        if organization is None:
            organization = os.environ.get("OPENAI_ORG_ID")
        self.organization = organization
        if project is None:
            project = os.environ.get("OPENAI_PROJECT_ID")
        self.project = project

        if base_url is None:
            base_url = os.environ.get("OPENAI_BASE_URL")
        if base_url is None:
            base_url = DEFAULT_BASE_URL
        self.base_url = base_url
        if (
            not user_http_client
            and self._base_url.scheme == "http"
            and not _is_loopback(self._base_url.host)
        ):
            # Contract rule 5: a log record at WARNING, never `warnings.warn`
            # (it broke `-W error` suites), and not when the caller brought
            # the transport (`http_client=`: a MockTransport, a proxy, ...).
            _logger().warning(
                "base_url %r uses plain http:// to a non-loopback host: the API "
                "key would be sent unencrypted.",
                str(self._base_url),
            )

        resolved: float | httpx2.Timeout | None
        if not isinstance(timeout, NotGiven):
            resolved = timeout
        elif (
            http_client_timeout is not None
            and http_client_timeout != _httpx_default_timeout()
        ):
            # As the SDK: a custom http_client's own non-default timeout wins.
            resolved = http_client_timeout
        else:
            resolved = _default_timeout()
        self.timeout = resolved

        self._validate_max_retries(max_retries)
        self.max_retries = max_retries

        headers: Dict[str, str] = dict(default_headers or {})
        env_headers = os.environ.get("OPENAI_CUSTOM_HEADERS")
        if env_headers is not None:
            parsed = _parse_custom_headers_env(env_headers)
            if any(name.lower() == "authorization" for name in headers):
                parsed = {
                    k: v for k, v in parsed.items() if k.lower() != "authorization"
                }
            headers = {**parsed, **headers}
        self._custom_headers = headers
        self._custom_query = dict(default_query or {})
        self.validate_requests = validate_requests

    @staticmethod
    def _validate_max_retries(value: object) -> None:
        if value is None:
            raise TypeError(
                "max_retries cannot be None. Use 0 to disable retries or a large "
                "integer for a larger retry budget."
            )
        if not isinstance(value, int):
            raise TypeError("max_retries must be a non-negative integer")
        if value < 0:
            raise ValueError("max_retries must be a non-negative integer")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={str(self._base_url)!r}>"

    # -- configuration views -------------------------------------------------

    @property
    def base_url(self) -> httpx2.URL:
        """The base URL, always ending with ``/``."""
        return self._base_url

    @base_url.setter
    def base_url(self, url: str | httpx2.URL) -> None:
        import httpx2

        value = url if isinstance(url, httpx2.URL) else httpx2.URL(url)
        path, sep, query = value.raw_path.partition(b"?")
        if not path.endswith(b"/"):
            value = value.copy_with(raw_path=path + b"/" + sep + query)
        self._base_url = value
        self._base_url_str = None

    @property
    def user_agent(self) -> str:
        """``User-Agent``: ``<ClientClass>/Python <version>``, as the SDK builds it."""
        return f"{type(self).__name__}/Python {self._version}"

    @property
    def auth_headers(self) -> Dict[str, str]:
        """The ``Authorization`` header."""
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    @property
    def default_headers(self) -> Dict[str, str | Omit]:
        """The headers sent with every request (before per-call ones)."""
        return {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": self.user_agent,
            **platform_headers(self._version),
            **self._custom_headers,
            "X-Stainless-Async": self._stainless_async(),
            "OpenAI-Organization": (
                self.organization if self.organization is not None else Omit()
            ),
            "OpenAI-Project": self.project if self.project is not None else Omit(),
            **self._custom_headers,
        }

    @property
    def default_query(self) -> Dict[str, object]:
        """The query parameters sent with every request."""
        return dict(self._custom_query)

    def _stainless_async(self) -> str:
        """The value of ``X-Stainless-Async``."""
        return "false"

    def _validate_request(self, name: str, body: object) -> None:
        """Check an operation's arguments before sending, if enabled.

        A no-op unless the client was made with ``validate_requests=True``;
        then the generated validator raises `RequestValidationError` on errors
        and each warning is issued as a `RequestValidationWarning`.
        """
        if not self.validate_requests:
            return
        import warnings

        from . import _validator
        from ._exceptions import RequestValidationWarning

        for finding in _validator().validate_request(name, body):
            warnings.warn(
                RequestValidationWarning(
                    f"{name}: {finding.json_path}: {finding.message}", finding
                ),
                stacklevel=_outside_package(),
            )

    # -- request building ----------------------------------------------------

    def _build_headers(
        self,
        custom_headers: Headers,
        *,
        retries_taken: int,
        timeout: float | httpx2.Timeout | None,
    ) -> Dict[str, Tuple[str, str]]:
        merged = _merge_headers(self.auth_headers, self.default_headers, custom_headers)
        if "authorization" not in merged and not any(
            name.lower() == "authorization" and isinstance(value, Omit)
            for name, value in custom_headers.items()
        ):
            raise TypeError(
                "Could not resolve authentication method. Expected either api_key or "
                "admin_api_key to be set. Or for the `Authorization` header to be "
                "explicitly omitted."
            )
        lower_custom = {name.lower() for name in custom_headers}
        if "x-stainless-retry-count" not in lower_custom:
            merged["x-stainless-retry-count"] = (
                "x-stainless-retry-count",
                str(retries_taken),
            )
        if "x-stainless-read-timeout" not in lower_custom:
            read: object = getattr(timeout, "read", timeout)
            if read is not None:
                merged["x-stainless-read-timeout"] = (
                    "x-stainless-read-timeout",
                    str(read),
                )
        return merged

    def _prepare_url(self, path: str) -> str:
        """The absolute URL for ``path``: relative paths are appended to
        ``base_url``'s path, as the SDK merges them (kept as a string: each
        httpx2 URL parse costs)."""
        if "://" in path.split("?", 1)[0]:
            return path
        base = self._base_url_str
        if base is None:
            raw_path = self._base_url.raw_path.split(b"?", 1)[0]
            base = str(self._base_url.copy_with(raw_path=raw_path))
            if not base.endswith("/"):
                base += "/"
            self._base_url_str = base
        return base + path.lstrip("/")

    def _build_request(
        self,
        http_client: httpx2.Client | httpx2.AsyncClient,
        method: str,
        path: str,
        *,
        json_data: Body | None,
        files: Any,
        content: Any,
        options: RequestOptions,
        retries_taken: int,
    ) -> httpx2.Request:
        from urllib.parse import urlencode

        _logger().debug(
            "Building HTTP request: method=%s retries_taken=%i",
            method.upper(),
            retries_taken,
        )
        extra_json = options.get("extra_json")
        if extra_json is not None:
            if json_data is None:
                json_data = extra_json
            elif isinstance(json_data, Mapping):
                json_data = _merge_mappings(json_data, extra_json)
            else:
                raise RuntimeError(
                    f"Unexpected JSON data type, {type(json_data)}, cannot merge with `extra_body`"
                )

        timeout = options["timeout"] if "timeout" in options else self.timeout
        headers = self._build_headers(
            options.get("headers") or {}, retries_taken=retries_taken, timeout=timeout
        )
        params = _merge_mappings(self._custom_query, options.get("params") or {})
        kwargs: Dict[str, Any] = {}

        content_type = headers.get("content-type")
        if content_type is not None and content_type[1].startswith(
            "multipart/form-data"
        ):
            if "boundary" not in content_type[1]:
                # httpx2 writes the header itself, with the boundary.
                del headers["content-type"]
            if json_data:
                if not isinstance(json_data, dict):
                    raise TypeError(
                        "Expected query input to be a dictionary for multipart requests "
                        f"but got {type(json_data)} instead."
                    )
                kwargs["data"] = _serialize_multipartform(json_data)
            if not files:
                files = _ForceMultipartDict()

        url = self._prepare_url(path)
        if params and "?" in url:
            import httpx2

            parsed = httpx2.URL(url)
            params = {**dict(parsed.params.items()), **params}
            url = str(parsed.copy_with(raw_path=parsed.raw_path.split(b"?", 1)[0]))

        if content is not None and json_data is not None:
            raise TypeError("Passing both `content` and `json_data` is not supported")
        if content is not None and files is not None:
            raise TypeError("Passing both `content` and `files` is not supported")
        if content is not None:
            kwargs["content"] = content
        elif isinstance(json_data, bytes):
            kwargs["content"] = json_data
        elif not files:
            kwargs["content"] = (
                json_dumps(json_data)
                if json_data is not None and not isinstance(json_data, NotGiven)
                else None
            )
        kwargs["files"] = files

        return http_client.build_request(
            headers=list(headers.values()),
            timeout=timeout,
            method=method,
            url=url,
            params=urlencode(stringify_items(params)) if params else None,
            **kwargs,
        )

    # -- retries and errors --------------------------------------------------

    def _parse_retry_after_header(self, response_headers: Any = None) -> float | None:
        """Seconds to wait as the server asks (``retry-after-ms``, then
        ``retry-after`` as a number or an HTTP date), or ``None``."""
        if response_headers is None:
            return None
        import math

        for header, divisor in (("retry-after-ms", 1000), ("retry-after", 1)):
            value = response_headers.get(header)
            if value is None:
                continue
            try:
                delay = float(value)
            except ValueError:
                continue
            if delay == math.inf and value.strip().lower() not in (
                "inf",
                "+inf",
                "infinity",
                "+infinity",
            ):
                # A numeric overflow is an excessive delay, not a malformed literal.
                return MAX_RETRY_AFTER_DELAY + 1
            return delay / divisor

        import email.utils
        import time

        retry_header = response_headers.get("retry-after")
        try:
            retry_date_tuple = email.utils.parsedate_tz(retry_header)
            if retry_date_tuple is None:
                return None
            retry_date = email.utils.mktime_tz(retry_date_tuple)
        except (TypeError, ValueError, OverflowError, OSError):
            return None
        return float(retry_date - time.time())

    def _calculate_retry_timeout(
        self, remaining_retries: int, max_retries: int, response_headers: Any = None
    ) -> float:
        """The SDK's delay before the next attempt."""
        import math
        from random import random

        retry_after = self._parse_retry_after_header(response_headers)
        if (
            retry_after is not None
            and math.isfinite(retry_after)
            and 0 < retry_after <= MAX_RETRY_AFTER_DELAY
        ):
            return retry_after
        nb_retries = min(max_retries - remaining_retries, 1000)
        sleep_seconds = min(INITIAL_RETRY_DELAY * pow(2.0, nb_retries), MAX_RETRY_DELAY)
        timeout = sleep_seconds * (1 - 0.25 * random())
        return timeout if timeout >= 0 else 0

    def _should_retry(self, response: httpx2.Response) -> bool:
        """Whether the SDK would retry after this error response."""
        import math

        log = _logger()
        retry_after = self._parse_retry_after_header(response.headers)
        if (
            retry_after is not None
            and math.isfinite(retry_after)
            and retry_after > MAX_RETRY_AFTER_DELAY
        ):
            log.debug(
                "Not retrying because `Retry-After` of %s seconds exceeds the maximum of %s seconds",
                retry_after,
                MAX_RETRY_AFTER_DELAY,
            )
            return False
        should_retry_header = response.headers.get("x-should-retry")
        if should_retry_header == "true":
            log.debug("Retrying as header `x-should-retry` is set to `true`")
            return True
        if should_retry_header == "false":
            log.debug("Not retrying as header `x-should-retry` is set to `false`")
            return False
        status = response.status_code
        if status in (408, 409, 429) or status >= 500:
            log.debug("Retrying due to status code %i", status)
            return True
        log.debug("Not retrying")
        return False

    def _redact(self, text: str) -> str:
        if self.api_key and self.api_key in text:
            return text.replace(self.api_key, _REDACTED)
        return text

    def _make_status_error_from_response(
        self, response: httpx2.Response
    ) -> APIStatusError:
        """The exception the SDK raises for this 4xx/5xx response."""
        import json

        err_msg = f"Error code: {response.status_code}"
        body: object
        if response.is_closed and not response.is_stream_consumed:
            body = None
        else:
            err_text = response.text.strip()
            body = err_text
            try:
                body = json.loads(err_text)
            except Exception:
                pass
            else:
                error = body.get("error", body) if isinstance(body, Mapping) else None
                message = error.get("message") if isinstance(error, Mapping) else None
                if isinstance(message, str) and message:
                    err_msg += f" - {message}"
        data = body.get("error", body) if isinstance(body, Mapping) else body
        cls = status_error_class(response.status_code)
        return cls(self._redact(err_msg), response=response, body=data)

    def _process_response(
        self,
        response: httpx2.Response,
        cast_to: Any,
        retries_taken: int,
        raw_cls: type[Any],
    ) -> Any:
        if response.request.headers.get(RAW_RESPONSE_HEADER) == "true":
            return raw_cls(raw=response, cast_to=cast_to, retries_taken=retries_taken)
        return parse_response(response, cast_to)

    def _copy_kwargs(
        self,
        *,
        api_key: str | Callable[[], object] | None,
        webhook_secret: str | None,
        organization: str | None,
        project: str | None,
        base_url: str | httpx2.URL | None,
        timeout: float | httpx2.Timeout | None | NotGiven,
        http_client: Any,
        max_retries: int | NotGiven,
        default_headers: Mapping[str, str] | None,
        set_default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        set_default_query: Mapping[str, object] | None,
        validate_requests: bool | None,
        websocket_base_url: str | httpx2.URL | None = None,
    ) -> Dict[str, Any]:
        if default_headers is not None and set_default_headers is not None:
            raise ValueError(
                "The `default_headers` and `set_default_headers` arguments are mutually exclusive"
            )
        if default_query is not None and set_default_query is not None:
            raise ValueError(
                "The `default_query` and `set_default_query` arguments are mutually exclusive"
            )
        headers: Mapping[str, str] = self._custom_headers
        if default_headers is not None:
            if any(name.lower() == "authorization" for name in default_headers):
                headers = {
                    k: v for k, v in headers.items() if k.lower() != "authorization"
                }
            headers = {**headers, **default_headers}
        elif set_default_headers is not None:
            headers = set_default_headers
        params: Mapping[str, object] = self._custom_query
        if default_query is not None:
            params = {**params, **default_query}
        elif set_default_query is not None:
            params = set_default_query
        return {
            "api_key": api_key or self._api_key_provider or self.api_key,
            "webhook_secret": webhook_secret or self.webhook_secret,
            "organization": organization or self.organization,
            "project": project or self.project,
            "base_url": base_url or self.base_url,
            "timeout": self.timeout if isinstance(timeout, NotGiven) else timeout,
            "http_client": http_client,
            "max_retries": (
                self.max_retries if isinstance(max_retries, NotGiven) else max_retries
            ),
            "default_headers": headers,
            "default_query": params,
            "validate_requests": (
                self.validate_requests
                if validate_requests is None
                else validate_requests
            ),
            "websocket_base_url": websocket_base_url or self.websocket_base_url,
        }


class SyncAPIClient(BaseClient):
    """The synchronous client base (``OpenAI`` derives from it)."""

    _client: httpx2.Client

    def __init__(
        self,
        *,
        api_key: str | Callable[[], str] | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx2.URL | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.Client | None = None,
        validate_requests: bool = False,
        websocket_base_url: str | httpx2.URL | None = None,
    ) -> None:
        """Construct a client.

        ``api_key``, ``organization``, ``project`` and ``base_url`` default to
        ``OPENAI_API_KEY``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID`` and
        ``OPENAI_BASE_URL`` (else ``https://api.openai.com/v1``). ``timeout``
        defaults to 600 s (connect 5 s), or to a custom ``http_client``'s own
        non-default timeout. ``validate_requests=True`` checks each call's
        arguments before sending it.
        """
        import httpx2

        if http_client is not None and not isinstance(http_client, httpx2.Client):
            raise TypeError(
                "Invalid `http_client` argument; Expected an instance of `httpx2.Client` "
                f"but got {type(http_client)}"
            )
        self._configure(
            api_key=api_key,
            webhook_secret=webhook_secret,
            organization=organization,
            project=project,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client_timeout=(
                http_client.timeout if http_client is not None else None
            ),
            user_http_client=http_client is not None,
            validate_requests=validate_requests,
        )
        self.websocket_base_url = websocket_base_url
        self._client = http_client or httpx2.Client(
            base_url=str(self._base_url),
            timeout=self.timeout,
            limits=httpx2.Limits(max_connections=1000, max_keepalive_connections=100),
            follow_redirects=True,
        )

    def is_closed(self) -> bool:
        """Whether the underlying HTTP client is closed."""
        return self._client.is_closed

    @cached_property
    def webhooks(self) -> Webhooks:
        """Verify and parse webhook deliveries (``unwrap``, ``verify_signature``)."""
        from ._webhooks import Webhooks

        return Webhooks(self)

    def close(self) -> None:
        """Close the underlying HTTP client (also one passed as ``http_client``,
        as the SDK does). The client is not usable afterwards."""
        if hasattr(self, "_client"):
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self.close()

    def copy(
        self,
        *,
        api_key: str | Callable[[], str] | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx2.URL | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
        http_client: httpx2.Client | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        validate_requests: bool | None = None,
        websocket_base_url: str | httpx2.URL | None = None,
    ) -> Self:
        """A new client with the same options except those given; it shares
        this client's connection pool unless ``http_client`` is given."""
        return self.__class__(
            **self._copy_kwargs(
                api_key=api_key,
                webhook_secret=webhook_secret,
                organization=organization,
                project=project,
                base_url=base_url,
                timeout=timeout,
                http_client=http_client or self._client,
                max_retries=max_retries,
                default_headers=default_headers,
                set_default_headers=set_default_headers,
                default_query=default_query,
                set_default_query=set_default_query,
                validate_requests=validate_requests,
                websocket_base_url=websocket_base_url,
            )
        )

    with_options = copy

    def _sleep_for_retry(
        self, *, retries_taken: int, max_retries: int, response: httpx2.Response | None
    ) -> None:
        import time

        remaining = max_retries - retries_taken
        delay = self._calculate_retry_timeout(
            remaining, max_retries, response.headers if response is not None else None
        )
        _logger().info(
            "Retrying request in %f seconds (retry %i of %s)",
            delay,
            retries_taken + 1,
            max_retries,
        )
        time.sleep(delay)

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        files: Any = None,
        content: Any = None,
        options: Optional[RequestOptions] = None,
    ) -> _T:
        """Send a request with the SDK's retries; return the parsed result, or
        an `APIResponse` when the call came through ``with_raw_response``."""
        import httpx2

        options = options or {}
        log = _logger()
        max_retries = options.get("max_retries", self.max_retries)
        self._validate_max_retries(max_retries)
        retries_taken = 0
        response: httpx2.Response | None = None
        for retries_taken in range(max_retries + 1):
            remaining = max_retries - retries_taken
            if self._api_key_provider is not None:
                self.api_key = self._api_key_provider()
            request = self._build_request(
                self._client,
                method,
                path,
                json_data=body,
                files=files,
                content=content,
                options=options,
                retries_taken=retries_taken,
            )
            log.debug("Sending HTTP Request: %s", request.method)
            try:
                response = self._client.send(request)
            except httpx2.TimeoutException as err:
                log.debug("Encountered a timeout exception: %s", type(err).__name__)
                if remaining > 0:
                    self._sleep_for_retry(
                        retries_taken=retries_taken,
                        max_retries=max_retries,
                        response=None,
                    )
                    continue
                log.debug("Raising timeout error")
                raise APITimeoutError(request=request) from err
            except OpenAIError:
                raise
            except _connection_errors() as err:
                log.debug("Encountered exception: %s", type(err).__name__)
                if remaining > 0:
                    self._sleep_for_retry(
                        retries_taken=retries_taken,
                        max_retries=max_retries,
                        response=None,
                    )
                    continue
                log.debug("Raising connection error")
                raise APIConnectionError(request=request) from err

            log.debug("HTTP Response: %s %i", request.method, response.status_code)
            log.debug("request_id: %s", response.headers.get("x-request-id"))
            if not response.is_success:
                log.debug("Encountered an HTTP status error: %i", response.status_code)
                if remaining > 0 and self._should_retry(response):
                    response.close()
                    self._sleep_for_retry(
                        retries_taken=retries_taken,
                        max_retries=max_retries,
                        response=response,
                    )
                    continue
                if not response.is_closed:
                    response.read()
                log.debug("Re-raising status error")
                raise self._make_status_error_from_response(response) from None
            break

        assert response is not None, "could not resolve response (should never happen)"
        return cast(
            _T, self._process_response(response, cast_to, retries_taken, APIResponse)
        )

    def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        files: Any = None,
        content: Any = None,
        options: Optional[RequestOptions] = None,
    ) -> _T:
        """``POST path`` (relative to ``base_url``); see `request`."""
        if body is not None and content is not None:
            raise TypeError("Passing both `body` and `content` is not supported")
        if files is not None and content is not None:
            raise TypeError("Passing both `files` and `content` is not supported")
        return self.request(
            "POST",
            path,
            cast_to=cast_to,
            body=body,
            files=files,
            content=content,
            options=options,
        )


def _async_library() -> str:
    import sys

    if "asyncio" in sys.modules:
        import asyncio

        try:
            asyncio.get_running_loop()
            return "async:asyncio"
        except RuntimeError:
            pass
    if "trio" in sys.modules:
        return "async:trio"
    return "async:false"


class AsyncAPIClient(BaseClient):
    """The asynchronous client base (``AsyncOpenAI`` derives from it)."""

    _client: httpx2.AsyncClient

    def __init__(
        self,
        *,
        api_key: str | Callable[[], Awaitable[str]] | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx2.URL | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.AsyncClient | None = None,
        validate_requests: bool = False,
        websocket_base_url: str | httpx2.URL | None = None,
    ) -> None:
        """Construct an async client; the options are those of `SyncAPIClient`."""
        import httpx2

        if http_client is not None and not isinstance(http_client, httpx2.AsyncClient):
            raise TypeError(
                "Invalid `http_client` argument; Expected an instance of "
                f"`httpx2.AsyncClient` but got {type(http_client)}"
            )
        self._configure(
            api_key=api_key,
            webhook_secret=webhook_secret,
            organization=organization,
            project=project,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client_timeout=(
                http_client.timeout if http_client is not None else None
            ),
            user_http_client=http_client is not None,
            validate_requests=validate_requests,
        )
        self.websocket_base_url = websocket_base_url
        self._client = http_client or httpx2.AsyncClient(
            base_url=str(self._base_url),
            timeout=self.timeout,
            limits=httpx2.Limits(max_connections=1000, max_keepalive_connections=100),
            follow_redirects=True,
        )

    def _stainless_async(self) -> str:
        return _async_library()

    def is_closed(self) -> bool:
        """Whether the underlying HTTP client is closed."""
        return self._client.is_closed

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        """Verify and parse webhook deliveries (``unwrap``, ``verify_signature``)."""
        from ._webhooks import AsyncWebhooks

        return AsyncWebhooks(self)

    async def close(self) -> None:
        """Close the underlying HTTP client (also one passed as ``http_client``,
        as the SDK does). The client is not usable afterwards."""
        if hasattr(self, "_client"):
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        await self.close()

    def copy(
        self,
        *,
        api_key: str | Callable[[], Awaitable[str]] | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx2.URL | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
        http_client: httpx2.AsyncClient | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        validate_requests: bool | None = None,
        websocket_base_url: str | httpx2.URL | None = None,
    ) -> Self:
        """A new client with the same options except those given; it shares
        this client's connection pool unless ``http_client`` is given."""
        return self.__class__(
            **self._copy_kwargs(
                api_key=api_key,
                webhook_secret=webhook_secret,
                organization=organization,
                project=project,
                base_url=base_url,
                timeout=timeout,
                http_client=http_client or self._client,
                max_retries=max_retries,
                default_headers=default_headers,
                set_default_headers=set_default_headers,
                default_query=default_query,
                set_default_query=set_default_query,
                validate_requests=validate_requests,
                websocket_base_url=websocket_base_url,
            )
        )

    with_options = copy

    async def _sleep_for_retry(
        self, *, retries_taken: int, max_retries: int, response: httpx2.Response | None
    ) -> None:
        remaining = max_retries - retries_taken
        delay = self._calculate_retry_timeout(
            remaining, max_retries, response.headers if response is not None else None
        )
        _logger().info(
            "Retrying request in %f seconds (retry %i of %s)",
            delay,
            retries_taken + 1,
            max_retries,
        )
        try:
            import anyio
        except ImportError:  # pragma: no cover - anyio comes with httpx2
            import asyncio

            await asyncio.sleep(delay)
        else:
            await anyio.sleep(delay)

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        files: Any = None,
        content: Any = None,
        options: Optional[RequestOptions] = None,
    ) -> _T:
        """Send a request with the SDK's retries; return the parsed result, or
        an `AsyncAPIResponse` when the call came through ``with_raw_response``."""
        import httpx2

        options = options or {}
        log = _logger()
        max_retries = options.get("max_retries", self.max_retries)
        self._validate_max_retries(max_retries)
        retries_taken = 0
        response: httpx2.Response | None = None
        for retries_taken in range(max_retries + 1):
            remaining = max_retries - retries_taken
            if self._api_key_provider is not None:
                self.api_key = await self._api_key_provider()
            request = self._build_request(
                self._client,
                method,
                path,
                json_data=body,
                files=files,
                content=content,
                options=options,
                retries_taken=retries_taken,
            )
            log.debug("Sending HTTP Request: %s", request.method)
            try:
                response = await self._client.send(request)
            except httpx2.TimeoutException as err:
                log.debug("Encountered a timeout exception: %s", type(err).__name__)
                if remaining > 0:
                    await self._sleep_for_retry(
                        retries_taken=retries_taken,
                        max_retries=max_retries,
                        response=None,
                    )
                    continue
                log.debug("Raising timeout error")
                raise APITimeoutError(request=request) from err
            except OpenAIError:
                raise
            except _connection_errors() as err:
                log.debug("Encountered exception: %s", type(err).__name__)
                if remaining > 0:
                    await self._sleep_for_retry(
                        retries_taken=retries_taken,
                        max_retries=max_retries,
                        response=None,
                    )
                    continue
                log.debug("Raising connection error")
                raise APIConnectionError(request=request) from err

            log.debug("HTTP Response: %s %i", request.method, response.status_code)
            log.debug("request_id: %s", response.headers.get("x-request-id"))
            if not response.is_success:
                log.debug("Encountered an HTTP status error: %i", response.status_code)
                if remaining > 0 and self._should_retry(response):
                    await response.aclose()
                    await self._sleep_for_retry(
                        retries_taken=retries_taken,
                        max_retries=max_retries,
                        response=response,
                    )
                    continue
                if not response.is_closed:
                    await response.aread()
                log.debug("Re-raising status error")
                raise self._make_status_error_from_response(response) from None
            break

        assert response is not None, "could not resolve response (should never happen)"
        return cast(
            _T,
            self._process_response(response, cast_to, retries_taken, AsyncAPIResponse),
        )

    async def post(
        self,
        path: str,
        *,
        cast_to: type[_T],
        body: Body | None = None,
        files: Any = None,
        content: Any = None,
        options: Optional[RequestOptions] = None,
    ) -> _T:
        """``POST path`` (relative to ``base_url``); see `request`."""
        if body is not None and content is not None:
            raise TypeError("Passing both `body` and `content` is not supported")
        if files is not None and content is not None:
            raise TypeError("Passing both `files` and `content` is not supported")
        return await self.request(
            "POST",
            path,
            cast_to=cast_to,
            body=body,
            files=files,
            content=content,
            options=options,
        )


def _outside_package() -> int:
    """The `stacklevel` of the first caller outside this package (a warning points at the
    user's call, however deep inside the client it was issued)."""
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and os.path.abspath(
        frame.f_code.co_filename
    ).startswith(here):
        frame = frame.f_back
        level += 1
    return level
