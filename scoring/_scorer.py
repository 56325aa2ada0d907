"""Score one reply: five dimensions, three flags, and the words behind each.

The model (`_model`) gives each key a calibrated probability and each feature its exact share
of it. This module turns that into what the product shows:

- evidence: the spans of the reply that pushed a key up or down, merged where they touch,
  each with its weight (in logit units, so they add up);
- a scenario's own phrases (`RubricAdjustments`), credited as their own evidence;
- a reply that is only rubric words ("sorry empathy refund follow up") earns nothing;
- a tip for every dimension missed and every flag raised, fitted to why (`_tips`).
"""

from __future__ import annotations

from scoring._model import KEYS, Model, load_model, probability
from scoring._reading import Reading, read
from scoring._tips import tips_for
from scoring._words import WORDS
from scoring.result import (
    CREDIT_THRESHOLD,
    DIMENSIONS,
    FLAGS,
    Evidence,
    ReplyScore,
    RubricAdjustments,
)

MAX_CHARS = 100_000        # longer replies are scored on their first 100,000 characters
SCENARIO_PHRASE_SCORE = 0.75
SPAN_WEIGHT = 0.5          # a merged span that moved its key less is not shown as evidence
SPAN_SHARE = 0.2           # ... nor one under a fifth of the key's strongest span
FLAG_EXPLAINED = 0.3       # a flag this likely or more is explained, raised or not
_STUFFED_CAP = 0.2
_STUFFING_RATIO = 0.15

_model: Model | None = None


def use_model(model: Model | None) -> None:
    """Score with `model` from now on in this process (None: the bundled model)."""
    global _model
    _model = model


def current_model() -> Model:
    global _model
    if _model is None:
        _model = load_model()
    return _model


def score_reply(reply: str, customer: str | None = None,
                adjustments: RubricAdjustments | None = None,
                model: Model | None = None) -> ReplyScore:
    """Score `reply`, optionally knowing the customer's last message (for tips) and a
    scenario's rubric adjustments. Never raises on any text: empty, huge, emoji, any script.
    Raises `ModelError` only when no usable model can be loaded."""
    text = reply if isinstance(reply, str) else str(reply)
    text = text[:MAX_CHARS]
    model = model or current_model()
    reading = read(text, model.families)
    logits, rows = model.logits(reading)
    scores = {key: probability(z) for key, z in zip(KEYS, logits, strict=True)}
    phrases: list[Evidence] = []
    if adjustments is not None and adjustments.phrases:
        _scenario_phrases(reading, adjustments, scores, phrases)
    stuffed = _is_keyword_stuffing(reading)
    if stuffed:
        for key in DIMENSIONS:
            scores[key] = min(scores[key], _STUFFED_CAP)
    flags = tuple(f for f in FLAGS if scores[f] >= CREDIT_THRESHOLD)
    dims = {k: scores[k] for k in DIMENSIONS}

    def explain() -> tuple[tuple[Evidence, ...], dict[str, str]]:
        evidence = _evidence(model, reading, rows, scores) + phrases
        if stuffed:
            evidence.append(Evidence("all", "keyword-stuffing", "cancel", 0, len(text),
                                     text[:80], _STUFFED_CAP, "rubric words listed without "
                                     "a sentence doing their job"))
        tips = tips_for(reading, dims, flags, evidence, customer or "")
        return tuple(evidence), tips

    return ReplyScore(dims, flags, flag_scores={f: scores[f] for f in FLAGS}, explain=explain)


def _evidence(model: Model, reading: Reading, rows: list[int | None],
              scores: dict[str, float]) -> list[Evidence]:
    """The spans that moved each key, merged where features of the same sign overlap.

    Every dimension is explained; a flag only when raised or close to it (a flag nobody
    raised needs no defence). A span is shown when it moved its key by at least SPAN_WEIGHT
    and by at least a fifth of the key's strongest span, so the words shown are the ones
    that decided; `Model.contributions` gives the complete, exact account.
    """
    keys = [k for k, key in enumerate(KEYS)
            if key in DIMENSIONS or scores[key] >= FLAG_EXPLAINED]
    wanted = sum(1 << k for k in keys)
    notable = model.notable
    places: dict[int, list[int]] = {}
    for j, i in enumerate(rows):
        if i is not None and notable[i] & wanted:
            places.setdefault(i, []).append(j)
    if not places:
        return []
    per_key: dict[int, list[tuple[int, int, float]]] = {k: [] for k in keys}
    for i, js in places.items():
        bits = notable[i] & wanted
        spans = [reading.place(j) for j in js]
        for k in keys:
            if bits >> k & 1:
                share = model.rows[i][k] / len(js)
                per_key[k].extend((first, last, share) for first, last in spans)
    offsets, text = reading.offsets(), reading.text
    out: list[Evidence] = []
    for k, pieces in per_key.items():
        if not pieces:
            continue
        key = KEYS[k]
        on = scores[key] >= CREDIT_THRESHOLD
        is_flag = key in FLAGS
        merged = [m for sign in (1, -1)
                  for m in _merge([p for p in pieces if (p[2] > 0) == (sign > 0)])]
        strongest = max(abs(m[2]) for m in merged)
        bar = max(SPAN_WEIGHT, strongest * SPAN_SHARE)
        for first, last, weight in merged:
            if abs(weight) < bar:
                continue
            start, end = _trim(reading, offsets, first, last)
            if start >= end:
                continue
            if weight > 0:
                effect = ("flag" if on else "weak") if is_flag else ("credit" if on else "weak")
                note = "raised the flag" if is_flag else "earned credit"
            else:
                effect, note = "cancel", ("lowered the flag" if is_flag
                                          else "held the score down")
            out.append(Evidence(key, "model", effect, start, end, text[start:end],
                                round(weight, 3), note))
    return out


def _trim(reading: Reading, offsets: list[tuple[int, int]], first: int,
          last: int) -> tuple[int, int]:
    """Character span of tokens first..last-1, without sentence ends or marks at its edges
    (a span shows words, not the full stop after them)."""
    norms = reading.norms
    while first < last and not norms[first][:1].isalnum() and norms[first][:1] != "<":
        first += 1
    while last > first and not norms[last - 1][:1].isalnum() and norms[last - 1][:1] != "<":
        last -= 1
    if first >= last:
        return 0, 0
    return offsets[first][0], offsets[last - 1][1]


def _merge(pieces: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Join token spans that overlap or touch, adding their weights."""
    pieces.sort()
    merged: list[list] = []
    for first, last, weight in pieces:
        if merged and first <= merged[-1][1]:
            top = merged[-1]
            top[1] = max(top[1], last)
            top[2] += weight
        else:
            merged.append([first, last, weight])
    return [(a, b, w) for a, b, w in merged]


def _scenario_phrases(reading: Reading, adjustments: RubricAdjustments,
                      scores: dict[str, float], evidence: list[Evidence]) -> None:
    """Credit a scenario's own phrases where the reply says them (not negated), matching
    words only, so "re-delivery" in the file finds "re delivery" or "re-delivery"."""
    at = [i for i, n in enumerate(reading.norms) if n not in _MARKS]
    words = [reading.norms[i] for i in at]
    negated = _negated_positions(words)
    offsets = None
    for key, phrases in adjustments.phrases.items():
        if key not in DIMENSIONS:
            continue
        for phrase in phrases:
            wanted = [t for t in read(phrase).norms if t not in _MARKS]
            n = len(wanted)
            for i in range(len(words) - n + 1) if n else ():
                if words[i:i + n] == wanted and i not in negated:
                    offsets = offsets or reading.offsets()
                    start, end = offsets[at[i]][0], offsets[at[i + n - 1]][1]
                    scores[key] = max(scores[key], SCENARIO_PHRASE_SCORE)
                    evidence.append(Evidence(key, f"scenario-phrase:{phrase}", "credit",
                                             start, end, reading.text[start:end],
                                             SCENARIO_PHRASE_SCORE, "the scenario's phrase"))
                    break


_MARKS = frozenset({",", "|", "?", "!"})


def _negated_positions(norms: list[str]) -> set[int]:
    out: set[int] = set()
    for i, norm in enumerate(norms):
        if norm in WORDS.negators or norm.endswith("n't"):
            out.update(range(i + 1, i + 4))
    return out


def _is_keyword_stuffing(reading: Reading) -> bool:
    """True when almost no word is a function word: a list of rubric words, not sentences."""
    words = [n for n in reading.norms if n[:1].isalpha()]
    if len(words) < 5:  # "Refund processed today." is terse, not stuffed
        return False
    function = sum(map(WORDS.function_words.__contains__, words))
    return function / len(words) < _STUFFING_RATIO
