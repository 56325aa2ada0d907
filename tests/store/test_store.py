"""The results store, identical on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3

import pytest

from scoring import DIMENSIONS
from tests.clocks import StepClock
from trainer.debrief import Debrief, build_debrief
from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock, Session
from trainer.session.outcome import outcome_of
from trainer.store import (
    CannotResume,
    SavedElsewhere,
    SessionRecorder,
    Store,
    StoreError,
    pick_up,
)
from trainer.store.schema import SCHEMA_VERSION

GOOD = ("I'm so sorry, that's our mistake. I've refunded the second $42.50 today and I'll "
        "email you the confirmation this afternoon.")
QUESTION = "Could you give me your account number?"



def play(store: Store, trainee: str, replies: list[str], finish: bool = True,
         scenario_id: str = "double-charge") -> SessionRecorder:
    scenario = load_scenario(bundled_dir() / f"{scenario_id}.yaml")
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(1))
    session.deliver_all_openings()
    recorder = SessionRecorder(store, trainee, session)
    for reply in replies:
        if session.ending is not None:
            break
        recorder.record(session.reply(reply))
    if finish:
        session.end_by_trainee()
        recorder.finish()
    return recorder


def as_older_schema(store_url: str, version: int, *statements: str) -> None:
    """Make the store at `store_url` look as an older trainer wrote it: run `statements`
    (dropping what came later) and mark it as schema `version`."""
    import sqlalchemy as sa

    engine = sa.create_engine(store_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
        conn.execute(sa.text("UPDATE trainer_meta SET value = :v WHERE key = 'schema_version'"),
                     {"v": str(version)})
    engine.dispose()


@pytest.fixture
def store(store_url):
    s = Store(store_url, now=StepClock())
    yield s
    s.close()


def test_a_new_database_gets_the_current_schema_and_reopens_cleanly(store_url):
    Store(store_url).close()
    reopened = Store(store_url)
    assert reopened.schema_version() == SCHEMA_VERSION
    reopened.close()


def test_every_turn_is_saved_with_scores_flags_and_anger(store):
    recorder = play(store, "ana", [QUESTION, "Relax, it's only $42."], finish=False)
    turns = store.session_turns(recorder.session_id)
    assert [t.number for t in turns] == [1, 2]
    assert turns[1].flags == ["dismissive"]
    assert set(turns[0].scores) == set(DIMENSIONS)
    assert turns[1].anger_after > turns[1].anger_before
    assert turns[0].customer_before.startswith("You've taken my phone bill twice")
    assert any(c.startswith("+") for c in turns[1].changes)


def test_finishing_saves_outcome_and_the_debrief_as_shown(store):
    recorder = play(store, "ana", [GOOD])
    [row] = store.history("ana")
    assert row.status == "finished" and row.ending_kind == "resolved"
    outcome = outcome_of(recorder.session)
    assert (row.score, row.passed) == (outcome.score, outcome.passed)
    assert row.best["apology"] >= 0.99 and row.turn_count == 1
    markdown = store.debrief_markdown(recorder.session_id)
    assert markdown.startswith("# Debrief: Charged twice")


def test_finishing_saves_the_debrief_as_data_that_rebuilds_it_unchanged(store):
    recorder = play(store, "ana", [QUESTION, "Relax, it's only $42.", GOOD])
    saved = Debrief.from_dict(store.debrief_data(recorder.session_id))
    assert saved == build_debrief(recorder.session)


def test_a_schema_1_store_gains_the_debrief_column_and_keeps_its_markdown(store_url):
    """A store written before debriefs were kept as data: built here as schema 1 was (the
    tables without the column), with a finished session, then opened by this trainer."""

    old = Store(store_url)
    recorder = play(old, "ana", [GOOD])
    old.close()
    as_older_schema(store_url, 1, "ALTER TABLE sessions DROP COLUMN debrief")
    store = Store(store_url)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.debrief_data(recorder.session_id) is None
        assert store.debrief_markdown(recorder.session_id).startswith("# Debrief: Charged")
        again = play(store, "ana", [GOOD])
        assert store.debrief_data(again.session_id)["title"] == "Charged twice for one phone bill"
    finally:
        store.close()


def test_an_unfinished_session_stays_active_with_its_turns(store):
    recorder = play(store, "ana", [QUESTION], finish=False)
    [row] = store.history("ana")
    assert row.status == "active" and row.turn_count == 1
    assert store.debrief_markdown(recorder.session_id) is None
    assert store.debrief_data(recorder.session_id) is None


def play_left(store: Store, trainee: str, replies: list[str], seed: int = 5,
              scenario_id: str = "double-charge", mode: str = "practice") -> SessionRecorder:
    """A session played with a stored seed and left before it ended."""
    scenario = load_scenario(bundled_dir() / f"{scenario_id}.yaml")
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(seed), seed=seed,
                      mode=mode)
    session.deliver_all_openings()
    recorder = SessionRecorder(store, trainee, session)
    for reply in replies:
        recorder.record(session.reply(reply))
    return recorder


def test_a_left_session_is_picked_up_as_it_was_and_goes_on_being_saved(store):
    left = play_left(store, "ana", [QUESTION, "Relax, it's only $42."])
    found = store.left_session("ana", "double-charge", "practice")
    assert found is not None and found.id == left.session_id and found.seed == 5
    assert [t.reply for t in found.turns] == [QUESTION, "Relax, it's only $42."]
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    session, recorder = pick_up(store, "ana", found, scenario, FrozenClock())
    assert [t.customer_says for t in session.turns] == [
        t.customer_says for t in left.session.turns]
    assert session.anger == left.session.anger
    recorder.record(session.reply(GOOD))
    session.end_by_trainee()
    recorder.finish()
    [row] = store.history("ana")  # one session, not two
    assert row.status == "finished" and row.turn_count == 3
    assert store.left_session("ana", "double-charge", "practice") is None


def test_only_the_latest_left_session_with_a_reply_is_offered(store):
    play_left(store, "ana", [QUESTION])
    assert store.left_session("ben", "double-charge", "practice") is None  # someone else's
    assert store.left_session("ana", "wrong-restaurant-order", "practice") is None
    play_left(store, "ana", [])  # started again, and left before a reply
    assert store.left_session("ana", "double-charge", "practice") is None
    play(store, "cy", [QUESTION], finish=True)
    assert store.left_session("cy", "double-charge", "practice") is None  # finished
    play(store, "di", [QUESTION], finish=False)  # saved without a seed: cannot be replayed
    assert store.left_session("di", "double-charge", "practice") is None


def test_the_conversations_on_offer_are_listed_as_left_session_finds_them(store):
    play_left(store, "ana", [QUESTION, GOOD])
    play_left(store, "ana", [QUESTION], scenario_id="wrong-restaurant-order", mode="exam")
    play_left(store, "ana", [QUESTION], scenario_id="wrong-restaurant-order")
    play_left(store, "ana", [], scenario_id="wrong-restaurant-order")  # started again
    play(store, "ana", [QUESTION], scenario_id="rude-staff", finish=True)
    assert store.left_conversations("ana") == {("double-charge", "practice"): 2,
                                               ("wrong-restaurant-order", "exam"): 1}
    for (scenario_id, mode), replies in store.left_conversations("ana").items():
        assert len(store.left_session("ana", scenario_id, mode).turns) == replies
    assert store.left_session("ana", "wrong-restaurant-order", "practice") is None
    assert store.left_conversations("ben") == {}


def test_a_left_exam_stays_on_offer_after_a_practice_run_of_the_same_scenario(store):
    exam = play_left(store, "ana", [QUESTION], mode="exam")
    play_left(store, "ana", [])  # practice, left before a reply
    assert store.left_session("ana", "double-charge", "practice") is None
    assert store.left_session("ana", "double-charge", "exam").id == exam.session_id


def test_one_conversation_picked_up_twice_keeps_the_first_reply_saved(store):
    """Picked up in two windows at once: both go on from the same turn. The first to save
    keeps the conversation; the other's save, take-back and finish are refused with
    SavedElsewhere (the app then plays on unsaved) rather than mix two into one."""
    play_left(store, "ana", [QUESTION])
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    found = store.left_session("ana", "double-charge", "practice")
    (one, first), (two, second) = (pick_up(store, "ana", found, scenario, FrozenClock())
                                   for _ in range(2))
    first.record(one.reply(GOOD))
    with pytest.raises(SavedElsewhere):
        second.record(two.reply("Relax, it's only $42."))
    # The window that fell behind cannot take back the turn the other built on.
    with pytest.raises(SavedElsewhere):
        store.delete_turn(found.id, 1)
    assert [t.reply for t in store.session_turns(found.id)] == [QUESTION, GOOD]
    first.finish()
    # Once finished there, nothing more is saved here: no reply, no second finish.
    with pytest.raises(SavedElsewhere):
        second.record(two.reply("I'll refund the $42 today."))
    with pytest.raises(SavedElsewhere):
        second.finish()
    assert [t.reply for t in store.session_turns(found.id)] == [QUESTION, GOOD]
    assert store.left_session("ana", "double-charge", "practice") is None


def test_a_take_back_removes_only_the_last_turn(store):
    play_left(store, "ana", [QUESTION, GOOD])
    found = store.left_session("ana", "double-charge", "practice")
    with pytest.raises(SavedElsewhere):
        store.delete_turn(found.id, 1)  # turn 2 follows it
    store.delete_turn(found.id, 2)
    assert [t.reply for t in store.session_turns(found.id)] == [QUESTION]
    store.delete_turn(found.id, 2)  # a turn whose save had failed: nothing to take back
    assert [t.reply for t in store.session_turns(found.id)] == [QUESTION]


def test_a_changed_scenario_or_scoring_is_not_picked_up(store):
    play_left(store, "ana", [QUESTION, GOOD])
    found = store.left_session("ana", "double-charge", "practice")
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    changed = scenario.model_copy(update={"title": "Charged twice (revised)"})
    with pytest.raises(CannotResume, match="scenario has been changed"):
        pick_up(store, "ana", found, changed, FrozenClock())
    wrong = dataclasses.replace(found, turns=[dataclasses.replace(
        found.turns[0], customer_says="something the customer never said")] + found.turns[1:])
    with pytest.raises(CannotResume, match="no longer plays as it did"):
        pick_up(store, "ana", wrong, scenario, FrozenClock())


def test_a_schema_3_store_gains_what_resuming_needs(store_url):
    """A store written before sessions could be picked up: built as schema 3 was, then
    opened by this trainer. Its left sessions are not offered (nothing to replay them by)."""

    old = Store(store_url)
    play(old, "ana", [QUESTION], finish=False)
    old.close()
    as_older_schema(store_url, 3, "ALTER TABLE sessions DROP COLUMN seed",
                    "ALTER TABLE turns DROP COLUMN waited_seconds",
                    "ALTER TABLE turns DROP COLUMN openings_heard")
    store = Store(store_url)
    try:
        assert store.schema_version() == SCHEMA_VERSION == 4
        assert store.left_session("ana", "double-charge", "practice") is None
        play_left(store, "ana", [QUESTION])
        assert store.left_session("ana", "double-charge", "practice").turns[0].openings_heard == 2
    finally:
        store.close()


def test_a_take_back_removes_the_turn(store):
    recorder = play(store, "ana", [QUESTION], finish=False)
    turn = recorder.session.take_back()
    recorder.took_back(turn)
    assert store.session_turns(recorder.session_id) == []


def test_finished_transcripts_come_in_one_pass_with_turns_in_order(store):
    two = play(store, "ana", [QUESTION, GOOD])
    play(store, "ben", [QUESTION], finish=False)  # still active: not regraded
    one = play(store, "cy", [GOOD])
    found = [(s.id, s.trainee, s.score, [t.number for t in turns])
             for s, turns in store.finished_transcripts()]
    scores = [outcome_of(r.session).score for r in (two, one)]
    assert found == [(two.session_id, "ana", scores[0], [1, 2]),
                     (one.session_id, "cy", scores[1], [1])]
    [(_, turns), _] = store.finished_transcripts()
    assert turns == store.session_turns(two.session_id)


def test_report_per_trainee_with_filters(store):
    first = play(store, "ana", [QUESTION])
    latest = play(store, "ana", [GOOD])
    play(store, "ben", ["Relax, it's only $42."])
    play(store, "ben", [GOOD], scenario_id="wrong-restaurant-order")
    reports = {r.trainee: r for r in store.report()}
    ana = reports["ana"]
    scores = [outcome_of(r.session).score for r in (first, latest)]
    assert ana.attempts == 2 and ana.best_score == max(scores)
    assert ana.latest_score == scores[1]
    assert ana.weakest == "empathy"
    assert ana.averages["apology"] == pytest.approx(0.5, abs=0.01)  # one apology in two
    only_ben = store.report(trainee="ben", scenario="double-charge")
    assert [(r.trainee, r.attempts) for r in only_ben] == [("ben", 1)]
    assert store.report(since=dt.datetime(2030, 1, 1)) == []


def test_a_newer_schema_is_refused(store_url):
    import sqlalchemy as sa

    Store(store_url).close()
    engine = sa.create_engine(store_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE trainer_meta SET value = '99' WHERE key = "
                             "'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer trainer"):
        Store(store_url)


def test_a_corrupt_sqlite_file_is_refused_and_never_overwritten(tmp_path):
    path = tmp_path / "results.db"
    original = b"this is not a database\x00" * 100
    path.write_bytes(original)
    with pytest.raises(StoreError, match="not an SQLite database.*left untouched"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == original


def test_a_damaged_sqlite_file_is_refused_and_never_overwritten(tmp_path):
    path = tmp_path / "results.db"
    original = b"SQLite format 3\x00" + bytes(range(256)) * 40
    path.write_bytes(original)
    with pytest.raises(StoreError):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == original


def test_another_programs_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program's database.*invoices"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot use this database"):
        Store("postgresql://nobody@127.0.0.1:1/none")


def test_a_bad_url_is_a_clear_error():
    with pytest.raises(StoreError, match="not a database URL"):
        Store("definitely not a url")
