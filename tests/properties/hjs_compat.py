"""hypothesis-jsonschema 0.23 against a current Hypothesis.

hypothesis-jsonschema draws objects with Hypothesis's private `cu.many` collection helper
through its old protocol (`while elements.more(): ... elements.reject()`); Hypothesis 6.150+
replaced it with a context manager (`with many(...) as e: for _ in e: ...`), so every object
schema fails with "'many' object has no attribute 'more'". `patch()` gives the library an
adapter speaking the old protocol on top of the new one; it is a no-op where `more` exists.
"""

from __future__ import annotations

from typing import Any


def patch() -> None:
    from hypothesis.internal.conjecture import utils as cu
    from hypothesis_jsonschema import _from_schema

    if hasattr(cu.many, "more") or getattr(_from_schema, "_callspec_patched", False):
        return

    class OldMany:
        def __init__(self, data: Any, **sizes: Any) -> None:
            self._many = cu.many(data, **sizes)
            self._many.__enter__()
            self._elements = iter(self._many)

        def more(self) -> bool:
            try:
                next(self._elements)
                return True
            except StopIteration:
                self._many.__exit__(None, None, None)
                return False

        def reject(self, why: str | None = None) -> None:
            self._many.reject(why)

    class Utils:
        many = OldMany

        def __getattr__(self, name: str) -> Any:
            return getattr(cu, name)

    _from_schema.cu = Utils()  # type: ignore[assignment]
    _from_schema._callspec_patched = True  # type: ignore[attr-defined]
