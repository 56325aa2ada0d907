"""Judge a reply in its conversation: what the reply alone cannot show.

The model scores one reply at a time. In a conversation two things change what a reply
means, and the session engine asks about both before it moves the customer's anger:

- a refusal once a remedy is on the table ("we aren't able to pay for lost earnings", after a
  credit was offered) tells the customer a limit: information, not defensiveness;
- an apology or acknowledgement said again in the same words still counts for the
  conversation (its best score stands) but calms nobody twice;
- "no worries" answering the customer's thanks is "you're welcome", not a brush-off.

The phrases and the overlap are data, in `context.yaml`, with examples beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import yaml

from scoring._scorer import score_reply
from scoring.errors import ModelError
from scoring.result import Evidence, ReplyScore

_WORD = re.compile(r"[a-z0-9']+")
_SENTENCE_END = re.compile(r"[.!?\n]")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _load() -> tuple[tuple[str, ...], tuple[str, ...], float, tuple[str, ...],
                     tuple[str, ...]]:
    raw = resources.files("scoring").joinpath("context.yaml").read_bytes()
    try:
        data = yaml.safe_load(raw)
        return (tuple(str(p).lower() for p in data["refusals"]["phrases"]),
                tuple(str(p).lower() for p in data["arguments"]["phrases"]),
                float(data["repeat_overlap"]),
                tuple(str(p).lower() for p in data["thanks"]["customer"]),
                tuple(str(p).lower() for p in data["thanks"]["answers"]))
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"scoring/context.yaml: malformed ({exc})") from None


_REFUSALS, _ARGUMENTS, _REPEAT_OVERLAP, _THANKS, _WELCOME = _load()


@dataclass(frozen=True)
class InContext:
    """A reply's verdict once the conversation so far is taken into account."""

    flags: tuple[str, ...]          # the reply's flags, less those the conversation explains
    withdrawn: dict[str, str]       # flag -> why it is not raised here
    repeated: frozenset[str]        # credited dimensions said the same way before


def judge_in_context(reply: str, score: ReplyScore,
                     earlier: Sequence[tuple[str, ReplyScore]],
                     customer: str = "") -> InContext:
    """`reply` and its `score`, judged after the `earlier` (reply, score) pairs, answering
    the customer's last message `customer`."""
    withdrawn: dict[str, str] = {}
    remedy_offered = score.credited("solution") or any(
        s.credited("solution") for _, s in earlier)
    if "defensive" in score.flags and remedy_offered and _only_in(
            reply, score, "defensive", _is_refusal):
        withdrawn["defensive"] = ("a refusal once a remedy is on the table is information, "
                                  "not defensiveness")
    if ("dismissive" in score.flags and _has_any(customer, _THANKS)
            and _rests_on_welcome(reply, score)):
        withdrawn["dismissive"] = ("\"no worries\" answering the customer's thanks means "
                                   "\"you're welcome\"")
    repeated = frozenset(d for d in score.scores
                         if score.credited(d) and _repeats(d, reply, score, earlier))
    flags = tuple(f for f in score.flags if f not in withdrawn)
    return InContext(flags, withdrawn, repeated)


def _only_in(reply: str, score: ReplyScore, flag: str, kind: Callable[[str], bool]) -> bool:
    """True when every span behind `flag` sits in a sentence of that `kind`."""
    spans = _flag_spans(score, flag)
    return bool(spans) and all(kind(_sentence_at(reply, e.start, e.end)) for e in spans)


def _flag_spans(score: ReplyScore, flag: str) -> list[Evidence]:
    """The spans that raised `flag`."""
    return [e for e in score.evidence_for(flag) if e.effect == "flag"]


def _rests_on_welcome(reply: str, score: ReplyScore) -> bool:
    """True when a sentence behind the dismissive flag holds "no worries" (or the like) and
    the reply without those sentences is not dismissive: "No worries Tom! Anything else I
    can help with?" rests on it ("else" weighs a little too); "No worries. Calm down, it's
    only forty quid." does not."""
    flagged = {_sentence_at(reply, e.start, e.end).strip()
               for e in _flag_spans(score, "dismissive")}
    welcome = {sentence for sentence in flagged if _has_any(sentence, _WELCOME)}
    if not welcome:
        return False
    rest = " ".join(s.strip() for s in _SENTENCE.findall(reply) if s.strip() not in welcome)
    return not rest.strip() or "dismissive" not in score_reply(rest).flags


def _has_any(text: str, phrases: tuple[str, ...]) -> bool:
    lowered = _lowered(text)
    return any(phrase in lowered for phrase in phrases)


def _sentence_at(text: str, start: int, end: int) -> str:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0:after.end() if after else len(text)]


def _is_refusal(sentence: str) -> bool:
    """States a limit without arguing or stonewalling."""
    lowered = _lowered(sentence)
    return (any(phrase in lowered for phrase in _REFUSALS)
            and not any(phrase in lowered for phrase in _ARGUMENTS))


def _repeats(dimension: str, reply: str, score: ReplyScore,
             earlier: Sequence[tuple[str, ReplyScore]]) -> bool:
    """Every sentence that earned `dimension` was said before, near enough word for word, in
    a reply that earned it too."""
    before = [_words(sentence) for text, s in earlier if s.credited(dimension)
              for sentence in _SENTENCE.findall(text)]
    spans = [e for e in score.evidence_for(dimension) if e.effect == "credit"]
    if not before or not spans:
        return False
    return all(any(_jaccard(_words(_sentence_at(reply, e.start, e.end)), seen)
                   >= _REPEAT_OVERLAP for seen in before) for e in spans)


def _lowered(text: str) -> str:
    return text.lower().replace("\u2019", "'")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_lowered(text)))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
