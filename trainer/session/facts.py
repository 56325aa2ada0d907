"""Which scenario facts a reply's question reveals, tolerant of typos and word order.

A trigger counts only in the part of the reply that asks something (see
`trainer.session.questions`): the customer answers questions, not words that happen to
appear in a reply with some question in it. A trigger of several words counts as written
(typos tolerated), or when each of its content words is asked about in any order and form:
"cancellation date" is asked by "the date you cancelled" (a tester's question that
revealed nothing, as the author's triggers were all phrased another way).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from trainer.scenario.model import Fact
from trainer.session.questions import asking_parts

_WORD = re.compile(r"[a-z0-9']+")
# Words that say nothing about what is asked: a trigger's content words are the rest.
_FUNCTION = frozenset("""a an the your you you've you're my our me i we it its this that
these those of on in at to for from by with and or did do does is are was were be been
have has had what when which where who how why can could would will please tell me about
any some""".split())
_ENDINGS = ("ations", "ation", "ings", "ing", "ed", "es", "s")
_SAME_START = 4  # two words are one when one is the other's start and it has this many letters


def triggered(fact: Fact, reply: str) -> bool:
    """True when any of the fact's trigger phrases appears (typos tolerated) in a part of
    `reply` that asks something."""
    return any(_mentions(fact, part) for part in asking_parts(reply))


def _mentions(fact: Fact, question: str) -> bool:
    text = " ".join(_WORD.findall(question.lower()))
    words = set(text.split())
    for trigger in fact.when_asked:
        phrase = " ".join(_WORD.findall(trigger.lower()))
        if not phrase:
            continue
        if " " not in phrase:
            if phrase in words or (len(phrase) >= 5 and any(
                    fuzz.ratio(phrase, w) >= 85 for w in words if abs(len(w) - len(phrase)) <= 2)):
                return True
        elif re.search(rf"\b{re.escape(phrase)}\b", text) or (
                len(phrase) >= 8 and fuzz.partial_ratio(phrase, text) >= 90):
            return True
        elif _all_asked(phrase, words):
            return True
    return False


def _all_asked(phrase: str, words: set[str]) -> bool:
    """Every content word of `phrase` is in `words`, in some form ("cancellation" and
    "cancelled" share the start "cancel"), for a phrase of two content words or more: one
    word with function words around it ("what do you want") means the phrase, not the word
    ("What dates do you want frozen?" asks no outcome)."""
    wanted = [_stem(w) for w in phrase.split() if w not in _FUNCTION]
    if len(wanted) < 2:
        return False
    have = [_stem(w) for w in words if w not in _FUNCTION]
    return all(any(_same(w, h) for h in have) for w in wanted)


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _SAME_START:
            return word[:-len(ending)]
    return word


def _same(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(short) >= _SAME_START or a == b
