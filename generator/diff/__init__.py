"""IR-to-IR comparison of two specs: what changed, and whether it breaks callers.

Every change names its subject (an operation's `resource.method`, or a type) and where in it
(`param query 'limit'`, `.session.audio.output.speed`, ...). Severity depends on the side a
type is used on: a caller *sends* request types, so narrowing them (an enum value or union
branch removed, a range tightened, `null` no longer allowed, a parameter newly required) is
breaking and widening is compatible; a caller *receives* response types, so there a removed
field or newly possible `null` breaks, while a narrower value is compatible. A type used on
both sides takes the worse of the two. Descriptions only ever give docs-only changes.

The parts: change.py (a change, severities, sides), sources.py (a spec file or
`git:REV:PATH` as IR), compare.py (operations and named types), shapes.py (two type nodes),
rules.py (`x-callspec-rules`), render.py (text, Markdown, JSON). The names below are the
public API (`callspec diff` and the tests import them from `generator.diff`).
"""

from __future__ import annotations

from generator.diff.change import BREAKING as BREAKING
from generator.diff.change import COMPATIBLE as COMPATIBLE
from generator.diff.change import DOCS as DOCS
from generator.diff.change import REQUEST as REQUEST
from generator.diff.change import RESPONSE as RESPONSE
from generator.diff.change import SEVERITIES as SEVERITIES
from generator.diff.change import Change as Change
from generator.diff.compare import Differ as Differ
from generator.diff.compare import diff_apis as diff_apis
from generator.diff.compare import sides as sides
from generator.diff.render import counts as counts
from generator.diff.render import render_json as render_json
from generator.diff.render import render_markdown as render_markdown
from generator.diff.render import render_text as render_text
from generator.diff.render import summary as summary
from generator.diff.shapes import describe as describe
from generator.diff.sources import load_api as load_api
