"""A fast YAML load (yaml-rs, YAML 1.2) that gives exactly the data PyYAML's positioned
loader gives (YAML 1.1 without timestamps), or None where the two could differ.

yaml-rs resolves plain scalars by YAML 1.2's core schema; PyYAML by YAML 1.1's. They
disagree on `yes`/`no`/`on`/`off`, sexagesimal `1:30`, leading-zero octal `0123`, `0o17`,
exponents without a dot or sign (`1e3`), `+.5`, `<<` merges and `=`; PyYAML refuses what
yaml-rs accepts (unknown tags, duplicate keys are last-wins there, several documents,
complex keys, non-printable characters) and breaks lines at NEL/LS/PS. So a document is
taken from yaml-rs only when none of that can be in it:
- the text has no directive, no tag, no NEL/LS/PS, no character PyYAML's reader refuses,
  no tab, no syntax only YAML 1.2 allows (`:` against a flow indicator, an empty key, `|`
  in a flow collection), no empty block scalar at the end, no anchor defined twice;
- every number-like token standing as a plain scalar reads the same in both (yaml-rs makes
  numbers of nothing else);
- yaml-rs loads it without error (duplicate keys are errors there), to a mapping, of types
  PyYAML's safe loader (without timestamps) also gives;
- each string in the result that PyYAML would read as something else had it been plain
  (`yes`, `1:30`, `=`, `<<`; also `null` or `200`, which both read alike) either reads the
  same in both, or never stands as a plain scalar in the text (it was quoted);
- no string starting with `?` or `:` may stand plain in the text (in a flow collection
  YAML 1.2 reads `[?a]` as a string, PyYAML as a key, and refuses `{a: :b}`).
Anything else returns None and the caller parses with PyYAML, which also locates errors.
YAML aliases come back as copies rather than shared objects (equal data).
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

import yaml

# yaml-rs allocates with mimalloc, which by default keeps what a parse freed resident
# (its pages are purged only on a later call, which never comes) and commits part of its
# arena at import: ~14 MB held for the rest of a generation from the full upstream
# document. Both are read from the environment when the extension loads, and a user's
# own setting wins. Set for the whole process (children inherit it, and only a child
# that loads mimalloc reads it).
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
os.environ.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")
import yaml_rs  # noqa: E402 - after its allocator's settings

# PyYAML's reader: characters outside this set are a ReaderError there
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
# PyYAML breaks lines there, YAML 1.2 does not
_LINE_BREAKS_11 = ("\x85", "\u2028", "\u2029")
# what stands before a tag (`!x`, `!!x`, `!<...>`) on its line where a node can start
# (an anchor may come between); each form ends in a blank or a flow indicator, or is empty
_BEFORE_TAG = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+|&[^ \t]+[ \t]+)$",
    re.MULTILINE,
)
_BEFORE_TAG_ENDS = " \t[{,\n"
# a number-like token standing as a whole plain scalar (block or flow; key or value): it
# starts the text or follows a separator (the lookbehind, after the first character so
# that the scan looks for that character); a superset is only more checking
_NUMBER_SCALAR = re.compile(
    r"([-+0-9._](?<![^ \t\r\n\[{,].)[0-9a-zA-Z_.:+-]*)"
    r"(?=[ \t\r]*(?:$|#|,|\]|\}|:[ \t\r]|:$))",
    re.MULTILINE,
)
# where YAML 1.2 reads what PyYAML refuses, each searched on its own (one alternation is
# several times slower to scan): `:` against a flow indicator (`[a:]`, `[:a]`, `{:}`,
# `{a:?}`), a block indicator in a flow collection, a line opening with `: ` (a key's
# value on its own line; not after an escaped line break in a quoted string; an empty key
# `: x` is found in the data); any tab is declined outright (they differ on tabs around
# indentation and indicators)
_SYNTAX_12_ONLY = (
    re.compile(r":[,\]}?]"),
    *(
        re.compile(re.escape(flow) + r"[ \t]*(?:&[^ \t]+[ \t]+)?[:|>]")
        for flow in "[{,"
    ),
    re.compile(r"\n(?<![\\\n]\n)[ \t]*:(?:[ \t]|$)", re.MULTILINE),
)
# an anchor (`&name` where a node can start; PyYAML's name alphabet); PyYAML refuses a
# name defined twice, YAML 1.2 redefines it. Found by its `&` (a fast scan), then the
# line up to it is checked to be where a node can start.
_ANCHOR_NAME = re.compile(r"&([0-9A-Za-z_-]+)(?=[ \t,\]}]|$)", re.MULTILINE)
_BEFORE_ANCHOR = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+)$", re.MULTILINE
)
# a block scalar indicator ending a line: if the document ends in it, its content is
# empty, which yaml-rs reads as "\n" and PyYAML as ""
_BLOCK_INDICATOR_END = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$")
_NUMBER_LIKE = re.compile(r"[0-9]|\.(?:inf|Inf|INF|nan|NaN|NAN)")  # not `...`
_STR = "tag:yaml.org,2002:str"
_SCALARS = (str, int, float, bool, type(None))
_AFTER_PLAIN = r"(?=[ \t\r]*(?:$|#|,|\]|\}|:[ \t\r]|:$))"  # what can end a plain scalar


def _resolvers() -> Any:
    from generator.load.document import _SpecLoader

    return _SpecLoader.yaml_implicit_resolvers


def _pyyaml_tag(value: str, resolvers: Any) -> str:
    """The tag PyYAML (ours: no timestamps) gives `value` as a plain scalar."""
    for tag, pattern in resolvers.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return _STR


@cache
def _agree(token: str) -> bool:
    """Whether PyYAML (ours) and yaml-rs read the plain scalar `token` as the same value
    of the same type (an error on either side is a disagreement)."""
    from generator.load.document import _SpecLoader

    try:
        ours = yaml.load(token, Loader=_SpecLoader)  # noqa: S506 - a safe loader
        theirs = yaml_rs.loads(token, parse_datetime=False)
    except Exception:
        return False
    return type(ours) is type(theirs) and (ours == theirs or ours != ours)


def load(text: str) -> dict[str, Any] | None:
    """The data of `text` as PyYAML would give it, or None (then use PyYAML)."""
    if not _reader_safe(text) or _has_tag_or_directive(text):
        return None
    if _syntax_12_only(text) or _ends_in_empty_block_scalar(text):
        return None
    anchors = _anchors(text)
    if len(anchors) != len(set(anchors)):
        return None
    # yaml-rs makes numbers of plain tokens only: each such token must read the same
    tokens = set(_NUMBER_SCALAR.findall(text))
    if not all(_agree(t) for t in tokens if _NUMBER_LIKE.search(t)):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any refusal: PyYAML decides, and locates the error
        return None
    if not isinstance(data, dict):
        return None
    strings = _strings_of(data)
    if strings is None or _indicator_first(strings, text):
        return None
    if not _read_alike(_read_otherwise(strings, _resolvers()), text):
        return None
    return data


def _read_alike(suspects: set[str], text: str) -> bool:
    """Whether each suspect string reads the same in both, or never stands as a plain
    scalar in `text` (it was quoted)."""
    for value in suspects:
        if _agree(value):
            continue
        plain = re.compile(
            r"(?:^|(?<=[\s\[{,]))" + re.escape(value) + _AFTER_PLAIN, re.M
        )
        if plain.search(text):
            return False
    return True


def _reader_safe(text: str) -> bool:
    """No character PyYAML's reader refuses, none it breaks lines at (NEL, LS, PS)."""
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return False  # a surrogate, which the reader refuses
    # the characters other than printable ASCII, in order, each whole (every byte of a
    # multi-byte UTF-8 sequence is >= 0x80): few in a spec, so the regex is cheap there
    rest = raw.translate(None, _PRINTABLE_ASCII).decode("utf-8")
    if _NOT_PRINTABLE.search(rest):
        return False
    return not any(line_break in rest for line_break in _LINE_BREAKS_11)


def _syntax_12_only(text: str) -> bool:
    return "\t" in text or any(form.search(text) for form in _SYNTAX_12_ONLY)


def _anchors(text: str) -> list[str]:
    """The names of the anchors defined in `text`, in order, one per definition."""
    names = []
    for match in _ANCHOR_NAME.finditer(text):
        at = match.start()
        if _BEFORE_ANCHOR.search(text, text.rfind("\n", 0, at) + 1, at):
            names.append(match.group(1))
    return names


def _ends_in_empty_block_scalar(text: str) -> bool:
    """Whether the last line with content (comments skipped) opens a block scalar."""
    for line in reversed(text.rsplit("\n", 50)):
        if line.strip() and not line.lstrip().startswith("#"):
            return bool(_BLOCK_INDICATOR_END.search(line))
    return False


def _has_tag_or_directive(text: str) -> bool:
    """A `%` directive line, or a `!` where a node can start (a tag), conservatively:
    one inside a block scalar that looks like that counts too."""
    if text.startswith("%") or "\n%" in text:
        return True
    at = text.find("!")
    while at != -1:
        # every form of _BEFORE_TAG is empty or ends in one of _BEFORE_TAG_ENDS
        if at == 0 or text[at - 1] in _BEFORE_TAG_ENDS:
            line = text.rfind("\n", 0, at) + 1
            if _BEFORE_TAG.search(text, line, at):
                return True
        at = text.find("!", at + 1)
    return False


_PLAIN_TYPES = {dict, list, str, int, float, bool, type(None)}


def _read_otherwise(strings: set[str], resolvers: Any) -> set[str]:
    """Those of `strings` PyYAML would read as something else were they plain."""
    return {
        value
        for value in strings
        if value and value[:1] in resolvers and _pyyaml_tag(value, resolvers) != _STR
    }


def _strings_of(data: Any) -> set[str] | None:
    """Every distinct string of `data` (keys and values), or None if a value has a type
    PyYAML's safe loader without timestamps never gives (or a key is None: `: x`, an
    empty key, which PyYAML refuses). Distinct: a spec repeats its keys and enums."""
    strings: set[Any] = set()  # every key (checked by type below) and string value
    key_types: set[type] = set()
    stack = [data]
    while stack:
        current = stack.pop()
        kind: Any = type(current)
        if kind not in _PLAIN_TYPES:  # a subclass: as isinstance sees it
            kind = next((k for k in (dict, list, str) if isinstance(current, k)), None)
            if kind is None and not isinstance(current, _SCALARS):
                return None
        if kind is dict:
            strings.update(current)
            key_types.update(map(type, current))
            stack.extend(current.values())
        elif kind is list:
            stack.extend(current)
        elif kind is str:
            strings.add(current)
    for kind in key_types:
        if kind is type(None) or not issubclass(kind, _SCALARS):
            return None
    return {value for value in strings if isinstance(value, str)}


def _indicator_first(strings: set[str], text: str) -> bool:
    """Whether a string starting with `?` or `:` may stand plain in `text`. In a flow
    collection yaml-rs reads `[?a]` and `{a: :b}` as such plain scalars; PyYAML reads a
    `?` there as a key indicator and refuses the `:`. Conservatively: the string's first
    word after a blank or a flow indicator anywhere (no spec has such strings)."""
    for value in strings:
        if value[:1] in ("?", ":"):
            word = (value.split() or [value])[0]
            if re.search(r"(?:^|(?<=[\s\[{,]))" + re.escape(word), text, re.M):
                return True
    return False
