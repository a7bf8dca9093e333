"""Config files → documents with a line:column for every JSON path.

JSON: an iterative parser (duplicate keys kept as findings, NaN/Infinity read as numbers
so the validator can name them). YAML: built from libyaml's event stream (no recursion,
aliases counted as they expand, safe tags only). TOML: tomllib, with positions looked up line
by line (best effort).

Values are what a Python service reading the file gets (contract rule 8): YAML as PyYAML's
`safe_load` reads it (YAML 1.1: unquoted dates are `datetime.date`, `on` is true, `0123` is
83, `1e3` is a string), TOML per TOML 1.0 (dates and times are `datetime` objects). Each
scalar whose reading is a date, or that YAML 1.2 reads otherwise, is kept in
`Document.scalars` with its text, so the front can say so where the validator objects.

This module reads the bytes (capped) and picks the reader by suffix: read_json.py,
read_yaml.py, read_toml.py; what they return is in document.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

# The document types live in document.py; the names stay importable from here, where the
# front (run.py, readings.py) and the tests have always found them.
from generator.validate.document import MAX_BYTES as MAX_BYTES
from generator.validate.document import MAX_DEPTH as MAX_DEPTH
from generator.validate.document import MAX_INT_BITS as MAX_INT_BITS
from generator.validate.document import MAX_NODES as MAX_NODES
from generator.validate.document import Document as Document
from generator.validate.document import JsonPath as JsonPath
from generator.validate.document import Key as Key
from generator.validate.document import Note as Note
from generator.validate.document import ParseError as ParseError
from generator.validate.document import Scalar as Scalar
from generator.validate.document import json_string as json_string

if TYPE_CHECKING:
    from generator.validate.read_json import parse_json as parse_json
    from generator.validate.read_toml import parse_toml as parse_toml
    from generator.validate.read_yaml import parse_yaml as parse_yaml

# Each reader is imported when a file of its syntax is read: `callspec validate` runs once
# per pre-commit hook call, so a JSON file never pays for loading the YAML or TOML reader.
_READERS = {
    "parse_json": "generator.validate.read_json",
    "parse_toml": "generator.validate.read_toml",
    "parse_yaml": "generator.validate.read_yaml",
}


def __getattr__(name: str) -> Any:
    """`from generator.validate.loader import parse_yaml` still works, loading the reader
    only then."""
    if name in _READERS:
        import importlib

        return getattr(importlib.import_module(_READERS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read(path: Path) -> list[Document]:
    """Every document in `path`, by its suffix (.json, .yaml/.yml, .toml; else YAML)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(f"file is {size} bytes; the limit is {MAX_BYTES} (20 MB)")
        with path.open(
            "rb"
        ) as stream:  # at most the cap: /dev/zero or a FIFO has no size
            data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ParseError(f"file is over the limit of {MAX_BYTES} bytes (20 MB)")
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        from generator.validate.read_json import parse_json

        return [parse_json(text)]
    if suffix == ".toml":
        from generator.validate.read_toml import parse_toml

        return [parse_toml(text)]
    from generator.validate.read_yaml import parse_yaml

    return parse_yaml(text)
