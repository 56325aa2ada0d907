"""`trainer report` with trends, assignments and the practise-next pick: the arrow per
dimension (later sessions against earlier), done/total and overdue, trainees who have not
started, and the pick following each trainee's weakest dimension."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from scoring import DIMENSIONS
from tests.clocks import StepClock
from trainer.cli import main
from trainer.store import Store
from trainer.store.store import TurnRow
from trainer.trend import trend


def record(store: Store, trainee: str, scenario_id: str = "double-charge",
           passed: bool = True, flags: tuple[str, ...] = (), **best: float) -> None:
    """A finished session with every dimension 0.9 unless given; `flags` raised on its one
    turn (twice, to show a session counts once)."""
    session_id = store.start_session(trainee, scenario_id, "0" * 64, "2", "practice")
    for number in (1, 2) if flags else ():
        store.record_turn(session_id, TurnRow(number, "reply", "", "", {}, list(flags),
                                              50, 60, []))
    store.finish_session(session_id, ending_id="x", ending_kind="resolved",
                         score=90 if passed else 40, passed=passed,
                         best={d: best.get(d, 0.9) for d in DIMENSIONS},
                         debrief_markdown="# D")


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(url, now=StepClock(dt.datetime(2020, 1, 1, 9, 0), dt.timedelta(days=1)))
    store.assign("rude-staff", "ana", dt.date(2020, 1, 2))      # overdue: never passed
    store.assign("double-charge", None, None)                    # everyone, ana passes it
    for empathy, apology in ((0.2, 0.9), (0.2, 0.9), (0.8, 0.3), (0.8, 0.3)):
        record(store, "ana", empathy=empathy, apology=apology, follow_up=0.1)
    record(store, "ben", "rude-staff", passed=False, questions=0.1,
           flags=("blame", "dismissive"))
    store.trainee_id("zoe")  # joined, nothing played yet
    store.close()
    return url


def report(db: str, capsys, *args: str) -> str:
    assert main(["report", "--db", db, *args]) == 0
    return capsys.readouterr().out


def test_trend_compares_the_later_half_with_the_earlier():
    assert trend([]) is None and trend([0.4]) is None
    assert trend([0.2, 0.2, 0.8, 0.8]) == "up" and trend([0.8, 0.5, 0.7]) == "down"
    assert trend([0.5, 0.9, 0.54]) == "steady"  # the middle one is in neither half


def test_the_table_shows_trends_assignments_and_the_pick(db, capsys):
    header, ana, ben, zoe = report(db, capsys).splitlines()
    assert header.split()[-5:] == ["overdue", "flagged", "(sessions)", "practise", "next"]
    assert ana.split() == ["ana", "4", "0.50", "↑", "0.60", "↓", "0.90", "→", "0.90", "→",
                           "0.10", "→", "90", "90", "Follow-up", "1/2", "1", "–",
                           "internet-outage-home-worker", "(Follow-up)"]
    # One session: no trend yet. Everyone's assignment, not done, has no due date. The flags
    # his session raised, each counted once for the session.
    assert ben.split() == ["ben", "1", "0.90", "0.90", "0.10", "0.90", "0.90", "40", "40",
                           "Questions", "0/1", "0", "blame", "1,", "dismissive", "1",
                           "crashing-software", "(Questions)"]
    # Zoe has everyone's assignment and no session: listed with 0 tries, and sent to the
    # easiest scenario first.
    assert zoe.split() == ["zoe", "0", *["–"] * 8, "0/1", "0", "–", "wrong-restaurant-order",
                           "(Apology)"]


def test_json_and_csv_carry_the_same(db, capsys):
    rows = {r["trainee"]: r for r in json.loads(report(db, capsys, "--format", "json"))}
    assert rows["ana"]["trend"]["empathy"] == "up" and rows["ana"]["trend"]["apology"] == "down"
    assert rows["ana"]["assignments"] == {"assigned": 2, "done": 1, "overdue": 1}
    assert rows["ana"]["practise_next"]["trains"] == "follow_up"
    assert rows["zoe"]["attempts"] == 0 and rows["zoe"]["averages"] is None
    assert rows["ben"]["trend"]["questions"] is None
    assert rows["ben"]["sessions_flagged"] == {"blame": 1, "dismissive": 1}
    assert rows["ana"]["sessions_flagged"] == {}
    header, *lines = report(db, capsys, "--format", "csv").splitlines()
    assert header.endswith("empathy_trend,apology_trend,questions_trend,solution_trend,"
                           "follow_up_trend,assigned,done,overdue,practise_next,trains,"
                           "habit,blame_sessions,dismissive_sessions,defensive_sessions,"
                           "overpromise_sessions")
    assert lines[0].endswith("up,down,steady,steady,steady,2,1,1,"
                             "internet-outage-home-worker,follow_up,,0,0,0,0")
    assert lines[1].endswith(",1,1,0,0")


def test_a_scenario_filter_counts_only_its_assignments(db, capsys):
    rows = {r["trainee"]: r for r in json.loads(report(db, capsys, "--scenario", "rude-staff",
                                                       "--format", "json"))}
    assert set(rows) == {"ana", "ben"}  # zoe has no rude-staff assignment or session
    assert rows["ana"]["attempts"] == 0 and rows["ana"]["trend"]["empathy"] is None
    assert rows["ana"]["assignments"] == {"assigned": 1, "done": 0, "overdue": 1}
    # The pick still reads every session ana finished.
    assert rows["ana"]["practise_next"]["trains"] == "follow_up"


def test_a_flag_raised_in_two_sessions_sets_the_pick_and_says_so(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    store = Store(url, now=StepClock(dt.datetime(2020, 1, 1, 9, 0), dt.timedelta(days=1)))
    record(store, "ben", "rude-staff", flags=("blame",), questions=0.1)
    record(store, "ben", "double-charge", flags=("blame", "defensive"), questions=0.1)
    store.close()
    [ben] = report(url, capsys).splitlines()[1:]
    # Questions is his weakest, but blaming in both sessions sends him to owning the problem.
    assert ben.endswith("blame 2, defensive 1            wrong-restaurant-order (Apology: "
                        "flagged blame in 2 of the last 2 sessions)")
    [row] = json.loads(report(url, capsys, "--format", "json"))
    assert row["practise_next"]["trains"] == "apology"
    assert row["practise_next"]["habit"] == {"flag": "blame", "sessions": 2, "of": 2}
    assert report(url, capsys, "--format", "csv").splitlines()[1].endswith(
        "wrong-restaurant-order,apology,blame,2,0,1,0")
