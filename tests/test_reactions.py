"""The customer answers what the trainee said: tied lines, facts only when asked, feeling
with a fact, no repeated lines, the validation of tied lines, and the review's misreadings
replayed on the bundled scenarios."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from trainer.commands.new import starter_text
from trainer.scenario import bundled_dir, load_file, load_scenario, load_text
from trainer.scenario.policy import offered_remedies
from trainer.session import FrozenClock, Session
from trainer.session.engine import CONFIRMED
from trainer.session.questions import ASKING, asking_parts, only_invites
from trainer.session.reactions import BUILT_IN

STARTER = starter_text("sample")


def bundled(scenario_id: str):
    return load_scenario(bundled_dir() / f"{scenario_id}.yaml")


def started(scenario, seed: int = 0) -> Session:
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(seed))
    session.deliver_all_openings()
    return session


def with_reactions(block: str, anger: int = 60) -> str:
    """The starter scenario with its `reactions:` block replaced by `block`."""
    text = re.sub(r"^reactions:.*?(?=^endings:)", block.strip("\n") + "\n\n", STARTER,
                  count=1, flags=re.S | re.M)
    return text.replace("  anger: 60 ", f"  anger: {anger} ", 1)


def scenario_with(block: str, anger: int = 60):
    loaded = load_text(with_reactions(block, anger))
    assert loaded.scenario is not None, loaded.diagnostics
    return loaded.scenario


# -- 1. lines tied to what was offered ---------------------------------------------------

def test_offered_remedies_gives_each_offer_the_amount_nearest_its_word():
    policy = bundled("hotel-room-not-as-booked").policy
    assert offered_remedies("I've refunded the $220 and added an $80 credit.", policy) == {
        "refund": "$220", "credit": "$80"}
    assert offered_remedies("I've added an $80 credit and refunded you.", policy) == {
        "credit": "$80", "refund": None}
    assert offered_remedies("I've refunded the $42.50 today.", policy) == {"refund": "$42.50"}
    assert offered_remedies("We'll take 15% off the next stay.", policy) == {"discount": "15%"}


def test_an_amount_given_back_or_a_payment_reversed_is_a_refund():
    """Tester t20's "I can give you the £70 back" was not the refund the ending needed, and
    t21's "reversed the second $42.50 and added a $15 credit" a credit of $42.50."""
    policy = bundled("double-charge").policy
    assert offered_remedies("I can give you the $40 back.", policy) == {"refund": "$40"}
    assert offered_remedies("I'll send you 40 dollars back today.", policy) == {
        "refund": "40 dollars"}
    assert offered_remedies("I've reversed the second $42.50 and added a $15 credit for the "
                            "hassle.", policy) == {"refund": "$42.50", "credit": "$15"}


def test_a_count_before_an_amount_multiplies_it():
    """A tester refunded "both $45 payments" and the customer answered "$45 back? Good."."""
    policy = bundled("double-charge").policy
    assert offered_remedies("I've refunded both $45 payments.", policy) == {"refund": "$90"}
    assert offered_remedies("I'll refund the two $12.50 charges.", policy) == {
        "refund": "$25"}
    assert offered_remedies("I've refunded one $45 payment.", policy) == {"refund": "$45"}
    assert offered_remedies("I refunded both payments, $45 each.", policy) == {
        "refund": "$45"}


def test_a_negated_offer_or_a_credit_card_is_no_offer():
    policy = bundled("hotel-room-not-as-booked").policy
    assert offered_remedies("I can't refund the whole stay, I'm afraid.", policy) == {}
    assert offered_remedies("I'll put it back on your credit card.", policy) == {}
    assert offered_remedies("I can't move you to a sea-view suite from tomorrow.", policy) == {}


@pytest.mark.parametrize(("reply", "offered"), [
    ("I can refund you or take 15% off. A replacement could not arrive before Sunday.",
     {"refund", "discount"}),
    ("A replacement can't get to you before Sunday, but I can refund you.", {"refund"}),
    ("A refund isn't possible, sorry.", set()),
    ("The replacement won't be late this time, it goes out today.", {"replacement"}),
])
def test_a_remedy_its_own_verb_denies_is_no_offer(reply, offered):
    """A tester said a replacement couldn't arrive in time and was answered "A
    replacement's fine"."""
    assert set(offered_remedies(reply, bundled("damaged-on-arrival").policy)) == offered


def test_an_other_remedy_is_offered_when_a_sentence_has_nearly_all_its_words():
    suite = "move to a sea-view suite from tomorrow"
    hotel = bundled("hotel-room-not-as-booked").policy
    assert suite in offered_remedies("I've booked a sea-view suite for you from tomorrow.", hotel)
    assert suite not in offered_remedies("I'm so sorry about the suite.", hotel)
    router = "4G backup router by next-day courier"
    internet = bundled("internet-outage-home-worker").policy
    assert router in offered_remedies("I've sent a 4G backup router by next-day courier.",
                                      internet)
    assert router not in offered_remedies("I'm sending a backup router.", internet)


TIED = """
reactions:
  remedy:
    - line: A new pair? Great.
      when_offered: [replacement]
    - line: "{amount} back. Fine."
      when_offered: [refund]
    - Right, that would actually help.
"""


def test_a_tied_line_is_said_only_for_its_offer_and_fills_in_the_amount():
    scenario = scenario_with(TIED)
    assert started(scenario).reply("I'll send you a replacement today.").customer_says == (
        "A new pair? Great.")
    assert started(scenario).reply("I've refunded the $45 to your card.").customer_says == (
        "$45 back. Fine.")
    # A remedy the rubric credits but no tied line answers gets the plain line.
    assert started(scenario).reply("I've booked a courier to pick it up from you tomorrow."
                                   ).customer_says == "Right, that would actually help."


def test_an_amount_line_waits_for_an_amount():
    scenario = scenario_with(TIED)
    turn = started(scenario).reply("I've refunded your order to your card.")
    assert turn.reaction == "remedy" and "{amount}" not in turn.customer_says
    assert turn.customer_says == "Right, that would actually help."


def test_blame_is_answered_as_blame_on_the_customer_or_on_someone_else():
    """A tester blamed the courier and was told "Don't put this on me"."""
    scenario = bundled("damaged-on-arrival")
    on_others = started(scenario).reply("The courier must have dropped it, not our warehouse.")
    on_customer = started(scenario).reply("You should have checked it before you signed for "
                                          "it.")
    assert on_others.reaction == on_customer.reaction == "blame"
    assert "Don't put this on me" not in on_others.customer_says
    assert "Don't put this on me" in on_customer.customer_says


def test_blame_on_the_customer_falls_back_to_its_own_built_in_lines():
    scenario = scenario_with("""
reactions:
  blame:
    - line: Leave the courier out of it.
      when_blamed: [others]
""")
    turn = started(scenario).reply("You should have read the size guide before ordering.")
    assert "blame" in turn.flags
    assert turn.customer_says in BUILT_IN["blame-customer"]


def test_a_line_that_quotes_the_trainee_waits_for_their_words():
    """Testers were told "It's not small to me" after "calm down" and "It's not fine" when
    they never said fine."""
    scenario = bundled("double-charge")
    calm = started(scenario).reply("Calm down, mate, I'll sort it.")
    small = started(scenario).reply("Calm down, it's only a small charge, it'll come back.")
    assert calm.reaction == small.reaction == "dismissive"
    assert "not small" not in calm.customer_says
    assert small.customer_says == "It's not small to me, mate."


@pytest.mark.parametrize(("reply", "fits"), [
    ("It's no BIG  deal, honestly.", True), ("A smaller charge than most.", False)])
def test_when_said_matches_whole_words_in_any_case_and_spacing(reply, fits):
    scenario = scenario_with("""
reactions:
  dismissive:
    - line: It is a big deal to me.
      when_said: [big deal, small]
    - Don't brush me off.
""")
    from trainer.session.reactions import reaction_tiers
    tied, _, _ = reaction_tiers(scenario, "dismissive", {}, (), None, reply)
    assert bool(tied) is fits


def test_the_reply_that_satisfies_the_customer_still_gets_its_facts():
    """A tester asked for the member number in the reply that satisfied the customer; the
    fact counted as revealed but was never said."""
    scenario = scenario_with("", anger=30)
    turn = started(scenario).reply("I'm so sorry, I can see how stressful this is. I'll send "
                                   "a replacement today. What's your order number?")
    assert turn.reaction == "satisfied" and "order_number" in turn.revealed
    assert turn.customer_says.endswith("It's order 48213.")


def test_an_ending_that_waits_for_a_fact_is_not_followed_by_that_fact_again():
    """Its line was written knowing the fact: a tester was told "Okay, I'll send the photos
    now. Thanks. I've got photos, I can send them now."."""
    scenario = bundled("damaged-on-arrival")
    turn = started(scenario).reply(
        "I'm so sorry, with twelve people coming on Sunday that's awful. I've refunded the "
        "full $650 today and we'll collect the table free. Could you send me photos of the "
        "crack?")
    resolved = next(e for e in scenario.endings if e.id == "resolved")
    assert turn.reaction == "satisfied" and "photos" in turn.revealed
    assert turn.customer_says == resolved.says


def test_a_line_tied_to_a_fact_comes_before_that_fact():
    scenario = bundled("crashing-software")
    turn = started(scenario).reply("Could you tell me which version the About box shows?")
    assert turn.revealed == ("app_version",)
    assert turn.customer_says == "Hang on, let me look. It says version 4.2 in the About box."


# -- 2. facts only in answer to a question about them ----------------------------------

@pytest.mark.parametrize("sentence", ASKING.examples["asks"])
def test_the_documented_questions_ask(sentence):
    assert asking_parts(sentence), sentence


@pytest.mark.parametrize("sentence", ASKING.examples["asks_nothing"])
def test_the_documented_statements_ask_nothing(sentence):
    assert asking_parts(sentence) == [], sentence


@pytest.mark.parametrize("sentence", ASKING.examples["invites"])
def test_the_documented_invitations_only_ask_leave_to_ask(sentence):
    assert only_invites(sentence), sentence


@pytest.mark.parametrize("sentence", ASKING.examples["asks_something"])
def test_the_documented_questions_ask_something(sentence):
    assert asking_parts(sentence) and not only_invites(sentence), sentence


def test_a_question_no_fact_answers_gets_i_dont_know_not_an_invitation_to_ask():
    """A tester asked what she did right before it crashed and was told "Fine, what do you
    need to know?", which answers "Can I ask you something?", and then never answered."""
    scenario = bundled("crashing-software")
    turn = started(scenario).reply("Was it on a Monday?")
    assert turn.reaction == "question" and turn.revealed == ()
    assert turn.customer_says in BUILT_IN["question"]
    invited = started(scenario).reply("I'm so sorry. Could you tell me a bit more about it?")
    assert invited.revealed == () and invited.reaction in ("apology", "question")
    # leave to ask, whether or not the rubric credits it as a question, is answered "go on"
    leave = started(scenario).reply("Could I ask you a couple of questions about the crashes?")
    assert leave.reaction == "question"
    assert leave.customer_says in scenario.reactions.question


def test_the_testers_question_about_the_export_brings_out_which_invoices_crash():
    turn = started(bundled("crashing-software")).reply(
        "And what exactly did you do right before it crashed each time? Was it one big "
        "export or lots of small ones?")
    assert turn.revealed == ("invoice_size",)
    assert turn.customer_says == "The big ones crash. The wholesale invoices with lots of lines."


def test_the_asking_part_starts_at_the_clause_that_asks():
    assert asking_parts("I know how much your work matters, could you confirm your account "
                        "number?") == ["could you confirm your account number?"]


def test_a_request_without_a_question_mark_still_brings_out_the_fact():
    turn = started(bundled("double-charge")).reply("Please confirm your account number.")
    assert turn.revealed == ("account_number",)
    assert turn.customer_says == "Account number 7730-114."


# -- 3. a fact with feeling -----------------------------------------------------------

def test_empathy_that_reveals_a_fact_gets_the_feeling_line_then_the_fact():
    scenario = bundled("late-birthday-delivery")
    turn = started(scenario).reply("I'm so sorry, that must be so stressful with her party "
                                   "coming up. Could you confirm your order number?")
    feelings = [*scenario.reactions.apology, *scenario.reactions.empathy]
    assert turn.reaction in ("apology", "empathy")
    assert any(turn.customer_says == f"{line} The order number is TS-55120." for line in feelings)


# -- 4. no repeated lines ---------------------------------------------------------------

NOTHING_LINES = """
reactions:
  nothing:
    - Hello?
    - Still here.
"""


def test_no_line_repeats_while_an_unused_one_is_left_scenario_lines_first():
    session = started(scenario_with(NOTHING_LINES, anger=0))
    said = [session.reply("Let me check.").customer_says for _ in range(5)]
    assert set(said[:2]) == {"Hello?", "Still here."}
    assert set(said[2:]) == set(BUILT_IN["nothing"])
    sixth = session.reply("Let me check.").customer_says
    assert sixth in ("Hello?", "Still here.") and sixth != said[-1]


def test_a_take_back_gives_back_the_line_it_used():
    session = started(scenario_with(NOTHING_LINES, anger=0), seed=3)
    first = session.reply("Let me check.").customer_says
    session.take_back()
    assert session.reply("Let me check.").customer_says == first
    assert session.reply("Let me check.").customer_says != first


# -- 6. validation of tied lines ------------------------------------------------------

def diagnostics(text: str, tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return [(d.line, d.column, d.code, d.message) for d in load_file(path).diagnostics]


def position(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_an_unknown_remedy_or_fact_in_a_tied_line_is_s008_at_its_place(tmp_path):
    text = with_reactions("""
reactions:
  remedy:
    - line: A refund? Fine.
      when_offered: [refnd]
  question:
    - line: Let me look.
      when_revealed: [order_numbr]
""")
    found = diagnostics(text, tmp_path)
    remedy = next(d for d in found if "'refnd'" in d[3])
    assert remedy[:3] == (*position(text, "refnd"), "S008")
    assert "'refund'" in remedy[3]
    fact = next(d for d in found if "'order_numbr'" in d[3])
    assert fact[:3] == (*position(text, "order_numbr"), "S008")
    assert "defined: order_number, wanted_outcome" in fact[3]


def test_an_amount_no_offer_can_fill_is_w105(tmp_path):
    text = with_reactions("""
reactions:
  remedy:
    - line: "{amount}? Fine."
      when_offered: [replacement]
""")
    [(line, column, code, _)] = diagnostics(text, tmp_path)
    assert (line, column, code) == (*position(text, '"{amount}'), "W105")


def test_a_typo_in_a_tied_line_is_pinned_to_its_key(tmp_path):
    text = with_reactions("""
reactions:
  remedy:
    - line: A refund? Fine.
      when_offerd: [refund]
""")
    [(line, column, code, message)] = diagnostics(text, tmp_path)
    assert (line, column, code) == (*position(text, "when_offerd"), "S003")
    assert "did you mean 'when_offered'" in message


# -- 8. the review's misreadings, on the bundled scenarios -----------------------------

SUITE = "A suite from tomorrow... okay, that would rescue the trip."


def test_an_apology_with_no_offer_does_not_get_the_suite_line():
    turn = started(bundled("hotel-room-not-as-booked")).reply(
        "I'm so sorry, that's our mistake.")
    assert turn.customer_says != SUITE and "suite" not in turn.customer_says


def test_an_80_dollar_credit_gets_a_credit_line_not_the_suite():
    turn = started(bundled("hotel-room-not-as-booked")).reply(
        "I've added an $80 credit to your account.")
    assert turn.customer_says == "$80 credit. Noted."


def test_offering_the_suite_gets_the_suite_line():
    turn = started(bundled("hotel-room-not-as-booked")).reply(
        "I've booked a sea-view suite for you from tomorrow.")
    assert turn.customer_says == SUITE


@pytest.mark.parametrize("reply", [
    "I'm really sorry. Four days offline when your work depends on it must be awful. Could "
    "you give me your account number?",
    "I'm really sorry, four days offline when your work depends on it must be awful, could "
    "you give me your account number?",
])
def test_when_your_work_depends_on_it_asks_about_nothing(reply):
    turn = started(bundled("internet-outage-home-worker")).reply(reply)
    assert turn.revealed == ("account_number",)


def test_an_apology_that_reveals_the_account_number_gets_feeling_and_fact():
    scenario = bundled("double-charge")
    turn = started(scenario).reply("I'm so sorry about this, Tom. Could you give me your "
                                   "account number?")
    assert turn.reaction == "apology" and turn.revealed == ("account_number",)
    assert turn.customer_says in [f"{line} Account number 7730-114."
                                  for line in scenario.reactions.apology]


def test_a_follow_up_alone_gets_a_follow_up_line_not_are_you_going_to_help_me():
    scenario = bundled("hotel-room-not-as-booked")
    session = started(scenario)
    session.reply("I'm so sorry about this. Could you give me your reference number?")
    turn = session.reply("I'll call you back at 9 tomorrow morning to check on how things are.")
    assert turn.reaction == "follow_up" and turn.credited("follow_up")
    assert turn.customer_says in BUILT_IN["follow_up"]


# -- 6. satisfied twice, and the closing recap (tester t18) -------------------------------

DOUBLE_CHARGE = [
    "I'm really sorry Tom, you're right, that was our mistake not the bank's. I've refunded "
    "the second $42.50 today so it should be back in your account within 1 working day. "
    "I'll call you back on Thursday to confirm it's landed.",
    "Calm down Tom, it's only 42 quid, no big deal.",
    "Sorry, I didn't mean it like that Tom. The refund is done and I'll ring you on Thursday "
    "morning to make sure the money is back before Friday. Thanks for bearing with us.",
    "You're welcome Tom. So just to confirm, the 42.50 will be back within one working day "
    "and I'll call you Thursday morning to check. Thanks again for your patience.",
]


def test_a_customer_satisfied_again_does_not_repeat_the_satisfied_line_word_for_word():
    scenario = bundled("double-charge")
    session = started(scenario)
    first, slip, again, _ = (session.reply(r) for r in DOUBLE_CHARGE)
    assert (first.reaction, slip.reaction, again.reaction) == ("satisfied", "dismissive",
                                                               "satisfied")
    assert first.customer_says == next(e.says for e in scenario.endings if e.id == "resolved")
    assert again.customer_says in BUILT_IN["satisfied-again"]


def test_the_closing_recap_of_the_agreed_remedy_is_a_confirmation_not_a_new_remedy():
    """A tester's closing recap got "-20: offered a concrete remedy", where the same recap a
    turn earlier had got "+0: repeated the same remedy"."""
    session = started(bundled("double-charge"))
    *_, closing = (session.reply(r) for r in DOUBLE_CHARGE)
    assert closing.ending is not None and closing.ending.kind == "resolved"
    reasons = [str(c) for c in closing.changes]
    assert "+0: confirmed the remedy already agreed" in reasons
    assert not any("offered a concrete remedy" in r for r in reasons)


def test_a_remedy_new_in_the_closing_reply_is_not_called_a_confirmation():
    """Tester t21 added a $15 credit in the closing reply and read "+0: confirmed the remedy
    already agreed"."""
    session = started(bundled("double-charge"))
    for reply in DOUBLE_CHARGE[:3]:
        session.reply(reply)
    assert session.closing
    closing = session.reply("You're welcome Tom. I've also added a $15 credit to your account "
                            "for the trouble. Thanks again for your patience.")
    reasons = [str(c) for c in closing.changes]
    assert not any(CONFIRMED in r for r in reasons), reasons


@pytest.mark.parametrize(("scenario_id", "question", "fact"), [
    ("hotel-room-not-as-booked", "What's your room number, and what time would suit you for "
     "the move tomorrow?", "room_number"),
    ("internet-outage-home-worker", "What address should the router go to?", "address"),
    ("double-charge", "Did your bank charge you any fees for it?", "bank_fees"),
    ("rude-staff", "What exactly did the receptionist say to you?", "what_was_said"),
])
def test_what_a_customer_obviously_knows_is_a_fact_they_tell(scenario_id, question, fact):
    """Tester t19 asked a guest his room number and was told "That's everything I know"."""
    assert fact in started(bundled(scenario_id)).reply(question).revealed


def test_a_recap_of_the_same_amount_in_other_words_calms_nobody_twice():
    """Tester t19's recap "220 dollars back today" after "$220" got "-10: offered a concrete
    remedy" again."""
    session = started(bundled("hotel-room-not-as-booked"))
    first = session.reply("I'm so sorry, David. I've refunded $220 for tonight to your card.")
    assert first.credited("solution")
    recap = session.reply("So to confirm: 220 dollars refunded to your card today.")
    assert recap.credited("solution")
    assert "+0: repeated the same remedy: nothing new" in [str(c) for c in recap.changes]


def test_an_over_promise_line_quotes_the_amount_only_when_the_amount_is_the_breach():
    """Tester t19: "...I've refunded your 24 dollar delivery fee. It will definitely arrive in
    time for the party." was answered "24 dollar? You'd better be sure about that."."""
    scenario = bundled("late-birthday-delivery")
    turn = started(scenario).reply("I'm so sorry. I've refunded your 24 dollar delivery fee. "
                                   "It will definitely arrive in time for the party.")
    assert turn.reaction == "overpromise"
    assert "24" not in turn.customer_says
    over = started(scenario).reply("I'm so sorry. I've put a $60 voucher on your account.")
    assert over.reaction == "overpromise" and over.customer_says.startswith("$60?")


def test_asking_for_what_the_remedy_needs_is_no_vague_promise():
    """Tester t19 asked for photos "so I can get this sorted for you" and was told "+10: gave
    a vague promise with no remedy"."""
    turn = started(bundled("damaged-on-arrival")).reply(
        "Oh no, I am so sorry. Could you send a couple of photos of the crack so I can get "
        "this sorted for you?")
    assert turn.credited("questions")
    assert not any("vague" in c.reason for c in turn.changes)


def test_a_reply_that_offends_satisfies_nobody_whatever_else_it_offers():
    """Tester t22's "Calm down, it's only $42.50" beside a refund and a follow-up was
    answered "Brilliant, thanks for sorting that so quickly"."""
    session = started(bundled("double-charge"))
    turn = session.reply("I'm really sorry about this, Tom. Calm down, it's only $42.50 and "
                         "you'll have it back soon. I've refunded the second payment today "
                         "and it should land within 1 working day. I'll email you the "
                         "confirmation this afternoon.")
    assert "dismissive" in turn.flags
    assert turn.reaction == "dismissive" and not session.closing
