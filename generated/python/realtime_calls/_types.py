"""Sentinels and type aliases shared by the generated client.

`omit` and `not_given` mirror the official ``openai`` SDK: both are falsy and
distinct from ``None``, so that ``None`` can still mean JSON ``null`` (for a
body field) or "no timeout" (for ``timeout=``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence, TypeVar, Union

__all__ = [
    "Body",
    "Headers",
    "NOT_GIVEN",
    "NoneType",
    "NotGiven",
    "Omit",
    "Query",
    "SequenceNotStr",
    "not_given",
    "omit",
]


class NotGiven:
    """Marks an argument that was not passed at all.

    Used where ``None`` has a meaning of its own, e.g. ``timeout=None`` means
    "no timeout" while ``timeout=not_given`` means "the client's default".
    """

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


class Omit:
    """Marks a value that must not be sent.

    As a body field it is left out of the request; as a header value
    (``extra_headers={"OpenAI-Project": omit}``) it removes a default header.
    """

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "omit"


not_given = NotGiven()
"""The single `NotGiven` instance used as a default value."""

NOT_GIVEN = not_given
"""Alias kept for compatibility with code written against the official SDK."""

omit = Omit()
"""The single `Omit` instance used as a default value."""

NoneType: type[None] = type(None)
"""``type(None)``: the ``cast_to`` of operations that return nothing."""

Headers = Mapping[str, Union[str, Omit]]
"""Request headers; an `Omit` value removes a header the client would send."""

Query = Mapping[str, object]
"""Query parameters, encoded as the official SDK does (nested keys in brackets)."""

Body = object
"""A JSON request body (usually a mapping)."""


_T_co = TypeVar("_T_co", covariant=True)

if TYPE_CHECKING:
    from typing import Iterator, Protocol, SupportsIndex, overload

    class SequenceNotStr(Protocol[_T_co]):
        """A sequence that is not a ``str`` (the SDK's): ``list`` and ``tuple``
        type-check where a ``str`` (a sequence of ``str`` too) does not."""

        @overload
        def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
        @overload
        def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
        def __contains__(self, value: object, /) -> bool: ...
        def __len__(self) -> int: ...
        def __iter__(self) -> Iterator[_T_co]: ...
        def __reversed__(self) -> Iterator[_T_co]: ...

else:
    SequenceNotStr = Sequence
