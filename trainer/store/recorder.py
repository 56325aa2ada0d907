"""Record a live session into the store, turn by turn, as it happens; pick up one that was
left."""

from __future__ import annotations

import hashlib
import random

from scoring import RUBRIC_VERSION
from trainer.debrief import build_debrief, render_markdown
from trainer.scenario.model import Scenario
from trainer.session import Clock, PlayedReply, Session, SessionOver, Turn
from trainer.store.store import LeftSession, Store, TurnRow


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content (comments and layout don't change it)."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()


class CannotResume(Exception):
    """A left session cannot be picked up; the message says why, for the trainee."""


class SessionRecorder:
    """Saves each turn the moment it is played; `finish` saves the outcome and debrief.
    Given `session_id`, it goes on recording a session already in the store."""

    def __init__(self, store: Store, trainee: str, session: Session,
                 session_id: int | None = None) -> None:
        self.store = store
        self.session = session
        self.session_id = session_id if session_id is not None else store.start_session(
            trainee, session.scenario.id, scenario_hash(session.scenario), RUBRIC_VERSION,
            session.mode, seed=session.seed)
        self.finished = False

    def record(self, turn: Turn) -> None:
        previous = self.session.turns[turn.number - 2].customer_says if turn.number > 1 else (
            " ".join(self.session.scenario.customer.opening))
        self.store.record_turn(self.session_id, TurnRow(
            turn.number, turn.reply, previous, turn.customer_says,
            {k: round(v, 4) for k, v in turn.score.scores.items()}, list(turn.flags),
            turn.anger_before, turn.anger_after, [str(c) for c in turn.changes],
            turn.waited_seconds, turn.openings_heard))

    def took_back(self, turn: Turn) -> None:
        self.store.delete_turn(self.session_id, turn.number)

    def finish(self) -> None:
        if self.finished or not self.session.turns:
            return
        debrief = build_debrief(self.session)
        outcome = debrief.outcome
        ending = self.session.ending
        self.store.finish_session(
            self.session_id, ending_id=ending.id if ending else None,
            ending_kind=ending.kind if ending else None, score=outcome.score,
            passed=outcome.passed, best=outcome.best,
            debrief_markdown=render_markdown(debrief), debrief=debrief.as_dict())
        self.finished = True


def pick_up(store: Store, trainee: str, left: LeftSession, scenario: Scenario,
            clock: Clock) -> tuple[Session, SessionRecorder]:
    """The left session replayed to where it stopped, and a recorder that goes on saving it.

    The replay must come out as the trainee saw it: every customer line and anger as
    stored. A changed scenario or rubric would give a conversation they never had, so
    that raises CannotResume instead."""
    if left.scenario_hash != scenario_hash(scenario):
        raise CannotResume("the scenario has been changed since you left it")
    if left.rubric_version != RUBRIC_VERSION:
        raise CannotResume("the rubric has been changed since you left it")
    session = Session(scenario, clock=clock, rng=random.Random(left.seed), mode=left.mode,
                      seed=left.seed)
    try:
        turns = session.replay(PlayedReply(row.reply, row.waited_seconds or 0.0,
                                           row.openings_heard or 0) for row in left.turns)
    except SessionOver:
        raise CannotResume("it no longer plays as it did (the scoring has changed)") from None
    for row, turn in zip(left.turns, turns, strict=True):
        if (turn.customer_says, turn.anger_after) != (row.customer_says, row.anger_after):
            raise CannotResume("it no longer plays as it did (the scoring has changed)")
    return session, SessionRecorder(store, trainee, session, session_id=left.id)
