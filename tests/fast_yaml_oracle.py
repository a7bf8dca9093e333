"""The safety checks of generator/load/fast_yaml.py as they were before they were made
fast (one regex scan each, a walk resolving every string): the oracle that
tests/test_fast_yaml_checks.py holds the fast ones to. Kept verbatim; do not optimise.
"""

from __future__ import annotations

import re
from typing import Any

from generator.load.yaml11 import STR as _STR
from generator.load.yaml11 import tag_of as _pyyaml_tag

_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_BEFORE_TAG = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+|&[^ \t]+[ \t]+)$",
    re.MULTILINE,
)
_NUMBER_SCALAR = re.compile(
    r"[ \t\r\n\[{,]([-+0-9._][0-9a-zA-Z_.:+-]*)(?=[ \t\r]*(?:$|#|,|\]|\}|:[ \t\r]|:$))",
    re.MULTILINE,
)
# line breaks and comments between a flow indicator and a block indicator were added
# with the fast forms (a fix, as `:?`: yaml-rs read `[\n  |]` as a plain `|`)
_SYNTAX_12_ONLY = re.compile(
    r":[,\]}]|[\[{,][ \t]*+(?:(?:\n|#[^\n]*+)(?:[ \t\n]|#[^\n]*+)*+)?"
    r"(?:&[^ \t]+[ \t]+)?[:|>]|\t|(?<![\\\n])\n[ \t]*:(?:[ \t]|$)",
    re.MULTILINE,
)
_ANCHOR = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[:?][ \t]+|[\[{,][ \t]*|^---[ \t]+)"
    r"&([0-9A-Za-z_-]+)(?=[ \t,\]}]|$)",
    re.MULTILINE,
)
_SCALARS = (str, int, float, bool, type(None))


def reader_refuses(text: str) -> bool:
    if _NOT_PRINTABLE.search(text):
        return True
    return "\x85" in text or "\u2028" in text or "\u2029" in text


def syntax_12_only(text: str) -> bool:
    # `:?` was added with the fast forms (a fix, not an optimisation)
    return bool(_SYNTAX_12_ONLY.search(text)) or ":?" in text


def anchors(text: str) -> list[str]:
    return list(_ANCHOR.findall(text))


def number_tokens(text: str) -> list[str]:
    return list(_NUMBER_SCALAR.findall("\n" + text))


def has_tag_or_directive(text: str) -> bool:
    if text.startswith("%") or "\n%" in text:
        return True
    at = text.find("!")
    while at != -1:
        line = text.rfind("\n", 0, at) + 1
        if _BEFORE_TAG.search(text, line, at):
            return True
        at = text.find("!", at + 1)
    return False


def suspect_strings(data: Any, resolvers: Any) -> set[str] | None:
    found: set[str] = set()
    stack = [data]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                if isinstance(key, str):
                    if key and _pyyaml_tag(key, resolvers) != _STR:
                        found.add(key)
                elif key is None or not isinstance(key, _SCALARS):
                    return None
                stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, str):
            if current and _pyyaml_tag(current, resolvers) != _STR:
                found.add(current)
        elif not isinstance(current, _SCALARS):
            return None
    return found


_BLOCK_INDICATOR_END = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$")


def ends_in_empty_block_scalar(text: str) -> bool:
    """As it was before it read the lines back from the end (rsplit copied the text)."""
    for line in reversed(text.rsplit("\n", 50)):
        if line.strip() and not line.lstrip().startswith("#"):
            return bool(_BLOCK_INDICATOR_END.search(line))
    return False


def load(text: str) -> dict[str, Any] | None:
    """fast_yaml.load as it was, on the checks above (the last step, which did not
    change, is shared)."""
    import yaml_rs

    from generator.load.fast_yaml import (
        _NUMBER_LIKE,
        _agree,
        _indicator_first,
        _read_alike,
        _resolvers,
        _strings_of,
    )

    if reader_refuses(text) or has_tag_or_directive(text):
        return None
    if syntax_12_only(text) or ends_in_empty_block_scalar(text):
        return None
    names = anchors(text)
    if len(names) != len(set(names)):
        return None
    tokens = set(number_tokens(text))
    if not all(_agree(t) for t in tokens if _NUMBER_LIKE.search(t)):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:
        return None
    if not isinstance(data, dict):
        return None
    suspects = suspect_strings(data, _resolvers())
    if suspects is None or not _read_alike(suspects, text):
        return None
    # a check added with the fast forms (not an optimisation): shared
    strings = _strings_of(data)
    if strings is None or _indicator_first(strings, text):
        return None
    return data
