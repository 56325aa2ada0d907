"""A trainer's view of stored sessions (`trainer show`, `trainer report --sessions`) and the
exports other tools read (`trainer export`: CSV, xAPI statements), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import uuid
from pathlib import Path

import jsonschema
import pytest

from scoring import DIMENSIONS
from tests.clocks import StepClock
from tests.store.test_store import GOOD, QUESTION, play
from trainer.cli import main
from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock, Session
from trainer.store import SessionRecorder, Store
from trainer.store.times import stored_utc

RUDE = "Relax, it's only $42."
CLOSING = ("Thanks for bearing with us, Tom. I know this is stressful with rent due, so I'll "
           "check on Friday that the money has landed.")  # with GOOD before it: a pass
STATEMENT_SCHEMA = json.loads(
    (Path(__file__).parents[1] / "xapi_statement.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def played(store_url):
    """Three finished sessions (ana twice, ben once on another scenario) and one unfinished."""
    store = Store(store_url, now=StepClock())
    try:
        sessions = {"ana-first": play(store, "ana", [QUESTION, RUDE]),
                    "ana-good": play(store, "ana", [GOOD, CLOSING]),
                    "ben": play(store, "ben", [GOOD], scenario_id="wrong-restaurant-order"),
                    "unfinished": play(store, "cy", [QUESTION], finish=False)}
        yield store_url, {k: r.session_id for k, r in sessions.items()}
    finally:
        store.close()


def _stored(url: str) -> dict[int, tuple]:
    store = Store(url, read_only=True)
    try:
        return {row.id: (row, flags) for row, flags in store.finished_sessions()}
    finally:
        store.close()


# trainer show

def test_show_prints_every_turn_and_the_result(played, capsys):
    url, ids = played
    assert main(["show", str(ids["ana-first"]), "--db", url]) == 0
    out = capsys.readouterr().out
    store = Store(url, read_only=True)
    try:
        turns = store.session_turns(ids["ana-first"])
        row = store.session(ids["ana-first"])
    finally:
        store.close()
    assert out.startswith(f"Session {ids['ana-first']}: ana on double-charge (practice)")
    for turn in turns:
        assert (f"Turn {turn.number} (anger {turn.anger_before} -> {turn.anger_after})"
                in out)
        assert f"  Trainee: {turn.reply}\n" in out
        assert f"  Customer: {turn.customer_says}\n" in out
        assert all(f"    {change}\n" in out for change in turn.changes)
    assert "Turn 1 (anger" in out and ": Questions\n" in out  # what was credited
    assert "flag dismissive" in out
    assert out.endswith(f"Score: {row.score}/100 (FAIL)\nEnding: Ended by you\n"
                        "Flags raised: dismissive\n")


def test_show_lists_the_replies_taken_back(store_url, capsys):
    """A tester's trainer read a clean 97 in `show` for a session whose over-promise had been
    taken back: the debrief lists it, and now so does `show`."""
    store = Store(store_url, now=StepClock())
    try:
        session = Session(load_scenario(bundled_dir() / "double-charge.yaml"),
                          clock=FrozenClock(), rng=random.Random(1))
        session.deliver_all_openings()
        recorder = SessionRecorder(store, "ana", session)
        recorder.record(session.reply(RUDE))
        recorder.took_back(session.take_back())
        recorder.record(session.reply(GOOD))
        session.end_by_trainee()
        recorder.finish()
        session_id = recorder.session_id
    finally:
        store.close()
    assert main(["show", str(session_id), "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "Flags raised: none\nTaken back in practice: 1 reply, not scored\n" in out
    assert f"  “{RUDE}” (" in out and "dismissive" in out.split("Taken back")[1]


def test_show_a_passed_session_and_an_unfinished_one(played, capsys):
    url, ids = played
    assert main(["show", str(ids["ana-good"]), "--db", url]) == 0
    assert "(PASS)\nEnding: Resolved\n" in capsys.readouterr().out
    assert main(["show", str(ids["unfinished"]), "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Turn 1 " in out and "Not finished" in out and "Score:" not in out


@pytest.mark.parametrize("session_id", ["999", "0", "-1", str(2**40)])
def test_show_an_unknown_id_is_one_line_and_exit_one(played, capsys, session_id):
    url, _ = played
    assert main(["show", "--db", url, "--", session_id]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"trainer: no session {session_id} in ")
    assert captured.err.count("\n") == 1


# trainer report --sessions

def test_report_sessions_lists_each_finished_session_with_its_id(played, capsys):
    url, ids = played
    stored = _stored(url)
    assert main(["report", "--sessions", "--db", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "started", "(UTC)", "trainee", "scenario", "score",
                                "result", "mode", "ending", "flags"]
    listed = [line.split() for line in lines[1:]]
    finished = [ids["ana-first"], ids["ana-good"], ids["ben"]]  # oldest first; cy unfinished
    assert [int(cells[0]) for cells in listed] == finished
    for cells in listed:
        row, flags = stored[int(cells[0])]
        assert cells[3:] == [row.trainee, row.scenario_id, str(row.score),
                             "pass" if row.passed else "fail", "practice", row.ending_kind,
                             ",".join(flags) or "-"]
    assert listed[0][-2:] == ["trainee-ended", "dismissive"]  # ana's first: RUDE, then /end
    assert main(["report", "--sessions", "--format", "json", "--trainee", "ana",
                 "--db", url]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in as_json] == finished[:2]
    assert as_json[1]["passed"] is True and as_json[0]["passed"] is False
    assert (as_json[0]["mode"], as_json[0]["ending"], as_json[0]["flags"]) == (
        "practice", "trainee-ended", ["dismissive"])
    assert main(["report", "--sessions", "--format", "csv", "--scenario",
                 "wrong-restaurant-order", "--db", url]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(int(r["id"]), r["trainee"]) for r in rows] == [(ids["ben"], "ben")]


def test_report_sessions_unfinished_adds_the_abandoned_ones_so_show_can_find_them(
        played, capsys):
    """A tester left two sessions half-way and could not find their ids for `show`."""
    url, ids = played
    assert main(["report", "--sessions", "--unfinished", "--db", url]) == 0
    listed = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert [int(cells[0]) for cells in listed] == [
        ids["ana-first"], ids["ana-good"], ids["ben"], ids["unfinished"]]
    assert listed[-1][-5:] == ["-", "abandoned", "practice", "-", "-"]
    assert main(["show", str(ids["unfinished"]), "--db", url]) == 0


# trainer export --format xapi

def test_xapi_export_is_one_valid_statement_per_finished_session(played, tmp_path, capsys):
    url, ids = played
    stored = _stored(url)
    out = tmp_path / "statements.json"
    assert main(["export", "--format", "xapi", "--out", str(out), "--db", url]) == 0
    assert capsys.readouterr().out == f"wrote {out}: 3 finished session(s)\n"
    statements = json.loads(out.read_text(encoding="utf-8"))
    assert len(statements) == 3
    validator = jsonschema.Draft202012Validator(STATEMENT_SCHEMA)
    for statement in statements:
        validator.validate(statement)
        session_id = statement["context"]["extensions"][
            "https://complaint-trainer.local/xapi/extensions/session-id"]
        row, flags = stored[session_id]
        assert statement["actor"]["account"] == {"homePage": "https://complaint-trainer.local",
                                                 "name": row.trainee}
        assert statement["verb"]["id"] == ("http://adlnet.gov/expapi/verbs/"
                                           + ("passed" if row.passed else "failed"))
        assert statement["object"]["id"] == ("https://complaint-trainer.local/scenarios/"
                                             + row.scenario_id)
        score = statement["result"]["score"]
        assert (score["raw"], score["scaled"]) == (row.score, row.score / 100)
        assert score["min"] <= score["raw"] <= score["max"]
        assert statement["result"]["success"] is row.passed
        assert statement["result"]["extensions"][
            "https://complaint-trainer.local/xapi/extensions/flags"] == flags
        assert dt.datetime.fromisoformat(statement["timestamp"]) == stored_utc(row.ended_at)
        assert uuid.UUID(statement["id"]).version == 5
    double_charge = next(s for s in statements if s["context"]["extensions"][
        "https://complaint-trainer.local/xapi/extensions/session-id"] == ids["ana-good"])
    assert double_charge["object"]["definition"]["name"] == {
        "en": "Charged twice for one phone bill"}  # from the bundled scenario's file
    assert len({s["id"] for s in statements}) == 3


def test_xapi_statement_ids_are_the_same_on_every_export(played, tmp_path, capsys):
    url, ids = played
    first, again, elsewhere = (tmp_path / n for n in ("a.json", "b.json", "c.json"))
    assert main(["export", "--format", "xapi", "--out", str(first), "--db", url]) == 0
    assert main(["export", "--format", "xapi", "--out", str(again), "--db", url]) == 0
    assert main(["export", "--format", "xapi", "--out", str(elsewhere), "--db", url,
                 "--home-page", "https://lms.example.org/trainer/"]) == 0
    capsys.readouterr()
    read = [json.loads(p.read_text(encoding="utf-8")) for p in (first, again, elsewhere)]
    assert read[0] == read[1]
    assert {s["id"] for s in read[0]}.isdisjoint(s["id"] for s in read[2])
    assert read[2][0]["actor"]["account"]["homePage"] == "https://lms.example.org/trainer"
    assert read[2][0]["object"]["id"].startswith("https://lms.example.org/trainer/scenarios/")


@pytest.mark.parametrize("home_page", ["ftp://example.org", "example.org", "https://",
                                       "https://example.org/?a=1", "https://exa mple.org"])
def test_a_home_page_that_is_not_a_web_address_is_a_usage_error(home_page, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "xapi", "--home-page", home_page])
    assert exit_info.value.code == 2
    assert "--home-page: not a web address" in capsys.readouterr().err


# trainer export --format csv

def test_csv_export_round_trips_every_finished_session(played, tmp_path, capsys):
    url, ids = played
    stored = _stored(url)
    out = tmp_path / "sessions.csv"
    assert main(["export", "--out", str(out), "--db", url]) == 0
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["id"]) for r in rows] == [ids["ana-first"], ids["ana-good"], ids["ben"]]
    for r in rows:
        row, flags = stored[int(r["id"])]
        assert (r["trainee"], r["scenario"], r["mode"], r["ending"]) == (
            row.trainee, row.scenario_id, row.mode, row.ending_kind)
        assert dt.datetime.fromisoformat(r["started"]) == stored_utc(row.started_at)
        assert dt.datetime.fromisoformat(r["ended"]) == stored_utc(row.ended_at)
        assert (int(r["score"]), r["passed"]) == (row.score, str(row.passed).lower())
        for d in DIMENSIONS:
            assert float(r[f"best_{d}"]) == pytest.approx(row.best[d], abs=5e-5)
        assert [f for f in r["flags"].split(";") if f] == flags
    assert rows[0]["flags"] == "dismissive"


def test_export_filters_by_trainee_scenario_and_date(played, capsys):
    url, ids = played

    def exported(*options: str) -> list[int]:
        assert main(["export", "--out", "-", "--db", url, *options]) == 0
        return [int(r["id"]) for r in csv.DictReader(capsys.readouterr().out.splitlines())]

    assert exported("--trainee", "ana") == [ids["ana-first"], ids["ana-good"]]
    assert exported("--scenario", "wrong-restaurant-order") == [ids["ben"]]
    ben_started = _stored(url)[ids["ben"]][0].started_at
    assert exported("--since", ben_started.isoformat()) == [ids["ben"]]
    assert exported("--since", "2030-01-01") == []


# Files the export writes, and text it takes from the database

def _one_session(tmp_path: Path, trainee: str = "ana") -> str:
    url = f"sqlite:///{tmp_path / 'results.db'}"
    store = Store(url)
    play(store, trainee, [GOOD])
    store.close()
    return url


def test_export_takes_the_next_free_name_and_never_writes_over_or_through(
        tmp_path, monkeypatch, capsys):
    url = _one_session(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["export", "--db", url]) == 0
    assert main(["export", "--db", url]) == 0
    assert main(["export", "--format", "xapi", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "wrote sessions.csv: 1 finished session(s)",
        "wrote sessions-2.csv: 1 finished session(s)",
        "wrote statements.json: 1 finished session(s)"]
    kept = work / "kept.csv"
    kept.write_text("mine\n")
    target = tmp_path / "elsewhere.csv"
    (work / "link.csv").symlink_to(target)  # dangling: following it would create target
    for name in ("kept.csv", "link.csv"):
        assert main(["export", "--out", name, "--db", url]) == 1
        err = capsys.readouterr().err
        assert err == f"trainer: {name}: already exists; not overwriting it\n"
    assert kept.read_text() == "mine\n" and not target.exists()
    assert main(["export", "--out", str(tmp_path / "no-such-folder" / "x.csv"),
                 "--db", url]) == 1
    assert "cannot write: No such file or directory" in capsys.readouterr().err


def test_exports_show_control_characters_and_defuse_spreadsheet_formulas(tmp_path, capsys):
    name = '=HYPERLINK("http://evil.example","x")\x1b[31m\nmallory'
    url = _one_session(tmp_path, trainee=name)
    assert main(["export", "--out", "-", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and len(out.splitlines()) == 2
    [row] = csv.DictReader(out.splitlines())
    assert row["trainee"] == "'" + name.replace("\x1b", "\\x1b").replace("\n", "\\n")
    assert main(["export", "--format", "xapi", "--out", "-", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b" in out
    assert json.loads(out)[0]["actor"]["name"] == name  # the same JSON, only escaped


@pytest.mark.parametrize("command", [["report"], ["report", "--sessions"], ["show", "1"],
                                     ["export"], ["export", "--format", "xapi"]])
def test_reading_a_store_in_a_folder_that_does_not_exist_creates_nothing(
        command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "nonexistent" / "dir" / "x.db"
    assert main([*command, "--db", f"sqlite:///{missing}"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"trainer: {missing}: no results yet (no such file)\n"
    assert captured.out == "" and list(tmp_path.iterdir()) == []
