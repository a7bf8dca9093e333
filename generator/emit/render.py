"""The Jinja2 environment every template-based emitter shares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from generator.config import TEMPLATES


class Renderer:
    def __init__(
        self, root: Path = TEMPLATES, cache: jinja2.BytecodeCache | None = None
    ) -> None:
        if cache is None:
            from generator.emit.template_cache import TemplateCache

            cache = TemplateCache(root)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root)),
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=cache,
        )
        self.env.filters["oneline"] = oneline
        self.env.filters["docline"] = docline
        self.env.filters["pystr"] = pystr

    def render(self, template: str, **context: Any) -> str:
        text = self.env.get_template(template).render(**context)
        return text.rstrip("\n") + "\n"


def oneline(text: object) -> str:
    """Spec text on one line (for `#` comments and one-line docstrings)."""
    return " ".join(str(text).split())


def docline(text: object) -> str:
    """Spec text on one line, safe inside a double-quoted Python docstring or TOML string:
    backslashes and double quotes escaped (so it reads back as the spec's text)."""
    out = oneline(text).replace("\\", "\\\\").replace('"', '\\"')
    return "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in out
    )


def pystr(text: object) -> str:
    """A Python string literal for a wire name (quotes, backslashes, any text)."""
    return json.dumps(str(text), ensure_ascii=False)
