"""Record a live session into the store, turn by turn, as it happens."""

from __future__ import annotations

import hashlib

from scoring import RUBRIC_VERSION
from trainer.debrief import build_debrief, render_markdown
from trainer.scenario.model import Scenario
from trainer.session import Session, Turn
from trainer.store.store import Store, TurnRow


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content (comments and layout don't change it)."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()


class SessionRecorder:
    """Saves each turn the moment it is played; `finish` saves the outcome and debrief."""

    def __init__(self, store: Store, trainee: str, session: Session) -> None:
        self.store = store
        self.session = session
        self.session_id = store.start_session(trainee, session.scenario.id,
                                              scenario_hash(session.scenario), RUBRIC_VERSION,
                                              session.mode)
        self.finished = False

    def record(self, turn: Turn) -> None:
        previous = self.session.turns[turn.number - 2].customer_says if turn.number > 1 else (
            " ".join(self.session.scenario.customer.opening))
        self.store.record_turn(self.session_id, TurnRow(
            turn.number, turn.reply, previous, turn.customer_says,
            {k: round(v, 4) for k, v in turn.score.scores.items()}, list(turn.flags),
            turn.anger_before, turn.anger_after, [str(c) for c in turn.changes]))

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
