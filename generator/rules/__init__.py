"""The rule kinds of `x-callspec-rules`, one module each (see `protocol.py`).

Adding a kind: a module here defining `KIND` (parameters and their shapes, description,
JSON Schema fragment, trigger, strategy fix), its runtime check `_r_<kind>` in
`templates/client/validation/_rules.py` and, when its strategy fix needs a new building
block, that block in `templates/testing/strategies/_runtime.py`. The registry finds the
module by itself.
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
