"""Over-promises found by meaning: times sooner than a remedy can happen, guarantees of
outcomes nobody controls, and promises of staff discipline; and honest offers left alone.

The paraphrases were written before the rules, from the five promises a review found the
old phrase matching missed (the first row of each list below).
"""

from __future__ import annotations

import pytest

from trainer.scenario import bundled_dir, load_scenario, load_text
from trainer.scenario.model import Policy
from trainer.scenario.policy import find_breaches
from trainer.scenario.times import duration_hours, read_times

POLICY = Policy(
    refund_up_to=250, credit_up_to=30, replacement=True, visit=True,
    soonest={"refund": "3 working days", "replacement": "5 working days", "delivery": "2 days",
             "repair": "2 days", "visit": "tomorrow", "callback": "1 hour"})

OVER_PROMISES = [
    # A trainer's e-bike scenario: how a repair turns out is nobody's to promise.
    ("I promise the battery will work perfectly after our mechanic sees it.", "guarantee"),
    ("I promise the repair will definitely fix it.", "guarantee"),
    ("I'm refunding it now and you'll have it back today.", "timing"),
    # The five the review found missed.
    ("Don't worry, the money will be back in your account by tonight.", "timing"),
    ("We'll get a new table out to you tomorrow … well before Sunday.", "timing"),
    ("I'll make sure he's fired.", "discipline"),
    ("Your connection will be back online by the end of today.", "timing"),
    ("It'll 100% arrive.", "guarantee"),
    # Other wordings, tenses and typos of the same kinds of promise.
    ("You'll see the refund in your bank later today.", "timing"),
    ("Your refund will reach you within 24 hours.", "timing"),
    ("I've put the refund through, and you'll have the money first thing tomorrow.", "timing"),
    ("I've put your refund through. You'll have it by tonight.", "timing"),
    ("The replacement will be with you tomorow mornin.", "timing"),
    ("I'll get a replacment out to you in 2 days.", "timing"),
    ("The new one is already on its way and will arrive tomorrow.", "timing"),
    ("Ok fine, I'll have a brand new table delivered to you tomorrow.", "timing"),  # t15
    ("Your money's been refunded and it'll hit your account in a couple of hours.", "timing"),
    ("You'll get your refund by tomorrow at the latest.", "timing"),
    ("An engineer will come out to you this afternoon.", "timing"),
    ("We'll have it fixed within the hour.", "timing"),
    ("The technician is on the cabinet, so you'll be reconnected tonite.", "timing"),
    ("we will definately have your internet back up and running tonight", "timing"),
    ("I'll ring you back in 20 minutes.", "timing"),
    ("I guarantee the courier will get it to you today.", "guarantee"),
    ("It will definitely be there before the party.", "guarantee"),
    ("Its guaranteed to be delivered by 5pm.", "guarantee"),
    ("The driver will turn up on time without fail.", "guarantee"),
    ("It will arrive, guaranteed.", "guarantee"),
    ("I promise this will never happen again.", "guarantee"),
    ("Rest assured, it won't happen again.", "guarantee"),
    ("I'll see to it that she gets sacked.", "discipline"),
    ("He'll be disciplined, I can promise you that.", "discipline"),
    ("I'll have him let go by the end of the week.", "discipline"),
]

IN_POLICY = [
    "I promise to fix it myself.",   # the agent's own doing, not an outcome
    # A refund under way is made today; a tester was capped at 50 for saying so.
    "I am refunding the second $42.50 today.",
    "The refund will reach you in 3-5 working days.",
    "I'll call you tomorrow to check it arrived.",
    "I can't promise tomorrow, but I'll push for it.",
    "I've refunded the $24 delivery fee.",
    "I've refunded the $42.50 to your card today, and it should land within 3 working days.",
    "I'll make sure your refund is processed today, and it'll reach you in 3-5 working days.",
    "I can't promise it'll arrive tomorrow.",
    "I can't promise the replacement will get to you by tomorrow, but I'll ask the warehouse.",
    "The replacement will be with you in 5 working days.",
    "I've booked an engineer for tomorrow morning.",
    "I'll call you back tomorrow afternoon with an update.",
    "We'll have the repair done in 2-3 days.",
    "The backup router will be with you within 48 hours.",
    "I've added a $20 credit to your account today.",
    "I'll email you the delivery date by 5pm today.",
    "I hope the courier gets it to you today, and I'll chase them for you.",
    "I'll try to get an engineer out to you this afternoon.",
    "I'll speak to him myself this afternoon.",
    "I can't promise he'll be fired, but I will speak to him today.",
    "I'm sorry he dismissed you like that.",
    "The courier says it should arrive next week.",
    "I promise I'll call you on Friday.",
    "I guarantee you'll get a full refund of the $24.",
    "We'll do everything we can to make sure this doesn't happen again.",
    "I can't guarantee it won't happen again, but I've reported the bug.",
    "Four days without internet is awful, I'm so sorry.",
    "I'll text you the tracking link within the hour.",
    "Your replacement ships next week and I'll update you tomorrow.",
    "The engineer is booked for the day after tomorrow.",
    "I've refunded the $24 delivery fee to your card this morning.",
    "Your refund will reach you in 3-5 working days, though I'll process it today.",
    "Rest assured, I'll call you as soon as it arrives.",
    "I'll be there myself, I promise.",
    "I've switched it off at account level so this can't happen again.",
    "He has been through a disciplinary interview.",
]


@pytest.mark.parametrize(("reply", "kind"), OVER_PROMISES)
def test_an_over_promise_is_flagged(reply, kind):
    kinds = {b.kind for b in find_breaches(reply, POLICY)}
    assert kind in kinds, kinds


@pytest.mark.parametrize("reply", IN_POLICY)
def test_an_offer_within_policy_is_not_flagged(reply):
    assert [b.message for b in find_breaches(reply, POLICY)] == []


def test_an_amount_counted_twice_is_judged_as_its_sum():
    """Refunding "both $150 payments" is $300, beyond a $250 limit; one of them is not."""
    [breach] = find_breaches("I've refunded both $150 payments today.", POLICY)
    assert breach.message == "a refund of $300: refund is limited to $250"
    assert find_breaches("I've refunded one $150 payment today.", POLICY) == []


def test_a_timing_breach_names_the_remedy_the_time_and_the_soonest():
    [breach] = find_breaches("The money will be back in your account by tonight.", POLICY)
    assert breach.message == "promises the refund by tonight; the soonest is 3 working days"
    text = "The money will be back in your account by tonight."
    assert text[breach.start:breach.end] == "by tonight"


@pytest.mark.parametrize(("reply", "scenario"), [
    ("Don't worry, it'll be back in your account by tonight.", "double-charge"),
    ("We'll get a new table out to you tomorrow, well before Sunday.", "damaged-on-arrival"),
    ("I'll make sure he's fired.", "rude-staff"),
    ("Your internet will be back online by the end of today.", "internet-outage-home-worker"),
    ("It'll 100% arrive.", "late-birthday-delivery"),
    ("I'll move you to a sea-view suite in an hour.", "hotel-room-not-as-booked"),
    # Found by a second tester: more of a limited remedy, and a delivery guaranteed.
    ("I've frozen your membership for 6 months free.", "rude-staff"),
    ("I can freeze your membership for six months, no fee.", "rude-staff"),
    ("I promise the bike will be at your door before 2pm today.", "late-birthday-delivery"),
    # Tester t18: an amount in words beside the number, and a replacement called "new".
    ("Plus I'll add a 50 dollar voucher for the trouble.", "late-birthday-delivery"),
    ("I'm going to send a brand new bike out to you.", "late-birthday-delivery"),
    ("I'll move you to the suite at 10am.", "hotel-room-not-as-booked"),
    ("I've got the suite ready and your move will happen at 8pm tonight.",
     "hotel-room-not-as-booked"),
    # Tester t21: a guarantee in chat shorthand
    ("it'll def be there b4 the party dont worry!!", "late-birthday-delivery"),
    ("it'll defo arrive b4 the party", "late-birthday-delivery"),
])
def test_the_missed_promises_are_flagged_under_their_bundled_scenario(reply, scenario):
    policy = load_scenario(bundled_dir() / f"{scenario}.yaml").policy
    assert [b for b in find_breaches(reply, policy) if b.kind != "never_promise"]


# Good replies written blind for the tier-ordering check (tests/data/tier_conversations.jsonl),
# each once flagged as an over-promise, capping a good conversation at 50.
@pytest.mark.parametrize(("reply", "scenario"), [
    ("If the loan table can't be done in time, I'll confirm the loan date tomorrow.",
     "damaged-on-arrival"),
    ("You'll get a text with the courier slot tonight.", "internet-outage-home-worker"),
    ("About the $600 and the free month: I'm not able to cover lost earnings or give a month "
     "free.", "internet-outage-home-worker"),
    ("I'm sorry your visit didn't meet your expectations.", "rude-staff"),
    ("I'll send you a new tracking link within the hour.", "late-birthday-delivery"),
    ("I'll add a 25 dollar voucher for the trouble.", "late-birthday-delivery"),
    # tester t19: the dinner's time, and a clock time on the day named after it
    ("I've reserved the suite from tomorrow and the dinner is booked for 8pm tonight. I'll "
     "come up to your room myself at 10am tomorrow to move your bags.",
     "hotel-room-not-as-booked"),
    # tester t20: a time before an "and", the refund in the clause after it
    ("You'll get the confirmation email within the hour and I'll check on Friday that the "
     "refund has landed.", "double-charge"),
    # tester t22: what a call is for is no guarantee, and "normally" is no promise
    ("I'm so sorry. I'll call you tomorrow at noon to make sure you're back online.",
     "internet-outage-home-worker"),
    ("I've booked a same-day courier, which normally reaches addresses in your area within "
     "a few hours.", "late-birthday-delivery"),
    # tester t21: a payment reversed is a refund, not the credit named after it
    ("I'm so sorry Tom, that's our mistake. I've reversed the second $42.50 and added a $15 "
     "credit for the hassle.", "double-charge"),
])
def test_telling_refusing_and_someones_own_visit_are_no_over_promise(reply, scenario):
    policy = load_scenario(bundled_dir() / f"{scenario}.yaml").policy
    assert [b.message for b in find_breaches(reply, policy)] == []


@pytest.mark.parametrize("reply", [
    "I've frozen your membership for 3 months with no fee.",
    "I can freeze your membership for two months while you're away.",
    "I can't freeze it for 6 months, but I can for 3.",
    "Our evening classes run for 6 months.",
])
def test_a_limited_other_remedy_within_its_limit_is_not_flagged(reply):
    policy = load_scenario(bundled_dir() / "rude-staff.yaml").policy
    assert not [b for b in find_breaches(reply, policy) if b.kind != "never_promise"]


@pytest.mark.parametrize(("text", "hours"), [
    ("tonight", (12, 12)), ("by the end of today", (12, 12)), ("tomorrow", (24, 24)),
    ("first thing tomorrow", (24, 24)), ("within the hour", (1, 1)), ("in 2 hours", (2, 2)),
    ("this afternoon", (12, 12)), ("in 3-5 working days", (72, 120)),
    ("within 24 hours", (24, 24)), ("next week", (168, 168)), ("in a couple of days", (48, 48)),
    ("in twenty minutes", (1 / 3, 1 / 3)),
])
def test_times_are_read_as_hours_from_now(text, hours):
    [time] = read_times(f"It will be done {text}.")
    assert (time.earliest, time.latest) == pytest.approx(hours)


def test_a_weekday_is_read_only_when_the_policy_says_what_day_it_is():
    assert read_times("by Friday") == []
    [friday] = read_times("by Friday", today="saturday")
    assert friday.latest == 6 * 24
    policy = Policy(replacement=True, today="wednesday", soonest={"replacement": "5 days"})
    assert find_breaches("The replacement will be with you by Saturday.", policy)
    assert not find_breaches("The replacement will be with you by Tuesday.", policy)


def test_a_number_of_days_is_a_promise_only_after_a_word_like_in_or_within():
    assert read_times("Four days offline is awful.") == []
    assert read_times("It takes four days.")[0].latest == 96


@pytest.mark.parametrize("said", ["5 days from today", "five days from now", "5 days away",
                                  "5 days' time"])
def test_days_from_today_are_those_days_not_today(said):
    """A tester's exam failed on "booked for the first slot, 5 days from today", read as a
    replacement promised today."""
    [time] = read_times(f"The replacement is booked for the first slot, {said}.")
    assert time.latest == 5 * 24 and time.introduced
    policy = Policy(replacement=True, soonest={"replacement": "5 days"})
    assert not find_breaches(f"The replacement is booked for the first slot, {said}, and "
                             "we'll collect the cracked one at the same time.", policy)
    assert find_breaches("The replacement is booked for 2 days from today.", policy)


@pytest.mark.parametrize(("text", "hours"), [
    ("3 working days", 72), ("3-5 working days", 72), ("24 hours", 24), ("tomorrow", 24),
    ("next day", 24), ("today", 12), ("1 hour", 1), ("next week", 168),
])
def test_a_soonest_value_is_read_as_its_earliest_hours(text, hours):
    assert duration_hours(text) == hours


def test_an_unreadable_soonest_is_an_error_at_its_place():
    text = (bundled_dir() / "double-charge.yaml").read_text(encoding="utf-8")
    text = text.replace("  refund: 1 working day", "  refund: soonish", 1)
    loaded = load_text(text, "bad.yaml")
    assert loaded.scenario is None
    [problem] = [d.format() for d in loaded.diagnostics]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "refund: soonish" in row)
    assert problem == (f"bad.yaml:{line}:13: S007 error: policy.soonest.refund: must be a time "
                       "such as '3 working days', '24 hours', 'next day', 'tomorrow' or "
                       "'next week', got 'soonish'")


def test_an_unknown_remedy_in_soonest_is_an_error_at_its_key():
    text = (bundled_dir() / "double-charge.yaml").read_text(encoding="utf-8")
    text = text.replace("  refund: 1 working day", "  refnd: 1 working day", 1)
    [problem] = [d.format() for d in load_text(text, "bad.yaml").diagnostics]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "refnd:" in row)
    assert problem.startswith(f"bad.yaml:{line}:5: S007 error: policy.soonest.refnd: ")
    assert "'refund'" in problem


def test_an_amount_with_cents_is_read_whole_so_a_few_cents_over_is_flagged():
    policy = load_scenario(bundled_dir() / "double-charge.yaml").policy
    [breach] = find_breaches("I have refunded $42.99 to your account.", policy)
    assert breach.message == "a refund of $42.99: refund is limited to $42.50"
    assert not find_breaches("I have refunded $42.50 to your account.", policy)


def test_an_amount_is_of_the_remedy_named_nearest_to_it():
    """A tester refunded the duplicate $42.50 and added a goodwill credit, as the briefing
    allows, and was capped at 50 for "a credit of $42.5"."""
    policy = load_scenario(bundled_dir() / "double-charge.yaml").policy
    reply = ("I'm so sorry Tom, that's our mistake - a duplicate payment run on the 3rd took "
             "your bill twice. I've refunded the second $42.50 today and added a goodwill "
             "credit. I'll email you the confirmation this afternoon.")
    assert not [b for b in find_breaches(reply, policy) if b.kind in ("credit", "refund")]
    [breach] = find_breaches("I've refunded your $42.50 and added a $50 goodwill credit.",
                             policy)
    assert breach.message == "a credit of $50: credit is limited to $15"


def test_a_clock_time_on_a_day_named_after_it_is_that_days():
    """"at 10am tomorrow" is tomorrow's 10am, not today's (tester t19)."""
    assert [t.text for t in read_times("I'll move your bags at 10am tomorrow.")] == [
        "tomorrow"]
    assert [t.text for t in read_times("I'll move your bags at 8pm tonight.")] == [
        "at 8pm", "tonight"]
