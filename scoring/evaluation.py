"""Measure a scorer against labelled replies: precision, recall and F1 per dimension and
flag, the Brier score, and a reliability table (is a 0.7 right 70% of the time?).

Used by `trainer eval`, `trainer calibrate`, `scoring.training` (leave-one-source-out) and
the test suite's accuracy floor. The labelled format is the one in RUBRIC.md: one JSON object
per line with `reply`, optional `customer`, `labels`, and optionally `source`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from scoring._baseline import baseline_score
from scoring.json_lines import JsonLine, kind, line_id, read_objects
from scoring.result import DIMENSIONS, FLAGS, ReplyScore

__all__ = ["KEYS", "LabelledReply", "LabelledDataError", "Report", "Tally", "Miss",
           "baseline_score", "evaluate", "parse_labelled", "predicted", "probability"]

KEYS: tuple[str, ...] = (*DIMENSIONS, *FLAGS)


@dataclass(frozen=True)
class LabelledReply:
    id: str
    reply: str
    customer: str
    labels: dict[str, int]
    source: str = ""


class LabelledDataError(ValueError):
    """A labelled line is unusable; `line` is its 1-based number."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


def parse_labelled(stream: IO[bytes], default_source: str = ""
                   ) -> tuple[list[LabelledReply], list[LabelledDataError]]:
    """Parse labelled JSON Lines from a binary stream, each line alone (`scoring.json_lines`):
    bad lines are returned as errors, the rest still parse."""
    items: list[LabelledReply] = []
    errors: list[LabelledDataError] = []
    for line in read_objects(stream):
        try:
            items.append(_labelled(line, default_source))
        except KeyError as exc:
            errors.append(LabelledDataError(line.number, f"missing field {exc}"))
        except ValueError as exc:
            errors.append(LabelledDataError(line.number, str(exc)))
    return items, errors


def _labelled(line: JsonLine, default_source: str) -> LabelledReply:
    if line.value is None:
        raise ValueError(line.error)
    data = line.value
    reply = data["reply"]
    labels = data["labels"]
    if not isinstance(reply, str) or not isinstance(labels, dict):
        raise ValueError("'reply' must be a string and 'labels' an object")
    missing = [k for k in KEYS if k not in labels]
    if missing:
        raise ValueError(f"labels missing: {', '.join(missing)}")
    bad = [k for k in KEYS if labels[k] not in (0, 1)]
    if bad:
        raise ValueError(f"labels must be 0 or 1: {', '.join(bad)}")
    return LabelledReply(str(line_id(data, line.number)), reply,
                         _optional_text(data, "customer") or "",
                         {k: int(labels[k]) for k in KEYS},
                         _optional_text(data, "source") or default_source)


def _optional_text(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"field '{name}' must be a string, got {kind(value)}")
    return value


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    squared_error: float = 0.0   # summed (probability - label)^2, for the Brier score

    @property
    def brier(self) -> float:
        n = self.tp + self.fp + self.fn + self.tn
        return self.squared_error / n if n else 0.0

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def kappa(self) -> float:
        """Cohen's kappa between the labels and the scorer: agreement beyond chance (1 is
        perfect, 0 is what chance would give)."""
        n = self.tp + self.fp + self.fn + self.tn
        if not n:
            return 1.0
        observed = (self.tp + self.tn) / n
        expected = ((self.tp + self.fn) * (self.tp + self.fp)
                    + (self.tn + self.fp) * (self.tn + self.fn)) / (n * n)
        return 1.0 if expected == 1 else (observed - expected) / (1 - expected)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Miss:
    item: LabelledReply
    key: str
    expected: int
    result: ReplyScore


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KEYS})
    misses: list[Miss] = field(default_factory=list)
    # reliability bins over every key: [sum of probabilities, positives, count] per tenth
    bins: list[list[float]] = field(default_factory=lambda: [[0.0, 0, 0] for _ in range(10)])

    @property
    def macro_f1(self) -> float:
        return sum(t.f1 for t in self.tallies.values()) / len(self.tallies)

    @property
    def macro_f1_present(self) -> float:
        """Mean F1 over the keys this set has positives for: a source with no blame in it
        says nothing about blame recall."""
        tallies = [t for t in self.tallies.values() if t.positives] or list(self.tallies.values())
        return sum(t.f1 for t in tallies) / len(tallies)

    def reliability(self) -> list[tuple[float, float, float, int]]:
        """(bin low edge, mean probability, observed rate, count) for each non-empty tenth."""
        return [(i / 10, s / n, pos / n, int(n)) for i, (s, pos, n) in enumerate(self.bins) if n]


def predicted(result: ReplyScore, key: str) -> int:
    if key in DIMENSIONS:
        return int(result.credited(key))
    return int(key in result.flags)


def probability(result: ReplyScore, key: str) -> float:
    if key in DIMENSIONS:
        return result.scores[key]
    return result.flag_scores.get(key, float(key in result.flags))


def evaluate(items: Iterable[LabelledReply],
             scorer: Callable[[str, str], ReplyScore]) -> Report:
    report = Report()
    for item in items:
        result = scorer(item.reply, item.customer)
        for key in KEYS:
            got, want = predicted(result, key), item.labels[key]
            tally = report.tallies[key]
            p = probability(result, key)
            tally.squared_error += (p - want) ** 2
            cell = report.bins[min(9, int(p * 10))]
            cell[0] += p
            cell[1] += want
            cell[2] += 1
            if got and want:
                tally.tp += 1
            elif got:
                tally.fp += 1
            elif want:
                tally.fn += 1
            else:
                tally.tn += 1
            if got != want:
                report.misses.append(Miss(item, key, want, result))
    return report
