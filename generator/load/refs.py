"""`$ref` resolution across one spec file and the files it points to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import Problem, SpecError
from generator.load.document import Document, load_document, split_pointer


class RefResolver:
    """Resolves `$ref` strings relative to the document they appear in."""

    def __init__(self, root: Document) -> None:
        self.root = root
        self._documents: dict[Path, Document] = {root.path.resolve(): root}

    def document(self, path: Path) -> Document:
        key = path.resolve()
        if key not in self._documents:
            self._documents[key] = load_document(path)
        return self._documents[key]

    def resolve(
        self, ref: str, base: Document, at: str
    ) -> tuple[Document, str, Any] | Problem:
        """Return (document, pointer, value) for `ref`, or a Problem naming where it is used."""
        if not isinstance(ref, str):
            return base.problem("$ref must be a string", at)
        file_part, _, fragment = ref.partition("#")
        document = base
        if file_part:
            try:
                target = (base.path.parent / file_part).resolve()
                found = target.is_file()
            except (OSError, ValueError):  # a NUL byte, a name too long, a loop
                found = False
            if not found:
                return base.problem(f"$ref {ref!r} names a missing file", at)
            try:
                document = self.document(target)
            except SpecError as exc:  # say where the bad file is referenced from
                inner = "; ".join(p.render() for p in exc.problems)
                return base.problem(f"$ref {ref!r} names a bad file: {inner}", at)
        value: Any = document.data
        for token in split_pointer("#" + fragment):
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif (
                isinstance(value, list) and token.isdigit() and int(token) < len(value)
            ):
                value = value[int(token)]
            else:
                return base.problem(f"$ref {ref!r} does not resolve", at)
        return document, fragment, value
