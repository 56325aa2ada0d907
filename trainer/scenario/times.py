"""Read the times in a reply ("by tonight", "in 3-5 working days") as hours from now.

Approximate on purpose: the over-promise check only asks whether a remedy is promised
sooner than a scenario's `policy.soonest` allows, so a day word means by the end of that
day (today 12 h, tomorrow 24 h) and N working days are N × 24 h. The words are data, in
`promises.yaml`; this module only turns a match into hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from trainer.scenario.promise_words import WORDS, canonical


@dataclass(frozen=True)
class Time:
    """A time said in a text, with its span there. A range ("3-5 days") spans
    `earliest`..`latest`; a promise means its latest, a `soonest` its earliest."""

    start: int
    end: int
    earliest: float    # hours from now
    latest: float
    introduced: bool   # said after "by", "in", "within"…: when something will be
    text: str

    def moved(self, offset: int) -> Time:
        return replace(self, start=self.start + offset, end=self.end + offset)


def read_times(text: str, today: str | None = None) -> list[Time]:
    """Every time in `text` (a sentence). A weekday is read only when `today` (a weekday)
    is known; a number of units only after an introducer or before an outro ("within 4
    days", "4 days from now", not "four days offline"); a clock time only when the sentence
    names no other day."""
    found: list[Time] = []
    matches = list(WORDS.times.finditer(text))
    # "Tuesday 14 November, 8am": the clock time is that day's, and that day is unknown;
    # "at 10am tomorrow" is tomorrow's (a tester was told it promised the move today).
    named_day = WORDS.dates.search(text) or any(
        m.group("weekday") or (m.group("phrase") and WORDS.time_hours[
            canonical(m.group("phrase"))] > WORDS.clock_hours) for m in matches)
    for match in matches:
        introduced = bool(match.group("intro") or match.group("outro"))
        if (match.group("n") and not introduced) or (match.group("clock") and named_day):
            continue
        hours = _hours(match, today)
        if hours is not None:
            found.append(Time(match.start(), match.end(), *hours, introduced,
                              " ".join(match.group().split())))
    return found


def duration_hours(text: str) -> float | None:
    """The earliest hours meant by a whole `soonest` value ("3 working days" is 72), or None
    when the text is not one time this reader knows."""
    match = WORDS.times.fullmatch(text.strip())
    hours = None if match is None else _hours(match, None)
    return None if hours is None else hours[0]


def _hours(match: re.Match[str], today: str | None) -> tuple[float, float] | None:
    if match.group("phrase"):
        hours = WORDS.time_hours[canonical(match.group("phrase"))]
        return hours, hours
    if match.group("unit"):
        unit = WORDS.unit_hours[canonical(match.group("unit"))]
        low = _number(match.group("n"))
        high = _number(match.group("m")) if match.group("m") else low
        return min(low, high) * unit, max(low, high) * unit
    if match.group("clock"):
        return WORDS.clock_hours, WORDS.clock_hours
    if today is None:
        return None
    ahead = (WORDS.weekdays.index(canonical(match.group("weekday")))
             - WORDS.weekdays.index(today)) % 7
    hours = ahead * 24.0 if ahead else WORDS.time_hours["today"]
    return hours, hours


def _number(text: str) -> float:
    return float(text) if text[0].isdigit() else WORDS.numbers[canonical(text)]
