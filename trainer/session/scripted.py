"""Run the test conversations a scenario file carries (`tests:`), for `trainer test`.

Each test plays its replies through a fresh, deterministic session, typed by a simulated
trainee at 35 words a minute (reading the customer's line and thinking first, on a
hand-moved clock: patience is tested as a person would meet it), and checks the ending
reached (and optionally the final anger range and the flags raised). A failure says the
turn where the conversation went somewhere else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from trainer.scenario.model import Scenario, ScenarioTest
from trainer.session.clock import FrozenClock
from trainer.session.engine import Session, Turn
from trainer.session.outcome import FAULT_CAPS, outcome_of


@dataclass(frozen=True)
class TestResult:
    name: str
    passed: bool
    detail: str          # empty when passed
    turn: int | None     # the turn where it diverged, when known


@dataclass(frozen=True)
class Typist:
    """A trainee at human speed, on a hand-moved clock: reads the customer's last line,
    thinks, then types the reply key by key (the customer sees them typing)."""

    wpm: float = 35.0            # typing speed; 5 characters make a word
    read_wpm: float = 250.0      # reading speed for the customer's line
    think_seconds: float = 5.0   # before the first key

    def play(self, session: Session, clock: FrozenClock, reply: str, last_line: str) -> None:
        clock.advance(len(last_line.split()) / self.read_wpm * 60 + self.think_seconds)
        per_key = 60 / (self.wpm * 5)
        for _ in reply:
            session.note_typing()
            clock.advance(per_key)
        session.reply(reply)


HUMAN = Typist()


def play_script(scenario: Scenario, replies: tuple[str, ...], seed: int = 0,
                typist: Typist | None = HUMAN) -> Session:
    """Play `replies` in order; typed at `typist`'s speed, or all at once with None."""
    clock = FrozenClock()
    session = Session(scenario, clock=clock, rng=random.Random(seed))
    last_line = " ".join(session.deliver_all_openings())
    for reply in replies:
        if session.ending is not None:
            break
        if typist is None:
            session.reply(reply)
        else:
            typist.play(session, clock, reply, last_line)
        last_line = session.turns[-1].customer_says
    if session.closing:
        session.end_by_trainee()  # satisfied and no closing reply scripted: resolved
    return session


def run_test(scenario: Scenario, test: ScenarioTest) -> TestResult:
    session = play_script(scenario, test.replies)
    turns = session.turns
    reached = session.ending.id if session.ending else None
    if reached is None and test.ending is not None:
        unmet = session.unmet(test.ending)
        needs = f", which still needs {'; '.join(unmet)}" if unmet else ""
        # a tester's customer was satisfied at turn 2 and the closing reply undid it, and
        # "no ending after 3 replies" hid both
        satisfied = [t.number for t in turns if t.reaction == "satisfied"]
        if satisfied and satisfied[-1] < len(turns):
            undoing = turns[satisfied[-1]]  # the turn after it
            said = _said_of(undoing) or "; ".join(str(c) for c in undoing.changes)
            why = (f". The customer was satisfied at turn {satisfied[-1]}; turn "
                   f"{undoing.number} undid it: {said}")
            at = undoing.number
        else:
            why = (f". Last turn: {'; '.join(str(c) for c in turns[-1].changes)}"
                   if turns else "")
            at = len(turns)
        return TestResult(test.name, False, f"no ending after {len(turns)} "
                          f"repl{'y' if len(turns) == 1 else 'ies'} (anger "
                          f"{session.anger}); expected {test.ending!r}{needs}{why}", at)
    last = turns[-1]
    if test.ending is not None and reached != test.ending:
        return TestResult(test.name, False, f"reached {reached!r} at turn {last.number} "
                          f"(anger {last.anger_after}); expected {test.ending!r}. That turn: "
                          + "; ".join(str(c) for c in last.changes), last.number)
    if reached is not None and len(turns) < len(test.replies):
        return TestResult(test.name, False, f"reached {reached!r} at turn {last.number}, but "
                          f"the test has {len(test.replies)} replies; remove the ones after "
                          "the ending", last.number)
    if test.anger is not None and not test.anger[0] <= session.anger <= test.anger[1]:
        return TestResult(test.name, False, f"final anger {session.anger} is outside "
                          f"[{test.anger[0]}, {test.anger[1]}]", last.number)
    raised = {f for t in turns for f in t.flags}
    missing = [f for f in test.flags if f not in raised]
    if missing:
        return TestResult(test.name, False, f"flag(s) never raised: {', '.join(missing)}",
                          None)
    if test.passes is not None:
        outcome = outcome_of(session)
        if outcome.passed != test.passes:
            why = "; ".join(outcome.caps) or f"pass mark {outcome.pass_mark}"
            capping = [(t.number, said) for t in turns if (said := _said_of(t))]
            where = "".join(f". Turn {number}: {said}" for number, said in capping)
            return TestResult(test.name, False, f"scored {outcome.score}/100 and "
                              f"{'passed' if outcome.passed else 'failed'} ({why}); expected "
                              f"it to {'pass' if test.passes else 'fail'}{where}",
                              capping[0][0] if capping else None)
    return TestResult(test.name, True, "", None)


def _said_of(turn: Turn) -> str:
    """What in a turn caps a score, as the trainer needs to find it: each over-promise
    ("promises the refund within the hour; the soonest is 5 working days") and each other
    capping flag; "" when nothing did."""
    said = [b.message for b in turn.breaches]
    said += [f"raised {flag}" for flag in turn.flags
             if flag in FAULT_CAPS and flag != "overpromise"]
    return "; ".join(said)


def run_tests(scenario: Scenario) -> list[TestResult]:
    return [run_test(scenario, test) for test in scenario.tests]
