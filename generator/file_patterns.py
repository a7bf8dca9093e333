"""Which schema a config file's name selects (contract rule 4).

The table itself is a project decision (codegen `file_schemas`: stem → schema, with the
catalog's name and description); this module is how the three places that match file names
read it: `callspec validate` (a file named `*.realtime-refer.yaml` is validated as
`calls.refer`; the front reads the table generated into the validator package,
`_validation/_selection.py`, never the codegen config), the published SchemaStore catalog
(`fileMatch`, so an editor picks the same schema) and the `callspec-validate` pre-commit
hook (its `files:` pattern, checked against `files_regex()` by a test). `*.callspec.*`
files are matched by the hook too; their root `$schema` (or `--schema`) decides, else the
default schema.

Imported on `callspec validate`'s start-up path: standard library only.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Mapping

# The suffixes `callspec validate` reads (loader.py), in catalog order.
SUFFIXES = ("yaml", "yml", "json", "toml")

# Files the hook validates without a schema of their own: `$schema` or the default decides.
GENERIC_STEM = "callspec"


def schema_for_file(path: str, table: Mapping[str, str]) -> str | None:
    """The schema a file's name selects by `table` (stem → schema):
    `x.realtime-refer.json` → `calls.refer`, if any."""
    name = os.path.basename(path)
    for stem, schema in table.items():
        if any(name.endswith(f".{stem}.{suffix}") for suffix in SUFFIXES):
            return schema
    return None


def file_globs(stem: str) -> list[str]:
    """The catalog's `fileMatch` for one stem: `*.realtime-session.yaml`, ..."""
    return [f"*.{stem}.{suffix}" for suffix in SUFFIXES]


def files_regex(stems: Iterable[str]) -> str:
    """The pre-commit hook's `files:` pattern: every stem of the table and the generic one."""
    names = [*stems, GENERIC_STEM]
    assert all(_PLAIN.fullmatch(s) for s in [*names, *SUFFIXES])  # nothing to escape
    return rf"\.({'|'.join(names)})\.({'|'.join(SUFFIXES)})$"


_PLAIN = re.compile(r"[a-z0-9-]+")
