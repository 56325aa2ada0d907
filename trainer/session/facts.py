"""Which scenario facts a reply's question reveals, tolerant of typos."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from trainer.scenario.model import Fact

_WORD = re.compile(r"[a-z0-9']+")


def triggered(fact: Fact, reply: str) -> bool:
    """True when any of the fact's trigger phrases appears in `reply` (typos tolerated)."""
    text = " ".join(_WORD.findall(reply.lower()))
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
