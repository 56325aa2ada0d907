"""Checks on a scenario as a whole, after its shape is valid.

Errors: references to facts, endings or remedies that don't exist, and ids used twice.
Warnings (errors with --strict): an ending no condition can reach, a fact no question can
reveal, a reaction kind with no lines, a model answer that breaks the file's policy, a
reaction line with an {amount} that no offer can fill, and a resolved ending that needs a
remedy the policy does not allow.
"""

from __future__ import annotations

from trainer.scenario.diagnostics import Diagnostic
from trainer.scenario.model import (
    AMOUNT_KINDS,
    REACTION_KINDS,
    REMEDY_KINDS,
    Condition,
    Scenario,
    TiedLine,
)
from trainer.scenario.policy import find_breaches
from trainer.scenario.yaml_source import Path_, Positions


def check_scenario(scenario: Scenario, positions: Positions, label: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []

    def add(path: Path_, code: str, message: str, prefer_key: bool = False) -> None:
        line, column = positions.of(path, prefer_key)
        found.append(Diagnostic(label, line, column, code, message))

    fact_ids = _unique_ids(scenario.facts, "facts", "fact", add, positions)
    ending_ids = _unique_ids(scenario.endings, "endings", "ending", add, positions)

    remedies = _remedies(scenario)
    for i, ending in enumerate(scenario.endings):
        for j, fact in enumerate(ending.when.facts_revealed):
            if fact not in fact_ids:
                add(("endings", i, "when", "facts_revealed", j), "S008",
                    f"ending {ending.id!r} needs fact {fact!r}, which is not defined"
                    + _known(fact_ids))
        for j, remedy in enumerate(ending.when.offered):
            if remedy not in remedies:
                add(("endings", i, "when", "offered", j), "S008",
                    f"ending {ending.id!r} needs remedy {remedy!r} offered, which is not one "
                    "of " + ", ".join(repr(r) for r in remedies))
    for i, test in enumerate(scenario.tests):
        if test.ending is not None and test.ending not in ending_ids:
            add(("tests", i, "ending"), "S008",
                f"test {test.name!r} expects ending {test.ending!r}, which is not defined"
                + _known(ending_ids))
        if test.anger is not None and test.anger[0] > test.anger[1]:
            add(("tests", i, "anger"), "S005",
                f"anger range [{test.anger[0]}, {test.anger[1]}] is empty: low must not exceed "
                "high")

    unrevealable = set()
    for i, fact in enumerate(scenario.facts):
        if not any(len(t.strip()) >= 2 for t in fact.when_asked):
            unrevealable.add(fact.id)
            add(("facts", i, "when_asked"), "W102",
                f"fact {fact.id!r} has no trigger words, so no question can reveal it")

    for i, ending in enumerate(scenario.endings):
        reason = _unreachable(ending.when, unrevealable)
        if reason is None:
            reason = next((f"ending {earlier.id!r} above always matches first"
                           for earlier in scenario.endings[:i]
                           if _implies(ending.when, earlier.when)), None)
        if reason:
            add(("endings", i, "when"), "W101", f"ending {ending.id!r} can never be reached: "
                + reason)

    for i, ending in enumerate(scenario.endings):
        if ending.kind == "resolved" and ending.when.offered and not any(
                map(scenario.policy.allows, ending.when.offered)):
            add(("endings", i, "when", "offered"), "W107",
                f"ending {ending.id!r} needs {' or '.join(ending.when.offered)} offered, which "
                "the policy does not allow, so only an over-promise can resolve the "
                "conversation; allow it in policy (" + ", ".join(
                    _ALLOWED_BY[r] for r in ending.when.offered if r in _ALLOWED_BY)
                + ") or name a remedy the policy allows")

    for kind in REACTION_KINDS:
        lines = getattr(scenario.reactions, kind)
        if lines is not None and not lines:
            add(("reactions", kind), "W103",
                f"reaction kind {kind!r} has no lines; give at least one or leave it out to "
                "use the built-in lines")
        for i, entry in enumerate(lines or ()):
            if isinstance(entry, TiedLine):
                _check_tied_line(entry, ("reactions", kind, i), scenario, fact_ids, add)

    for breach in find_breaches(scenario.model_answer, scenario.policy):
        add(("model_answer",), "W104", f"the model answer breaks the policy: {breach.message}")
    return found


def _remedies(scenario: Scenario) -> tuple[str, ...]:
    """What `when_offered` and an ending's `offered` may name: a remedy kind or one of the
    policy's other remedies as written."""
    return (*REMEDY_KINDS, *scenario.policy.other)


# The policy field that allows each remedy kind.
_ALLOWED_BY = {"refund": "refund_up_to", "credit": "credit_up_to",
               "discount": "discount_up_to_percent", "replacement": "replacement: true",
               "visit": "visit: true"}


def _check_tied_line(entry: TiedLine, path: Path_, scenario: Scenario, fact_ids: set[str],
                     add) -> None:
    """A tied line must name remedies and facts the file has, and {amount} needs an offer
    that can carry an amount."""
    remedies = _remedies(scenario)
    for j, remedy in enumerate(entry.when_offered):
        if remedy not in remedies:
            add((*path, "when_offered", j), "S008",
                f"reaction line is tied to remedy {remedy!r}, which is not one of "
                + ", ".join(repr(r) for r in remedies))
    for j, fact in enumerate(entry.when_revealed):
        if fact not in fact_ids:
            add((*path, "when_revealed", j), "S008",
                f"reaction line is tied to fact {fact!r}, which is not defined" + _known(fact_ids))
    if "{amount}" in entry.line and not set(entry.when_offered) & set(AMOUNT_KINDS):
        add((*path, "line"), "W105",
            "the line says {amount}, but is not tied to an offer with an amount ("
            + ", ".join(AMOUNT_KINDS) + "): it would never be said")


def _unique_ids(items, section: str, noun: str, add, positions: Positions) -> set[str]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in first:
            line, _ = positions.of((section, first[item.id], "id"))
            add((section, i, "id"), "S014",
                f"{noun} id {item.id!r} is used twice (first at line {line})")
        first.setdefault(item.id, i)
    return set(first)


def _known(ids: set[str]) -> str:
    return f" (defined: {', '.join(sorted(ids))})" if ids else " (none are defined)"


def _unreachable(when: Condition, unrevealable: set[str]) -> str | None:
    if (when.anger_at_most is not None and when.anger_at_least is not None
            and when.anger_at_most < when.anger_at_least):
        return (f"anger must be at most {when.anger_at_most} and at least "
                f"{when.anger_at_least} at once")
    blocked = sorted(set(when.facts_revealed) & unrevealable)
    if blocked:
        return f"it needs fact(s) {', '.join(blocked)}, which no question can reveal"
    return None


def _implies(later: Condition, earlier: Condition) -> bool:
    """True when every state that satisfies `later` also satisfies `earlier`."""
    def at_most_ok() -> bool:
        if earlier.anger_at_most is None:
            return True
        return later.anger_at_most is not None and later.anger_at_most <= earlier.anger_at_most

    def at_least_ok() -> bool:
        if earlier.anger_at_least is None:
            return True
        return (later.anger_at_least is not None
                and later.anger_at_least >= earlier.anger_at_least)

    def turns_ok() -> bool:
        if earlier.after_turns is None:
            return True
        return later.after_turns is not None and later.after_turns >= earlier.after_turns

    def any_of_ok(later_items: tuple[str, ...], earlier_items: tuple[str, ...]) -> bool:
        """An any-of condition ("a reply raising blame or dismissive") holds whenever the
        later one's does: none is set earlier, or later's items are among earlier's."""
        return not earlier_items or (bool(later_items)
                                     and set(later_items) <= set(earlier_items))

    return (at_most_ok() and at_least_ok() and turns_ok()
            and any_of_ok(later.flags, earlier.flags) and any_of_ok(later.offered, earlier.offered)
            and set(earlier.shown) <= set(later.shown)
            and set(earlier.facts_revealed) <= set(later.facts_revealed))
