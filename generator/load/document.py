"""A spec file parsed into plain data, able to say where any JSON pointer sits in the text.

Parsing uses yaml-rs where it gives exactly PyYAML's data (fast_yaml.py), else PyYAML's C
loader; positions are only computed when an error or a warning needs one, so a good spec
pays nothing for them: by walking the lines along the pointer (yaml_lines.py) where that
is sure, else by composing the node tree once with PyYAML.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, compress, repeat
from operator import is_
from pathlib import Path
from typing import Any

from generator.errors import Problem, SpecError
from generator.load import fast_yaml


@cache
def spec_loader() -> Any:
    """PyYAML's safe loader (its C one where built) keeping timestamps as strings: a
    spec's `2024-10-01` is text, not a date. PyYAML is imported here, on first need:
    a document the fast path takes (fast_yaml.py) never needs it, and importing it
    cost ~15 ms of every run."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _SpecLoader(base):  # type: ignore[misc]
        """Safe loader that keeps timestamps as strings."""

    _SpecLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in base.yaml_implicit_resolvers.items()
    }
    return _SpecLoader


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer_join(pointer: str, *tokens: str | int) -> str:
    for token in tokens:  # one or two, and rarely with `~` or `/`: the plain path first
        text = str(token)
        if "~" in text or "/" in text:
            text = _escape(text)
        pointer = f"{pointer}/{text}"
    return pointer


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "#"):
        return []
    body = pointer[1:] if pointer.startswith("#") else pointer
    return [t.replace("~1", "/").replace("~0", "~") for t in body.split("/")[1:]]


@dataclass
class Document:
    """One parsed spec file."""

    path: Path
    text: str
    data: Any
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)
    _lines: Any = field(default=None, repr=False)  # yaml_lines.Lines, False if unsure

    def position(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of the value at `pointer`, or of its nearest ancestor."""
        tokens = split_pointer(pointer)
        if self._positions is None and self._lines is not False:
            from generator.load.yaml_lines import Lines, Unsure

            try:
                if self._lines is None:
                    self._lines = Lines(self.text)
                return self._lines.position(self.data, tokens)  # type: ignore[no-any-return]
            except Unsure:
                self._lines = False  # compose from now on: one answer per document
        if self._positions is None:
            self._positions = _index_positions(self.text, self.path)
        while True:
            key = "".join("/" + _escape(t) for t in tokens)
            if key in self._positions:
                return self._positions[key]
            if not tokens:
                return None
            tokens.pop()

    def problem(self, message: str, pointer: str) -> Problem:
        pos = self.position(pointer)
        return Problem(
            message,
            file=str(self.path),
            line=pos[0] if pos else None,
            column=pos[1] if pos else None,
            pointer=pointer or "/",
        )


_JSON_NOT_YAML = re.compile(r'("(?:[^"\\]|\\.)*")|-?Infinity|NaN')


def _json_as_yaml(text: str) -> str:
    """`text` with JSON's non-YAML tokens blanked to equal-length stand-ins (positions hold)."""

    def blank(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return "0" * len(match.group(0))
        return re.sub(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", r"\\u0020", match.group(1))

    return _JSON_NOT_YAML.sub(blank, text)


def _index_positions(text: str, path: Path) -> dict[str, tuple[int, int]]:
    import yaml

    positions: dict[str, tuple[int, int]] = {}
    try:
        root = yaml.compose(text, Loader=spec_loader())
    except yaml.YAMLError:
        try:  # JSON that is not YAML: NaN, Infinity, surrogate escapes
            root = yaml.compose(_json_as_yaml(text), Loader=spec_loader())
        except yaml.YAMLError:
            return positions
    stack: list[tuple[Any, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if node is None:
            continue
        positions.setdefault(
            pointer, (node.start_mark.line + 1, node.start_mark.column + 1)
        )
        if id(node) in seen:  # aliases share nodes; index each once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = pointer + "/" + _escape(str(key_node.value))
                positions.setdefault(
                    child,
                    (key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                )
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}"))
    return positions


_JSON_ERROR = re.compile(r"line (\d+) column (\d+)")


def load_document(path: Path) -> Document:
    """Parse a YAML or JSON spec file; a syntax error becomes a SpecError with its position."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(
            [Problem(f"cannot read spec: {exc.strerror}", file=str(path))]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            [Problem(f"spec is not UTF-8 (byte {exc.start})", str(path), line, column)]
        ) from None
    size: fast_yaml.Size | None = None  # counted by the fast YAML path only
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(
                [
                    Problem(
                        f"JSON syntax error: {exc.msg}",
                        str(path),
                        exc.lineno,
                        exc.colno,
                    )
                ]
            ) from None
        except RecursionError:
            raise SpecError(
                [Problem(f"nested more than {MAX_DEPTH} levels deep", str(path), 1, 1)]
            ) from None
    elif (fast := fast_yaml.load_sized(text, _without_bom(raw))) is not None:
        # the same data PyYAML gives (fast_yaml.py says when it declines), and its size
        data, size = fast
    else:
        import yaml

        try:
            data = yaml.load(
                text, Loader=spec_loader()
            )  # noqa: S506 - a safe loader subclass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise SpecError(
                [
                    Problem(
                        f"YAML syntax error: {exc.problem}",
                        str(path),
                        mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None,
                    )
                ]
            ) from None
        except yaml.YAMLError as exc:
            # a reader error (a character YAML refuses) knows only its offset
            at = getattr(exc, "position", None)
            row = text.count("\n", 0, at) + 1 if isinstance(at, int) else None
            col = (
                at - (text.rfind("\n", 0, at) + 1) + 1 if isinstance(at, int) else None
            )
            message = f"YAML error: {getattr(exc, 'reason', None) or exc}"
            raise SpecError([Problem(message, str(path), row, col)]) from None
        except RecursionError:
            raise SpecError(
                [Problem(f"nested more than {MAX_DEPTH} levels deep", str(path), 1, 1)]
            ) from None
        except ValueError:  # PyYAML resolves `0b_` or `0x_` as a number it cannot build
            raise SpecError([_unbuildable_number(text, path)]) from None
    if not isinstance(data, dict):
        raise SpecError(
            [Problem("spec must be a mapping at the top level", str(path), 1, 1, "/")]
        )
    document = Document(path=path, text=text, data=data)
    _check_shape(document, size)
    return document


def _without_bom(raw: bytes) -> bytes:
    """`raw` as "utf-8-sig" decodes it: without a leading BOM."""
    return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw


def _unbuildable_number(text: str, path: Path) -> Problem:
    """The first plain scalar (in document order) PyYAML resolves as a number and then
    fails to build, located; composing finds it (only this error pays for that)."""
    import yaml

    loader = spec_loader()(text)
    try:
        stack, seen = [loader.get_single_node()], set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:  # an alias: its node is seen already
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except ValueError:
                    line, column = node.start_mark.line + 1, node.start_mark.column + 1
                    message = (
                        f"YAML error: {node.value!r} reads as a number but is none"
                    )
                    return Problem(message, str(path), line, column)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for pair in reversed(node.value) for v in pair[::-1])
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
    finally:
        loader.dispose()
    return Problem("YAML error: a number PyYAML cannot build", str(path))


MAX_DEPTH = 200  # nesting levels of any value
MAX_NODES = 1_000_000  # values, counting each use of a YAML alias again


def _check_shape(document: Document, size: fast_yaml.Size | None = None) -> None:
    """Refuse data that later passes could not walk: too deep (or a recursive alias), or
    expanding without bound through aliases ("billion laughs"). Linear, capped at MAX_NODES.
    `size`: the data's (values, levels) when the fast YAML path counted them already
    (its data holds no shared values: nothing to expand)."""
    if size is None:
        within = _within_bounds(document.data)
    else:
        within = size[0] <= MAX_NODES and size[1] <= MAX_DEPTH
    if not within:
        _locate_shape_problem(document)


def _within_bounds(data: Any) -> bool:
    """Whether `data` has at most MAX_NODES values, none deeper than MAX_DEPTH: level by
    level, without the pointers `_locate_shape_problem` builds only for a refusal. A
    level of plain values is taken apart by C iterators (a loop over the full upstream
    document's ~45,000 values was ~15 ms); one holding another type by isinstance."""
    level, depth, count = [data], 1, 0
    while level:
        count += len(level)
        if depth > MAX_DEPTH or count > MAX_NODES:
            return False
        kinds = list(map(type, level))
        if not _PLAIN.issuperset(kinds):
            below = _below_by_isinstance(level, count)
        else:
            dicts = list(compress(level, map(is_, kinds, repeat(dict))))
            lists = list(compress(level, map(is_, kinds, repeat(list))))
            # counted before expanding: shared (aliased) values must not expand further
            if count + sum(map(len, dicts)) + sum(map(len, lists)) > MAX_NODES:
                return False
            below = list(chain.from_iterable(map(dict.values, dicts)))
            below.extend(chain.from_iterable(lists))
        if below is None:
            return False
        level, depth = below, depth + 1
    return True


_PLAIN = frozenset({dict, list, str, int, float, bool, type(None)})


def _below_by_isinstance(level: list[Any], count: int) -> list[Any] | None:
    """The values one level below `level`, None once more than MAX_NODES in all."""
    below: list[Any] = []
    for node in level:
        if isinstance(node, dict):
            below.extend(node.values())
        elif isinstance(node, list):
            below.extend(node)
        else:
            continue
        if count + len(below) > MAX_NODES:  # stop before aliases expand further
            return None
    return below


def _locate_shape_problem(document: Document) -> None:
    """Raise the SpecError for the first value (depth-first) past a bound, located."""
    stack: list[tuple[Any, int, str]] = [(document.data, 1, "")]
    count = 0
    while stack:
        node, depth, pointer = stack.pop()
        count += 1
        if count > MAX_NODES:
            message = f"more than {MAX_NODES} values once YAML aliases are expanded"
            raise SpecError([document.problem(message, pointer)])
        if depth > MAX_DEPTH:
            message = f"nested more than {MAX_DEPTH} levels deep (or a recursive alias)"
            raise SpecError([document.problem(message, pointer)])
        if isinstance(node, dict):
            stack.extend(
                (v, depth + 1, pointer_join(pointer, k)) for k, v in node.items()
            )
        elif isinstance(node, list):
            stack.extend((v, depth + 1, f"{pointer}/{i}") for i, v in enumerate(node))
