"""`trainer grade` and `trainer eval` treat every input line alone: a hostile line is one
error with its line number, every other line still counts, and the exit status is 1.

Each bad input from the security review is checked for both commands, from a file and from
standard input (which must behave exactly like a file).
"""

from __future__ import annotations

import io
import json
import types

import pytest

from trainer.cli import main

KEYS = ("empathy", "apology", "questions", "solution", "follow_up", "blame", "dismissive",
        "defensive")
LIMIT = 1024 * 1024


def _good(command: str, number: int) -> bytes:
    row = {"id": f"ok{number}", "reply": f"I'm sorry about order {number}."}
    if command == "eval":
        row["labels"] = dict.fromkeys(KEYS, 0)
    return json.dumps(row).encode() + b"\n"


# name: (bad line, its line number, what the message says, good lines before it, after it)
HOSTILE = {
    "lone surrogate": (b'{"id": "s", "reply": "\\ud800 sorry", "labels": {}}\n', 2,
                       "a string holds a lone surrogate (\\ud800), which is not text", 1, 2),
    "100,000-deep JSON": (b"[" * 100_000 + b"]" * 100_000 + b"\n", 3,
                          "not usable JSON (nested too deeply)", 2, 2),
    "5,000-digit id": (b'{"id": ' + b"7" * 5000 + b', "reply": "sorry"}\n', 2,
                       "not usable JSON (a number has more than 4,300 digits)", 1, 3),
    "huge line, no newline": (b'{"reply": "' + b"a" * (3 * LIMIT) + b'"}', 4,
                              "line is longer than 1,048,576 bytes", 3, 0),
    "huge line, then more": (b" " * (LIMIT + 1) + b"\n", 2,
                             "line is longer than 1,048,576 bytes", 1, 2),
    "bad UTF-8 at line 3001": (b'{"id": "u", "reply": "caf\xe9 ok"}\n', 3001,
                               "not UTF-8 text (byte 0xe9 at column 26)", 3000, 2),
}


def _run(command, data, source, tmp_path, monkeypatch, capsys):
    """Run `trainer COMMAND` on `data` from a file or stdin; (exit status, out, err, label)."""
    if source == "stdin":
        monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
        name, label = "-", "<stdin>"
    else:
        path = tmp_path / "in.jsonl"
        path.write_bytes(data)
        name = label = str(path)
    status = main([command, name])
    out, err = capsys.readouterr()
    return status, out, err, label


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.parametrize("command", ["grade", "eval"])
@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_line_is_one_error_and_every_other_line_counts(
        case, command, source, tmp_path, monkeypatch, capsys):
    bad, number, says, before, after = HOSTILE[case]
    first, last = range(1, before + 1), range(number + 1, number + 1 + after)
    data = (b"".join(_good(command, n) for n in first) + bad
            + b"".join(_good(command, n) for n in last))
    good = [*first, *last]
    status, out, err, label = _run(command, data, source, tmp_path, monkeypatch, capsys)
    assert status == 1
    assert err == f"{label}:{number}: {says}\n"
    if command == "grade":
        assert [json.loads(line)["id"] for line in out.splitlines()] == [f"ok{n}" for n in good]
    else:
        assert out.startswith(f"{len(good)} labelled replies\n")


def test_a_line_too_long_is_skipped_without_being_held_in_memory():
    from scoring.json_lines import read_objects

    class Recording(io.BytesIO):
        largest = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Recording.largest = max(Recording.largest, len(line))
            return line

    stream = Recording(b"x" * 50 + b'\n{"a": 1}\n' + b"y" * 1000 + b'\n{"b": 2}')
    lines = list(read_objects(stream, max_bytes=20))
    assert [(line.number, line.value, line.error) for line in lines] == [
        (1, None, "line is longer than 20 bytes"), (2, {"a": 1}, ""),
        (3, None, "line is longer than 20 bytes"), (4, {"b": 2}, "")]
    assert Recording.largest <= 21


def test_grade_shows_control_characters_in_ids_and_keeps_its_json_valid(
        tmp_path, monkeypatch, capsys):
    row = {"id": "\x1b]0;pwned\x07\u202e\x9b", "reply": "Sorry \x1b[2J\u202e for that."}
    data = json.dumps(row).encode() + b"\n"
    status, out, err, _ = _run("grade", data, "file", tmp_path, monkeypatch, capsys)
    assert status == 0 and not err
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")
    assert json.loads(out)["id"] == row["id"]
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
    assert main(["grade", "-", "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[1].startswith("\\x1b]0;pwned\\x")
    assert not any(c in table for c in "\x1b\x07\x9b\u202e")


def test_eval_misses_shows_control_characters_in_ids_and_replies(tmp_path, capsys):
    path = tmp_path / "l.jsonl"
    row = {"id": "m\x1b[31m1", "reply": "I'm so sorry.\x1b[2J\nforged line",
           "labels": dict.fromkeys(KEYS, 0)}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert main(["eval", str(path), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "m\\x1b[31m1  apology: labelled 0" in out
    assert "  reply: I'm so sorry.\\x1b[2J\\nforged line" in out
    assert "\x1b" not in out and "\nforged line" not in out


@pytest.mark.parametrize("command", ["grade", "eval"])
def test_odd_ids_are_an_error_or_kept_exactly_and_never_a_crash(
        command, tmp_path, monkeypatch, capsys):
    rest = _good(command, 0).replace(b'{"id": "ok0"', b"")
    ids = [b"[" * 200 + b"]" * 200, b"true", b"9" * 4300, b"null"]
    data = b"".join(b'{"id": ' + item_id + rest for item_id in ids)
    status, out, err, label = _run(command, data, "file", tmp_path, monkeypatch, capsys)
    assert status == 1
    assert err.splitlines() == [
        f"{label}:1: field 'id' must be a string or a number, got an array",
        f"{label}:2: field 'id' must be a string or a number, got a boolean"]
    if command == "grade":
        assert [json.loads(line)["id"] for line in out.splitlines()] == [int("9" * 4300), 4]
    else:
        assert out.startswith("2 labelled replies\n")
