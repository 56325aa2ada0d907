"""The hard cases RUBRIC.md says the engine must get right, on sentences written for this
test (none is in the corpus or the dev set).

A tester typed "I am not sorry at all and I won't refund you." and was credited an apology
and a remedy; these keep that from coming back.
"""

from __future__ import annotations

import pytest

from scoring import score_reply

REFUSALS = [
    "I am not sorry at all and I won't refund you.",
    "I'm not sorry, you broke it.",
    "I'm not going to apologise for that.",
    "We will not apologise for following the rules.",
]
NO_REMEDY = [
    "I am not sorry at all and I won't refund you.",
    "We're not refunding the fee.",
    "I can't replace it, sorry.",
    "We won't be sending another one.",
]


@pytest.mark.parametrize("reply", REFUSALS)
def test_a_refused_apology_earns_no_apology(reply):
    assert not score_reply(reply).credited("apology"), reply


@pytest.mark.parametrize("reply", NO_REMEDY)
def test_a_refused_remedy_earns_no_solution(reply):
    assert not score_reply(reply).credited("solution"), reply


def test_the_same_words_unnegated_still_earn_credit():
    score = score_reply("I'm so sorry, I'll refund the £30 today.")
    assert score.credited("apology") and score.credited("solution")


def test_what_follows_but_can_cancel_the_apology_or_keep_it():
    blaming = score_reply("I'm sorry, but you should have read the instructions first.")
    assert not blaming.credited("apology") and "blame" in blaming.flags
    fixing = score_reply("I'm sorry, but let me put this right: I'm sending a new one today.")
    assert fixing.credited("apology") and not fixing.flags


@pytest.mark.parametrize("reply", ["im so sory", "so sorry abt that, my bad",
                                   "I apologize for the delay", "I apologise for the delay"])
def test_informal_and_either_spelling_still_apologise(reply):
    assert score_reply(reply).credited("apology"), reply


@pytest.mark.parametrize("reply", ["I'll check what happened and come back to you.",
                                   "We will get back to you on this.",
                                   "We'll be in touch with you about this."])
def test_a_follow_up_with_no_time_or_event_earns_none_and_the_tip_asks_when(reply):
    """RUBRIC.md: "A follow-up needs a time or an event". The words that promised to come
    back are shown as what the rule held down."""
    score = score_reply(reply)
    assert not score.credited("follow_up"), reply
    assert "not when" in score.tips["follow_up"]
    [held] = [e for e in score.evidence if e.rule == "no-time-or-event"]
    assert held.effect == "cancel" and reply[held.start:held.end] == held.text


@pytest.mark.parametrize("reply", ["I'll check what happened and come back to you tomorrow.",
                                   "We will get back to you once the lab has the results.",
                                   "i'll keep u posted, ring u at 4pm"])
def test_the_same_promise_with_a_time_or_event_is_credited(reply):
    score = score_reply(reply)
    assert score.credited("follow_up"), reply
    assert not [e for e in score.evidence if e.rule == "no-time-or-event"]
