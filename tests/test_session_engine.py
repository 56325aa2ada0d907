"""The session engine: anger with reasons, facts, reactions, endings, replay, take-backs."""

from __future__ import annotations

import random

import pytest

from trainer.scenario import bundled_dir, load_scenario, load_text
from trainer.scenario.policy_text import describe_policy
from trainer.session import FrozenClock, PlayedReply, Session, SessionOver, outcome_of
from trainer.session.outcome import policy_and_limit_text, still_needed_text
from trainer.session.scripted import run_tests


@pytest.fixture
def scenario():
    return load_scenario(bundled_dir() / "late-birthday-delivery.yaml")


def started(scenario, **kwargs) -> Session:
    session = Session(scenario, clock=kwargs.pop("clock", FrozenClock()),
                      rng=random.Random(kwargs.pop("seed", 1)), **kwargs)
    session.deliver_all_openings()
    return session


def test_every_anger_change_carries_its_reason(scenario):
    turn = started(scenario).reply("Relax, it's only a day late.")
    assert "+20: brushed them off, talked down or played the problem down" in [
        str(c) for c in turn.changes]
    assert all(c.reason for c in turn.changes)
    assert turn.anger_after == min(100, turn.anger_before + sum(c.delta for c in turn.changes))


def test_good_reply_lowers_anger_with_one_reason_per_step(scenario):
    turn = started(scenario).reply(
        "I'm so sorry, that must be stressful. I've booked a courier for 1pm today and "
        "I'll text you when he leaves.")
    reasons = [c.reason for c in turn.changes]
    assert "acknowledged how they feel" in reasons and "offered a concrete remedy" in reasons
    assert turn.anger_after < turn.anger_before


def test_waiting_past_patience_raises_anger(scenario):
    clock = FrozenClock()
    session = started(scenario, clock=clock)
    clock.advance(session.reading_seconds + 61)
    turn = session.reply("Could you give me the order number?")
    assert any("kept them waiting" in c.reason for c in turn.changes)


def test_the_briefing_is_given_reading_time_before_the_first_reply_only(scenario):
    """A tester on a hard scenario read the briefing above the chat and the customer's
    patience ran out before a word was typed."""
    clock = FrozenClock()
    session = started(scenario, clock=clock)
    patience = session.temperament.patience_seconds
    words = len(f"{scenario.briefing} {describe_policy(scenario.policy)}".split())
    assert session.reading_seconds == words / 4 > 10
    assert session.reading_briefing and session.seconds_waiting() == 0
    clock.advance(session.reading_seconds + patience - 1)
    assert not session.reading_briefing
    first = session.reply("Could you give me the order number?")
    assert first.waited_seconds == patience - 1
    assert not any("kept them waiting" in c.reason for c in first.changes)
    clock.advance(patience + 1)   # the second reply has no briefing to read
    assert not session.reading_briefing
    second = session.reply("I'm so sorry about the delay.")
    assert any("kept them waiting" in c.reason for c in second.changes)


def test_replying_while_the_customer_vents_is_interrupting(scenario):
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(1))
    session.deliver_opening()
    assert session.venting
    turn = session.reply("Could you give me the order number?")
    assert turn.interrupted
    assert any("interrupted" in c.reason for c in turn.changes)
    assert any("still venting" in n for n in outcome_of(session).notes)


def test_an_apology_said_over_the_customer_gets_an_interrupted_line_not_thanks(scenario):
    """A tester said "I'm so sorry" mid-vent: anger rose for the interruption, yet the
    customer answered "I appreciate you not making excuses"."""
    from trainer.session.reactions import BUILT_IN
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(1))
    session.deliver_opening()
    turn = session.reply("I'm so sorry.")
    assert turn.interrupted and turn.credited("apology")
    # ...then they finish what they were saying (a tester never heard the rest of the story)
    rest = " ".join(scenario.customer.opening[1:])
    assert turn.reaction == "interrupted" and any(
        turn.customer_says == f"{line} {rest}" for line in BUILT_IN["interrupted"])


def test_a_question_reveals_the_fact_it_asks_about(scenario):
    turn = started(scenario).reply("Could you tell me your order numbr?")
    assert turn.revealed == ("order_number",)
    assert "TS-55120" in turn.customer_says


def test_a_trigger_of_several_words_counts_in_any_order_and_form():
    """Tester t20's "the date you cancelled" revealed nothing: the triggers were "when did
    you cancel" and "cancellation date"."""
    from trainer.scenario.model import Fact
    from trainer.session.facts import triggered
    fact = Fact(id="cancelled_on", says="On the 3rd.",
                when_asked=("when did you cancel", "cancellation date"))
    assert triggered(fact, "Could you give me your member number and the date you cancelled?")
    assert not triggered(fact, "Could you give me the date of your last visit?")
    assert not triggered(fact, "I'm sorry the date you cancelled was ignored.")  # asks nothing


@pytest.mark.parametrize(("question", "revealed"), [
    ("What dates do you want frozen?", ()),   # a tester got "6 o'clock yesterday" for this
    ("Which day was it?", ("when_it_happened",)),
    ("What time did it happen?", ("when_it_happened",)),
])
def test_a_question_about_something_else_does_not_bring_out_a_fact(question, revealed):
    session = started(load_scenario(bundled_dir() / "rude-staff.yaml"))
    assert session.reply(question).revealed == revealed


def test_a_remedy_beyond_policy_raises_overpromise_and_caps_the_score(scenario):
    session = started(scenario)
    # Strong on every dimension, so only the over-promise keeps the score down.
    turn = session.reply("I'm so sorry, that must be so stressful. Could you confirm the "
                         "address? I'll refund you $500 today and text you within the hour.")
    assert "overpromise" in turn.flags
    assert any("beyond policy" in c.reason for c in turn.changes)
    outcome = outcome_of(session)
    assert outcome.score == 50 and "capped at 50" in outcome.caps[0]


def test_reaction_lines_never_repeat_twice_in_a_row(scenario):
    session = started(scenario)
    lines = [session.reply("Let me check.").customer_says for _ in range(3)]
    assert all(a != b for a, b in zip(lines, lines[1:], strict=False))


def test_same_seed_replays_the_same_session_exactly(scenario):
    replies = ["Let me check.", "One moment.", "Could you give me the order number?"]

    def play(seed):
        session = started(scenario, seed=seed)
        return [session.reply(r).customer_says for r in replies]

    assert play(7) == play(7)


def test_take_back_restores_the_state_before_the_reply(scenario):
    session = started(scenario)
    session.reply("Relax, it's only a day late.")
    before = session.anger
    session.reply("Honestly, calm down. It's not a big deal.")
    assert session.ending is not None
    taken = session.take_back()
    assert taken.reply.startswith("Honestly")
    assert session.anger == before and session.ending is None and len(session.turns) == 1
    assert session.reply("Calm down.").ending is not None  # the first offence is remembered


def test_exam_mode_allows_no_take_backs(scenario):
    session = started(scenario, mode="exam")
    session.reply("Let me check.")
    with pytest.raises(SessionOver):
        session.take_back()


def test_no_reply_after_the_session_ended(scenario):
    session = started(scenario)
    session.end_by_trainee()
    with pytest.raises(SessionOver):
        session.reply("Sorry!")


def test_trainee_can_end_the_session(scenario):
    session = started(scenario)
    assert session.end_by_trainee().kind == "trainee-ended"


def test_outcome_weights_caps_and_pass(scenario):
    session = started(scenario)
    session.reply("I'm so sorry, that must be so stressful with her party today. I've booked "
                  "a same-day courier this morning and refunded the $24 delivery fee. I'll "
                  "text you the tracking link within the hour.")
    assert session.ending is None and session.closing  # satisfied: the trainee closes it
    turn = session.reply("Thank you for your patience, and happy birthday to her!")
    outcome = outcome_of(session)
    assert session.ending.kind == "resolved" and turn.ending == session.ending
    assert outcome.passed and outcome.score >= 80


RESOLVING_REPLY = ("I'm so sorry, that must be so stressful with her party today. I've booked "
                   "a same-day courier this morning and refunded the $24 delivery fee. I'll "
                   "text you the tracking link within the hour.")


def test_a_satisfied_customer_waits_for_the_trainees_closing_reply(scenario):
    session = started(scenario)
    satisfied = session.reply(RESOLVING_REPLY)
    assert satisfied.ending is None and satisfied.reaction == "satisfied"
    resolved = next(e for e in scenario.endings if e.kind == "resolved")
    assert satisfied.customer_says == resolved.says
    closing = session.reply("I'll text you the moment he leaves. Thanks for bearing with us.")
    assert closing.ending.id == resolved.id and closing.reaction == "resolved"
    assert closing.customer_says != resolved.says and not session.closing


def test_a_closing_reply_that_does_nothing_still_resolves_but_is_not_thanked(scenario):
    """A tester closed with "k" and with one sentence pasted 150 times, and was thanked."""
    from trainer.session.reactions import BUILT_IN
    for reply in ("k", "ok ok ok " * 300):
        session = started(scenario)
        session.reply(RESOLVING_REPLY)
        turn = session.reply(reply)
        assert turn.ending.kind == "resolved"
        assert turn.customer_says in BUILT_IN["closing-flat"]


def test_a_plain_thank_you_closes_warmly_and_costs_no_anger(scenario):
    """A tester closed as the app asked ("Thank you for your patience... I'll call at 1pm")
    and got "+5: said nothing that helped" and a flat goodbye."""
    from trainer.session.reactions import BUILT_IN
    session = started(scenario)
    session.reply(RESOLVING_REPLY)
    turn = session.reply("Thank you for your patience. Tracking link coming shortly. "
                         "Happy birthday to your daughter.")
    assert turn.ending.kind == "resolved"
    assert turn.customer_says not in BUILT_IN["closing-flat"]
    assert turn.anger_after <= turn.anger_before and not turn.changes


def test_ending_while_satisfied_is_resolved_not_abandoned(scenario):
    session = started(scenario)
    session.reply(RESOLVING_REPLY)
    assert session.end_by_trainee().kind == "resolved"


def test_a_closing_reply_that_insults_them_can_still_lose_them(scenario):
    session = started(scenario)
    session.reply(RESOLVING_REPLY)
    turn = session.reply("Relax, it's only a bike. Calm down.")
    assert turn.reaction != "resolved" and not session.closing
    assert turn.ending is None or turn.ending.kind in ("left", "escalated")


def test_patience_counts_silence_not_typing(scenario):
    clock = FrozenClock()
    session = started(scenario, clock=clock)
    patience = session.temperament.patience_seconds
    for _ in range(30):  # a long reply typed steadily: never silent for long
        clock.advance(patience / 4)
        session.note_typing()
    assert session.seconds_waiting() == 0
    turn = session.reply("I'm so sorry about the delay.")
    assert turn.waited_seconds == patience / 4
    assert not any("waiting" in c.reason for c in turn.changes)


def test_a_long_silence_before_typing_still_costs_patience(scenario):
    clock = FrozenClock()
    session = started(scenario, clock=clock)
    patience = session.temperament.patience_seconds
    clock.advance(session.reading_seconds + patience + 5)
    session.note_typing()
    clock.advance(2)
    turn = session.reply("I'm so sorry about the delay.")
    assert turn.waited_seconds == patience + 5
    assert any("kept them waiting" in c.reason for c in turn.changes)


def test_remedy_before_acknowledgement_gets_a_coaching_note(scenario):
    session = started(scenario)
    session.reply("I've booked a same-day courier for 1pm today.")
    assert any("before acknowledging" in n for n in outcome_of(session).notes)


def test_every_bundled_scenario_test_passes():
    for path in sorted(bundled_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        failures = [r for r in run_tests(scenario) if not r.passed]
        assert not failures, (path.name, failures)


def test_every_bundled_ending_has_a_test():
    for path in sorted(bundled_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        tested = {t.ending for t in scenario.tests}
        assert {e.id for e in scenario.endings} <= tested, path.name


def test_a_test_without_an_ending_checks_only_what_it_names():
    """A trainer can pin that a reply raises a flag, whatever the customer does next."""
    from trainer.scenario.model import ScenarioTest

    base = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
    raises = ScenarioTest(name="relax is dismissive", replies=("Relax, it's only a bike.",),
                          flags=("dismissive",))
    misses = ScenarioTest(name="a plain question blames nobody",
                          replies=("Could you give me the order number?",), flags=("blame",))
    scenario = base.model_copy(update={"tests": (raises, misses)})
    passed, failed = run_tests(scenario)
    assert passed.passed
    assert not failed.passed and failed.detail == "flag(s) never raised: blame"


def test_a_test_that_reaches_no_ending_says_what_the_expected_one_still_needs():
    """A trainer's failing test said only "no ending after 2 replies"; it now names what
    the expected ending is missing and why anger moved on the last turn."""
    from trainer.scenario.model import ScenarioTest

    base = load_scenario(bundled_dir() / "double-charge.yaml")
    test = ScenarioTest(name="a remedy with no apology", ending="resolved",
                        replies=("I've refunded the second $42.50 to your account today.",))
    [result] = run_tests(base.model_copy(update={"tests": (test,)}))
    assert not result.passed and result.turn == 1
    assert "expected 'resolved', which still needs " in result.detail
    assert "shown: apology (never credited)" in result.detail
    assert "Last turn: " in result.detail and "offered a concrete remedy" in result.detail


def test_a_failed_test_says_which_turn_undid_a_satisfied_customer_or_capped_the_score():
    """Tester t20: "no ending after 3 replies" when the customer was satisfied at turn 2 and
    the closing reply undid it, and "capped at 50" with no turn, reply or amount."""
    from tests.app.helpers import RESOLVING
    from trainer.scenario.model import ScenarioTest

    base = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
    undone = ScenarioTest(name="a careless close", ending="resolved",
                          replies=(*RESOLVING, "Relax, it's only a bike."))
    capped = ScenarioTest(name="too generous", passes=True,
                          replies=(RESOLVING[0], RESOLVING[1].replace("$24", "$400")))
    first, second = run_tests(base.model_copy(update={"tests": (undone, capped)}))
    assert not first.passed and first.turn == 3
    assert "The customer was satisfied at turn 2; turn 3 undid it: raised dismissive" in (
        first.detail)
    assert not second.passed and second.turn == 2
    assert second.detail.endswith("Turn 2: a refund of $400: refund is limited to $213"), (
        second.detail)


def test_a_calm_customer_says_what_still_stands_between_them_and_satisfied():
    """The table can be resolved only once the photos are asked for: calm is not enough,
    and `still_needed` names what is missing, in the scenario's own words."""
    session = started(load_scenario(bundled_dir() / "damaged-on-arrival.yaml"))
    assert session.still_needed() == ((), (), ())  # too angry yet for the question to arise
    session.reply("I'm so sorry, Gareth, a cracked table days before your family dinner is "
                  "awful, and that's on us.")
    session.reply("I've booked a replacement table for delivery on Friday and we'll collect "
                  "the damaged one for free at the same time.")
    assert not session.closing and session.still_needed() == ((), ("photos",), ())
    session.reply("Could you send me a couple of photos of the crack?")
    assert session.closing and session.still_needed() == ((), (), ())


def _as_played(turn) -> tuple:
    return (turn.reply, turn.customer_says, turn.reaction, turn.anger_after,
            [str(c) for c in turn.changes], turn.revealed, turn.flags, turn.interrupted)


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_a_left_session_replays_to_exactly_where_it_stopped(scenario, seed):
    """Picking a session up again replays its stored replies: an interruption, a silence past
    patience and a take-back along the way must all come out as they were played."""
    clock = FrozenClock()
    played = Session(scenario, clock=clock, rng=random.Random(seed), seed=seed)
    played.deliver_opening()  # interrupted after the first of the customer's messages
    played.reply("Sorry! Could you give me the order number?")
    played.reply("Relax, it's only a day late.")
    played.take_back()
    clock.advance(75)  # past patience
    played.reply("I'm so sorry, that must be so stressful with her party coming up.")
    played.reply("I've booked a same-day courier to bring the bike by 1pm.")
    stored = [PlayedReply(t.reply, t.waited_seconds, t.openings_heard) for t in played.turns]
    assert stored[0].openings_heard == 1 and stored[1].waited_seconds >= 75

    again = Session(scenario, clock=FrozenClock(), rng=random.Random(seed), seed=seed)
    replayed = again.replay(stored)
    assert [_as_played(t) for t in replayed] == [_as_played(t) for t in played.turns]
    assert (again.anger, again.revealed, again.closing) == (played.anger, played.revealed,
                                                            played.closing)
    # and it goes on as the original would have
    next_reply = "I'll text you the tracking link within the hour."
    assert _as_played(again.reply(next_reply)) == _as_played(played.reply(next_reply))


def test_a_replay_starts_the_customers_patience_afresh(scenario):
    clock = FrozenClock()
    clock.advance(500)
    session = Session(scenario, clock=clock, rng=random.Random(1))
    session.replay([PlayedReply("Could you give me the order number?", 3.0, 3)])
    assert session.seconds_waiting() == 0


# -- how the trainee closed (tester t18: three warm thank-yous, never mentioned) -----------

SATISFYING = ("I'm really sorry Tom, that was our mistake. I've refunded the second $42.50 "
              "today so it should be back within 1 working day. I'll call you on Thursday to "
              "confirm it's landed.")


def _closed_with(reply: str | None) -> tuple[str, ...]:
    session = started(load_scenario(bundled_dir() / "double-charge.yaml"))
    assert session.reply(SATISFYING).reaction == "satisfied"
    if reply is None:
        session.end_by_trainee()
    else:
        assert session.reply(reply).reaction == "resolved"
    return outcome_of(session).notes


def test_a_closing_reply_that_does_all_three_is_called_a_good_close():
    notes = _closed_with("So just to confirm, the $42.50 will be back within one working day "
                         "and I'll call you Thursday morning to check. Thanks for your "
                         "patience, Tom.")
    assert notes[-1] == ("Turn 2, your closing reply confirmed what happens next, said when "
                         "you'll follow up and thanked them: a good close.")


def test_a_closing_reply_that_only_thanks_is_told_what_it_left_out():
    assert _closed_with("I appreciate you bearing with us, Tom. Have a good week.")[-1] == (
        "Turn 2, your closing reply thanked them, but did not confirm what happens next or "
        "say when you'll follow up. A close confirms the agreement in writing and thanks them.")


def test_ending_without_a_closing_reply_is_noted_and_an_unsatisfied_ending_is_not():
    assert _closed_with(None)[-1].startswith("You ended the conversation once the customer "
                                             "was satisfied, without a closing reply")
    session = started(load_scenario(bundled_dir() / "double-charge.yaml"))
    session.reply("Sorry about that.")
    session.end_by_trainee()
    assert not any("closing" in note for note in outcome_of(session).notes)


# -- an ending that needs a particular remedy offered (tester t19) -------------------------

def _needing(remedies: str):
    text = (bundled_dir() / "damaged-on-arrival.yaml").read_text(encoding="utf-8").replace(
        "when: {anger_at_most: 35, shown: [empathy, solution], facts_revealed: [photos]}",
        f"when: {{anger_at_most: 35, shown: [empathy, solution], facts_revealed: [photos], "
        f"offered: {remedies}}}")
    return load_text(text)


def test_a_customer_who_needs_one_remedy_is_not_satisfied_by_another():
    """Tester t19's customer, twelve guests on Sunday, was satisfied by a table in 5 days."""
    loaded = _needing("[free collection of the damaged table]")
    assert loaded.scenario is not None, loaded.diagnostics
    session = started(loaded.scenario)
    session.reply("I'm so sorry, Gareth, a cracked table days before your dinner is awful. "
                  "Could you send me photos of the crack?")
    turn = session.reply("Thank you. I've refunded the full $650 to your card today.")
    assert turn.reaction != "satisfied" and not session.closing
    assert session.still_needed()[2] == ("free collection of the damaged table",)
    assert "offer free collection of the damaged table" in still_needed_text(session)
    done = session.reply("And we'll do a free collection of the damaged table on Friday.")
    assert done.reaction == "satisfied"
    assert session.unmet("resolved") == []


def test_an_unknown_remedy_in_an_endings_offered_is_s008_at_its_place():
    loaded = _needing("[loan tabel]")
    [found] = [d for d in loaded.diagnostics if "'loan tabel'" in d.message]
    line = next(n for n, text in enumerate((bundled_dir() / "damaged-on-arrival.yaml")
                                           .read_text(encoding="utf-8").splitlines(), 1)
                if "facts_revealed: [photos]" in text)
    assert (found.line, found.code) == (line, "S008") and "'replacement'" in found.message
    assert loaded.scenario is None


def test_the_reply_limit_is_told_with_the_policy(scenario):
    """Tester t19 learnt that a customer gives only so many replies at "One reply left"."""
    session = started(scenario)
    limit = session.reply_limit
    assert limit is not None
    assert policy_and_limit_text(session).endswith(
        f"{scenario.customer.name} gives a conversation {limit} replies.")
