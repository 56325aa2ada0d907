"""The results store with hostile input: text PostgreSQL refuses, bad database URLs, a
store others must not read, a store we may only read, and names that are escape sequences."""

from __future__ import annotations

import io
import os
import sqlite3
import stat

import pytest
import sqlalchemy as sa

from tests.store.test_store import GOOD, play
from trainer.cli import main
from trainer.paths import data_dir, database_url
from trainer.store import Store

NUL_REPLY = "I'm so sorry\x00 that's our mistake. I've refunded the second $42.50 today."


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


# 1. NUL (and a lone surrogate) in text: stored as U+FFFD on every backend, never fatal.

def test_a_reply_with_nul_is_recorded_and_the_session_finishes(store_url, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(NUL_REPLY + "\n"))
    code = main(["play", "double-charge", "--plain", "--seed", "1", "--trainee", "Ana",
                 "--db", store_url])
    assert code == 0, capsys.readouterr().err
    store = Store(store_url)
    try:
        [session] = store.history("Ana")
        assert session.status == "finished" and session.turn_count == 1
        [turn] = store.session_turns(session.id)
        assert turn.reply == NUL_REPLY.replace("\x00", "\ufffd")
        assert "\ufffd that's our mistake" in store.debrief_markdown(session.id)
        [saved] = store.debrief_data(session.id)["turns"]
        assert saved["reply"] == NUL_REPLY.replace("\x00", "\ufffd")
    finally:
        store.close()


def test_nul_and_lone_surrogates_in_names_and_replies_are_stored(store_url):
    store = Store(store_url)
    try:
        recorder = play(store, "Eve\x00\ud800", ["Sorry \udc00\x00 " + GOOD])
        [session] = store.history("Eve\x00\ud800")  # looked up the way it was written
        assert session.trainee == "Eve\ufffd\ufffd" and session.status == "finished"
        [turn] = store.session_turns(recorder.session_id)
        assert turn.reply.startswith("Sorry \ufffd\ufffd I'm so sorry")
    finally:
        store.close()


# 2. Database URLs are checked before use: one line, exit 1, never a traceback.

@pytest.mark.parametrize(("url", "says"), [
    ("postgresql://u:secret@127.0.0.1:notaport/db", "the port must be a number"),
    ("postgresql://u@127.0.0.1:70000/db", "port 70000 is out of range"),
    ("postgresql://u@127.0.0.1:0/db", "port 0 is out of range"),
    ("postgresql+asyncpg://u@127.0.0.1/db", "unsupported database driver 'postgresql+asyncpg'"),
    ("postgresql+psycopg2://u@127.0.0.1/db", "unsupported database driver 'postgresql+psycopg2'"),
    ("mysql://u@127.0.0.1/db", "unsupported database driver 'mysql'"),
    ("postgresql://u@127.0.0.1", "no database named"),
    ("postgresql://u@127.0.0.1/", "no database named"),
    ("sqlite://host/results.db", "an SQLite URL names a file, not a server"),
    ("sqlite:///results.db?timeout=abc", "an SQLite URL takes no options"),
    ("sqlite:///a\x00b.db", "cannot contain a NUL"),
    ("not a url", "is not a database URL"),
])
def test_a_bad_database_url_is_one_line_and_exit_one(url, says, capsys, tmp_path,
                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("trainer: ") and err.count("\n") == 1 and says in err
    assert "secret" not in err
    assert list(tmp_path.iterdir()) == []  # no file made for a URL that was refused


# 4. A new SQLite store is private: folder 0700, file, -wal and -shm 0600.

def test_a_new_sqlite_store_is_readable_by_its_user_only():
    old_umask = os.umask(0o022)
    try:
        store = Store(database_url())
        try:
            play(store, "ana", [GOOD], finish=False)  # a write: -wal and -shm exist now
            path = data_dir() / "trainer.db"
            files = [path, path.with_name("trainer.db-wal"), path.with_name("trainer.db-shm")]
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
        finally:
            store.close()
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    assert modes == {"trainer.db": 0o600, "trainer.db-wal": 0o600, "trainer.db-shm": 0o600}


# 7. Commands that only read open the store read-only: nothing created, migrated or written.

def test_report_on_a_missing_store_creates_nothing(capsys):
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert "no results yet" in err and err.count("\n") == 1
    assert not data_dir().exists()


def test_report_on_an_empty_database_creates_no_tables(store_url, capsys):
    if store_url.startswith("sqlite:///"):
        open(store_url.removeprefix("sqlite:///"), "wb").close()
    assert main(["report", "--db", store_url]) == 1
    assert "no results yet" in capsys.readouterr().err
    engine = _engine(store_url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_report_and_regrade_change_no_byte_of_the_store(tmp_path, capsys):
    path = tmp_path / "results.db"
    store = Store(f"sqlite:///{path}")
    play(store, "ana", [GOOD])
    store.close()
    with sqlite3.connect(path) as conn:  # as a copy made with the sqlite3 tool would be
        conn.execute("PRAGMA journal_mode=DELETE")
    before = path.read_bytes()
    assert main(["report", "--db", f"sqlite:///{path}"]) == 0
    assert main(["regrade", "--db", f"sqlite:///{path}"]) == 0
    assert "ana" in capsys.readouterr().out
    assert path.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.db"]


def test_a_store_opened_read_only_refuses_writes(store_url):
    Store(store_url).close()
    store = Store(store_url, read_only=True)
    try:
        with pytest.raises(sa.exc.DatabaseError, match="read-?only"):
            play(store, "ana", [GOOD])
        assert store.report() == []
    finally:
        store.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files anyway")
def test_report_reads_a_store_in_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "results.db"
    store = Store(f"sqlite:///{path}")
    play(store, "ana", [GOOD])
    store.close()
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert main(["report", "--db", f"sqlite:///{path}"]) == 0
        captured = capsys.readouterr()
        assert captured.out.splitlines()[1].split()[:2] == ["ana", "1"], captured.err
        assert sorted(p.name for p in folder.iterdir()) == ["results.db"]
    finally:
        folder.chmod(0o755)


# 8. Names and ids from the database are shown, never obeyed, in every output.

FORGED = "Eve\x1b[31m\nmallory   9"


def test_report_shows_control_characters_in_names_visibly(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'results.db'}"
    store = Store(url)
    play(store, FORGED, [GOOD])
    store.close()
    for output in ("table", "csv"):
        assert main(["report", "--db", url, "--format", output]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\nmallory" not in out
        assert len(out.splitlines()) == 2
        assert "Eve\\x1b[31m\\nmallory" in out


def test_regrade_shows_control_characters_in_names_and_ids_visibly(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'results.db'}"
    store = Store(url)
    play(store, FORGED, [GOOD])
    store.close()
    engine = _engine(url)
    with engine.begin() as conn:  # a changed score makes regrade print the session
        conn.execute(sa.text("UPDATE sessions SET score = 1, "
                             "scenario_id = 'double\x1b]0;pwned\x07'"))
    engine.dispose()
    assert main(["regrade", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\nmallory" not in out
    assert "Eve\\x1b[31m\\nmallory" in out and "double\\x1b]0;pwned\\x07" in out


# A tampered store: one line, whatever it holds.

def test_a_schema_version_that_is_not_a_number_is_one_line(store_url, capsys):
    Store(store_url).close()
    engine = _engine(store_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE trainer_meta SET value = 'x\x1b[2J' "
                             "WHERE key = 'schema_version'"))
    engine.dispose()
    for command in (["report"], ["play", "double-charge", "--plain"]):
        assert main([*command, "--db", store_url]) == 1
        err = capsys.readouterr().err
        assert "schema version is 'x\\x1b[2J', not a number" in err and err.count("\n") == 1
