"""One emitter per artifact. Emitters read only the IR, never the raw OpenAPI document."""
