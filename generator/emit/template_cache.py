"""The templates' compiled code, cached beside them as Python caches its byte-code.

Jinja compiles every template to Python source and then to a code object on each run
(~65 ms of a full generation for our 13 templates). Its bytecode cache keeps the code
object in a file keyed by the template's path and checked against a checksum of its
source and the Python version, so an edited template or another interpreter is simply
compiled again: a cache of the generator's own code, like `__pycache__`, never of the
spec being generated.

It lives in `templates/__pycache__/` (ignored by git, left out of the wheel) and is
written the way Python writes `.pyc` files: only when `sys.dont_write_bytecode` is off
(PYTHONDONTWRITEBYTECODE unset), and by `make venv` (`python -m
generator.emit.template_cache`), as the Makefile byte-compiles the generator. A cache
that cannot be read or written is ignored: the template is compiled as without one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from generator.config import TEMPLATES

CACHE_DIR = "__pycache__"


class TemplateCache(jinja2.FileSystemBytecodeCache):
    def __init__(self, root: Path, write: bool | None = None) -> None:
        super().__init__(str(root / CACHE_DIR), "%s.jinja.cache")
        self.write = write

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or foreign: compiled again, as without a cache
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        write = not sys.dont_write_bytecode if self.write is None else self.write
        if not write:
            return
        try:
            Path(self.directory).mkdir(exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:  # a read-only install: every run compiles, as before
            pass


def precompile(root: Path = TEMPLATES) -> int:
    """Compile every template into the cache; returns how many there are."""
    from generator.emit.render import Renderer

    renderer = Renderer(root, cache=TemplateCache(root, write=True))
    names = [name for name in renderer.env.list_templates() if name.endswith(".jinja")]
    for name in names:
        renderer.env.get_template(name)
    return len(names)


if __name__ == "__main__":
    precompile()
