"""What scoring a reply produces: scores, flags, and the evidence behind each.

These are the types the rest of the product (session engine, debrief, CLI, trainers'
scripts) depends on. They are frozen so a score, once given, cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

DIMENSIONS: tuple[str, ...] = ("empathy", "apology", "questions", "solution", "follow_up")
FLAGS: tuple[str, ...] = ("blame", "dismissive", "defensive")
CREDIT_THRESHOLD = 0.5  # RUBRIC.md: a dimension is credited at a score of at least 0.5


class Evidence(NamedTuple):
    """One rule firing: which words (original character span) did what to which key.

    `effect` is "credit" (pushed up a dimension that was credited), "flag" (pushed up a flag
    that was raised), "weak" (pushed up a key that stayed below the line, or a phrase that
    explains a tip) or "cancel" (pushed a key down). `score` is the span's weight: its exact
    share of the key's logit, or for a scenario phrase the score it sets.
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

    @property
    def held_down_by_rule(self) -> bool:
        """A rule ("no-time-or-event", keyword stuffing), not the model's weights, held the
        key down: its tip and the debrief explain the key by this rule."""
        return self.effect == "cancel" and self.rule != "model"

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "rule": self.rule, "effect": self.effect,
                "span": [self.start, self.end], "text": self.text,
                "score": round(self.score, 3), **({"note": self.note} if self.note else {})}


def strongest_flag_evidence(flag: str, evidence: Iterable[Evidence]) -> Evidence | None:
    """The span that weighed most in raising `flag`; None when nothing raised it."""
    return max((e for e in evidence if e.key == flag and e.effect == "flag"),
               key=lambda e: e.score, default=None)


class ReplyScore:
    """The rubric's verdict on one reply: scores, flags, and (on first use) why.

    The evidence and tips are worked out the first time either is read, once: most callers
    need only the scores and flags (the session engine, `trainer eval`), and explaining is
    most of the cost of scoring. Read-only once made, like a frozen dataclass.
    """

    __slots__ = ("scores", "flags", "flag_scores", "_evidence", "_tips", "_explain")

    def __init__(self, scores: dict[str, float], flags: tuple[str, ...],
                 evidence: tuple[Evidence, ...] = (), tips: dict[str, str] | None = None,
                 flag_scores: dict[str, float] | None = None,
                 explain: Callable[[], tuple[tuple[Evidence, ...], dict[str, str]]] | None = None
                 ) -> None:
        set_ = object.__setattr__
        set_(self, "scores", scores)
        set_(self, "flags", flags)
        set_(self, "flag_scores", flag_scores or {})
        set_(self, "_evidence", evidence)
        set_(self, "_tips", tips or {})
        set_(self, "_explain", explain)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ReplyScore is read-only (tried to set {name!r})")

    def _explained(self) -> None:
        if self._explain is not None:
            evidence, tips = self._explain()
            object.__setattr__(self, "_evidence", evidence)
            object.__setattr__(self, "_tips", tips)
            object.__setattr__(self, "_explain", None)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        self._explained()
        return self._evidence

    @property
    def tips(self) -> dict[str, str]:
        self._explained()
        return self._tips

    def credited(self, dimension: str) -> bool:
        return self.scores[dimension] >= CREDIT_THRESHOLD

    def evidence_for(self, key: str) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.key == key)

    def raised_by(self, flag: str) -> Evidence | None:
        """The words that weighed most in raising `flag`; None when nothing raised it."""
        return strongest_flag_evidence(flag, self.evidence)

    def as_dict(self) -> dict[str, object]:
        return {"scores": {k: round(v, 3) for k, v in self.scores.items()},
                "flags": list(self.flags),
                "flag_scores": {k: round(v, 3) for k, v in self.flag_scores.items()},
                "evidence": [e.as_dict() for e in self.evidence],
                "tips": dict(self.tips)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReplyScore) and self.as_dict() == other.as_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ReplyScore(scores={self.scores!r}, flags={self.flags!r})"


@dataclass(frozen=True)
class RubricAdjustments:
    """A scenario's additions to the rubric: extra phrases that earn a dimension's credit.

    `phrases` maps a dimension to phrases in plain words ("express re-delivery"); they are
    matched on the canonical reply, so slang and typos in a reply still find them.
    """

    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(tuple(sorted((k, tuple(v)) for k, v in self.phrases.items())))
