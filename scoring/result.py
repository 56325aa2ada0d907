"""What scoring a reply produces: scores, flags, and the evidence behind each.

These are the types the rest of the product (session engine, debrief, CLI, trainers'
scripts) depends on. They are frozen so a score, once given, cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

DIMENSIONS: tuple[str, ...] = ("empathy", "apology", "questions", "solution", "follow_up")
FLAGS: tuple[str, ...] = ("blame", "dismissive", "defensive")
CREDIT_THRESHOLD = 0.5  # RUBRIC.md: a dimension is credited at a score of at least 0.5


class Evidence(NamedTuple):
    """One rule firing: which words (original character span) did what to which key.

    `effect` is "credit" (earned a dimension score), "weak" (matched but earned little, the
    reason a tip is given), "cancel" (took credit away) or "flag" (raised a flag).
    A named tuple: as immutable as a frozen dataclass, and cheaper to make, which matters
    because a reply yields a dozen of them.
    """

    key: str
    rule: str
    effect: str
    start: int
    end: int
    text: str
    score: float = 0.0
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "rule": self.rule, "effect": self.effect,
                "span": [self.start, self.end], "text": self.text,
                "score": round(self.score, 3), **({"note": self.note} if self.note else {})}


@dataclass(frozen=True)
class ReplyScore:
    """The rubric's verdict on one reply."""

    scores: dict[str, float]
    flags: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    tips: dict[str, str] = field(default_factory=dict)

    def credited(self, dimension: str) -> bool:
        return self.scores[dimension] >= CREDIT_THRESHOLD

    def evidence_for(self, key: str) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.key == key)

    def as_dict(self) -> dict[str, object]:
        return {"scores": {k: round(v, 3) for k, v in self.scores.items()},
                "flags": list(self.flags),
                "evidence": [e.as_dict() for e in self.evidence],
                "tips": dict(self.tips)}


@dataclass(frozen=True)
class RubricAdjustments:
    """A scenario's additions to the rubric: extra phrases that earn a dimension's credit.

    `phrases` maps a dimension to phrases in plain words ("express re-delivery"); they are
    matched on the canonical reply, so slang and typos in a reply still find them.
    """

    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, tuple(v)) for k, v in self.phrases.items())))
