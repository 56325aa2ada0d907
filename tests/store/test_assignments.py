"""Assignments in the store (schema 3), identical on SQLite and PostgreSQL: who an
assignment applies to, when it is done, when it is overdue, and the migration from schema 2."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from scoring import DIMENSIONS
from tests.clocks import StepClock
from trainer.store import Store, StoreError
from trainer.store.schema import SCHEMA_VERSION
from trainer.store.store import TurnRow


def record(store: Store, trainee: str, scenario_id: str, passed: bool,
           finish: bool = True) -> None:
    session_id = store.start_session(trainee, scenario_id, "0" * 64, "2", "practice")
    if finish:
        store.finish_session(session_id, ending_id="x", ending_kind="resolved",
                             score=90 if passed else 40, passed=passed,
                             best=dict.fromkeys(DIMENSIONS, 0.5), debrief_markdown="# D")


def engine_for(url: str) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


@pytest.fixture
def clock():
    return StepClock(dt.datetime(2026, 11, 10, 9, 0))


@pytest.fixture
def store(store_url, clock):
    s = Store(store_url, now=clock)
    yield s
    s.close()


def status_of(store: Store, trainee: str) -> dict[str, dt.datetime | None]:
    return {s.assignment.scenario_id: s.done_at for s in store.assignment_statuses(trainee)}


def test_an_assignment_is_done_only_by_a_pass_finished_after_it_was_made(store):
    record(store, "ana", "double-charge", passed=True)  # before the assignment: not counted
    store.assign("double-charge", "ana", dt.date(2026, 11, 20))
    assert status_of(store, "ana") == {"double-charge": None}
    record(store, "ana", "double-charge", passed=False)  # a fail does not do it
    record(store, "ana", "double-charge", passed=True, finish=False)  # nor an unfinished one
    record(store, "ana", "rude-staff", passed=True)  # nor another scenario
    record(store, "ben", "double-charge", passed=True)  # nor someone else
    assert status_of(store, "ana") == {"double-charge": None}
    record(store, "ana", "double-charge", passed=True)
    [done] = store.assignment_statuses("ana")
    assert done.done_at is not None and done.done_at > done.assignment.created_at
    assert not done.overdue(dt.date(2026, 12, 1))  # done, however late it is now


def test_an_assignment_to_everyone_applies_to_trainees_who_join_later(store):
    record(store, "ana", "rude-staff", passed=False)
    store.assign("rude-staff", None, None)
    store.assign("double-charge", "ana", None)
    record(store, "ben", "rude-staff", passed=True)  # ben joins after the assignment
    assert status_of(store, "ana") == {"double-charge": None, "rude-staff": None}
    assert set(status_of(store, "ben")) == {"rude-staff"}
    assert status_of(store, "ben")["rude-staff"] is not None
    # Someone not in the store yet (their first run of the app) has everyone's assignments.
    assert status_of(store, "zoe") == {"rude-staff": None}
    every = [(s.trainee, s.assignment.scenario_id, s.assignment.trainee)
             for s in store.assignment_statuses()]
    assert every == [("ana", "rude-staff", None), ("ana", "double-charge", "ana"),
                     ("ben", "rude-staff", None)]


def test_overdue_is_open_after_its_due_day_and_undated_is_never_overdue(store):
    store.assign("double-charge", "ana", dt.date(2026, 11, 12))
    store.assign("rude-staff", "ana", None)
    statuses = {s.assignment.scenario_id: s for s in store.assignment_statuses("ana")}
    assert [s.assignment.scenario_id for s in store.assignment_statuses("ana")] == [
        "double-charge", "rude-staff"]  # dated first
    dated, undated = statuses["double-charge"], statuses["rude-staff"]
    assert not dated.overdue(dt.date(2026, 11, 12))  # due today is not late yet
    assert dated.overdue(dt.date(2026, 11, 13))
    assert not undated.overdue(dt.date(2030, 1, 1))


def test_assignments_are_listed_with_who_and_when(store, clock):
    first = store.assign("double-charge", "ana", dt.date(2026, 11, 20))
    second = store.assign("rude-staff", None, None)
    assert store.assignments() == [first, second]
    assert (first.trainee, second.trainee, second.due) == ("ana", None, None)
    assert first.created_at < second.created_at <= clock.t


def test_finished_attempts_come_oldest_first_with_their_bests(store):
    record(store, "ben", "rude-staff", passed=True)
    record(store, "ana", "double-charge", passed=False)
    record(store, "ana", "rude-staff", passed=True, finish=False)
    record(store, "ana", "rude-staff", passed=True)
    found = [(a.trainee, a.scenario_id, a.passed) for a in store.attempts()]
    assert found == [("ana", "double-charge", False), ("ana", "rude-staff", True),
                     ("ben", "rude-staff", True)]
    [first, second] = store.attempts("ana")
    assert first.ended_at < second.ended_at and first.best == dict.fromkeys(DIMENSIONS, 0.5)
    assert first.flags == second.flags == frozenset()  # no turn raised any


def test_an_attempt_carries_each_flag_its_turns_raised(store):
    session_id = store.start_session("ana", "rude-staff", "0" * 64, "2", "practice")
    for number, flags in ((1, ["blame"]), (2, []), (3, ["blame", "overpromise"])):
        store.record_turn(session_id, TurnRow(number, "reply", "", "", {}, flags, 50, 60, []))
    store.finish_session(session_id, ending_id="x", ending_kind="resolved", score=50,
                         passed=False, best=dict.fromkeys(DIMENSIONS, 0.5),
                         debrief_markdown="# D")
    record(store, "ana", "double-charge", passed=True)
    assert [a.flags for a in store.attempts("ana")] == [frozenset({"blame", "overpromise"}),
                                                        frozenset()]


def test_a_schema_2_store_gains_assignments_and_keeps_its_sessions(store_url):
    """A store written before assignments: built as schema 2 was (no assignments table),
    with a finished session, then opened by this trainer."""
    old = Store(store_url, now=StepClock(dt.datetime(2026, 11, 10, 9, 0)))
    record(old, "ana", "double-charge", passed=True)
    old.close()
    engine = engine_for(store_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE assignments"))
        conn.execute(sa.text("UPDATE trainer_meta SET value = '2' WHERE key = "
                             "'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="older trainer"):  # reports wait for the upgrade
        Store(store_url, read_only=True)
    later = StepClock(dt.datetime(2026, 11, 10, 9, 0))
    later.t += dt.timedelta(days=1)
    store = Store(store_url, now=later)
    try:
        assert store.schema_version() == SCHEMA_VERSION == 4
        assert [a.scenario_id for a in store.attempts("ana")] == ["double-charge"]
        assert store.assignments() == []
        store.assign("double-charge", "ana", None)
        assert status_of(store, "ana") == {"double-charge": None}
    finally:
        store.close()


def test_an_assignment_taken_back_is_gone_and_the_sessions_stay(store):
    kept = store.assign("rude-staff", None, None)
    gone = store.assign("double-charge", "ana", None)
    record(store, "ana", "double-charge", passed=True)
    assert store.unassign(gone.id) == gone
    assert [a.id for a in store.assignments()] == [kept.id]
    assert status_of(store, "ana") == {"rude-staff": None}
    assert store.unassign(gone.id) is None
    assert len(store.history("ana")) == 1


def test_due_dates_are_judged_by_the_readers_calendar_day_not_the_utc_one(store_url):
    """At 23:30 UTC on 1 December it is still 1 December in California and already the 2nd
    in Tokyo: an assignment due on the 1st is overdue only for the reader in Tokyo."""
    late_evening = Store(store_url, now=lambda: dt.datetime(2026, 12, 1, 23, 30))
    try:
        late_evening.assign("double-charge", "ana", dt.date(2026, 12, 1))
        [status] = late_evening.assignment_statuses("ana")
        california = dt.timezone(dt.timedelta(hours=-8))
        tokyo = dt.timezone(dt.timedelta(hours=9))
        assert late_evening.today(california) == dt.date(2026, 12, 1)
        assert late_evening.today(tokyo) == dt.date(2026, 12, 2)
        assert not status.overdue(late_evening.today(california))
        assert status.overdue(late_evening.today(tokyo))
    finally:
        late_evening.close()
