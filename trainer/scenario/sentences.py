"""How the over-promise check reads a reply: sentences, their clauses, the remedies they
name, and whether words at a place are offered (not negated) or promised (not just hoped).

Kept apart from `policy.py` so the rules there read as rules ("a time sooner than the
soonest", "a guarantee of an outcome") while the mechanics of reading live here. Each
sentence is measured once (its clause breaks, hedges and "already done" words), so a long
reply costs time in proportion to its length.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from trainer.scenario.promise_words import WORDS

_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can['’]t|won['’]t|unable|isn['’]t|"
                       r"aren['’]t|don['’]t|can not|haven['’]t|hasn['’]t|didn['’]t|"
                       r"doesn['’]t|wasn['’]t|weren['’]t|wouldn['’]t|couldn['’]t)\b"
                       r"(?:(?!\bbut\b)[^.!?,;]){0,45}$", re.IGNORECASE)
# A negation word (at most 13 letters) then up to 45 characters (not past a "but") reach
# back at most this far: "I'm not able to cover lost earnings or give a month free".
_NEGATION_REACH = 65
# A remedy word's own verb, negated, within two words after it, saying it will not happen:
# "the replacement won't get to you", "a refund isn't possible", "an engineer could not come
# out"; not "the replacement won't be late".
_DENIED_AFTER = re.compile(r"[^\S\n]*(?:[a-z'’]+[^\S\n]+){0,2}?(?:can['’]?t|cannot|can not|"
                           r"could(?:n['’]t| not)|won['’]t|will not|would(?:n['’]t| not)|"
                           r"is(?:n['’]t| not)|was(?:n['’]t| not)|does(?:n['’]t| not)|"
                           r"may not|might not)[^\S\n]+(?:be[^\S\n]+)?(?:arriv|get|come|reach|"
                           r"make|happen|go|sent|send|possible|available|ready|deliver|done|"
                           r"in stock|allowed|approved)", re.IGNORECASE)
# A point between digits ("$42.50") is part of the sentence, not its end.
_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+[.!?]?")
# Where a clause ends: punctuation, or a joining word ("…, and it'll land in 3 days").
# A hard break ends a clause even for a guarantee ("It will arrive, guaranteed" is one).
_HARD_BREAK = re.compile(rf"[;:\u2013\u2014]|\s-\s|{WORDS.joiners.pattern}", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(rf",|{_HARD_BREAK.pattern}", re.IGNORECASE)
_LOOK_BACK = 120  # characters before a match searched for what makes it no promise


def offered(body: str, start: int, end: int | None = None) -> bool:
    """False when a negation comes shortly before `start` in its clause ("I can't refund"),
    or, given the remedy word's `end`, when the remedy is what a negated verb just after it
    says of it ("a replacement couldn't arrive before Sunday": a tester was answered "A
    replacement's fine" for it)."""
    if _NEGATION.search(body[max(0, start - _NEGATION_REACH):start]):
        return False
    return end is None or not _DENIED_AFTER.match(body, end)


def just_before(pattern: re.Pattern[str], body: str, start: int) -> bool:
    """Does `pattern` (anchored with `$`) match the text that ends at `start`?"""
    return bool(pattern.search(body[max(0, start - _LOOK_BACK):start]))


@dataclass(frozen=True)
class Mention:
    """A remedy named in a sentence ("the refund", "an engineer", "it'll arrive")."""

    kind: str
    start: int
    clause: int
    done: bool  # "I've refunded it": already happened, so a bare "today" says when


@dataclass
class Sentence:
    """One sentence of a reply, with where its clauses start."""

    body: str
    offset: int  # where it starts in the reply
    clauses: list[int] = field(init=False)
    runs: list[int] = field(init=False)  # clause starts at hard breaks only

    def __post_init__(self) -> None:
        self.clauses = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(self.body))]
        self.runs = [0, *(m.end() for m in _HARD_BREAK.finditer(self.body))]

    def clause_of(self, index: int) -> int:
        return bisect_right(self.clauses, index) - 1

    def run_of(self, index: int) -> int:
        """Which stretch between hard breaks holds `index`: words there go together."""
        return bisect_right(self.runs, index) - 1

    @cached_property
    def _hedged(self) -> list[bool]:
        ends = [*self.clauses[1:], len(self.body)]
        return [bool(WORDS.hedges.search(self.body[start:end]))
                for start, end in zip(self.clauses, ends, strict=True)]

    def promised(self, start: int) -> bool:
        """Offered, and not in a clause that hopes or tries ("I'll try to…", "I can't
        promise tomorrow") rather than promises."""
        return offered(self.body, start) and not self._hedged[self.clause_of(start)]

    @cached_property
    def _done_and_will(self) -> tuple[list[int], list[int]]:
        return ([m.end() for m in WORDS.done.finditer(self.body)],
                [m.end() for m in WORDS.will.finditer(self.body)])

    def done_before(self, start: int) -> bool:
        """Said as already done: "I've switched your plan and refunded…", unless a word of
        the future comes between ("I've refunded it, and it'll land in 3 days")."""
        done, will = self._done_and_will
        last_done = bisect_right(done, start)
        if not last_done:
            return False
        last_will = bisect_right(will, start)
        return not last_will or will[last_will - 1] < done[last_done - 1]

    def done_in_clause_before(self, start: int) -> bool:
        """An "already done" word earlier in the same clause ("he has been disciplined")."""
        done, _ = self._done_and_will
        last_done = bisect_right(done, start)
        return bool(last_done) and done[last_done - 1] > self.clauses[self.clause_of(start)]


def sentences(text: str) -> list[Sentence]:
    return [Sentence(m.group(), m.start()) for m in _SENTENCE.finditer(text)]


def mentions(sentence: Sentence, previous: list[Mention]) -> list[Mention]:
    """The remedies a sentence offers, in order; a word for arriving takes the kind of the
    remedy named before it (in this sentence or the one before), else a delivery."""
    body = sentence.body
    matches = [(m, kind) for kind, pattern in WORDS.remedies.items()
               for m in pattern.finditer(body)]
    matches += [(m, "") for m in WORDS.arrival.finditer(body)]
    matches.sort(key=lambda pair: (pair[0].start(), -len(pair[0].group())))
    found: list[Mention] = []
    named = [m.kind for m in previous[:1] if m.kind in WORDS.arrival_of]
    end = 0
    for match, kind in matches:
        if match.start() < end:
            continue  # inside a longer phrase already read ("back in your account")
        end = match.end()
        if not kind:
            kind = named[-1] if named else "delivery"
        elif kind in WORDS.arrival_of:
            named.append(kind)
        if offered(body, match.start()):
            found.append(Mention(kind, match.start(), sentence.clause_of(match.start()),
                                 sentence.done_before(match.start())))
    return found
