"""Encoding of multipart bodies whose parts have their own content types.

`encode_multipart` behaves as the official ``openai`` SDK's function of the same
name: ``create`` sends the raw ``application/sdp`` body when only ``sdp`` is
given, and otherwise ``multipart/form-data`` with part ``sdp`` as
``application/sdp`` and part ``session`` as ``application/json`` (no file
names). Keys of ``extra_body`` that have no declared encoding are sent as plain
form fields, flattened with brackets (``foo[bar]``) as the SDK does.
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Tuple

from ._types import NotGiven, Omit
from ._utils import json_dumps

__all__ = ["MultipartFile", "encode_multipart"]

MultipartFile = Tuple[str, Tuple[None, bytes, str]]
"""One part for httpx2's ``files=``: ``(name, (filename=None, data, content_type))``."""


def encode_multipart(
    body: Mapping[str, object],
    extra_body: object | None,
    part_types: Mapping[str, Tuple[str, bool]],
    raw_field: str | None = None,
) -> Tuple[
    Optional[Dict[str, object]], Optional[List[MultipartFile]], Optional[bytes], str
]:
    """Prepare a multipart request whose declared parts keep their content types.

    Args:
        body: the operation's fields (`Omit` / `NotGiven` values are dropped).
        extra_body: the caller's ``extra_body``; its keys override ``body``'s.
        part_types: for each declared part, ``(content_type, as_json)``:
            JSON-encode the value, or send it (a string) as UTF-8 text.
        raw_field: the field that may be sent alone as the raw request body.

    Returns:
        ``(form_fields, files, content, content_type)``. For the raw body:
        ``(None, None, <bytes>, <the raw field's content type>)``; otherwise
        the remaining plain form fields (or ``None``), the encoded parts and
        ``"multipart/form-data"`` (the client adds the boundary).

    Raises:
        TypeError: ``body`` or ``extra_body`` is not a mapping, or a text part
            is not a string.
    """
    if not isinstance(body, Mapping):
        raise TypeError("Multipart request body must be a mapping")
    if extra_body is not None and not isinstance(extra_body, Mapping):
        raise TypeError("Multipart extra_body must be a mapping")
    overrides: Mapping[str, object] = extra_body or {}
    merged: Dict[str, object] = {
        key: value
        for key, value in {**body, **overrides}.items()
        if not isinstance(value, (Omit, NotGiven))
    }
    # The raw alternative only when nothing else would be lost; an explicit
    # null for another field still selects multipart.
    if raw_field is not None and set(merged) == {raw_field}:
        value = merged[raw_field]
        if not isinstance(value, str):
            raise TypeError("Raw multipart alternative must be a string")
        return None, None, value.encode("utf-8"), part_types[raw_field][0]

    files: List[MultipartFile] = []
    for name, (content_type, as_json) in part_types.items():
        if name not in merged:
            continue
        value = merged.pop(name)
        if as_json:
            data = json_dumps(value)
        else:
            if not isinstance(value, str):
                raise TypeError(f"Multipart field {name!r} must be a string")
            data = value.encode("utf-8")
        files.append((name, (None, data, content_type)))
    return merged or None, files, None, "multipart/form-data"
