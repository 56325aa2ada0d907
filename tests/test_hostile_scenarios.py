"""Scenario files and `play --plain` input from people we don't control: each hostile case
found in review is a diagnostic with its place or a clean message, never a traceback, and
nothing good is lost. One test per case (issue #16)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.scenario import bundled_dir, load_paths, load_text
from trainer.scenario.yaml_source import MAX_BYTES, MAX_ITEMS, parse_yaml
from trainer.store import Store

BASE = (bundled_dir() / "double-charge.yaml").read_text(encoding="utf-8")
DIAGNOSTIC = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[SW]\d{3}) ")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def diagnostics(out: str) -> list[dict]:
    found = [m.groupdict() for m in map(DIAGNOSTIC.match, out.splitlines()) if m]
    return found


@pytest.mark.parametrize(("character", "named"), [
    ("\x00", "U+0000 (NUL)"), ("\x07", "U+0007 (BEL)"), ("\x9b", "U+009B"),
    ("\x1b", "U+001B (ESC)"), ("\u202e", "U+202E")])
@pytest.mark.parametrize("command", ["validate", "test", "play"])
def test_a_control_character_in_a_file_is_a_diagnostic_with_its_place(
        tmp_path, capsys, monkeypatch, command, character, named):
    path = write(tmp_path, "bad.yaml", BASE.replace("title: Charged", f"title: Cha{character}rged"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    args = [command, str(path)] + (["--plain"] if command == "play" else [])
    assert main(args) == 1
    captured = capsys.readouterr()
    found = diagnostics(captured.out + captured.err)
    assert found == [{"path": str(path), "line": "3", "col": "11", "code": "S016"}]
    assert named in captured.out + captured.err and "must be plain text" in captured.err + \
        captured.out
    assert character not in captured.out + captured.err


@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE"), ("utf-32-le", "UTF-32 LE"),
    ("utf-32-be", "UTF-32 BE"), ("utf-16", "UTF-16 LE")])
def test_utf16_and_utf32_are_named_with_or_without_a_byte_order_mark(
        tmp_path, capsys, encoding, named):
    path = write(tmp_path, "wide.yaml", BASE.encode(encoding))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1:1: S011 error: file" in out and named in out and "save it as UTF-8" in out


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN", "+.Inf"])
def test_numbers_must_be_finite(value):
    text = re.sub(r"refund_up_to: .*", f"refund_up_to: {value}", BASE)
    loaded = load_text(text, "x.yaml")
    assert loaded.scenario is None
    errors = [d for d in loaded.diagnostics if d.is_error()]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "refund_up_to:" in row)
    assert [(d.line, d.column, d.code) for d in errors] == [(line, 17, "S005")]
    assert "not a finite number" in errors[0].message


def test_a_huge_list_under_the_size_limit_is_refused_while_it_is_read():
    items = ",".join(["1"] * 100_000)
    data = (BASE + f"\nbogus: [{items}]\n").encode()
    assert len(data) < MAX_BYTES
    document = parse_yaml(data, "big.yaml")
    [error] = document.diagnostics
    assert (error.code, error.line) == ("S017", BASE.count("\n") + 2)
    assert f"more than {MAX_ITEMS:,} items" in error.message


@pytest.mark.parametrize(("text", "message"), [
    ("a: " + "[" * 5000 + "]" * 5000, "nested more than"),
    ("".join(f"k{i}: {i}\n" for i in range(20_000)), "items in one"),
    ("a: &a [" + "x" * 200_000 + "]\nb: [*a, *a, *a]", "characters of text"),
    ("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + "".join(f"b{i}: [*a, *a, *a, *a, *a]\n"
                                                     for i in range(5)), "aliases"),
])
def test_work_is_bounded_while_composing(text, message):
    [error] = parse_yaml(text.encode(), "x.yaml").diagnostics
    assert error.code in ("S009", "S017") and message in error.message and error.line >= 1


def test_escape_sequences_written_as_yaml_escapes_are_refused_in_text():
    title = r'"Charged\x1b[31m twice\x1b]0;pwned\x07"'
    loaded = load_text(BASE.replace("title: Charged twice for one phone bill",
                                    f"title: {title}"), "esc.yaml")
    assert loaded.scenario is None
    [error] = [d for d in loaded.diagnostics if d.is_error()]
    assert (error.line, error.column, error.code) == (3, 8, "S016")
    assert "U+001B (ESC)" in error.message


def test_play_plain_shows_escape_sequences_in_replies_instead_of_sending_them(
        tmp_path, capsys, monkeypatch):
    reply = "Sorry\x1b[31m red\x1b]0;pwned\x07 about that"
    monkeypatch.setattr("sys.stdin", io.StringIO(reply + "\n/end\n"))
    assert main(["play", "double-charge", "--plain", "--db",
                 f"sqlite:///{tmp_path / 'r.db'}"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Sorry\\x1b[31m red\\x1b]0;pwned\\x07 about that" in out


def test_a_file_name_with_control_characters_is_shown_not_obeyed(tmp_path, capsys):
    path = write(tmp_path, "x\x1b[2Jy.yaml", "id: [")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "x\\x1b[2Jy.yaml:1:" in out


def test_play_plain_with_stdin_closed_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", None)
    assert main(["play", "double-charge", "--plain", "--db",
                 f"sqlite:///{tmp_path / 'r.db'}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "standard input is closed" in err


class _Bytes(io.TextIOWrapper):
    """Standard input as a pipe gives it: bytes underneath, decoded strictly by default."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")


def test_play_plain_with_undecodable_bytes_keeps_every_turn_and_closes_the_session(
        tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    replies = (b"I'm so sorry, that's a real worry with rent due.\n"
               b"Could you tell me your account number? \xff\xfe\n"
               b"I've refunded the duplicate $42.50 today.\n")
    monkeypatch.setattr("sys.stdin", _Bytes(replies))
    assert main(["play", "double-charge", "--plain", "--db", url, "--trainee", "ana"]) == 0
    out = capsys.readouterr().out
    assert "account number? \ufffd\ufffd" in out
    store = Store(url)
    try:
        [row] = store.history("ana")
        assert row.status == "finished" and row.turn_count == 3
        assert "\ufffd" in store.session_turns(row.id)[1].reply
    finally:
        store.close()


def test_a_read_error_on_stdin_ends_the_conversation_with_turns_kept(tmp_path, monkeypatch):
    class Broken(io.StringIO):
        def readline(self, *args):
            if self.tell() >= len("I'm so sorry about this.\n"):
                raise OSError(5, "Input/output error")
            return super().readline(*args)

    url = f"sqlite:///{tmp_path / 'r.db'}"
    monkeypatch.setattr("sys.stdin", Broken("I'm so sorry about this.\nmore\n"))
    assert main(["play", "double-charge", "--plain", "--db", url, "--trainee", "bo"]) == 0
    store = Store(url)
    try:
        [row] = store.history("bo")
        assert row.status == "finished" and row.turn_count == 1
    finally:
        store.close()


def test_one_bad_file_in_a_folder_hides_no_valid_scenario(tmp_path, capsys, monkeypatch):
    for scenario in bundled_dir().glob("*.yaml"):
        write(tmp_path, scenario.name, scenario.read_bytes())
    write(tmp_path, "broken.yaml", b"id: broken\x07\ntitle: [\x00")
    results, problems = load_paths([tmp_path])
    assert not problems
    assert sum(r.scenario is not None for r in results) == 8
    assert main(["validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "8 valid, 1 invalid" in captured.err
    assert f"{tmp_path / 'broken.yaml'}:1:11: S016" in captured.out
    monkeypatch.setattr("sys.stdin", io.StringIO("/end\n"))
    assert main(["play", "double-charge", "--plain", "--scenarios", str(tmp_path), "--db",
                 f"sqlite:///{tmp_path / 'r.db'}"]) == 0


@pytest.mark.parametrize(("written", "value"), [
    ("1:30", "1:30"), ("yes", "yes"), ("on", "on"), ("2024-05-01", "2024-05-01"),
    ("017", 17), ("0o17", 15), ("0x1f", 31), ("1e3", 1000.0), ("true", True), ("~", None),
    ("1_000", "1_000")])
def test_scalars_are_read_by_yaml_1_2(written, value):
    document = parse_yaml(f"k: {written}\n".encode(), "x.yaml")
    assert not document.diagnostics and document.value == {"k": value}
    assert type(document.value["k"]) is type(value)


def test_a_base_60_anger_is_an_error_not_ninety():
    loaded = load_text(re.sub(r"  anger: 55", "  anger: 1:30", BASE), "x.yaml")
    [error] = [d for d in loaded.diagnostics if d.is_error()]
    assert (error.line, error.code) == (14, "S004") and "'1:30'" in error.message


def test_trainer_test_says_a_file_that_could_not_be_loaded_ran_no_tests(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", BASE.replace("title:", "title: \x07"))
    assert main(["test", str(path)]) == 1
    captured = capsys.readouterr()
    assert "S016" in captured.err
    assert captured.out.strip() == ("0 passed, 0 failed; 1 file(s) could not be loaded, so "
                                    "their tests did not run")
