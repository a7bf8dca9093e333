"""callspec: an OpenAPI-driven generator and validator for the OpenAI Realtime calls API."""

__version__ = "0.2.0"
