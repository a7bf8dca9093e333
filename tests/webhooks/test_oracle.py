"""Webhook verification against SDK 3.51.0 (the oracle) on generated cases.

Each category generates deliveries with Hypothesis (derandomized: the same
cases every run) and runs each through

- ours: ``client.webhooks.verify_signature(..., clock=...)``,
- the SDK: ``openai.OpenAI(...).webhooks.verify_signature(...)`` with its clock
  pinned (``conftest.pinned_clock``),
- ``standardwebhooks`` 1.1.0 (the reference library, second oracle).

Ours must give exactly the SDK's outcome (accepted, or the same exception type
and message), except in the cases our listed deviations cover (README,
"Webhooks: where we differ from the SDK"), where ours must accept. The
reference library must agree with the SDK on accept/reject unless the case has
one of the known reasons for them to differ (README, "SDK 3.51.0 and
standardwebhooks"); where the two agree, ours agrees with both. The counts per
category are asserted (>= 50 each, >= 1,000 in all) and printed with ``-s``.
"""

from __future__ import annotations

import base64
import binascii
import email.message
import json
import string
from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple

import httpx2
import openai
import pytest
import requests.structures
import standardwebhooks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.webhooks.conftest import pinned_clock, sign

PER_CATEGORY = 160
MIN_PER_CATEGORY = 50
MIN_TOTAL = 1000

COUNTS: Counter[str] = Counter()
DEVIATIONS: Counter[str] = Counter()
STD_DIVERGENCES: Counter[str] = Counter()
STD_AGREEMENTS: Counter[str] = Counter()

NAMES = ("webhook-id", "webhook-timestamp", "webhook-signature")
HEADER_KINDS = (
    "dict",
    "dict-title",
    "dict-upper",
    "dict-mixed",
    "mappingproxy",
    "httpx2",
    "requests",
    "email",
    "get-only",
)


class GetOnlyHeaders:
    """A header object with only ``get``, exact-case, under Title-Case names
    (the SDK finds them through its Capitalised-Words fallback)."""

    def __init__(self, values: Dict[str, str]) -> None:
        self._values = values

    def get(self, key: str) -> Optional[str]:
        return self._values.get(key)


def _title(name: str) -> str:
    return "-".join(p.capitalize() for p in name.split("-"))


def _mixed(name: str) -> str:
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(name))


@dataclass
class Case:
    category: str
    secret: str
    payload: str | bytes
    webhook_id: Optional[str]
    timestamp: Optional[str]
    signature: Optional[str]
    now: float
    tolerance: int = 300
    kind: str = "dict"

    def values(self) -> Dict[str, str]:
        given = dict(zip(NAMES, (self.webhook_id, self.timestamp, self.signature)))
        return {k: v for k, v in given.items() if v is not None}

    def headers(self) -> Any:
        values = self.values()
        kind = self.kind
        if kind == "dict":
            return dict(values)
        if kind == "dict-title":
            return {_title(k): v for k, v in values.items()}
        if kind == "dict-upper":
            return {k.upper(): v for k, v in values.items()}
        if kind == "dict-mixed":
            return {_mixed(k): v for k, v in values.items()}
        if kind == "mappingproxy":
            return MappingProxyType(dict(values))
        if kind == "httpx2":
            return httpx2.Headers(values)
        if kind == "requests":
            return requests.structures.CaseInsensitiveDict(
                {_title(k): v for k, v in values.items()}
            )
        if kind == "email":
            message = email.message.Message()
            for k, v in values.items():
                message[_title(k)] = v
            return message
        if kind == "get-only":
            return GetOnlyHeaders({_title(k): v for k, v in values.items()})
        raise AssertionError(kind)


def key_of(secret: str) -> bytes:
    """The HMAC key the SDK derives from a secret."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[6:])
    return secret.encode()


def outcome(fn: Callable[[], object]) -> Tuple[str, str]:
    try:
        fn()
    except Exception as exc:  # the exact type and message are compared
        name = type(exc).__name__
        return (name, str(exc))
    return ("ok", "")


_CLIENTS: Dict[str, Any] = {}


def ours_outcome(rc: ModuleType, case: Case) -> Tuple[str, str]:
    client = _CLIENTS.get("ours")
    if client is None:
        client = _CLIENTS["ours"] = rc.OpenAI(api_key="sk-test")
    return outcome(
        lambda: client.webhooks.verify_signature(
            case.payload,
            case.headers(),
            secret=case.secret,
            tolerance=case.tolerance,
            clock=lambda: case.now,
        )
    )


def sdk_outcome(case: Case) -> Tuple[str, str]:
    client = _CLIENTS.get("sdk")
    if client is None:
        client = _CLIENTS["sdk"] = openai.OpenAI(api_key="sk-test")
    with pinned_clock(case.now):
        return outcome(
            lambda: client.webhooks.verify_signature(
                case.payload,
                case.headers(),
                secret=case.secret,
                tolerance=case.tolerance,
            )
        )


def std_accepts(case: Case) -> bool:
    def run() -> None:
        hook = standardwebhooks.Webhook(case.secret)
        hook.verify(case.payload, case.headers(), json_parse=False)

    with pinned_clock(case.now):
        return outcome(run)[0] == "ok"


def expected_signature(case: Case) -> Optional[str]:
    try:
        key = key_of(case.secret)
    except (binascii.Error, ValueError):
        return None
    if case.webhook_id is None or case.timestamp is None:
        return None
    return sign(key, case.webhook_id, case.timestamp, case.payload)


def _strict_b64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


MISMATCH = "The given webhook signature does not match the expected signature"


def deviation(case: Case) -> Optional[str]:
    """Which of our listed deviations from the SDK applies to the case (when
    the SDK finds no matching signature)."""
    expected = expected_signature(case)
    if expected is None or case.signature is None:
        return None
    for part in case.signature.split():
        rest = part[3:] if part.startswith("v1,") else part
        if rest.endswith(",") and rest[:-1] == expected:
            return "trailing comma of a joined header line"
    return None


def std_reasons(case: Case) -> List[str]:
    """Known reasons for the SDK and standardwebhooks to differ on a case."""
    reasons = []
    if not case.secret.startswith("whsec_"):
        reasons.append("raw secret (the library base64-decodes it)")
    elif not _strict_b64(case.secret[6:]):
        reasons.append("whsec_ secret that is not padded base64 (the library pads)")
    elif not case.secret[6:]:
        reasons.append("empty key (the library refuses it)")
    if any(not v for v in (case.webhook_id, case.timestamp, case.signature)):
        reasons.append("missing or empty header")
    if case.kind == "get-only":
        reasons.append("header object without items()")
    if case.signature:
        if case.signature.split(" ") != case.signature.split():
            reasons.append("signatures separated by other whitespace than one space")
        for part in case.signature.split():
            if not part.startswith("v1,"):
                reasons.append("signature without the v1, prefix")
                break
            if "," in part[3:] or not _strict_b64(part[3:]):
                reasons.append("signature part that is not v1,<base64>")
                break
    if case.timestamp:
        try:
            canonical = str(int(case.timestamp)) == case.timestamp
        except ValueError:
            canonical = False
        if not canonical:
            reasons.append("timestamp that is not a canonical integer")
    if case.now != int(case.now):
        reasons.append("fractional clock (the SDK truncates now)")
    if case.tolerance != 300:
        reasons.append("tolerance other than 300 s (the library's is fixed)")
    return reasons


def check(rc: ModuleType, case: Case) -> None:
    COUNTS[case.category] += 1
    ours = ours_outcome(rc, case)
    sdk = sdk_outcome(case)
    why = deviation(case) if sdk == ("InvalidWebhookSignatureError", MISMATCH) else None
    if why is None:
        assert ours == sdk, case
    else:
        DEVIATIONS[why] += 1
        assert ours == ("ok", ""), case
    std_ok = std_accepts(case)
    sdk_ok = sdk == ("ok", "")
    if std_ok == sdk_ok:
        STD_AGREEMENTS[case.category] += 1
        if why is None:
            assert (ours == ("ok", "")) == std_ok, case
    else:
        reasons = std_reasons(case)
        assert reasons, ("an unlisted SDK / standardwebhooks divergence", case, sdk)
        for reason in reasons:
            STD_DIVERGENCES[reason] += 1


# -- strategies ---------------------------------------------------------------

webhook_ids = st.text(
    alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=24
).map(lambda s: "msg_" + s)
json_bodies = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
).map(lambda v: json.dumps({"type": "realtime.call.incoming", "data": v}))
bodies = st.one_of(json_bodies, st.text(max_size=120))
whsec_secrets = st.binary(min_size=1, max_size=48).map(
    lambda b: "whsec_" + base64.b64encode(b).decode()
)
raw_secrets = st.text(min_size=1, max_size=40).filter(
    lambda s: not s.startswith("whsec_")
)
secrets = st.one_of(whsec_secrets, raw_secrets)
base_times = st.integers(min_value=1_600_000_000, max_value=2_000_000_000)
fractions = st.sampled_from([0.0, 0.0, 0.25, 0.5, 0.999999])


@st.composite
def payloads(draw: Any) -> str | bytes:
    body = draw(bodies)
    return body.encode() if draw(st.booleans()) else body


@st.composite
def valid_case(draw: Any, category: str, kind: str = "dict") -> Case:
    secret = draw(secrets)
    now = draw(base_times)
    webhook_id = draw(webhook_ids)
    timestamp = str(now - draw(st.integers(min_value=-300, max_value=300)))
    payload = draw(payloads())
    signature = "v1," + sign(key_of(secret), webhook_id, timestamp, payload)
    return Case(
        category, secret, payload, webhook_id, timestamp, signature, now, kind=kind
    )


@st.composite
def rotation_cases(draw: Any) -> Case:
    keys = draw(st.lists(secrets, min_size=2, max_size=4, unique=True))
    current = draw(st.sampled_from(keys))
    case = draw(valid_case("rotation"))
    signers = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=5))
    parts = []
    for signer in signers:
        sig = sign(
            key_of(signer), case.webhook_id or "", case.timestamp or "", case.payload
        )
        parts.append(sig if draw(st.integers(0, 4)) == 0 else "v1," + sig)
    case.secret = current
    case.signature = " ".join(parts)
    return case


@st.composite
def tolerance_cases(draw: Any, direction: str) -> Case:
    case = draw(valid_case(f"tolerance: {direction} edge"))
    tolerance = draw(st.sampled_from([300, 300, 300, 0, 1, 59, 299, 301, 3600]))
    whole = draw(base_times)
    now = whole + draw(fractions)
    delta = draw(st.integers(min_value=-2, max_value=2))
    ts = whole - tolerance + delta if direction == "old" else whole + tolerance + delta
    case.now, case.tolerance, case.timestamp = now, tolerance, str(ts)
    case.signature = "v1," + sign(
        key_of(case.secret), case.webhook_id or "", str(ts), case.payload
    )
    return case


@st.composite
def secret_cases(draw: Any) -> Case:
    case = draw(valid_case("raw / whsec_ secrets"))
    raw = draw(st.binary(min_size=0, max_size=40))
    encoded = base64.b64encode(raw).decode()
    secret = draw(
        st.sampled_from(
            [
                "whsec_" + encoded,  # the usual form
                "whsec_" + encoded.rstrip("="),  # padding dropped
                "whsec_" + encoded + "!",  # a non-alphabet character
                encoded or "x",  # base64 text without the prefix: raw
                "whsec_",  # an empty key
                "WHSEC_" + encoded,  # wrong-case prefix: raw
            ]
        )
        | raw_secrets
    )
    signing_key = draw(st.sampled_from(["as the SDK reads it", "the other reading"]))
    try:
        key = key_of(secret)
        if signing_key == "the other reading":
            key = (
                secret.encode()
                if secret.startswith("whsec_")
                else base64.b64decode(secret + "==")
            )
    except (binascii.Error, ValueError):
        key = secret.encode()
    case.secret = secret
    case.signature = "v1," + sign(
        key, case.webhook_id or "", case.timestamp or "", case.payload
    )
    return case


GARBAGE = string.ascii_letters + string.digits + "+/=,.-_:;"


@st.composite
def malformed_cases(draw: Any) -> Case:
    case = draw(valid_case("malformed parts"))
    sig = (case.signature or "")[3:]
    token = st.sampled_from(
        [
            "v1," + sig,
            sig,
            "v1," + sig + ",",  # as on the first of two joined header lines
            "v1,",
            ",",
            "v2," + sig,
            "v1," + sig[:-1],
            "v1," + sig.lower(),
            "v1," + sig + "=",
            "v1,v1," + sig,
            "v1," + sig.rstrip("="),
            "V1," + sig,
        ]
    ) | st.text(alphabet=GARBAGE, min_size=1, max_size=50)
    tokens = draw(st.lists(token, min_size=0, max_size=4))
    separators = draw(
        st.lists(
            st.sampled_from([" ", " ", "  ", "\t", "\n", " \r\n "]),
            min_size=len(tokens),
            max_size=len(tokens),
        )
    )
    case.signature = "".join(s + t for s, t in zip(separators, tokens)).lstrip(" ")
    if draw(st.integers(0, 5)) == 0:
        # two header lines joined by ", " (httpx2, http.client's get): the
        # valid signature on the first line keeps the comma (deviation 1)
        other = (
            "v1," + base64.b64encode(draw(st.binary(min_size=32, max_size=32))).decode()
        )
        lines = ["v1," + sig, other]
        case.signature = ", ".join(lines if draw(st.booleans()) else lines[::-1])
    if draw(st.integers(0, 4)) == 0:
        case.timestamp = draw(
            st.sampled_from(
                [
                    "",
                    "abc",
                    "1e9",
                    " " + (case.timestamp or ""),
                    "+" + (case.timestamp or ""),
                    (case.timestamp or "") + ".0",
                    "0x10",
                    "-1",
                    "\u0661\u0662\u0663",
                ]
            )
            | st.text(alphabet=GARBAGE, max_size=12)
        )
    return case


@st.composite
def tampered_cases(draw: Any) -> Case:
    case = draw(valid_case("tampered bodies"))
    what = draw(
        st.sampled_from(
            ["body", "body", "body", "id", "timestamp", "signature", "secret"]
        )
    )
    if what == "body":
        text = (
            case.payload.decode() if isinstance(case.payload, bytes) else case.payload
        )
        position = draw(st.integers(min_value=0, max_value=len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.characters(codec="utf-8"))
        if edit == "insert" or not text:
            changed = text[:position] + char + text[position:]
        elif edit == "delete":
            position = min(position, len(text) - 1)
            changed = text[:position] + text[position + 1 :]
        else:
            position = min(position, len(text) - 1)
            if char == text[position]:
                char = "#" if char != "#" else "$"
            changed = text[:position] + char + text[position + 1 :]
        case.payload = changed.encode() if isinstance(case.payload, bytes) else changed
    elif what == "id":
        case.webhook_id = (case.webhook_id or "") + draw(
            st.sampled_from(["x", "0", " "])
        )
    elif what == "timestamp":
        case.timestamp = draw(st.sampled_from(["0", "+", " "])) + (case.timestamp or "")
    elif what == "signature":
        sig = (case.signature or "")[3:]
        i = draw(st.integers(min_value=0, max_value=len(sig) - 2))
        flipped = "A" if sig[i] != "A" else "B"
        case.signature = "v1," + sig[:i] + flipped + sig[i + 1 :]
    else:
        case.secret = draw(secrets.filter(lambda s: s != case.secret))
    return case


@st.composite
def header_type_cases(draw: Any) -> Case:
    kind = draw(st.sampled_from(HEADER_KINDS))
    case = draw(valid_case("header types", kind=kind))
    change = draw(st.sampled_from(["none", "none", "wrong", "missing", "empty"]))
    if change == "wrong":
        case.signature = "v1," + base64.b64encode(b"\0" * 32).decode()
    elif change in ("missing", "empty"):
        names = draw(
            st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True)
        )
        for name in names:
            attr = {
                "webhook-id": "webhook_id",
                "webhook-timestamp": "timestamp",
                "webhook-signature": "signature",
            }[name]
            setattr(case, attr, None if change == "missing" else "")
    return case


CATEGORIES = {
    "rotation": rotation_cases(),
    "tolerance: old edge": tolerance_cases("old"),
    "tolerance: new edge": tolerance_cases("new"),
    "raw / whsec_ secrets": secret_cases(),
    "malformed parts": malformed_cases(),
    "tampered bodies": tampered_cases(),
    "header types": header_type_cases(),
}


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_agrees_with_the_sdk(rc: ModuleType, category: str) -> None:
    before = COUNTS[category]

    @settings(
        max_examples=PER_CATEGORY,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(CATEGORIES[category])
    def run(case: Case) -> None:
        check(rc, case)

    run()
    ran = COUNTS[category] - before
    assert ran >= MIN_PER_CATEGORY, (category, ran)


def test_zz_counts_and_summary() -> None:
    """After the categories (file order): the totals, printed for the notes."""
    if len(COUNTS) < len(CATEGORIES):
        pytest.skip("run with the category tests")
    print("\nwebhook oracle cases per category:")
    for name in CATEGORIES:
        print(
            f"  {name}: {COUNTS[name]} (standardwebhooks agrees on {STD_AGREEMENTS[name]})"
        )
    print(f"  total: {sum(COUNTS.values())}")
    print("our deviations from the SDK exercised:", dict(DEVIATIONS))
    print("SDK / standardwebhooks divergences by reason:")
    for reason, n in STD_DIVERGENCES.most_common():
        print(f"  {reason}: {n}")
    assert all(COUNTS[name] >= MIN_PER_CATEGORY for name in CATEGORIES)
    assert sum(COUNTS.values()) >= MIN_TOTAL
