"""A naive keyword scorer: the bar the rubric engine has to clear (`trainer eval --baseline`).

It credits a dimension when any of a handful of keywords appears anywhere, with no notion
of negation, questions, blame or stuffing. Kept deliberately simple; it is a yardstick.
"""

from __future__ import annotations

import re

from scoring.result import DIMENSIONS, FLAGS, Evidence, ReplyScore

_KEYWORDS: dict[str, re.Pattern[str]] = {
    key: re.compile(pattern, re.IGNORECASE)
    for key, pattern in {
        "empathy": r"\b(?:understand|frustrat\w*|feel|imagine)\b",
        "apology": r"\b(?:sorry|apolog\w*)\b",
        "questions": r"\?",
        "solution": r"\b(?:refund\w*|replac\w*|credit\w*|repair\w*|fix\w*)\b",
        "follow_up": r"\b(?:call|email|follow[- ]up|contact|update)\b",
        "blame": r"\b(?:fault|should have|blame)\b",
        "dismissive": r"\b(?:calm down|relax|overreact\w*)\b",
        "defensive": r"\b(?:policy|not true|nothing i can do)\b",
    }.items()
}


def baseline_score(reply: str, customer: str | None = None) -> ReplyScore:
    """Score by bare keyword presence: 1.0 when a keyword appears, else 0.0."""
    scores: dict[str, float] = {}
    evidence: list[Evidence] = []
    raised: list[str] = []
    for key in (*DIMENSIONS, *FLAGS):
        match = _KEYWORDS[key].search(reply)
        if match:
            evidence.append(Evidence(key, "keyword", "credit", *match.span(), match.group(), 1.0))
        if key in DIMENSIONS:
            scores[key] = 1.0 if match else 0.0
        elif match:
            raised.append(key)
    return ReplyScore(scores, tuple(raised), tuple(evidence))
