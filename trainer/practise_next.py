"""Practise next: the scenario a trainee should play now, and the skill it trains.

A trainee improves fastest on what they are weakest at, and a skill sticks when it comes back
after a few days rather than being drilled in one sitting. So, plainly:

1. **Weakness** per dimension is 1 minus the trainee's recent average best score for it: the
   last `RECENT` finished sessions, the newest weighing most (5, 4, 3, 2, 1). Never played:
   every weakness is 1.
2. A dimension **holds** once it was credited (best score at least 0.5) in `HOLD_SESSIONS`
   sessions, each at least `HOLD_GAP` after the previous one counted, and the latest session
   credited it too (a slip brings it back). A holding dimension drops out.
3. The **target** is the weakest dimension left (on a tie, the rubric's order). When every
   dimension holds there is no pick.
4. A scenario **trains** a dimension by its rubric weight (1 unless the scenario says), plus 1
   when its resolved ending needs it (`endings[].when.shown`; an ending that needs facts
   found out, `facts_revealed`, needs questions). The candidates are the scenarios that focus
   on the target (their resolved ending needs it, or its weight is above 1), else every
   scenario that trains it at all.
5. **Spacing**: a candidate played in the last `REST` is skipped, unless every candidate was
   (nothing else trains that dimension).
6. Of the candidates left, the pick is the one whose training best covers the trainee's
   weaknesses: the sum of weakness x training over the dimensions, divided by the sum of its
   training (so a scenario is not favoured for weighting everything). A scenario the trainee
   has passed comes after every one they have not (a customer already won over teaches less
   than a new one; a tester was sent back to a scenario passed with 99). On a tie, the
   easier, then the title.
7. A **habit** comes first: a flag raised in at least `HABIT_SESSIONS` of the last `RECENT`
   sessions (the one raised in most; on a tie, the rubric's order, then over-promising).
   The target is then the dimension that does the opposite (`INSTEAD`), holding or not:
   a trainee who blames in session after session practises owning the problem, even with
   every score credited. Rules 4 to 6 pick the scenario as before.
8. A trainee with no finished session yet gets the easiest scenario (on a tie, by title),
   for the dimension it trains most: every weakness is 1 then, so rules 3 to 6 would chase
   the rubric's first dimension (a tester's first pick was a medium scenario over two easy
   ones).

Time comes from the caller (`now`, the store's clock), so tests move it by days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scoring import CREDIT_THRESHOLD, DIMENSIONS
from trainer.debrief import FLAG_LABELS, LABELS
from trainer.scenario.model import Scenario
from trainer.store import Attempt

RECENT = 5                          # sessions in the recent average
HOLD_SESSIONS = 3                   # spaced credited sessions before a dimension holds
HOLD_GAP = dt.timedelta(days=2)     # at least this between the sessions that count
REST = dt.timedelta(days=2)         # a scenario played more recently than this waits
DIFFICULTIES = ("easy", "medium", "hard")
HABIT_SESSIONS = 2                  # a flag raised in this many of the last RECENT is a habit
# What to do instead of each flag, as the rubric teaches it: own the problem instead of
# blaming or arguing; acknowledge the feelings instead of playing them down; offer a
# specific remedy within policy instead of promising what can't be delivered.
INSTEAD = {"blame": "apology", "dismissive": "empathy", "defensive": "apology",
           "overpromise": "solution"}


@dataclass(frozen=True)
class Habit:
    """A flag the trainee raised in `sessions` of their last `of` sessions."""

    flag: str
    sessions: int
    of: int


@dataclass(frozen=True)
class Pick:
    """What to practise next, and why: the dimension it trains, every weakness, and the
    habit that chose the dimension (None: the weakest dimension did)."""

    scenario: Scenario
    dimension: str
    weakness: dict[str, float]
    habit: Habit | None = None

    def trains(self) -> str:
        """What it trains and, when a habit chose it, the habit: "Apology: flagged blame in
        3 of the last 5 sessions"."""
        if self.habit is None:
            return LABELS[self.dimension]
        return (f"{LABELS[self.dimension]}: flagged {FLAG_LABELS[self.habit.flag].lower()} in "
                f"{self.habit.sessions} of the last {self.habit.of} sessions")


def habit(attempts: Sequence[Attempt]) -> Habit | None:
    """The flag raised in the most of the last RECENT sessions, if in HABIT_SESSIONS or
    more (attempts oldest first)."""
    recent = list(attempts)[-RECENT:]
    counts = {flag: sum(flag in a.flags for a in recent) for flag in INSTEAD}
    flag = max(INSTEAD, key=lambda f: counts[f])  # on a tie, INSTEAD's order
    return Habit(flag, counts[flag], len(recent)) if counts[flag] >= HABIT_SESSIONS else None


def weakness(attempts: Sequence[Attempt]) -> dict[str, float]:
    """1 minus the recent weighted average best score, per dimension (attempts oldest first)."""
    recent = list(attempts)[-RECENT:]
    if not recent:
        return dict.fromkeys(DIMENSIONS, 1.0)
    weights = range(1, len(recent) + 1)  # the oldest 1, the newest len(recent)
    total = sum(weights)
    return {d: 1.0 - sum(w * a.best[d] for w, a in zip(weights, recent, strict=True)) / total
            for d in DIMENSIONS}


def holding(attempts: Sequence[Attempt]) -> set[str]:
    """The dimensions credited in HOLD_SESSIONS sessions spaced HOLD_GAP apart, the latest
    session included (attempts oldest first)."""
    held = set()
    for d in DIMENSIONS:
        credited = [a.ended_at for a in attempts if a.best[d] >= CREDIT_THRESHOLD]
        if not credited or attempts[-1].best[d] < CREDIT_THRESHOLD:
            continue
        counted = [credited[0]]
        for when in credited[1:]:
            if when - counted[-1] >= HOLD_GAP:
                counted.append(when)
        if len(counted) >= HOLD_SESSIONS:
            held.add(d)
    return held


def training(scenario: Scenario) -> dict[str, float]:
    """How much the scenario trains each dimension: its rubric weight, plus 1 where its
    resolved ending needs it."""
    needed = required(scenario)
    return {d: scenario.rubric.weights.get(d, 1.0) + (1.0 if d in needed else 0.0)
            for d in DIMENSIONS}


def required(scenario: Scenario) -> set[str]:
    """The dimensions a resolved ending needs: those it must have seen shown, and questions
    when it needs facts found out."""
    needed: set[str] = set()
    for ending in scenario.endings:
        if ending.kind == "resolved":
            needed.update(ending.when.shown)
            if ending.when.facts_revealed:
                needed.add("questions")
    return needed


def focuses_on(scenario: Scenario, dimension: str) -> bool:
    return dimension in required(scenario) or scenario.rubric.weights.get(dimension, 1.0) > 1.0


def practise_next(scenarios: Sequence[Scenario], attempts: Sequence[Attempt],
                  now: dt.datetime) -> Pick | None:
    """The scenario to play next for one trainee's finished `attempts` (oldest first);
    None when there are no scenarios, or every dimension holds and no flag is a habit."""
    weak = weakness(attempts)
    held = holding(attempts)
    left = [d for d in DIMENSIONS if d not in held]
    found = habit(attempts)
    if not scenarios or not (left or found):
        return None
    if not attempts:  # every weakness is 1: start easy, on what that scenario trains most
        first = min(scenarios, key=lambda s: (DIFFICULTIES.index(s.difficulty), s.title))
        trains = training(first)
        return Pick(first, max(DIMENSIONS, key=lambda d: (trains[d], -DIMENSIONS.index(d))),
                    weak)
    target = (INSTEAD[found.flag] if found is not None
              else max(left, key=lambda d: (weak[d], -DIMENSIONS.index(d))))
    candidates = ([s for s in scenarios if focuses_on(s, target)]
                  or [s for s in scenarios if training(s)[target] > 0])
    if not candidates:
        return None
    last_played = {a.scenario_id: a.ended_at for a in attempts}  # the latest wins
    rested = [s for s in candidates
              if s.id not in last_played or now - last_played[s.id] >= REST]
    passed = {a.scenario_id for a in attempts if a.passed}
    effective = {d: 0.0 if d in held else weak[d] for d in DIMENSIONS}

    def coverage(scenario: Scenario) -> float:
        trains = training(scenario)
        total = sum(trains.values())
        return sum(effective[d] * trains[d] for d in DIMENSIONS) / total if total else 0.0

    best = min(rested or candidates,
               key=lambda s: (s.id in passed, -coverage(s), DIFFICULTIES.index(s.difficulty),
                              s.title))
    return Pick(best, target, weak, found)
