"""The `realtime.calls` resource, hand-written in the generated code's shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Union

from ..._base_client import make_request_options
from ..._multipart import encode_multipart
from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._response import (
    CallCreateResponse,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)
from ..._types import Body, Headers, NoneType, NotGiven, Omit, Query, not_given, omit
from ..._utils import cached_property, path_template, strip_omitted

if TYPE_CHECKING:
    import httpx2

__all__ = ["AsyncCalls", "AsyncCallsWithRawResponse", "Calls", "CallsWithRawResponse"]


class Calls(SyncAPIResource):
    """`client.realtime.calls`."""

    @cached_property
    def with_raw_response(self) -> CallsWithRawResponse:
        """Prefix for any operation to get the raw response."""
        return CallsWithRawResponse(self)

    def create(
        self,
        *,
        sdp: str,
        session: Dict[str, Any] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> CallCreateResponse:
        """Create a call over WebRTC; returns the SDP answer and `call_id`."""
        fields = strip_omitted({"sdp": sdp, "session": session})
        self._client._validate_request("calls.create", fields)
        body, files, content, content_type = encode_multipart(
            fields,
            extra_body,
            {"sdp": ("application/sdp", False), "session": ("application/json", True)},
            "sdp",
        )
        return self._post(
            "/realtime/calls",
            body=body,
            files=files,
            content=content,
            options=make_request_options(
                extra_headers={
                    "Accept": "application/sdp",
                    **(extra_headers or {}),
                    "Content-Type": content_type,
                },
                extra_query=extra_query,
                extra_body=None,
                timeout=timeout,
            ),
            cast_to=CallCreateResponse,
        )

    def accept(
        self,
        call_id: str,
        *,
        type: Literal["realtime"],
        audio: Dict[str, Any] | Omit = omit,
        include: List[str] | Omit = omit,
        instructions: str | Omit = omit,
        max_output_tokens: Union[int, Literal["inf"]] | Omit = omit,
        model: str | Omit = omit,
        output_modalities: List[str] | Omit = omit,
        parallel_tool_calls: bool | Omit = omit,
        prompt: Optional[Dict[str, Any]] | Omit = omit,
        reasoning: Dict[str, Any] | Omit = omit,
        tool_choice: Union[str, Dict[str, Any]] | Omit = omit,
        tools: List[Dict[str, Any]] | Omit = omit,
        tracing: Optional[Union[Literal["auto"], Dict[str, Any]]] | Omit = omit,
        truncation: Union[str, Dict[str, Any]] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """Accept an incoming SIP call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        body = strip_omitted(
            {
                "model": model,
                "type": type,
                "audio": audio,
                "include": include,
                "instructions": instructions,
                "max_output_tokens": max_output_tokens,
                "output_modalities": output_modalities,
                "parallel_tool_calls": parallel_tool_calls,
                "prompt": prompt,
                "reasoning": reasoning,
                "tool_choice": tool_choice,
                "tools": tools,
                "tracing": tracing,
                "truncation": truncation,
            }
        )
        self._client._validate_request("calls.accept", body)
        return self._post(
            path_template("/realtime/calls/{call_id}/accept", call_id=call_id),
            body=body,
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )

    def hangup(
        self,
        call_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """End an active call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        return self._post(
            path_template("/realtime/calls/{call_id}/hangup", call_id=call_id),
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )

    def refer(
        self,
        call_id: str,
        *,
        target_uri: str,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """Transfer an active SIP call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        body = strip_omitted({"target_uri": target_uri})
        self._client._validate_request("calls.refer", body)
        return self._post(
            path_template("/realtime/calls/{call_id}/refer", call_id=call_id),
            body=body,
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )

    def reject(
        self,
        call_id: str,
        *,
        status_code: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """Decline an incoming SIP call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        body = strip_omitted({"status_code": status_code})
        self._client._validate_request("calls.reject", body)
        return self._post(
            path_template("/realtime/calls/{call_id}/reject", call_id=call_id),
            body=body,
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )


class CallsWithRawResponse:
    """`calls.with_raw_response`."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls
        self.create = to_raw_response_wrapper(calls.create)
        self.accept = to_raw_response_wrapper(calls.accept)
        self.hangup = to_raw_response_wrapper(calls.hangup)
        self.refer = to_raw_response_wrapper(calls.refer)
        self.reject = to_raw_response_wrapper(calls.reject)


class AsyncCalls(AsyncAPIResource):
    """`client.realtime.calls` (async)."""

    @cached_property
    def with_raw_response(self) -> AsyncCallsWithRawResponse:
        """Prefix for any operation to get the raw response."""
        return AsyncCallsWithRawResponse(self)

    async def create(
        self,
        *,
        sdp: str,
        session: Dict[str, Any] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> CallCreateResponse:
        """Create a call over WebRTC; returns the SDP answer and `call_id`."""
        fields = strip_omitted({"sdp": sdp, "session": session})
        self._client._validate_request("calls.create", fields)
        body, files, content, content_type = encode_multipart(
            fields,
            extra_body,
            {"sdp": ("application/sdp", False), "session": ("application/json", True)},
            "sdp",
        )
        return await self._post(
            "/realtime/calls",
            body=body,
            files=files,
            content=content,
            options=make_request_options(
                extra_headers={
                    "Accept": "application/sdp",
                    **(extra_headers or {}),
                    "Content-Type": content_type,
                },
                extra_query=extra_query,
                extra_body=None,
                timeout=timeout,
            ),
            cast_to=CallCreateResponse,
        )

    async def accept(
        self,
        call_id: str,
        *,
        type: Literal["realtime"],
        audio: Dict[str, Any] | Omit = omit,
        include: List[str] | Omit = omit,
        instructions: str | Omit = omit,
        max_output_tokens: Union[int, Literal["inf"]] | Omit = omit,
        model: str | Omit = omit,
        output_modalities: List[str] | Omit = omit,
        parallel_tool_calls: bool | Omit = omit,
        prompt: Optional[Dict[str, Any]] | Omit = omit,
        reasoning: Dict[str, Any] | Omit = omit,
        tool_choice: Union[str, Dict[str, Any]] | Omit = omit,
        tools: List[Dict[str, Any]] | Omit = omit,
        tracing: Optional[Union[Literal["auto"], Dict[str, Any]]] | Omit = omit,
        truncation: Union[str, Dict[str, Any]] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """Accept an incoming SIP call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        body = strip_omitted(
            {
                "model": model,
                "type": type,
                "audio": audio,
                "include": include,
                "instructions": instructions,
                "max_output_tokens": max_output_tokens,
                "output_modalities": output_modalities,
                "parallel_tool_calls": parallel_tool_calls,
                "prompt": prompt,
                "reasoning": reasoning,
                "tool_choice": tool_choice,
                "tools": tools,
                "tracing": tracing,
                "truncation": truncation,
            }
        )
        self._client._validate_request("calls.accept", body)
        return await self._post(
            path_template("/realtime/calls/{call_id}/accept", call_id=call_id),
            body=body,
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )

    async def hangup(
        self,
        call_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """End an active call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        return await self._post(
            path_template("/realtime/calls/{call_id}/hangup", call_id=call_id),
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )

    async def refer(
        self,
        call_id: str,
        *,
        target_uri: str,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """Transfer an active SIP call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        body = strip_omitted({"target_uri": target_uri})
        self._client._validate_request("calls.refer", body)
        return await self._post(
            path_template("/realtime/calls/{call_id}/refer", call_id=call_id),
            body=body,
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )

    async def reject(
        self,
        call_id: str,
        *,
        status_code: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx2.Timeout | None | NotGiven = not_given,
    ) -> None:
        """Decline an incoming SIP call."""
        if not call_id:
            raise ValueError(
                f"Expected a non-empty value for `call_id` but received {call_id!r}"
            )
        body = strip_omitted({"status_code": status_code})
        self._client._validate_request("calls.reject", body)
        return await self._post(
            path_template("/realtime/calls/{call_id}/reject", call_id=call_id),
            body=body,
            options=make_request_options(
                extra_headers={"Accept": "*/*", **(extra_headers or {})},
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            cast_to=NoneType,
        )


class AsyncCallsWithRawResponse:
    """`calls.with_raw_response` (async)."""

    def __init__(self, calls: AsyncCalls) -> None:
        self._calls = calls
        self.create = async_to_raw_response_wrapper(calls.create)
        self.accept = async_to_raw_response_wrapper(calls.accept)
        self.hangup = async_to_raw_response_wrapper(calls.hangup)
        self.refer = async_to_raw_response_wrapper(calls.refer)
        self.reject = async_to_raw_response_wrapper(calls.reject)
