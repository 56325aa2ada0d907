"""Scoring's fast paths give exactly what the plain rules give, for any model of this format.

Scoring looks features up by their norms instead of by name, finds negations and trigger
words in C, and settles keyword stuffing from one count. Each test here holds the plain
rule (the feature names training sees, the negation window walked token by token, the
share of function words among words) and checks the fast path against it bit for bit, on
a sample of the corpus and on hard cases. Nothing here depends on the shipped weights, so
a rebuilt model keeps these tests meaningful.
"""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from scoring import ModelError, load_model
from scoring._model import index_by_norms
from scoring._reading import _NEGATING, ENDS, MARKS, Reading, negated, read
from scoring._scorer import _STUFFING_RATIO, _is_keyword_stuffing
from scoring._words import WORDS, parse_words
from tests.conftest import CORPUS, REPO

HARD = {
    "empty": "",
    "whitespace": "   \n\t ",
    "emoji": "😡😡🙏",
    "japanese": "申し訳ありません。すぐに返金します。",
    "arabic": "نحن آسفون جدا",
    "apostrophes only": "' ’ ''",  # tokens read as the empty word
    "negations and contrasts": "not not sorry, but I can't refund? won't. However never mind",
    "kinds": "$ 40 by 5pm friday, www.x.com a@b.co @bob 3/4 10:30 £1,200.50",
    "control characters": "sorry\x00\x07 refund\u200b today",
    "slang": "im so sory u had 2 wait!!! ill msg u tmrw?? thx",
    "very long word": "a" * 10_000,
}


def _sample() -> list[str]:
    """Every 40th corpus reply, and one of 5,000 words made of them."""
    replies = [json.loads(line)["reply"] for path in sorted(CORPUS.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = replies[::40]
    return [*sample, " ".join(" ".join(replies).split()[:5000])]


SAMPLE = _sample()
CASES = [*HARD.values(), *SAMPLE]
# for parametrize: each hard case alone, then the corpus sample together
GROUPS = {**{name: [text] for name, text in HARD.items()}, "corpus sample": SAMPLE}


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize("replies", GROUPS.values(), ids=GROUPS.keys())
def test_each_feature_is_found_at_the_row_its_name_has(model, replies):
    for reply in replies:
        reading = read(reply, model.families)
        expected = [model.index.get(name) for name in reading.features]
        assert model.rows_of(reading) == expected, reply[:80]


def test_a_model_holding_every_feature_finds_each_at_its_own_row(model):
    """Not only the shipped model's features: empty words, emoji, other scripts, kinds."""
    readings = [read(reply, model.families) for reply in CASES]
    names = sorted({name for r in readings for name in r.features} - {""})
    index = {name: i for i, name in enumerate(names)}
    everything = dataclasses.replace(model, index=index, by_norms=index_by_norms(index))
    for reading in readings:
        expected = [index.get(name) for name in reading.features]
        assert everything.rows_of(reading) == expected, reading.text[:80]
        # every word was in the model, but a negated one is read as negated instead
        negated = set(reading.negated_at)
        assert all(row is not None for i, row in enumerate(expected[:len(reading.norms)])
                   if i not in negated)
        assert all(expected[i] is None for i in negated)


@pytest.mark.parametrize("replies", GROUPS.values(), ids=GROUPS.keys())
def test_each_logit_is_the_bias_plus_the_rows_of_the_features_named(model, replies):
    """The rows present, each once, added up: scoring adds them as whole numbers of 2^-32
    (`Model._packed`), so to within 2^-32 per row (1e-7 covers the 5,000-word sample)."""
    for reply in replies:
        reading = read(reply, model.families)
        present = set(model.index.get(name) for name in reading.features)
        present.discard(None)
        expected = [bias + sum(model.rows[i][k] for i in present)
                    for k, bias in enumerate(model.bias)]
        assert model.logits(reading)[0] == pytest.approx(expected, rel=0, abs=1e-7), \
            reply[:80]


@pytest.mark.parametrize("weight", [300.0, -300.0, float("inf"), float("nan")])
def test_a_weight_beyond_what_the_sums_hold_is_refused(model, weight):
    """A corrupt artefact must not add up to a wrong score in silence."""
    rows = list(model.rows)
    rows[0] = (weight, *rows[0][1:])
    broken = dataclasses.replace(model, rows=rows)
    with pytest.raises(ModelError, match="a weight is beyond"):
        broken.logits(read("sorry, I'll refund it", model.families))


def _negated_token_by_token(norms: list[str]) -> list[int]:
    """The negation rule as written: up to three words after a negator, stopping at a
    sentence end, a clause mark or a contrast word."""
    out, until = [], -1
    for i, norm in enumerate(norms):
        if norm in MARKS or norm in WORDS.contrasts:
            until = -1
        elif i <= until:
            out.append(i)
        if norm in _NEGATING:
            until = i + 3
    return out


def _token_runs(count: int) -> list[list[str]]:
    """Seeded runs of tokens dense in negators, contrasts and ends, where windows overlap
    and are cut short."""
    tokens = ["not", "never", "can't", "no", "but", "however", *ENDS, ",", "sorry", "refund",
              "you", "the", ""]
    rng = random.Random(13)
    return [[rng.choice(tokens) for _ in range(rng.randint(0, 16))] for _ in range(count)]


def test_negation_reaches_as_far_as_the_rule_says():
    runs = [read(reply).norms for reply in CASES] + _token_runs(20_000)
    for norms in runs:
        assert negated(norms) == _negated_token_by_token(norms), norms[:20]


def _stuffed_by_definition(norms: list[str]) -> bool:
    words = [n for n in norms if n[:1].isalpha()]
    if len(words) < 5:
        return False
    return sum(w in WORDS.function_words for w in words) / len(words) < _STUFFING_RATIO


def test_keyword_stuffing_is_a_low_share_of_function_words_among_words():
    rng = random.Random(7)
    tokens = ["the", "you", "refund", "sorry", "empathy", "follow", "|", ",", "<num>", "",
              "😡", "申し"]
    runs = [read(reply).norms for reply in CASES]
    runs += [[rng.choice(tokens) for _ in range(rng.randint(0, 40))] for _ in range(20_000)]
    stuffed = 0
    for norms in runs:
        expected = _stuffed_by_definition(norms)
        assert _is_keyword_stuffing(Reading("", norms, norms, frozenset(), [])) == expected
        stuffed += expected
    assert stuffed > 100  # both answers were asked for


def test_a_spelling_read_as_two_words_is_refused():
    """Feature names join words with spaces; a word with a space would make them ambiguous."""
    raw = (REPO / "scoring" / "words.yaml").read_text(encoding="utf-8")
    assert "\n  u: you\n" in raw
    with pytest.raises(ModelError, match=r"words\.yaml: spellings: 'u' is read as 'you all'"):
        parse_words(raw.replace("\n  u: you\n", "\n  u: you all\n").encode())
