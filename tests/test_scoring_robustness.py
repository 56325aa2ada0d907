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
        assert reply[e.start:e.end] == e.text or e.key == "all"  # stuffing: the reply's start


def test_scoring_is_deterministic():
    reply = "im so sory!! ill refund the $40 tmrw and msg u once its done. whats ur order nr?"
    assert score_reply(reply) == score_reply(reply)


def test_a_5000_word_reply_is_scored():
    sentences = ["I'm sorry, I've refunded the fee and I'll call you Friday.",
                 "That must have been a stressful week for you.",
                 "Could you tell me which branch you visited?",
                 "The replacement goes out by courier this afternoon.",
                 "Thank you for being so patient with us."]
    reply = " ".join(sentences * 100)  # varied, so not one sentence pasted over and over
    result = score_reply(reply)
    assert result.credited("apology") and result.credited("follow_up")
