"""The rule kinds of `x-callspec-rules`, one module each (see `protocol.py`).

Adding a kind: a module here defining `KIND` (parameters, description, JSON Schema
fragment, trigger), its runtime check `_r_<kind>` in `templates/client/validation/_rules.py`
and, when drawn values could break it, a branch in the strategies' `_rule`. The registry
finds the module by itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from generator.rules.protocol import RuleKind

__all__ = ["RuleKind", "kinds", "kind"]


@cache
def kinds() -> dict[str, RuleKind]:
    """Every kind, by its spec spelling."""
    found: dict[str, RuleKind] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "protocol":
            continue
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        rule_kind: RuleKind = loaded.KIND
        found[rule_kind.name] = rule_kind
    return found


def kind(name: str) -> RuleKind:
    return kinds()[name]
