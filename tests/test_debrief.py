"""The debrief tells the truth: every reason the scorer gave, a tip for every flag, why a
high score still failed, when patience cost anger, tips fitted to the scenario, who was
blamed, who ended it; and it survives the store as data, unchanged."""

from __future__ import annotations

import json
import random

import pytest

from scoring import DIMENSIONS
from trainer.debrief import (
    NEAR_MISS_SCORE,
    Debrief,
    build_debrief,
    render_markdown,
    render_text,
)
from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock, Session

# Blames the courier, but acknowledges, remedies and follows up well: a capped high score.
BLAMES_THE_COURIER = [
    "I can see how stressful this is with her party today. The courier lost it, that's on "
    "them not us, but I've booked a same-day courier to bring the bike by 1pm.",
    "I'm so sorry, that must be so stressful with her party coming up. I've refunded the $24 "
    "delivery fee. I'll text you the tracking link within the hour.",
    "Thank you for bearing with us, I'll call you at 2pm to make sure it arrived.",
]
BLAMES_THE_CUSTOMER = ("Sorry for any inconvenience, but that is your fault, you should have "
                       "read the delivery terms.")
NON_APOLOGY = "Sorry for any inconvenience, we will look into it."


def play(replies: list[str], scenario_id: str = "late-birthday-delivery",
         wait_before: dict[int, float] | None = None, end: bool = True) -> Session:
    """Play `replies`; `wait_before` maps a reply's index to seconds of silence before it."""
    clock = FrozenClock()
    session = Session(load_scenario(bundled_dir() / f"{scenario_id}.yaml"), clock=clock,
                      rng=random.Random(1))
    session.deliver_all_openings()
    clock.advance(session.reading_seconds)  # the briefing is read first: not silence
    for i, reply in enumerate(replies):
        clock.advance((wait_before or {}).get(i, 0))
        session.reply(reply)
    if end and session.ending is None:
        session.end_by_trainee()
    return session


def test_a_non_apology_shows_the_scorers_reason_and_tip():
    text = render_text(build_debrief(play([NON_APOLOGY])))
    assert ("Apology, no credit: “for any inconvenience”: \"Sorry if…\" or \"for any "
            "inconvenience\" apologises for their feelings") in text
    assert "Solution, no credit: “look into it”: \"We'll look into it\" promises nothing" in text


def test_every_flag_raised_gets_a_tip():
    debrief = build_debrief(play([BLAMES_THE_CUSTOMER]))
    assert set(debrief.outcome.flags) <= set(debrief.tips)
    assert "puts the fault on the customer" in debrief.tips["blame"]
    assert "Blame: " in render_text(debrief).split("Tips:")[1]


def test_a_high_score_that_failed_says_it_was_capped_and_what_it_would_have_been():
    debrief = build_debrief(play(BLAMES_THE_COURIER))
    o = debrief.outcome
    assert o.ending_kind == "resolved" and o.score == 50 and not o.passed
    [reason] = o.failed_because
    assert reason.startswith("Score capped at 50: you blamed someone; without that it "
                             "would have been ")
    assert reason.endswith("and passed the mark of 80.")
    assert f"Why it did not pass: {reason}" in render_text(debrief)
    assert f"> Why it did not pass: {reason}" in render_markdown(debrief)


def test_a_capped_score_says_passed_only_when_nothing_else_failed():
    """A tester read "would have been 87 and passed" above "it was not resolved"."""
    from trainer.session.outcome import reasons_failed

    cap = ["capped at 50: you promised beyond policy"]
    unresolved = reasons_failed(50, 87, 80, cap, None, "")
    assert unresolved[0].endswith("would have been 87 and above the mark of 80.")
    assert unresolved[1] == "The conversation was not finished: a pass needs it resolved."
    assert reasons_failed(50, 87, 80, cap, "resolved", "")[0].endswith("and passed the mark "
                                                                       "of 80.")
    assert reasons_failed(50, 70, 80, cap, None, "")[0].endswith("and still been below the "
                                                                 "mark of 80.")


def test_every_flag_that_caps_is_named_once_with_what_the_score_would_have_been():
    """Tester t22's debrief named the blame cap, 'without that it would have been 97', when
    the over-promise capped it just the same."""
    from trainer.session.outcome import overall_score, reasons_failed
    best = {"empathy": 1.0, "apology": 1.0, "questions": 1.0, "solution": 1.0,
            "follow_up": 0.85}
    score, caps = overall_score(best, {}, ("blame", "overpromise"))
    assert (score, caps) == (50, ["capped at 50: you blamed someone",
                                  "capped at 50: you promised beyond policy"])
    assert reasons_failed(score, 97, 80, caps, "resolved", "") == [
        "Score capped at 50: you blamed someone, and promised beyond policy; without these "
        "it would have been 97 and passed the mark of 80."]


@pytest.mark.parametrize(("replies", "says"), [
    (["Relax, it's only a day late.", "Honestly, you're overreacting. It's not a big deal."],
     "The customer left before it was resolved"),
    (["Could you give me the order number?"],
     "You ended the conversation before it was resolved"),
])
def test_an_ending_that_was_not_resolved_is_a_reason_it_failed(replies, says):
    outcome = build_debrief(play(replies)).outcome
    assert any(r.startswith(says) for r in outcome.failed_because), outcome.failed_because


def test_ending_a_calm_conversation_too_soon_says_what_the_customer_still_needed():
    """A tester in exam mode calmed the customer to 0, ended it, and failed "before it was
    resolved" without knowing that the photos were still to be asked for."""
    debrief = build_debrief(play([
        "I'm so sorry, Gareth, a cracked table days before your family dinner is awful, and "
        "that's on us.",
        "I've booked a replacement table for delivery on Friday and we'll collect the "
        "damaged one for free at the same time."], scenario_id="damaged-on-arrival"))
    assert ("The customer was calm enough, but would have been satisfied only once you ask "
            "about the photos." in debrief.outcome.failed_because)


def test_each_flag_says_whether_it_capped_the_score():
    from trainer.session.outcome import flags_described
    assert flags_described(("blame", "defensive")) == (
        "blame (caps the score at 50), defensive (raises anger, no cap)")
    assert "Flags raised: blame (caps the score at 50)" in render_text(
        build_debrief(play(BLAMES_THE_COURIER)))


def test_a_low_score_says_it_is_below_the_pass_mark_and_where_points_were_lost():
    outcome = build_debrief(play(["Could you give me the order number?"])).outcome
    [low, _] = outcome.failed_because
    assert low.startswith(f"The score, {outcome.score}, is below the pass mark of 80. Most "
                          "points were lost on Solution (best 0.")
    assert low.endswith(" points).")


def test_skills_credited_only_just_are_named_as_where_the_points_went():
    """Tester t21's replies in a second language were credited at 0.52 and 0.55, and the
    debrief said only that 74 is below the pass mark of 80."""
    from trainer.session.outcome import points_lost
    best = {"empathy": 0.55, "apology": 0.52, "questions": 0.9, "solution": 0.95,
            "follow_up": 0.9}
    assert points_lost(best, {}) == (
        "Most points were lost on Apology (best 0.52, 10 points) and Empathy (best 0.55, 9 "
        "points): credited, but only just; a skill earns points for how fully it was shown.")
    assert points_lost(dict.fromkeys(best, 0.99), {}) == ""


def test_a_pass_has_no_reasons_to_fail():
    outcome = build_debrief(play(BLAMES_THE_COURIER[1:])).outcome
    assert outcome.passed and outcome.failed_because == ()


def test_patience_that_ran_out_is_said():
    debrief = build_debrief(play(["Could you give me the order number?"],
                                 wait_before={0: 75}))
    assert debrief.patience == ("Turn 1: +10: kept them waiting past their patience (75s, "
                                "patience 60s)",)
    assert "Patience ran out: Turn 1: +10: kept them waiting" in render_text(debrief)


def test_a_dimension_never_credited_gets_an_example_from_the_scenarios_model_answer():
    tips = build_debrief(play(["Could you give me the order number?"])).tips
    # The late bike's own model answer, not a generic technician or photo of the damage.
    assert tips["solution"] == (
        "Offer a concrete remedy within policy: what, how much and when. As in the model "
        "answer: “I've booked a same-day courier to collect the bike from the depot now and "
        "refunded the $24 delivery fee to your card.”")
    assert "Could you confirm" not in tips.get("empathy", "")


def test_a_tip_quotes_another_sentence_than_a_tip_before_it_where_one_earns_the_credit():
    """A tester got the same model-answer sentence as the example for two tips."""
    from trainer.debrief import model_answer_example
    scenario = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
    first = model_answer_example(scenario, "solution")
    second = model_answer_example(scenario, "solution", [first])
    assert first and second and second != first
    # the only sentence that earns a credit is still quoted, even if another tip has it
    only = load_scenario(bundled_dir() / "damaged-on-arrival.yaml")
    apology = model_answer_example(only, "apology")
    assert apology and model_answer_example(only, "apology", [apology]) == apology


def test_without_a_credited_sentence_in_the_model_answer_the_scorers_tip_stays():
    scenario = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
    scenario = scenario.model_copy(update={"model_answer": "Hello there."})
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(1))
    session.deliver_all_openings()
    turn = session.reply("Could you give me the order number?")
    session.end_by_trainee()
    assert build_debrief(session).tips["solution"] == turn.score.tips["solution"]


def test_the_conversation_says_who_was_blamed_as_the_debrief_does():
    """A tester saw "blamed someone (the customer, a colleague...)" in the chat and
    "blamed someone else" in the debrief for the same reply."""
    [turn] = play([BLAMES_THE_CUSTOMER], end=False).turns
    assert "+15: blamed the customer" in [str(c) for c in turn.changes]


@pytest.mark.parametrize(("reply", "said"), [
    (BLAMES_THE_CUSTOMER, "+15: blamed the customer"),
    ("Sorry, but that's the courier's fault, not ours.",
     "+15: blamed someone else (a colleague or another company)"),
])
def test_the_debrief_tells_who_was_blamed(reply, said):
    [turn] = build_debrief(play([reply])).turns
    assert said in turn.changes


def test_when_the_trainee_ends_it_nothing_is_quoted_as_the_customers_words():
    debrief = build_debrief(play(["Could you give me the order number?"]))
    text = render_text(debrief)
    assert "Ending: You ended the conversation." in text
    assert "the trainee ended the conversation" not in text + render_markdown(debrief)


def test_every_credit_and_flag_shows_the_words_that_earned_it():
    """Overlapping spans go to the heavier key, yet no credit is left without its words:
    "I'm so sorry, that must be so stressful" is empathy beside the apology's "sorry"."""
    session = play([BLAMES_THE_COURIER[1], BLAMES_THE_CUSTOMER])
    for turn, session_turn in zip(build_debrief(session).turns, session.turns, strict=True):
        shown = {h.key for h in turn.highlights}
        earned = {d for d in DIMENSIONS if session_turn.credited(d)} | set(session_turn.flags)
        assert earned and earned <= shown, (turn.reply, earned - shown)


def test_a_credit_is_shown_in_the_sentence_that_earned_it():
    """A tester saw "us" (from "that's on us") shown as the remedy of a reply whose remedy
    was the kitchen remaking the pasta: word by word the heaviest spans can sit anywhere."""
    reply = ("Aisha, I'm really sorry. You told us twice and we still got it wrong - that's on "
             "us, and it could have been serious. I'm having the kitchen remake your pasta "
             "nut-free right now, with clean pans, and I'll bring it out myself.")
    [turn] = build_debrief(play([reply], scenario_id="wrong-restaurant-order")).turns
    remedy = [h for h in turn.highlights if h.key == "solution"]
    last_sentence = reply.index("I'm having")
    assert remedy and all(h.start >= last_sentence for h in remedy)
    assert all(h.text != "us" for h in turn.highlights)


def test_a_partial_score_says_which_words_counted_and_why_they_were_not_enough():
    """A tester's closing line earned "nothing credited" and a partial bar, and the debrief
    said nothing about it."""
    session = play(["I'm so sorry, that's our mistake. I've refunded the second $42.50 today.",
                    "Thanks for bearing with us, Tom, I'll check on Friday that the money has "
                    "landed."], scenario_id="double-charge")
    first, second = build_debrief(session).turns
    [near] = [r for r in second.reasons if r.words == "I'll check on Friday"]
    assert near.key == "follow_up"
    assert near.advice.startswith("counted towards it, not enough for credit (0.")
    assert not any(r.advice.startswith("counted towards") for r in first.reasons
                   if session.turns[0].credited(r.key))


def test_the_debrief_comes_back_from_json_unchanged():
    debrief = build_debrief(play([BLAMES_THE_CUSTOMER, *BLAMES_THE_COURIER[1:]],
                                 wait_before={1: 75}))
    stored = json.loads(json.dumps(debrief.as_dict()))
    assert Debrief.from_dict(stored) == debrief


@pytest.mark.parametrize("data", [{}, {"format": 99}, {"format": 1, "title": "x"},
                                  {"format": 1, "outcome": []}])
def test_something_that_is_not_a_saved_debrief_is_a_value_error(data):
    with pytest.raises(ValueError, match="debrief"):
        Debrief.from_dict(data)


@pytest.mark.parametrize(("path", "value"), [
    (("outcome", "best"), {"empathy": 1.0}),
    (("turns", 0, "highlights", 0, "start"), "one"),
    (("turns", 0, "reasons"), [{"key": "blame"}]),
    (("anger_curve",), 70),
])
def test_a_damaged_saved_debrief_is_a_value_error_not_a_crash_later(path, value):
    """One value replaced, as a damaged store might hold it."""
    data = json.loads(json.dumps(build_debrief(play([BLAMES_THE_CUSTOMER])).as_dict()))
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    target[last] = value
    with pytest.raises(ValueError):
        Debrief.from_dict(data)


def test_every_promise_beyond_policy_in_a_reply_is_named():
    """A tester's reply promised a $200 voucher and that it would never happen again; the
    debrief named only the voucher."""
    from trainer.debrief import dimension_marks

    reply = ("I'll refund you the full $650, give you a $200 voucher too, and I guarantee "
             "this will never happen again.")
    debrief = build_debrief(play([reply], scenario_id="damaged-on-arrival"))
    session_turn = play([reply], scenario_id="damaged-on-arrival").turns[0]
    assert len(session_turn.breaches) >= 2
    for breach in session_turn.breaches:
        assert breach.message in dimension_marks(session_turn)
        assert breach.message in debrief.tips["overpromise"]


def test_the_debrief_says_how_the_score_is_made():
    """Testers could not tell how 96 came from five bars."""
    debrief = build_debrief(play(["I'm so sorry."], scenario_id="double-charge"))
    assert debrief.scoring.startswith("How the score is made: each skill's best score in any "
                                      "reply, weighted for this scenario (Apology ×1.5, "
                                      "Solution ×1.5; the rest ×1), as a share of 100;")
    assert debrief.scoring.endswith("blame, dismissive or overpromise caps it at 50.")
    assert debrief.scoring in render_text(debrief) and debrief.scoring in render_markdown(
        debrief)
    # a debrief saved before debriefs said so still opens, without the line
    data = debrief.as_dict()
    del data["scoring"]
    assert Debrief.from_dict(data).scoring == ""
    assert Debrief.from_dict(debrief.as_dict()) == debrief


def test_words_that_earned_two_keys_show_both_in_the_markdown_and_html():
    """A tester's Markdown export showed "sorry" only as the apology, though the app showed
    it earning empathy too: overlapping highlights were dropped after the first."""
    from dataclasses import replace

    from trainer.debrief import Highlight, render_html

    debrief = build_debrief(play(BLAMES_THE_COURIER))
    turn = debrief.turns[0]
    reply = "I'm so sorry about this."
    at = reply.index("sorry")
    both = (Highlight("empathy", "credit", at - 3, at + 5, "so sorry", "strong"),
            Highlight("apology", "credit", at, at + 5, "sorry", "strong"))
    debrief = replace(debrief, turns=(replace(turn, reply=reply, highlights=both),
                                      *debrief.turns[1:]))
    assert "I'm **so sorry** _(Empathy, Apology)_ about this." in render_markdown(debrief)
    assert ("<mark title='Empathy: strong; Apology: strong'>so sorry</mark>"
            in render_html(debrief))


def test_a_reply_taken_back_is_named_in_the_debrief_and_survives_the_store():
    """A trainer reading a 100 could not see that a capping reply had been taken back."""
    session = play([], end=False)
    session.reply("Relax, it's only a bike.")
    session.take_back()
    for reply in BLAMES_THE_COURIER[1:]:
        session.reply(reply)
    session.end_by_trainee()
    debrief = build_debrief(session)
    assert debrief.taken_back == ("“Relax, it's only a bike.” (⚑ dismissive “Relax, it's only”)",)
    assert ("Taken back in practice: 1 reply, not scored\n  “Relax, it's only a bike.”"
            in render_text(debrief))
    assert "- “Relax, it's only a bike.”" in render_markdown(debrief)
    assert Debrief.from_dict(json.loads(json.dumps(debrief.as_dict()))) == debrief
    older = {k: v for k, v in debrief.as_dict().items() if k != "taken_back"}
    assert Debrief.from_dict(older).taken_back == ()


def test_a_follow_up_with_no_time_is_explained_once():
    """The time-or-event rule's reason names the words; the near miss for the same words
    had printed the same tip a second time (a tester)."""
    session = play(["Hi Tom, sorry for the hassle. Let me look into this with the billing "
                    "system and I'll call you back."], scenario_id="double-charge")
    [turn] = build_debrief(session).turns
    follow_up = [r for r in turn.reasons if r.key == "follow_up"]
    assert len(follow_up) == 1 and "not when" in follow_up[0].advice


def test_no_near_miss_is_claimed_for_a_dimension_the_reply_was_far_from():
    """Tester t19: "sorry to hear that" showed "'sorry': counted towards it, not enough for
    credit (0.01 of the 0.50 needed)" under Apology."""
    session = play(["Sorry to hear that, that must be frustrating."], scenario_id="double-charge")
    [turn] = build_debrief(session).turns
    assert session.turns[0].score.scores["apology"] < NEAR_MISS_SCORE
    assert not any(r.key == "apology" and r.advice.startswith("counted towards")
                   for r in turn.reasons)


def test_a_skill_credited_only_just_names_the_words_that_held_it_down():
    """Tester t21's second-language apology was credited at 0.52 and the debrief showed
    only '"sorry" → Apology (strong)', hiding what held it down."""
    import random

    from trainer.debrief import JUST_CREDITED, scorer_reasons
    from trainer.scenario import bundled_dir, load_scenario
    from trainer.session import FrozenClock, Session
    session = Session(load_scenario(bundled_dir() / "rude-staff.yaml"), clock=FrozenClock(),
                      rng=random.Random(1))
    session.deliver_all_openings()
    turn = session.reply("I am very sorry, our staff was wrong to laugh at you in front of "
                         "other peoples.")
    assert 0.5 <= turn.score.scores["apology"] < JUST_CREDITED
    [held] = [r for r in scorer_reasons(turn) if r.key == "apology"]
    assert held.words in turn.reply and held.advice.startswith(
        "held it down: credited, but only just (0.")


def test_a_promise_beyond_policy_is_pointed_at_in_the_reply():
    """Tester t22: over-promises were named in the reason but never highlighted."""
    debrief = build_debrief(play(["I'm so sorry. I've refunded your 24 dollar delivery fee. "
                                  "It will definitely arrive in time for the party."]))
    [promise] = [h for h in debrief.turns[0].highlights if h.key == "overpromise"]
    assert (promise.text, promise.strength) == ("definitely arrive in time", "beyond policy")
