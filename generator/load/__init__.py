"""Reading specs: YAML or JSON with source positions on demand, and `$ref` resolution."""

from generator.load.document import Document, load_document
from generator.load.refs import RefResolver

__all__ = ["Document", "RefResolver", "load_document"]
