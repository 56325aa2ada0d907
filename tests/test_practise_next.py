"""Practise next: weakness from recent sessions (newer weigh more), what a scenario trains,
the pick following the weakest dimension, spacing, and dimensions that hold dropping out."""

from __future__ import annotations

import datetime as dt

import pytest

from scoring import DIMENSIONS
from trainer.debrief import LABELS
from trainer.practise_next import Habit, habit, holding, practise_next, training, weakness
from trainer.scenario import bundled_dir, load_paths
from trainer.store import Attempt

DAY0 = dt.datetime(2026, 11, 2, 10, 0)


def bundled():
    results, _ = load_paths([bundled_dir()])
    return {r.scenario.id: r.scenario for r in results}


SCENARIOS = bundled()


def attempt(day: float, scenario_id: str = "double-charge", passed: bool = True,
            flags: tuple[str, ...] = (), **best: float) -> Attempt:
    """A finished session on `day` (days after DAY0): every dimension 0.9 unless given."""
    when = DAY0 + dt.timedelta(days=day)
    return Attempt("ana", scenario_id, when, when, passed,
                   {d: best.get(d, 0.9) for d in DIMENSIONS}, frozenset(flags))


def pick(attempts, day: float):
    return practise_next(list(SCENARIOS.values()), attempts,
                         DAY0 + dt.timedelta(days=day))


def test_weakness_is_one_minus_the_recent_average_with_newer_sessions_weighing_more():
    assert weakness([]) == dict.fromkeys(DIMENSIONS, 1.0)
    weak = weakness([attempt(0, empathy=0.0), attempt(1, empathy=1.0)])
    assert weak["empathy"] == pytest.approx(1 / 3)  # weights 1 and 2
    # Only the last five sessions count: an old zero no longer weighs.
    many = [attempt(0, empathy=0.0)] + [attempt(day, empathy=1.0) for day in range(1, 6)]
    assert weakness(many)["empathy"] == pytest.approx(0.0)


def test_a_dimension_holds_after_three_credited_sessions_spaced_two_days_apart():
    spaced = [attempt(0), attempt(1), attempt(2), attempt(4)]  # day 1 is too soon to count
    assert holding(spaced) == set(DIMENSIONS)
    assert holding([attempt(0), attempt(1), attempt(2)]) == set()  # only days 0 and 2 count
    slipped = [*spaced, attempt(5, follow_up=0.2)]  # the latest session missed it
    assert holding(slipped) == set(DIMENSIONS) - {"follow_up"}
    not_credited = [attempt(day, questions=0.4) for day in (0, 2, 4)]
    assert "questions" not in holding(not_credited)


def test_a_scenario_trains_its_weights_plus_what_its_resolved_ending_needs():
    crashing = training(SCENARIOS["crashing-software"])
    assert crashing["questions"] == 2.5  # weight 1.5, and its ending needs a fact found out
    assert crashing["follow_up"] == 1.0  # default weight, not needed
    double = training(SCENARIOS["double-charge"])
    assert (double["apology"], double["questions"]) == (2.5, 1.0)


@pytest.mark.parametrize(("weak", "expected"), [
    ("follow_up", "internet-outage-home-worker"),  # the only one whose ending needs it
    ("questions", "crashing-software"),            # weighs questions 1.5 and needs a fact
    ("apology", "wrong-restaurant-order"),         # needs it, and it is most of its rubric
])
def test_the_pick_follows_the_weakest_dimension(weak, expected):
    found = pick([attempt(0, **{weak: 0.1})], day=10)
    assert (found.scenario.id, found.dimension) == (expected, weak)


def test_spacing_skips_a_scenario_played_in_the_last_two_days():
    history = [attempt(0, questions=0.1),
               attempt(3, "crashing-software", passed=False, questions=0.1)]
    assert pick(history, day=4).scenario.id == "damaged-on-arrival"  # the other for questions
    assert pick(history, day=5).scenario.id == "crashing-software"  # rested two days
    both = [*history, attempt(4, "damaged-on-arrival", passed=False, questions=0.1)]
    assert pick(both, day=4.5).scenario.id == "crashing-software"  # nothing else trains it


def test_spacing_keeps_the_only_scenario_that_trains_a_dimension():
    history = [attempt(0, "internet-outage-home-worker", follow_up=0.1)]
    assert pick(history, day=0.5).scenario.id == "internet-outage-home-worker"


def test_a_scenario_already_passed_comes_after_one_not_yet_passed():
    failed = [attempt(0, questions=0.1), attempt(3, "crashing-software", passed=False,
                                                  questions=0.1)]
    assert pick(failed, day=5).scenario.id == "crashing-software"  # the best fit for questions
    passed = [failed[0], attempt(3, "crashing-software", passed=True, questions=0.1)]
    assert pick(passed, day=5).scenario.id == "damaged-on-arrival"  # not yet passed
    # When every scenario that trains it was passed, the best fit comes back.
    every = [*passed, attempt(4, "damaged-on-arrival", questions=0.1)]
    assert pick(every, day=10).scenario.id == "crashing-software"


def test_a_dimension_that_holds_drops_out_and_the_pick_moves_on():
    # Questions is the weakest (0.5 each time) but was credited on days 0, 2 and 4: it holds.
    # Follow-up, weaker at first, was credited only on days 2 and 4: not yet.
    history = [attempt(0, questions=0.5, follow_up=0.3), attempt(2, questions=0.5),
               attempt(4, questions=0.5)]
    weak = weakness(history)
    assert max(weak, key=weak.get) == "questions"
    assert holding(history) == set(DIMENSIONS) - {"follow_up"}
    found = pick(history, day=10)
    assert (found.dimension, found.scenario.id) == ("follow_up", "internet-outage-home-worker")
    everything = [*history, attempt(6)]
    assert holding(everything) == set(DIMENSIONS)
    assert pick(everything, day=10) is None


def test_a_new_trainee_starts_on_an_easy_scenario():
    found = practise_next(list(SCENARIOS.values()), [], DAY0)
    assert found.scenario.difficulty == "easy"
    trains = training(found.scenario)
    assert trains[found.dimension] == max(trains.values())


def test_no_scenarios_no_pick():
    assert practise_next([], [], DAY0) is None


def test_a_flag_raised_in_two_of_the_last_five_sessions_is_a_habit():
    once = [attempt(0, flags=("blame",)), attempt(1), attempt(2)]
    assert habit(once) is None
    twice = [*once, attempt(3, flags=("dismissive", "blame"))]
    assert habit(twice) == Habit("blame", 2, 4)
    # Only the last five count: the first blame has aged out.
    assert habit([*twice, attempt(4), attempt(5)]) is None
    # The flag raised most wins; on a tie, the rubric's order, over-promising last.
    tie = [attempt(0, flags=("overpromise", "defensive")), attempt(1, flags=("defensive",)),
           attempt(2, flags=("overpromise",))]
    assert habit(tie).flag == "defensive"


@pytest.mark.parametrize(("flag", "instead"), [
    ("blame", "apology"), ("dismissive", "empathy"), ("defensive", "apology"),
    ("overpromise", "solution")])
def test_a_habit_targets_what_to_do_instead_even_when_every_dimension_holds(flag, instead):
    # Every dimension credited on days 0, 2, 4 and 6: all hold, so without the flag there
    # would be no pick at all.
    history = [attempt(day, flags=(flag,) if day >= 4 else ()) for day in (0, 2, 4, 6)]
    assert holding(history) == set(DIMENSIONS)
    assert pick(history[:3], day=10) is None  # raised once: not yet a habit
    found = pick(history, day=10)
    assert found.dimension == instead
    assert found.habit == Habit(flag, 2, 4)
    said = {"overpromise": "over-promise"}.get(flag, flag)
    assert found.trains() == f"{LABELS[instead]}: flagged {said} in 2 of the last 4 sessions"


def test_without_a_habit_the_pick_says_only_what_it_trains():
    found = pick([attempt(0, questions=0.1)], day=10)
    assert found.habit is None
    assert found.trains() == "Questions"
