"""Run the test conversations a scenario file carries (`tests:`), for `trainer test`.

Each test plays its replies through a fresh, deterministic session and checks the ending
reached (and optionally the final anger range and the flags raised). A failure says the
turn where the conversation went somewhere else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from trainer.scenario.model import Scenario, ScenarioTest
from trainer.session.clock import FrozenClock
from trainer.session.engine import Session


@dataclass(frozen=True)
class TestResult:
    name: str
    passed: bool
    detail: str          # empty when passed
    turn: int | None     # the turn where it diverged, when known


def play_script(scenario: Scenario, replies: tuple[str, ...], seed: int = 0) -> Session:
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(seed))
    session.deliver_all_openings()
    for reply in replies:
        if session.ending is not None:
            break
        session.reply(reply)
    if session.closing:
        session.end_by_trainee()  # satisfied and no closing reply scripted: resolved
    return session


def run_test(scenario: Scenario, test: ScenarioTest) -> TestResult:
    session = play_script(scenario, test.replies)
    turns = session.turns
    reached = session.ending.id if session.ending else None
    if reached is None:
        return TestResult(test.name, False, f"no ending after {len(turns)} replies (anger "
                          f"{session.anger}); expected {test.ending!r}", len(turns))
    last = turns[-1]
    if reached != test.ending:
        return TestResult(test.name, False, f"reached {reached!r} at turn {last.number} "
                          f"(anger {last.anger_after}); expected {test.ending!r}. That turn: "
                          + "; ".join(str(c) for c in last.changes), last.number)
    if len(turns) < len(test.replies):
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
    return TestResult(test.name, True, "", None)


def run_tests(scenario: Scenario) -> list[TestResult]:
    return [run_test(scenario, test) for test in scenario.tests]
