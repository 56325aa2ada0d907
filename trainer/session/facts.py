"""Which scenario facts a reply's question reveals, tolerant of typos.

A trigger counts only in the part of the reply that asks something (see
`trainer.session.questions`): the customer answers questions, not words that happen to
appear in a reply with some question in it.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from trainer.scenario.model import Fact
from trainer.session.questions import asking_parts

_WORD = re.compile(r"[a-z0-9']+")


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
    return False
