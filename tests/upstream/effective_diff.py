"""Compare the effective spec (upstream slice + overlays) with the hand-written snapshot.

    .venv/bin/python -m tests.upstream.effective_diff [OLD] [NEW]

OLD defaults to tests/fixtures/calls.openapi.yaml (the hand-written spec the overlays
replaced), NEW to spec/upstream.yaml. Prints one line per differing JSON pointer of the two
documents (strings compared with whitespace collapsed) and a count: the document-level view.
The IR-level check, which is what generation depends on, is
tests/upstream/test_spec_layout.py::test_effective_spec_is_the_snapshot_it_replaced
(`callspec diff tests/fixtures/calls.openapi.yaml spec/upstream.yaml` shows the same).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Iterator

from generator.load.upstream import effective_document

_SPACE = re.compile(r"\s+")
IGNORED_TOP = {"info"}  # the title/description of the project, not the API surface


def normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        return _SPACE.sub(" ", value).strip()
    return value


def differences(old: Any, new: Any, pointer: str = "") -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            at = f"{pointer}/{key}"
            if key not in new:
                yield f"{at}: only in old: {_short(old[key])}"
            else:
                yield from differences(old[key], new[key], at)
        for key in new:
            if key not in old:
                yield f"{pointer}/{key}: only in new: {_short(new[key])}"
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new)):
            yield from differences(a, b, f"{pointer}/{index}")
    elif old != new:
        yield f"{pointer}: {_short(old)} != {_short(new)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 160 else text[:157] + "..."


def compare(old: Path, new: Path) -> list[str]:
    a = normalise(effective_document(old).document.data)
    b = normalise(effective_document(new).document.data)
    for key in IGNORED_TOP:
        a.pop(key, None)
        b.pop(key, None)
    return list(differences(a, b))


def main(argv: list[str]) -> int:
    old = Path(argv[0]) if argv else Path("tests/fixtures/calls.openapi.yaml")
    new = Path(argv[1]) if len(argv) > 1 else Path("spec/upstream.yaml")
    found = compare(old, new)
    for line in found:
        print(line)
    print(f"{len(found)} differences", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
