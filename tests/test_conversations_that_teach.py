"""Conversations that teach (issue #14): a good trainee typing at human speed can win every
bundled scenario, one bad reply can be recovered from, the trainee closes a resolved
conversation, and each reply is judged in the conversation so far."""

from __future__ import annotations

import random

import pytest

from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock, Session, outcome_of
from trainer.session.scripted import Typist, play_script

SCENARIOS = sorted(bundled_dir().glob("*.yaml"))
TYPIST_35_WPM = Typist(wpm=35)


def started(scenario, seed: int = 1) -> Session:
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(seed))
    session.deliver_all_openings()
    return session


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_excellent_replies_typed_at_35_wpm_resolve_and_pass(path):
    scenario = load_scenario(path)
    [excellent] = [t for t in scenario.tests if t.passes]
    session = play_script(scenario, excellent.replies, typist=TYPIST_35_WPM)
    outcome = outcome_of(session)
    assert session.ending.kind == "resolved" and outcome.passed, (outcome.score, outcome.caps)
    longest = max(len(r.split()) for r in excellent.replies)
    assert longest >= 20  # at 35 wpm, 20 words take 34 s: longer than a hard customer's patience
    assert not [c for t in session.turns for c in t.changes if "waiting" in c.reason]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_model_answer_alone_scores_at_least_the_pass_mark(path):
    """A tester found double-charge's own model answer scoring exactly its pass mark: the
    answer the debrief holds up as the one to copy must clear the bar it sets."""
    scenario = load_scenario(path)
    session = started(scenario)
    turn = session.reply(" ".join(scenario.model_answer.split()))
    assert not turn.flags, turn.flags
    if session.ending is None:
        session.end_by_trainee()
    assert outcome_of(session).score >= scenario.rubric.pass_mark


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_can_be_recovered_after_one_bad_reply(path):
    scenario = load_scenario(path)
    [recovery] = [t for t in scenario.tests if t.name.startswith("recovers from")]
    session = play_script(scenario, recovery.replies, typist=TYPIST_35_WPM)
    assert session.ending.kind == "resolved"
    assert session.turns[0].anger_after > session.turns[0].anger_before


@pytest.mark.parametrize("path", [p for p in SCENARIOS
                                  if load_scenario(p).difficulty != "hard"], ids=lambda p: p.stem)
def test_on_easy_and_medium_one_insult_gets_the_authored_reaction_not_a_walk_out(path):
    scenario = load_scenario(path)
    session = started(scenario)
    turn = session.reply("Relax, it's not a big deal. Calm down.")
    assert "dismissive" in turn.flags and turn.ending is None
    assert turn.anger_after > turn.anger_before
    if scenario.reactions.dismissive:
        authored = [e if isinstance(e, str) else e.line for e in scenario.reactions.dismissive]
        assert turn.customer_says in authored
    second = session.reply("Honestly, you're overreacting.")
    assert second.ending is not None and second.ending.kind in ("left", "escalated")


def test_on_hard_one_insult_may_end_it_at_once():
    scenario = load_scenario(bundled_dir() / "hotel-room-not-as-booked.yaml")
    turn = started(scenario).reply("Relax, it's only one night. Calm down.")
    assert turn.ending is not None and turn.ending.kind in ("left", "escalated")


def test_anger_that_stays_high_ends_it_without_a_second_insult():
    scenario = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
    session = started(scenario)
    # blame and defensive at once: anger to 100
    session.reply("Sorry, but that's the courier's fault, not ours. There's nothing I can do.")
    assert session.ending is None and session.anger >= 90
    turn = session.reply("Let me check.")  # no offence, but anger stays at the top
    assert turn.ending is not None and turn.ending.kind == "escalated"


REMEDY = ("I'm so sorry, I know how much you rely on this for work. I've sent a backup 4G "
          "router by courier today and added a $20 credit to your account.")


def test_a_refusal_after_a_remedy_is_information_not_defence():
    scenario = load_scenario(bundled_dir() / "internet-outage-home-worker.yaml")
    alone = started(scenario).reply("We aren't able to pay for lost earnings.")
    assert "defensive" in alone.flags
    session = started(scenario)
    session.reply(REMEDY)
    after = session.reply("We aren't able to pay for lost earnings.")
    assert "defensive" not in after.flags
    arguing = started(scenario)
    arguing.reply(REMEDY)
    turn = arguing.reply("We aren't able to pay for lost earnings, that's not how it works.")
    assert "defensive" in turn.flags


def test_the_same_apology_again_calms_nobody_twice():
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    session = started(scenario)
    first = session.reply("I'm so sorry about this. Could you confirm your account number?")
    again = session.reply("I'm so sorry about this. When did the payments go out?")
    assert first.credited("apology") and again.credited("apology")
    assert "apologised and owned the problem" in [c.reason for c in first.changes]
    reasons = {c.reason: c.delta for c in again.changes}
    assert reasons.get("said the same apology as before: nothing new") == 0
    assert "apologised and owned the problem" not in reasons
    fresh = started(scenario)
    fresh.reply("I'm so sorry about this. Could you confirm your account number?")
    turn = fresh.reply("I'm really sorry we took your rent money; that's our mistake.")
    assert "apologised and owned the problem" in [c.reason for c in turn.changes]


def test_the_same_remedy_in_new_words_calms_nobody_twice_and_a_recap_costs_nothing():
    """A tester restated the courier and the refund in a later reply and saw "-15: offered
    a concrete remedy" again: the customer calmed twice for one offer. A recap is still
    good practice (confirm what was agreed), so it costs nothing either."""
    scenario = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
    session = started(scenario)
    first = session.reply("I'm so sorry, that's our failure. I'll refund the $24 delivery "
                          "fee to your card today.")
    recap = session.reply("To recap: your $24 delivery fee is refunded today.")
    assert first.credited("solution") and recap.credited("solution")
    assert "offered a concrete remedy" in [c.reason for c in first.changes]
    assert [str(c) for c in recap.changes] == ["+0: repeated the same remedy: nothing new"]
    assert recap.anger_after == recap.anger_before
    # the same kind with no amount is the same offer; a new remedy calms again
    assert [str(c) for c in session.reply("The refund goes back today.").changes] == [
        "+0: repeated the same remedy: nothing new"]
    more = session.reply("I'll also send you a $30 voucher for the wait.")
    assert "offered a concrete remedy" in [c.reason for c in more.changes]


def test_a_remedy_already_given_makes_a_later_vague_line_no_empty_promise():
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    session = started(scenario)
    session.reply("I've refunded the duplicate $42.50 to your account today.")
    turn = session.reply("We'll keep looking into why it happened.")
    assert "gave a vague promise with no remedy" not in [c.reason for c in turn.changes]


def test_a_vague_promise_that_made_them_angrier_is_not_thanked_for_its_sympathy():
    """A tester's "I'm sorry to hear that. I'll look into it and get back to you." raised
    anger 85 to 92, and the customer answered "Finally someone gets it."."""
    scenario = load_scenario(bundled_dir() / "internet-outage-home-worker.yaml")
    turn = started(scenario).reply(
        "Hi Chloe, I'm sorry to hear that. I'll look into it and get back to you.")
    assert turn.credited("empathy") and turn.anger_after > turn.anger_before
    assert turn.reaction == "vague"
    # sympathy with a real remedy is still thanked as the remedy
    fixed = started(scenario).reply("I'm sorry to hear that. I've credited $40 to your "
                                    "account today.")
    assert fixed.anger_after < fixed.anger_before and fixed.reaction == "remedy"


def test_a_customer_who_gives_up_after_so_many_replies_is_said_to_in_the_debrief():
    """A tester's customer said "Goodbye" after six replies while calming down, and
    neither the chat nor the debrief said why."""
    scenario = load_scenario(bundled_dir() / "internet-outage-home-worker.yaml")
    session = started(scenario)
    assert session.reply_limit == 6
    for question in ("Could you give me your account number?",
                     "Could you tell me which lights are on the router?",
                     "Could you tell me whether you've restarted the router?",
                     "Could you tell me if the neighbours have a connection?",
                     "Could you send me a photo of the router?",
                     "Could you tell me when you're free for an engineer?"):
        session.reply(question)
    assert session.ending.id == "gave-up" and session.ran_out_of_replies
    assert ("This customer gives a conversation 6 replies, and it was not resolved by then."
            in outcome_of(session).failed_because)
    cancelled = started(scenario)
    cancelled.reply("You need to be patient, these things happen. Just relax.")
    assert cancelled.ending.id == "cancelled" and not cancelled.ran_out_of_replies


def test_no_worries_answering_thanks_is_youre_welcome_and_to_a_complaint_a_brush_off():
    """Tester t18 resolved a conversation, answered "Brilliant, thanks" with "No worries
    Tom!", and was flagged dismissive, capped at 50 and told "Don't brush me off"."""
    from scoring import score_reply
    from scoring.context import judge_in_context

    reply = "No worries Tom! Is there anything else I can help with today?"
    score = score_reply(reply)
    assert "dismissive" in score.flags
    thanked = judge_in_context(reply, score, [],
                               customer="Brilliant, thanks for sorting that so quickly.")
    assert "dismissive" not in thanked.flags and "dismissive" in thanked.withdrawn
    complaint = judge_in_context(reply, score, [], customer="You've charged me twice!")
    assert "dismissive" in complaint.flags
    brushed = "No worries. Calm down, it's only forty quid."
    thanked_but_brushing = judge_in_context(brushed, score_reply(brushed), [],
                                            customer="Thanks, I suppose.")
    assert "dismissive" in thanked_but_brushing.flags
