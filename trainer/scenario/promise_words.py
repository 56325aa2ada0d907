"""The words in `promises.yaml`, loaded once and compiled, as one frozen value.

The over-promise check reads replies only through these patterns (times in `times.py`,
remedies, guarantees and discipline in `policy.py`), so each word list has one home and
grows without touching code. Phrases match whole words, case-insensitively, with any run of
spaces between words, either apostrophe (' or ’), and the misspellings listed in the file.
A malformed file is an error naming the file and the entry, raised once at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

_FILE = "promises.yaml"


class PromiseWordsError(Exception):
    """`promises.yaml` is malformed: a packaging fault, not a problem with a reply."""


@dataclass(frozen=True)
class PromiseWords:
    spellings: dict[str, str]
    time_hours: dict[str, float]    # canonical time phrase -> hours from now
    unit_hours: dict[str, float]    # canonical unit word -> hours in one unit
    numbers: dict[str, float]       # canonical number word -> value
    clock_hours: float
    weekdays: tuple[str, ...]
    dates: re.Pattern[str]
    times: re.Pattern[str]   # groups: intro, phrase, n, m, unit, outro, clock, weekday
    remedies: dict[str, re.Pattern[str]]
    arrival: re.Pattern[str]
    arrival_of: frozenset[str]      # remedy kinds that can be said to arrive
    done: re.Pattern[str]
    will: re.Pattern[str]
    certainty: re.Pattern[str]
    certainty_not_after: re.Pattern[str]   # searched on the text before a certainty word
    outcomes: re.Pattern[str]
    outcomes_not_after: re.Pattern[str]   # searched on the text before an outcome
    future: re.Pattern[str]
    future_not_after: re.Pattern[str]
    discipline: re.Pattern[str]
    staff: re.Pattern[str]
    hedges: re.Pattern[str]
    joiners: re.Pattern[str]


def canonical(text: str, spellings: dict[str, str] | None = None) -> str:
    """Lower case, one space between words, ’ as ', misspellings as the word they stand for."""
    spellings = WORDS.spellings if spellings is None else spellings
    words = text.lower().replace("\u2019", "'").split()
    return " ".join(spellings.get(word, word) for word in words)


def _phrase(phrase: str, variants: dict[str, list[str]]) -> str:
    def word(token: str) -> str:
        spelled = sorted({token, *variants.get(token, [])}, key=len, reverse=True)
        alternatives = [re.escape(w).replace("'", "['\u2019]") for w in spelled]
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    return r"\s+".join(word(t) for t in phrase.lower().split())


def _alternatives(phrases: list[str], variants: dict[str, list[str]]) -> str:
    return "|".join(_phrase(p, variants) for p in sorted(set(phrases), key=len, reverse=True))


def _own(pattern: str) -> str:
    """A short pattern from the file, with the same spacing and apostrophes as a phrase."""
    return pattern.replace("'", "['\u2019]").replace(" ", r"\s+")


def _whole(alternatives: str) -> re.Pattern[str]:
    # Whole words; an entry that starts with an apostrophe ('ll) ends the word before it.
    return re.compile(rf"(?:(?<![\w-])|(?=['\u2019]))(?:{alternatives})(?![\w-])",
                      re.IGNORECASE)


def _strings(value: object, where: str) -> list[str]:
    # YAML 1.1 reads a bare `on` or `no` as a boolean: such an entry must be quoted.
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PromiseWordsError(f"{where}: must be a list of words (quote on, no, yes, off)")
    return value


def _entry(data: dict, key: str, variants: dict[str, list[str]]) -> re.Pattern[str]:
    """An entry with `words` and/or a `pattern`, and the `example` every entry needs."""
    entry = data[key]
    if not str(entry.get("example", "")).strip():
        raise PromiseWordsError(f"{key}: needs an example")
    parts = [_own(str(entry["pattern"]))] if entry.get("pattern") else []
    if "words" in entry:
        parts.append(_alternatives(_strings(entry["words"], f"{key}.words"), variants))
    if not parts:
        raise PromiseWordsError(f"{key}: needs words or a pattern")
    return _whole("|".join(parts))


def _not_after(data: dict, key: str) -> re.Pattern[str]:
    """What, just before a match of entry `key`, makes it no promise (`$`: ends right there)."""
    return re.compile(rf"(?<![\w-])(?:{_own(str(data[key]['not_after']))})$", re.IGNORECASE)


def _time_pattern(data: dict, variants: dict[str, list[str]]) -> re.Pattern[str]:
    phrases = [w for e in data["times"] for w in _strings(e["words"], "times.words")]
    units = [w for e in data["units"] for w in _strings(e["words"], "units.words")]
    number = rf"\d+(?:\.\d+)?|{_alternatives([str(k) for k in data['numbers']], variants)}"
    intro = _alternatives(_strings(data["introducers"], "introducers"), variants)
    outro = _alternatives(_strings(data["outros"], "outros"), variants)
    return _whole(
        rf"(?P<intro>(?:(?:{intro})\s+){{0,2}})"
        rf"(?:(?P<phrase>{_alternatives(phrases, variants)})"
        rf"|(?P<n>{number})(?:\s*(?:-|–|to|or)\s*(?P<m>{number}))?\s*"
        rf"(?P<unit>{_alternatives(units, variants)})"
        rf"(?P<outro>(?:\s*(?:{outro}))?)"
        rf"|(?P<clock>{_own(str(data['clock']))})"
        rf"|(?P<weekday>{_alternatives(_strings(data['weekdays'], 'weekdays'), variants)}))")


def _load() -> PromiseWords:
    try:
        data = yaml.safe_load(resources.files("trainer.scenario").joinpath(_FILE).read_bytes())
        spellings = {str(k).lower(): str(v).lower() for k, v in data["spellings"].items()}
        variants: dict[str, list[str]] = {}
        for wrong, right in spellings.items():
            variants.setdefault(right, []).append(wrong)
        for section in ("times", "units"):
            for entry in data[section]:
                if not str(entry.get("example", "")).strip():
                    raise PromiseWordsError(f"{section}: {entry['words']} needs an example")
        time_hours = {canonical(w, spellings): float(e["hours"])
                      for e in data["times"] for w in e["words"]}
        unit_hours = {canonical(w, spellings): float(e["minutes"]) / 60
                      for e in data["units"] for w in e["words"]}
        remedies = {str(kind): _entry(data["remedies"], kind, variants)
                    for kind in data["remedies"]}
        def listed(key: str) -> re.Pattern[str]:
            return _whole(_alternatives(_strings(data[key], key), variants))
        return PromiseWords(
            spellings=spellings, time_hours=time_hours, unit_hours=unit_hours,
            numbers={canonical(str(k), spellings): float(v) for k, v in data["numbers"].items()},
            clock_hours=float(data["clock_hours"]),
            weekdays=tuple(w.lower() for w in _strings(data["weekdays"], "weekdays")),
            times=_time_pattern(data, variants), remedies=remedies,
            arrival=_entry(data, "arrival", variants),
            arrival_of=frozenset(_strings(data["arrival"]["of"], "arrival.of")),
            dates=_whole(_own(str(data["dates"]))), done=listed("done"), will=listed("will"),
            certainty=_entry(data, "certainty", variants),
            certainty_not_after=_not_after(data, "certainty"),
            outcomes=_entry(data, "outcomes", variants),
            outcomes_not_after=_not_after(data, "outcomes"),
            future=_entry(data, "future", variants), future_not_after=_not_after(data, "future"),
            discipline=_entry(data, "discipline", variants), staff=listed("staff"),
            hedges=listed("hedges"), joiners=listed("joiners"))
    except PromiseWordsError as exc:
        raise PromiseWordsError(f"trainer/scenario/{_FILE}: {exc}") from None
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise PromiseWordsError(f"trainer/scenario/{_FILE}: malformed ({exc!r})") from None


WORDS = _load()
