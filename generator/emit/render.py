"""The Jinja2 environment every template-based emitter shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator.config import TEMPLATES


class Renderer:
    def __init__(self, root: Path = TEMPLATES) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root)),
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )

    def render(self, template: str, **context: Any) -> str:
        text = self.env.get_template(template).render(**context)
        return text.rstrip("\n") + "\n"
