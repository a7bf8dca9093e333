"""The exception hierarchy, the same as the official ``openai`` SDK's.

Every exception raised by the client derives from `OpenAIError`. Errors tied to
an HTTP exchange derive from `APIError`; those with a response (4xx/5xx) from
`APIStatusError`, with one subclass per well-known status code.

None of these classes ever puts the API key into its message: the message is
built from the status code and the server's ``error.message`` only, and the
client redacts the key should a server echo it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional

if TYPE_CHECKING:
    import httpx2

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidWebhookSignatureError",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "RequestValidationWarning",
    "UnprocessableEntityError",
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
]


class OpenAIError(Exception):
    """The root of every error raised by this client.

    Also raised as such when no API key can be found.
    """


class RequestValidationError(OpenAIError, ValueError):
    """Raised before sending when ``validate_requests=True`` and the arguments
    break the API's schema or the contract's rules.

    ``findings`` lists what the validator found (errors and warnings).
    """

    findings: List[Any]

    def __init__(self, message: str, findings: Optional[List[Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = list(findings) if findings is not None else []


class RequestValidationWarning(UserWarning):
    """Issued (``warnings.warn``) before sending when ``validate_requests=True`` and
    the validator has a doubt about the arguments (a warning finding, such as a voice
    that is a near miss of a built-in one); the request is still sent.

    ``finding`` is the validator's finding. Filter these like any warning category,
    e.g. ``warnings.simplefilter("ignore", RequestValidationWarning)``.
    """

    finding: Any

    def __init__(self, message: str, finding: Any = None) -> None:
        super().__init__(message)
        self.finding = finding


class APIError(OpenAIError):
    """An error tied to an HTTP request.

    ``body`` is the decoded JSON error object when the server sent one (for an
    `APIStatusError`, the ``error`` member unwrapped), the raw text when it was
    not JSON, and ``None`` when there was no response at all. ``code``,
    ``param`` and ``type`` are read from that object when it is a dict.
    """

    message: str
    request: httpx2.Request
    body: object | None
    code: Optional[str] = None
    param: Optional[str] = None
    type: Optional[str]

    def __init__(
        self, message: str, request: httpx2.Request, *, body: object | None
    ) -> None:
        super().__init__(message)
        self.request = request
        self.message = message
        self.body = body
        if isinstance(body, dict):
            code = body.get("code")
            self.code = str(code) if code is not None else None
            self.param = body.get("param")
            self.type = body.get("type")
        else:
            self.code = None
            self.param = None
            self.type = None


class APIResponseValidationError(APIError):
    """The response did not have the expected shape."""

    response: httpx2.Response
    status_code: int

    def __init__(
        self,
        response: httpx2.Response,
        body: object | None,
        *,
        message: str | None = None,
    ) -> None:
        super().__init__(
            message or "Data returned by API invalid for expected schema.",
            response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """Raised when an API response has a status code of 4xx or 5xx."""

    response: httpx2.Response
    status_code: int
    request_id: str | None

    def __init__(
        self, message: str, *, response: httpx2.Response, body: object | None
    ) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    """The request could not be sent or no response was received."""

    def __init__(
        self, *, message: str = "Connection error.", request: httpx2.Request
    ) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, request: httpx2.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class BadRequestError(APIStatusError):
    """HTTP 400."""

    status_code: int = 400


class AuthenticationError(APIStatusError):
    """HTTP 401."""

    status_code: int = 401


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""

    status_code: int = 403


class NotFoundError(APIStatusError):
    """HTTP 404."""

    status_code: int = 404


class ConflictError(APIStatusError):
    """HTTP 409."""

    status_code: int = 409


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""

    status_code: int = 422


class RateLimitError(APIStatusError):
    """HTTP 429."""

    status_code: int = 429


class InternalServerError(APIStatusError):
    """HTTP 500 or above."""


class InvalidWebhookSignatureError(ValueError):
    """Raised when a webhook signature is invalid, meaning the computed signature does not match the expected signature."""


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class the official SDK raises for ``status_code``."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)


class WebSocketConnectionClosedError(OpenAIError):
    """Raised when a realtime WebSocket closes with messages still unsent (as the
    SDK): ``unsent_messages`` holds them as text, ``unsent_frames`` as queued."""

    def __init__(
        self, message: str, *, unsent_messages: List[str] | List[str | bytes]
    ) -> None:
        super().__init__(message)
        texts: List[str] = []
        for data in unsent_messages:
            if isinstance(data, str):
                texts.append(data)
            else:
                try:
                    texts.append(data.decode("utf-8"))
                except UnicodeDecodeError:
                    pass
        self.unsent_frames: List[str] | List[str | bytes] = list(unsent_messages)
        self.unsent_messages: List[str] = texts


class WebSocketQueueFullError(OpenAIError):
    """Raised when a realtime message would exceed the send queue's byte budget
    (``max_queue_size``) while the WebSocket is not open."""
