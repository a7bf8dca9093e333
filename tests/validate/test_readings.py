"""Config files read as a Python service reads them (contract rule 8, issue 14 items 3-4):
YAML as PyYAML's safe_load (YAML 1.1), TOML per TOML 1.0. Dates where a string is expected
are errors with a hint to quote; YAML 1.1 readings that YAML 1.2 reads otherwise get a hint;
a TOML duplicate key is named, at its column; messages the front writes use JSON's words.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Callable

import pytest

from generator.validate.loader import read

SESSION = "type: realtime\n"


def findings(cli: Callable[..., Any], path: str) -> tuple[int, list[dict[str, Any]]]:
    result = cli("validate", "--format", "json", path)
    return result.code, result.json()["files"][0]["findings"]


@pytest.mark.parametrize(
    "name, content, line, json_path, text",
    [
        (
            "a.yaml",
            SESSION + "instructions: 2026-11-24\n",
            2,
            "$.instructions",
            "2026-11-24",
        ),
        (
            "b.yaml",
            SESSION + "prompt:\n  id: pmpt_1\n  version: 2024-05-01\n",
            4,
            "$.prompt.version",
            "2024-05-01",
        ),
        (
            "c.yaml",
            SESSION + "instructions: 2024-01-01 10:00:00\n",
            2,
            "$.instructions",
            "2024-01-01 10:00:00",
        ),
        (
            "d.toml",
            'type = "realtime"\ninstructions = 1979-05-27\n',
            2,
            "$.instructions",
            "1979-05-27",
        ),
        (
            "e.toml",
            'type = "realtime"\ninstructions = 07:32:00\n',
            2,
            "$.instructions",
            "07:32:00",
        ),
        (
            "f.toml",
            'type = "realtime"\n[prompt]\nid = "p"\nversion = 1979-05-27T07:32:00Z # c\n',
            4,
            "$.prompt.version",
            "1979-05-27T07:32:00Z",
        ),
    ],
)
def test_dates_where_a_string_is_expected_are_errors(
    cli: Callable[..., Any],
    write: Callable[..., str],
    name: str,
    content: str,
    line: int,
    json_path: str,
    text: str,
) -> None:
    code, found = findings(cli, write(name, content))
    assert code == 1
    (f,) = found
    assert (f["line"], f["json_path"], f["severity"], f["rule"]) == (
        line,
        json_path,
        "error",
        "date",
    )
    assert text in f["message"] and "date" in f["message"]
    assert f["hint"] == f'quote it: "{text}"'
    # quoted as the hint says, the file is valid
    quoted = content.replace(text, f'"{text}"')
    assert findings(cli, write("q" + name, quoted)) == (0, [])


def test_dates_are_read_as_a_python_service_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 2026-11-24\nb: '2026-11-24'\nc: 2024-01-01T10:00:00Z\n")
    (doc,) = read(path)
    assert doc.value["a"] == datetime.date(2026, 11, 24)
    assert doc.value["b"] == "2026-11-24"
    assert isinstance(doc.value["c"], datetime.datetime)
    toml = tmp_path / "x.toml"
    toml.write_text("a = 1979-05-27\nb = 07:32:00\n")
    (doc,) = read(toml)
    assert doc.value == {"a": datetime.date(1979, 5, 27), "b": datetime.time(7, 32)}


def test_a_date_in_a_free_form_value_is_not_json(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    code, found = findings(
        cli,
        write("m.yaml", SESSION + "tracing:\n  metadata:\n    when: 2026-11-24\n"),
    )
    assert code == 1
    assert [(f["line"], f["json_path"], f["rule"]) for f in found] == [
        (4, "$.tracing.metadata.when", "date")
    ]
    assert found[0]["hint"] == 'quote it: "2026-11-24"'


def test_a_bad_calendar_date_is_a_located_parse_error(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write("bad.yaml", SESSION + "instructions: 2026-02-30\n")
    result = cli("validate", path)
    assert result.code == 2 and result.out.startswith(f"{path}:2:15: error: $:")
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize(
    "content, json_path, message_part, hint_parts",
    [
        # on → true: JSON's words in the message, the file's word in the hint
        (
            "audio:\n  input:\n    turn_detection:\n      type: semantic_vad\n      eagerness: on\n",
            "$.audio.input.turn_detection.eagerness",
            "true is not one of",
            ["reads on as true", 'YAML 1.2 as the string "on"'],
        ),
        (
            "audio:\n  input:\n    noise_reduction:\n      type: off\n",
            "$.audio.input.noise_reduction.type",
            "false is not one of",
            ["reads off as false"],
        ),
        # quoting fixes it: the hint says so
        (
            "audio:\n  output:\n    voice: yes\n",
            "$.audio.output.voice",
            "",
            ["reads yes as true", 'quote it: "yes"'],
        ),
        # 1e3 is a string to PyYAML (a float needs a dot), 1000 to YAML 1.2
        (
            "max_output_tokens: 1e3\n",
            "$.max_output_tokens",
            "",
            ['reads 1e3 as the string "1e3"', "YAML 1.2 as 1000.0", "write 1000"],
        ),
        # leading-zero octal
        (
            "audio:\n  input:\n    turn_detection:\n      type: server_vad\n      idle_timeout_ms: 010000\n",
            "$.audio.input.turn_detection.idle_timeout_ms",
            "4096",
            ["reads 010000 as 4096", "YAML 1.2 as 10000", "write 10000"],
        ),
        # sexagesimal
        (
            "audio:\n  output:\n    speed: 1:30\n",
            "$.audio.output.speed",
            "90",
            ["reads 1:30 as 90", 'YAML 1.2 as the string "1:30"'],
        ),
    ],
)
def test_yaml_11_readings_get_a_hint(
    cli: Callable[..., Any],
    write: Callable[..., str],
    content: str,
    json_path: str,
    message_part: str,
    hint_parts: list[str],
) -> None:
    code, found = findings(cli, write("y.yaml", SESSION + content))
    assert code == 1
    (f,) = [f for f in found if f["json_path"] == json_path]
    assert message_part in f["message"]
    assert "True" not in f["message"] and "False" not in f["message"]
    for part in hint_parts:
        assert part in f["hint"], f["hint"]
    assert "YAML 1.1" in f["hint"]


def test_a_yaml_11_reading_without_a_finding_says_nothing(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    path = write(
        "ok.yaml",
        SESSION
        + "audio:\n  input:\n    turn_detection:\n      type: server_vad\n      create_response: yes\n",
    )
    assert findings(cli, path) == (0, [])


def test_a_yaml_11_key(cli: Callable[..., Any], write: Callable[..., str]) -> None:
    code, found = findings(
        cli, write("k.yaml", SESSION + "tracing:\n  metadata:\n    on: 1\n")
    )
    assert code == 1
    (f,) = found
    assert f["message"] == "key true is not a string"
    assert "reads on as true" in f["hint"] and 'quote it: "on"' in f["hint"]


@pytest.mark.parametrize(
    "content, line, column, key",
    [
        ('type = "realtime"\nmodel = "a"\nmodel = "b"\n', 3, 1, '"model"'),
        (
            'type = "realtime"\n[audio.output]\nspeed = 1\n  speed = 1.2  # again\n',
            4,
            3,
            '"audio.output.speed"',
        ),
        ('type = "realtime"\n[audio]\n[audio]\n', 3, 1, '"audio"'),
        (
            'type = "realtime"\nx = {speed = 1, speed = 2}\n',
            2,
            17,
            '"speed"',
        ),
    ],
)
def test_toml_duplicate_key_is_named_at_its_column(
    cli: Callable[..., Any],
    write: Callable[..., str],
    content: str,
    line: int,
    column: int,
    key: str,
) -> None:
    path = write("dup.toml", content)
    result = cli("validate", path)
    assert result.code == 2
    first = result.out.splitlines()[0]
    assert first.startswith(
        f"{path}:{line}:{column}: error: $: cannot parse: duplicate "
    )
    assert key in first


def test_a_date_where_no_string_would_do_keeps_its_finding_in_the_files_words(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    code, found = findings(
        cli,
        write(
            "n.yaml",
            SESSION + "max_output_tokens: 2024-01-01\ntools:\n  - type: 2024-01-01\n",
        ),
    )
    assert code == 1
    assert [(f["json_path"], f["rule"]) for f in found] == [
        ("$.max_output_tokens", "type"),
        ("$.tools[0].type", "discriminator"),
    ]
    for f in found:
        assert "datetime" not in f["message"], f["message"]
        assert f["hint"].startswith("2024-01-01 unquoted is a YAML date")
    assert "2024-01-01" in found[1]["message"]


def test_dates_copied_by_aliases_and_merge_keys_are_found_too(
    cli: Callable[..., Any], write: Callable[..., str]
) -> None:
    content = (
        SESSION
        + "tracing:\n  metadata:\n    <<: {when: 2024-01-01}\n    x: &d [2024-01-02]\n    y: *d\n"
    )
    code, found = findings(cli, write("alias.yaml", content))
    assert code == 1
    assert [(f["json_path"], f["rule"]) for f in found] == [
        ("$.tracing.metadata.when", "date"),
        ("$.tracing.metadata.x[0]", "date"),
        ("$.tracing.metadata.y[0]", "date"),
    ]


def test_rechecks_are_bounded(
    cli: Callable[..., Any], write: Callable[..., str], monkeypatch: Any
) -> None:
    """Finding what would pass revalidates the document: a file with thousands of objected
    YAML 1.1 scalars stays linear; past the budget each gets the reading without the fix.
    """
    from generator.validate import engine
    from generator.validate.readings import MAX_RECHECKS

    module = engine.load()
    calls = []
    original = module.validate

    def counting(name: str, data: Any) -> Any:
        calls.append(name)
        return original(name, data)

    monkeypatch.setattr(module, "validate", counting)
    items = ", ".join(["on"] * 500)
    code, found = findings(
        cli, write("many.yaml", f"{SESSION}output_modalities: [{items}]\n")
    )
    assert code == 1 and len(found) == 500
    assert len(calls) <= 1 + MAX_RECHECKS
    assert all("reads on as true" in f["hint"] for f in found)
