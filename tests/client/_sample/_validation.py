"""A tiny stand-in for the generated validator: one rule (contract: RFC 3261)."""

from __future__ import annotations

from typing import Any, Dict, List

from ._exceptions import RequestValidationError


def validate_request(name: str, body: object) -> None:
    """Raise `RequestValidationError` when reject's status_code is not 300-699."""
    findings: List[Dict[str, Any]] = []
    if name == "calls.reject" and isinstance(body, dict):
        code = body.get("status_code")
        if isinstance(code, int) and not 300 <= code <= 699:
            findings.append({"path": "status_code", "severity": "error"})
    if findings:
        raise RequestValidationError(f"{name}: {len(findings)} finding(s)", findings)
