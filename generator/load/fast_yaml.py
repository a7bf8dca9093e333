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
  in a flow collection), no empty block scalar at the end, no anchor defined twice, no
  more than 64 aliases and no anchor after an alias (yaml-rs copies aliased nodes, so
  nested aliases would be built in full);
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
from itertools import chain, compress, repeat
from operator import is_
from typing import Any

from generator.load import yaml11

# yaml-rs allocates with mimalloc, which by default keeps what a parse freed resident
# (its pages are purged only on a later call, which never comes) and commits part of its
# arena at import: ~14 MB held for the rest of a generation from the full upstream
# document. Both are read from the environment when the extension loads, and a user's
# own setting wins. Set for the whole process (children inherit it, and only a child
# that loads mimalloc reads it).
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")
os.environ.setdefault("MIMALLOC_ARENA_EAGER_COMMIT", "0")
import yaml_rs  # noqa: E402 - after its allocator's settings

_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])
# PyYAML breaks lines there, YAML 1.2 does not
_LINE_BREAKS_11 = ("\x85", "\u2028", "\u2029")
# what stands before a tag (`!x`, `!!x`, `!<...>`) on its line where a node can start
# (an anchor may come between), `_tag_may_start`'s forms; each ends in a blank or a flow
# indicator, or is empty. Those two that fill the line:
_BEFORE_TAG_LINE = re.compile(r"[ \t]*(?:-[ \t]+)*|---[ \t]+")
_BEFORE_TAG_ENDS = " \t[{,\n"
# a number-like token standing as a whole plain scalar (block or flow; key or value): it
# starts the text or follows a separator (the lookbehind, after the first character so
# that the scan looks for that character); a superset is only more checking. Searched
# in the text's UTF-8 with each byte replaced by its class (`_number_tokens`): `D` a
# token's first character [-+0-9._], `W` a letter, `X` any other byte (those of a
# character beyond ASCII too), the separators and terminators as themselves; the scan
# then looks for one literal rather than checking [-+0-9._] at each of the full
# upstream document's 2.8M characters (~130M instructions).
_NUMBER_SCALAR = re.compile(
    rb"(D(?<![^ \t\r\n\[{,].)[DW:]*)(?=[ \t\r]*(?:$|#|,|\]|\}|:[ \t\r]|:$))",
    re.MULTILINE,
)
_CLASSES = bytes(
    c if c in b" \t\r\n[{,#]}:" else ord("D") if c in b"-+0123456789._"
    else ord("W") if chr(c).isascii() and chr(c).isalpha() else ord("X")
    for c in range(256)
)  # fmt: skip
# what may stand between a flow indicator and the next token: blanks, and line breaks and
# comments (`[\n  |]` too is a block indicator in a flow collection: yaml-rs read it as a
# plain `|`); possessive, so a line of `#`s is not tried two ways
_FLOW_GAP = r"[ \t]*+(?:(?:\n|#[^\n]*+)(?:[ \t\n]|#[^\n]*+)*+)?"
# where YAML 1.2 reads what PyYAML refuses, each searched on its own (one alternation is
# several times slower to scan): `:` against a flow indicator (`[a:]`, `[:a]`, `{:}`,
# `{a:?}`), a block indicator in a flow collection, a line opening with `: ` (a key's
# value on its own line; not after an escaped line break in a quoted string; an empty key
# `: x` is found in the data); any tab is declined outright (they differ on tabs around
# indentation and indicators)
_SYNTAX_12_ONLY = (
    re.compile(r":[,\]}?]"),
    *(
        re.compile(re.escape(flow) + _FLOW_GAP + r"(?:&[^ \t]+[ \t]+)?[:|>]")
        for flow in "[{,"
    ),
)
# the colon of a line opening with `: ` (`_colon_opens_a_line`): after a space (of its
# indentation) or its line break, and before a blank or the line's end
_OPENING_COLON = re.compile(r":(?<=[ \n]:)(?:[ \t]|$)", re.MULTILINE)
# an anchor (`&name` where a node can start; PyYAML's name alphabet); PyYAML refuses a
# name defined twice, YAML 1.2 redefines it. Found by its `&` (a fast scan), then the
# line up to it is checked to be where a node can start.
_ANCHOR_NAME = re.compile(r"&([0-9A-Za-z_-]+)(?=[ \t,\]}]|$)", re.MULTILINE)
# an alias (`*name` where a node can start), found as anchors are
_ALIAS_NAME = re.compile(r"\*([0-9A-Za-z_-]+)(?=[ \t,\]}]|$)", re.MULTILINE)
_MAX_ALIASES = 64
_BEFORE_ANCHOR = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+)$", re.MULTILINE
)
# a block scalar indicator ending a line: if the document ends in it, its content is
# empty, which yaml-rs reads as "\n" and PyYAML as ""
_BLOCK_INDICATOR_END = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$")
_NUMBER_LIKE = re.compile(r"[0-9]|\.(?:inf|Inf|INF|nan|NaN|NAN)")  # not `...`
_SCALARS = (str, int, float, bool, type(None))
_AFTER_PLAIN = r"(?=[ \t\r]*(?:$|#|,|\]|\}|:[ \t\r]|:$))"  # what can end a plain scalar


def _resolvers() -> Any:
    return yaml11.RESOLVERS


@cache
def _agree(token: str) -> bool:
    """Whether PyYAML (ours) and yaml-rs read the plain scalar `token` as the same value
    of the same type (an error on either side is a disagreement). PyYAML is asked (and
    imported) only for a token yaml11.py cannot read by hand."""
    try:
        ours = yaml11.plain_value(token)
        if ours is yaml11.UNKNOWN:
            import yaml

            from generator.load.document import spec_loader

            ours = yaml.load(token, Loader=spec_loader())  # noqa: S506 - a safe loader
        theirs = yaml_rs.loads(token, parse_datetime=False)
    except Exception:
        return False
    return type(ours) is type(theirs) and (ours == theirs or ours != ours)


# a loaded value's size as the walk over its strings counts it: how many values (each
# level's, keys not counted) and how many levels, what the loader's bounds check counts
Size = tuple[int, int]


def load(text: str) -> dict[str, Any] | None:
    """The data of `text` as PyYAML would give it, or None (then use PyYAML)."""
    loaded = load_sized(text)
    return None if loaded is None else loaded[0]


def load_sized(
    text: str, utf8: bytes | None = None
) -> tuple[dict[str, Any], Size | None] | None:
    """`load`, with the data's Size (None when a value of another type made the walk
    decide by isinstance): the loader's bounds check need not walk the data again.
    `utf8`: the bytes `text` was decoded from (valid UTF-8, no BOM), when the caller has
    them: yaml-rs reads them and the reader check looks at them, so that the text is not
    encoded again (twice, ~10 ms of the full upstream document, whose 24 characters
    beyond ASCII make it two bytes a character)."""
    if utf8 is None:
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError:
            return None  # a surrogate, which PyYAML's reader refuses
    if not _utf8_reader_safe(utf8) or _has_tag_or_directive(text):
        return None
    if _syntax_12_only(text) or _ends_in_empty_block_scalar(text):
        return None
    anchors = _anchors(text)
    if len(anchors) != len(set(anchors)) or not _aliases_bounded(text):
        return None
    # yaml-rs makes numbers of plain tokens only: each such token must read the same
    tokens = set(_number_tokens(utf8))
    if not all(_agree(t) for t in tokens if _NUMBER_LIKE.search(t)):
        return None
    try:
        data = yaml_rs.load(utf8, parse_datetime=False)
    except Exception:  # any refusal: PyYAML decides, and locates the error
        return None
    if not isinstance(data, dict):
        return None
    strings, size = _strings_sized(data)
    if strings is None or _indicator_first(strings, text):
        return None
    if not _read_alike(_read_otherwise(strings, _resolvers()), text):
        return None
    return data, size


def _number_tokens(utf8: bytes) -> list[str]:
    """The number-like tokens standing as plain scalars in the text whose UTF-8 is
    `utf8`, in order: what `_NUMBER_SCALAR` (the regex of the comment above it, read
    on characters) finds; a token is ASCII, so its bytes are its characters."""
    found = _NUMBER_SCALAR.finditer(utf8.translate(_CLASSES))
    return [utf8[match.start() : match.end()].decode("ascii") for match in found]


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
        return _utf8_reader_safe(text.encode("utf-8"))
    except UnicodeEncodeError:
        return False  # a surrogate, which the reader refuses


def _utf8_reader_safe(raw: bytes) -> bool:
    """`_reader_safe` of the text whose UTF-8 `raw` is."""
    # the characters other than printable ASCII, in order, each whole (every byte of a
    # multi-byte UTF-8 sequence is >= 0x80): few in a spec, so checking them is cheap
    rest = raw.translate(None, _PRINTABLE_ASCII).decode("utf-8")
    if not all(map(_printable_beyond_ascii, set(rest))):
        return False
    return not any(line_break in rest for line_break in _LINE_BREAKS_11)


def _printable_beyond_ascii(char: str) -> bool:
    """Whether PyYAML's reader takes `char`, one that is not printable ASCII: its
    printable set beyond ASCII (NEL aside). Compared rather than matched by a regex
    of that set, whose compiling took ~5 ms of every run."""
    return (
        "\xa0" <= char <= "\ud7ff"
        or "\ue000" <= char <= "\ufffd"
        or char >= "\U00010000"
    )


def _syntax_12_only(text: str) -> bool:
    if "\t" in text or any(form.search(text) for form in _SYNTAX_12_ONLY):
        return True
    return _colon_opens_a_line(text)


def _colon_opens_a_line(text: str) -> bool:
    r"""What the regex `\n(?<![\\\n]\n)[ \t]*:(?:[ \t]|$)` finds in a text without tabs: a
    line opening (after its indentation) with `:` and a blank or its end, whose line
    break follows neither a backslash nor another line break. That regex tried every
    line break and read the indentation after it (~6 ms on the full upstream document);
    the colons are searched for instead, by the characters around them."""
    for match in _OPENING_COLON.finditer(text):
        at = match.start()
        start = text.rfind("\n", 0, at) + 1
        if start and not text[start:at].strip(" ") and _plain_break(text, start - 1):
            return True
    return False


def _plain_break(text: str, at: int) -> bool:
    """Whether the line break at `at` follows neither a backslash nor a line break."""
    return at == 0 or text[at - 1] not in "\\\n"


def _anchors(text: str) -> list[str]:
    """The names of the anchors defined in `text`, in order, one per definition."""
    names = []
    for match in _ANCHOR_NAME.finditer(text):
        at = match.start()
        if _BEFORE_ANCHOR.search(text, text.rfind("\n", 0, at) + 1, at):
            names.append(match.group(1))
    return names


def _aliases_bounded(text: str) -> bool:
    """Whether what yaml-rs's copies of aliased nodes can add stays bounded: at most
    `_MAX_ALIASES` aliases, and no anchor defined after the first alias. yaml-rs copies an
    alias's node where PyYAML shares it, so nested aliases ("billion laughs": an anchored
    node of aliases of an anchored node of aliases ...) would be built in full before any
    bound is checked. An anchored node holding an alias ends after it, so a nesting puts an
    anchor after an alias: declined, PyYAML shares them and the bounds check counts once.
    A `*` that only looks like an alias (in a quoted string) merely declines too."""
    first, count = len(text), 0
    for match in _ALIAS_NAME.finditer(text):
        at = match.start()
        if _BEFORE_ANCHOR.search(text, text.rfind("\n", 0, at) + 1, at):
            first, count = min(first, at), count + 1
            if count > _MAX_ALIASES:
                return False
    if not count:
        return True
    after = _ANCHOR_NAME.search(text, first)
    while after is not None:  # an anchor where a node starts, after the first alias
        at = after.start()
        if _BEFORE_ANCHOR.search(text, text.rfind("\n", 0, at) + 1, at):
            return False
        after = _ANCHOR_NAME.search(text, after.end())
    return True


def _ends_in_empty_block_scalar(text: str) -> bool:
    """Whether the last line with content (comments skipped) opens a block scalar: of
    the last 50 lines, then the text before them as one piece. Read back from the end
    (`rsplit` would copy the whole text before those lines: ~5 ms, 5.6 MB, on the full
    upstream document)."""
    end = len(text)
    for _ in range(50):  # the last 50 lines, as `text.rsplit("\n", 50)` gives them
        at = text.rfind("\n", 0, end)
        if at == -1:
            break
        if _has_content(line := text[at + 1 : end]):
            return bool(_BLOCK_INDICATOR_END.search(line))
        end = at
    # the rest as one piece, as rsplit leaves it (copied only when reached: rarely)
    rest = text[:end]
    return _has_content(rest) and bool(_BLOCK_INDICATOR_END.search(rest))


def _has_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _has_directive(text: str) -> bool:
    """A `%` opening a line. Found by its rare `%` rather than `"\n%" in text`, which is
    a two-character search over the whole text (~3 ms on the full upstream document)."""
    at = text.find("%")
    while at != -1:
        if at == 0 or text[at - 1] == "\n":
            return True
        at = text.find("%", at + 1)
    return False


def _has_tag_or_directive(text: str) -> bool:
    """A `%` directive line, or a `!` where a node can start (a tag), conservatively:
    one inside a block scalar that looks like that counts too."""
    if _has_directive(text):
        return True
    at = text.find("!")
    while at != -1:
        # every form before a tag is empty or ends in one of _BEFORE_TAG_ENDS
        if at == 0 or text[at - 1] in _BEFORE_TAG_ENDS:
            if _tag_may_start(text[text.rfind("\n", 0, at) + 1 : at]):
                return True
        at = text.find("!", at + 1)
    return False


def _tag_may_start(before: str) -> bool:
    r"""Whether a node can start after `before` (its line up to a `!`): what the regex
    `(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+|&[^ \t]+[ \t]+)$` finds
    in it. That regex, tried at each character of the line, was ~5 ms on the full
    upstream document (whose long description lines hold `!`s after blanks); its forms
    are read from the line's end instead: a flow indicator, `:` or `?` and blanks, an
    anchor (`&` and a name) and blanks, or a line of only blanks and `- ` or `--- `."""
    body = before.rstrip(" \t")
    if body.endswith(("[", "{", ",")):
        return True
    if len(body) < len(before):  # blanks before the `!`
        if body.endswith((":", "?")):
            return True
        word = body[max(body.rfind(" "), body.rfind("\t")) + 1 :]
        if "&" in word[:-1]:  # an `&` with a name after it
            return True
    return _BEFORE_TAG_LINE.fullmatch(before) is not None


_PLAIN_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})


def _read_otherwise(strings: set[str], resolvers: Any) -> set[str]:
    """Those of `strings` PyYAML would read as something else were they plain: of
    those starting with a character a resolver is for (picked out by a regex, in C:
    ~2,700 of the full upstream document's ~10,600), those one of them matches."""
    first = re.compile("[" + re.escape("".join(k for k in resolvers if k)) + "]")
    return {
        value
        for value in filter(first.match, strings)
        if yaml11.tag_of(value, resolvers) != yaml11.STR
    }


def _strings_of(data: Any) -> set[str] | None:
    """Every distinct string of `data` (keys and values), or None if a value has a type
    PyYAML's safe loader without timestamps never gives (or a key is None: `: x`, an
    empty key, which PyYAML refuses). Distinct: a spec repeats its keys and enums."""
    return _strings_sized(data)[0]


def _strings_sized(data: Any) -> tuple[set[str] | None, Size | None]:
    """`_strings_of`, and the data's Size. Level by level, each level sorted by type
    and taken apart by C iterators (a loop visiting each of the full upstream
    document's ~80,000 keys and values in Python was most of the time); a level
    holding any other type (a subclass) is left to `_strings_walked`, which decides by
    isinstance (and no Size then)."""
    strings: set[Any] = set()  # every key (checked by type below) and string value
    values, levels = 0, 0
    level = [data]
    while level:
        kinds = list(map(type, level))
        if not _PLAIN_TYPES.issuperset(kinds):
            return _strings_walked(data), None
        values, levels = values + len(level), levels + 1
        dicts = list(compress(level, map(is_, kinds, repeat(dict))))
        below = list(chain.from_iterable(map(dict.values, dicts)))
        below.extend(
            chain.from_iterable(compress(level, map(is_, kinds, repeat(list))))
        )
        strings.update(chain.from_iterable(dicts))
        strings.update(compress(level, map(is_, kinds, repeat(str))))
        level = below
    # the keys' types, read from the distinct values rather than from every key (a
    # pass less over the data): a set keeps one of equal values, and only an int, a
    # float and a bool may equal one of another type, all three types a key may have
    return _strings_with_keys(strings, set(map(type, strings))), (values, levels)


def _strings_walked(data: Any) -> set[str] | None:
    """`_strings_of` by a walk of every value, any subclass taken as isinstance sees it."""
    strings: set[Any] = set()
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
    return _strings_with_keys(strings, key_types)


def _strings_with_keys(strings: set[Any], key_types: set[type]) -> set[str] | None:
    """The strings among `strings` (keys and string values), None if a key's type is
    one PyYAML never gives a key."""
    for kind in key_types:
        if kind is type(None) or not issubclass(kind, _SCALARS):
            return None
    if key_types <= {str}:  # the usual: nothing but strings to leave out
        return strings
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
