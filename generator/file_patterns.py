"""Which schema a config file's name selects (contract rule 4).

One table for the three places that match file names: `callspec validate` (a file named
`*.realtime-refer.yaml` is validated as `calls.refer`), the published SchemaStore catalog
(`fileMatch`, so an editor picks the same schema) and the `callspec-validate` pre-commit hook
(its `files:` pattern, checked against `files_regex()` by a test). `*.callspec.*` files are
matched by the hook too; their root `$schema` (or `--schema`) decides, else `calls.accept`.

Imported on `callspec validate`'s start-up path: standard library only.
"""

from __future__ import annotations

import os
import re

# The suffixes `callspec validate` reads (loader.py), in catalog order.
SUFFIXES = ("yaml", "yml", "json", "toml")

# (name stem, schema, catalog name, catalog description), in catalog order
FILE_SCHEMAS = (
    (
        "realtime-session",
        "calls.accept",
        "OpenAI Realtime session config",
        "Session configuration for accepting a Realtime call (the body of POST "
        "/realtime/calls/{call_id}/accept)",
    ),
    (
        "realtime-refer",
        "calls.refer",
        "OpenAI Realtime call transfer (refer)",
        "SIP REFER target for transferring a Realtime call (the body of POST "
        "/realtime/calls/{call_id}/refer)",
    ),
    (
        "realtime-reject",
        "calls.reject",
        "OpenAI Realtime call rejection",
        "SIP status for rejecting a Realtime call (the body of POST "
        "/realtime/calls/{call_id}/reject)",
    ),
)

# Files the hook validates without a schema of their own: `$schema` or the default decides.
GENERIC_STEM = "callspec"


def schema_for_file(path: str) -> str | None:
    """The schema a file's name selects (`x.realtime-refer.json` → `calls.refer`), if any."""
    name = os.path.basename(path)
    for stem, schema, _, _ in FILE_SCHEMAS:
        if any(name.endswith(f".{stem}.{suffix}") for suffix in SUFFIXES):
            return schema
    return None


def file_globs(stem: str) -> list[str]:
    """The catalog's `fileMatch` for one stem: `*.realtime-session.yaml`, ..."""
    return [f"*.{stem}.{suffix}" for suffix in SUFFIXES]


def files_regex() -> str:
    """The pre-commit hook's `files:` pattern: every stem of the table and the generic one."""
    stems = [*(entry[0] for entry in FILE_SCHEMAS), GENERIC_STEM]
    assert all(_PLAIN.fullmatch(s) for s in [*stems, *SUFFIXES])  # nothing to escape
    return rf"\.({'|'.join(stems)})\.({'|'.join(SUFFIXES)})$"


_PLAIN = re.compile(r"[a-z0-9-]+")
