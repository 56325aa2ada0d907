"""Any text scores without error, deterministically, with spans inside the reply."""

from __future__ import annotations

import pytest

from scoring import DIMENSIONS, score_reply

ODD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "one word": "ok",
    "emoji only": "😡😡🙏",
    "japanese": "申し訳ありません。すぐに返金します。",
    "arabic": "نحن آسفون جدا",
    "mixed script": "Sorry 申し訳 I'll refund 💸 today",
    "control characters": "sorry\x00\x07 refund\u200b today",
    "huge": ("I'm so sorry about the delay, that must be frustrating. " * 700),
    "only punctuation": "?!?!...,,,;;;",
    "very long word": "a" * 10000,
}


@pytest.mark.parametrize("reply", ODD_INPUTS.values(), ids=ODD_INPUTS.keys())
def test_any_text_scores_within_bounds(reply):
    result = score_reply(reply)
    assert set(result.scores) == set(DIMENSIONS)
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())
    for e in result.evidence:
        assert 0 <= e.start <= e.end <= len(reply)
        assert reply[e.start:e.end] == e.text or e.rule == "keyword-stuffing"


def test_scoring_is_deterministic():
    reply = "im so sory!! ill refund the $40 tmrw and msg u once its done. whats ur order nr?"
    assert score_reply(reply) == score_reply(reply)


def test_a_5000_word_reply_is_scored():
    reply = " ".join(["I'm sorry, I've refunded the fee and I'll call you Friday."] * 500)
    result = score_reply(reply)
    assert result.credited("apology") and result.credited("follow_up")
