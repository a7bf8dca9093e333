"""Formats, asserted only where the codegen config's `format_assertion` names them.

Copied verbatim into the generated package by callspec.
"""

from __future__ import annotations

import re
from typing import List

from ._findings import At, Finding, _found
from ._messages import _json, _show


def _uri_regex() -> "re.Pattern[str]":
    """RFC 3986 `URI`: scheme ":" hier-part [ "?" query ] [ "#" fragment ] (appendix A)."""
    hexdig = "[0-9A-Fa-f]"
    pct = f"%{hexdig}{{2}}"
    pchar = f"(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|{pct})"
    octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])"
    ipv4 = f"{octet}(?:\\.{octet}){{3}}"
    h16 = f"{hexdig}{{1,4}}"
    ls32 = f"(?:{h16}:{h16}|{ipv4})"
    ipv6 = "|".join(
        [
            f"(?:{h16}:){{6}}{ls32}",
            f"::(?:{h16}:){{5}}{ls32}",
            f"(?:{h16})?::(?:{h16}:){{4}}{ls32}",
            f"(?:(?:{h16}:){{0,1}}{h16})?::(?:{h16}:){{3}}{ls32}",
            f"(?:(?:{h16}:){{0,2}}{h16})?::(?:{h16}:){{2}}{ls32}",
            f"(?:(?:{h16}:){{0,3}}{h16})?::{h16}:{ls32}",
            f"(?:(?:{h16}:){{0,4}}{h16})?::{ls32}",
            f"(?:(?:{h16}:){{0,5}}{h16})?::{h16}",
            f"(?:(?:{h16}:){{0,6}}{h16})?::",
        ]
    )
    future = f"v{hexdig}+\\.[A-Za-z0-9\\-._~!$&'()*+,;=:]+"
    userinfo = f"(?:[A-Za-z0-9\\-._~!$&'()*+,;=:]|{pct})*"
    reg_name = f"(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|{pct})*"
    host = f"(?:\\[(?:{ipv6}|{future})\\]|{reg_name})"
    authority = f"(?:{userinfo}@)?{host}(?::[0-9]*)?"
    segment, segment_nz = f"{pchar}*", f"{pchar}+"
    hier = (
        f"(?://{authority}(?:/{segment})*"
        f"|/(?:{segment_nz}(?:/{segment})*)?"
        f"|{segment_nz}(?:/{segment})*"
        "|)"
    )
    tail = f"(?:{pchar}|[/?])*"
    scheme = "[A-Za-z][A-Za-z0-9+\\-.]*"
    return re.compile(f"{scheme}:{hier}(?:\\?{tail})?(?:#{tail})?")


_URI: List["re.Pattern[str]"] = []  # compiled on first use: most runs assert no URI
# The common shape, `http(s)://` then unreserved characters and `/` only: every string it
# matches is a URI (a `reg-name` host, no userinfo or port, a `path-abempty` of `pchar`
# segments), and one character class matches without the full regex's backtracking.
_PLAIN_URI = re.compile(r"https?://[A-Za-z0-9._~/-]*")


def _is_uri(value: str) -> bool:
    """`format: uri`: an RFC 3986 URI (a scheme, then ASCII only, `%` as `%XX`)."""
    if _PLAIN_URI.fullmatch(value) is not None:
        return True
    if not _URI:
        _URI.append(_uri_regex())
    return _URI[0].fullmatch(value) is not None


_FORMAT_WORDS = {"uri": 'an absolute URI (RFC 3986) such as "https://example.com/x"'}


def _format(out: List[Finding], p: At, value: str, name: str) -> None:
    wanted = _FORMAT_WORDS.get(name, name)
    hint = f"format {_json(name)}: {wanted}"
    head, slash, _ = value.partition("/")
    if name == "uri" and ":" not in head:
        hint += "; it needs a scheme"
        if "." in head and slash and " " not in value:  # a host and a path
            hint += f' ("https://{value}"?)'
    out.append(
        _found(p, "error", f"{_show(value)} is not a valid {name}", hint, "format")
    )
