"""The rubric's hard cases (shared/RUBRIC.md), one row per behaviour, with evidence checked."""

from __future__ import annotations

import pytest

from scoring import FLAGS, RubricAdjustments, score_reply


def credited(reply: str) -> set[str]:
    result = score_reply(reply)
    return {k for k, v in result.scores.items() if v >= 0.5} | set(result.flags)


CASES = [
    # (name, reply, must include, must exclude)
    ("owning apology earns apology", "I'm so sorry, that's our mistake.", {"apology"}, set()),
    ("sorry if you feel is a non-apology", "I'm sorry if you feel that way.", set(),
     {"apology", "empathy"}),
    ("sorry for any inconvenience may have caused is a non-apology",
     "We're sorry for any inconvenience this may have caused.", set(), {"apology"}),
    ("i won't apologise is a refusal", "I won't apologise for following the rules.", set(),
     {"apology"}),
    ("i'm not sorry is a refusal", "I'm not sorry, it was a security fix.", set(), {"apology"}),
    ("sorry question mark means pardon", "Sorry? Which order do you mean?", {"questions"},
     {"apology"}),
    ("sorry but you should have is blame not apology",
     "I'm sorry, but you should have read the instructions.", {"blame"}, {"apology"}),
    ("sorry but let me fix it keeps the apology",
     "I'm sorry, but let me fix it right now: I've refunded the $12 fee.",
     {"apology", "solution"}, {"blame"}),
    ("sorry the courier messed up blames a third party",
     "Sorry, the courier messed up, that's their fault.", {"blame"}, {"apology"}),
    ("naming a cause while owning the fix is not blame",
     "The courier lost the parcel, and that's on us to fix. I'm sorry.", {"apology"},
     {"blame"}),
    ("sorry to hear is sympathy", "So sorry to hear that, what a horrible experience.",
     {"empathy"}, set()),
    ("typos still apologise", "im so sory, thats on us", {"apology"}, set()),
    ("american spelling apologizes", "I apologize for the delay.", {"apology"}, set()),
    ("feeling named about them is empathy", "That must have been so frustrating for you.",
     {"empathy"}, set()),
    ("i'd be upset too is empathy", "Honestly I'd be upset too.", {"empathy"}, set()),
    ("bare i understand but is not empathy", "I understand, but policy is policy.",
     {"defensive"}, {"empathy"}),
    ("i hear you followed by an argument is not empathy",
     "I hear you, but our technicians don't make that kind of mistake.", {"defensive"},
     {"empathy"}),
    ("calm down is dismissive", "Calm down, it's not a big deal.", {"dismissive"}, set()),
    ("negated calm down is not dismissive",
     "I'm not going to tell you to calm down, you have every right to be angry.",
     {"empathy"}, {"dismissive"}),
    ("you're not overreacting is empathy", "You're not overreacting at all.", {"empathy"},
     {"dismissive"}),
    ("specific information request is a question",
     "Could you tell me your order number and the delivery date?", {"questions"}, set()),
    ("polite imperative counts as a question", "Please send me a photo of the label.",
     {"questions"}, set()),
    ("dm us your order number counts", "DM us your order number.", {"questions"}, set()),
    ("bare dm us does not count", "DM us.", set(), {"questions"}),
    ("rhetorical question does not count", "What did you expect?", set(), {"questions"}),
    ("hostile question does not count", "Did you even read the manual?", set(),
     {"questions"}),
    ("closing pleasantry does not count", "Is there anything else I can help with today?",
     set(), {"questions"}),
    ("permission to hold does not count", "Can I put you on hold for a moment?", set(),
     {"questions"}),
    ("remedy asked about is a question not a solution", "Would a refund help?",
     {"questions"}, {"solution"}),
    ("concrete remedy with amount and time", "I'll refund the $40 to your card today.",
     {"solution"}, set()),
    ("booked technician is a solution", "I've booked a technician for Thursday 9-12.",
     {"solution"}, set()),
    ("we'll look into it is vague", "We'll look into it and do our best.", set(),
     {"solution"}),
    ("pushing work to the customer is not a solution",
     "You'll need to contact the manufacturer.", set(), {"solution"}),
    ("can't refund is not a solution", "I can't refund you.", set(), {"solution"}),
    ("hedged remedy is not a commitment", "We will try to get a refund to you at some point.",
     set(), {"solution"}),
    ("follow-up with a time", "I'll call you Friday to make sure it arrived.",
     {"follow_up"}, set()),
    ("follow-up with an event", "I'll email you as soon as the refund clears.",
     {"follow_up"}, set()),
    ("follow-up left to the customer", "Feel free to contact us if you need anything.",
     set(), {"follow_up"}),
    ("vague someone with no time", "Someone will be in touch.", set(), {"follow_up"}),
    ("call back with no time is not enough", "I'll call you back.", set(), {"follow_up"}),
    ("informal follow-up", "ill msg u tmrw once its cleared", {"follow_up"}, set()),
    ("you should have is blame", "You should have checked the system requirements.",
     {"blame"}, set()),
    ("you should have received is not blame",
     "You should have received a letter, and that's on us.", set(), {"blame"}),
    ("not our fault is blame", "That's not our fault, it's the supplier's.", {"blame"},
     set()),
    ("policy is policy is defensive", "Policy is policy.", {"defensive"}, set()),
    ("denying the error is defensive", "Our system doesn't make mistakes.", {"defensive"},
     set()),
    ("nothing i can do is defensive", "There's nothing I can do about that.",
     {"defensive"}, set()),
    ("obviously is dismissive", "Obviously you just need to reset it.", {"dismissive"},
     set()),
    ("keyword stuffing earns nothing",
     "sorry apologise empathy understand frustrating refund replacement follow up", set(),
     {"empathy", "apology", "solution", "follow_up", "questions"}),
    ("repeated sorry is stuffing", "Sorry sorry sorry. Refund replace repair.", set(),
     {"apology", "solution"}),
    ("sarcasm about the customer is dismissive", "Great, another person who can't read.",
     {"dismissive"}, set()),
    ("policing their tone is dismissive", "Please don't take that tone with me.",
     {"dismissive"}, set()),
    ("a delay caused by the carrier is blame", "The delay was caused by the carrier.",
     {"blame"}, set()),
    ("a cause named while owning it is not blame",
     "The delay was caused by the carrier, but that's on us. I'm sorry.", {"apology"},
     {"blame"}),
    ("in your shoes is empathy", "If I were in your shoes I'd want answers too.",
     {"empathy"}, set()),
    ("a named colleague calling at a time is a follow-up",
     "Our engineer will call you on Monday to arrange a visit.", {"follow_up"}, set()),
    ("take care of it is vague", "We'll take care of it today.", set(), {"solution"}),
    ("our mistake full stop is ownership not argument",
     "I'm sorry. This was our mistake, full stop.", {"apology"}, {"defensive"}),
    ("that's not how it works is defensive", "That isn't how it works.", {"defensive"},
     set()),
    ("not what we like to hear is sympathy", "Oh no! That's not what we like to hear.",
     {"empathy"}, set()),
    ("not cool is sympathy", "Not cool! Can you send us a photo of the box?",
     {"empathy", "questions"}, set()),
    ("a bare interjection is not empathy", "ugh sorry!! thats on us", {"apology"},
     {"empathy"}),
    ("sorry as a refusal preface is not an apology",
     "Sorry, we can't discuss account details here. Please DM us.", set(), {"apology"}),
    ("apologising for the inconvenience is an apology",
     "We apologize for the inconvenience.", {"apology"}, set()),
    ("an agent replying within a time is a follow-up",
     "An agent will reply to your DM within 24 hours.", {"follow_up"}, set()),
    ("following up by email once done is a follow-up",
     "We'll follow up by email once it's processed.", {"follow_up"}, set()),
    ("checking right away is not a follow-up", "We'll check on it right away.", set(),
     {"follow_up"}),
    ("on your end puts the fault on the customer",
     "This is usually caused by a weak signal on your end.", {"blame"}, set()),
    ("a fix rolling out is a remedy", "A fix is rolling out now.", {"solution"}, set()),
    ("you must not have called is blame and denial",
     "There's no record, so you must not have called.", {"blame", "defensive"}, set()),
]


REGISTER_CASES = [
    # Public support-desk replies: short, signed, DM-heavy.
    ("no one's idea of a good time is sympathy",
     "Waiting on hold for an hour is no one's idea of a good time.", {"empathy"}, set()),
    ("a flat refusal without an alternative is defensive",
     "We're sorry, but gift cards can't be refunded or exchanged.", {"defensive"},
     {"apology"}),
    ("a refusal with an alternative is not defensive",
     "I'm unable to refund the fee, but I've added a $10 credit to your account.",
     {"solution"}, {"defensive"}),
    ("terms clearly state is defensive",
     "Please note our terms clearly state bookings are non-transferable.", {"defensive"},
     set()),
    ("fine on our end so it's your connection is blame and denial",
     "The servers are fine on our end, so it's likely your internet connection.",
     {"blame", "defensive"}, set()),
    ("a passive future remedy with a time is a solution",
     "The duplicate will be reversed within 24 hours.", {"solution"}, set()),
    ("a confirmed appointment is a solution",
     "Your engineer appointment is confirmed for Friday 8am-12pm.", {"solution"}, set()),
    ("nothing to worry about minimises and is not empathy",
     "Honestly this happens all the time, it's nothing to worry about.", {"dismissive"},
     {"empathy"}),
    ("resetting the password is a remedy", "We've reset your password.", {"solution"}, set()),
    # Trades, clinics, landlords, counters: remedies said as who will come and when.
    ("sorry with the impact named is sympathy",
     "Sorry the lift is out again, especially with your knee.", {"empathy"}, set()),
    ("agreeing the customer is right acknowledges them",
     "You're absolutely right that nobody told you about the fee.", {"empathy"}, set()),
    ("being right to raise it is not a feeling",
     "You're right to raise it.", set(), {"empathy"}),
    ("someone coming with a time is a remedy",
     "A plumber will be with you by 10am tomorrow.", {"solution"}, set()),
    ("a visit booked for a day is a remedy",
     "An electrician is booked for Tuesday morning.", {"solution"}, set()),
    ("ready for collection with a time is a remedy",
     "Your glasses will be ready for collection at noon.", {"solution"}, set()),
    ("asking a named team to put it right is a remedy",
     "I've asked our studio to reprint the album this week.", {"solution"}, set()),
    ("moving a customer back to a price is a remedy",
     "We've put you back on your old tariff from today.", {"solution"}, set()),
    ("calling round at a time is a follow-up",
     "I'll pop round on Friday to see how it's holding up.", {"follow_up"}, set()),
    ("sending the details at a time is a follow-up",
     "I'll send you the revised quote by Monday.", {"follow_up"}, set()),
    ("a day the customer's face is the worst is sympathy",
     "Having your card declined at the till is the worst.", {"empathy"}, set()),
    # Chat and formal e-commerce.
    ("an emoji ends a sentence, so the question after it counts",
     "ugh that's rubbish 🙈 what's ur order number?", {"questions", "empathy"}, set()),
    ("feeling bad for them is sympathy", "I feel so bad for you both.", {"empathy"}, set()),
    ("not the holiday they booked is sympathy",
     "That's not the holiday you booked at all.", {"empathy"}, set()),
    ("we regret the delay apologises", "We sincerely regret the delay.", {"apology"}, set()),
    ("doing it at no cost is a remedy", "I'll redo the stitching free of charge.",
     {"solution"}, set()),
    ("knocking a charge off is a remedy", "I've knocked the booking fee off your bill.",
     {"solution"}, set()),
    ("owning the problem is not a free remedy", "im so sory, thats on us.", {"apology"},
     {"solution"}),
    # Precision batch: wording close to the rules, used innocently.
    ("a refusal then, after but, a remedy is not defensive",
     "We're not liable for the storm damage, but I've booked a glazier for Monday morning.",
     {"solution"}, {"defensive"}),
    ("escalation with an outcome is a remedy",
     "I've escalated it to our billing team, who will waive the fee today.", {"solution"},
     set()),
    ("escalation that only leads to a call is not a remedy",
     "I've escalated this to my supervisor, who will call you later.", set(), {"solution"}),
    ("a refund already done is a remedy", "Your deposit has now been refunded.",
     {"solution"}, set()),
    ("a delivery reported is not a remedy", "Your parcel was delivered at 2pm.", set(),
     {"solution"}),
    ("on the house is a remedy", "Your drinks tonight are on the house.", {"solution"},
     set()),
    ("anyone would feel the same is empathy",
     "Anyone in your position would feel the same.", {"empathy"}, set()),
    # Formal letters and front desks.
    ("understanding a named feeling about something is empathy",
     "I fully understand your anger at being cut off twice.", {"empathy"}, set()),
    ("understanding your frustration as a formula is not",
     "We understand your frustration.", set(), {"empathy"}),
    ("a driver bringing it with a time is a remedy",
     "A courier will bring it to your office by 3pm.", {"solution"}, set()),
    ("an item found is a remedy", "Your suitcase has now been found.", {"solution"}, set()),
    ("covering a named cost is a remedy", "We'll cover the hotel costs for both nights.",
     {"solution"}, set()),
    ("what we sent before is not a remedy",
     "The letter we sent last week explained the change.", set(), {"solution"}),
    # Replies in the development set's style.
    ("a remedy on a condition of fact is halved",
     "If the seal has failed, we'll replace the unit free of charge.", set(), {"solution"}),
    ("an offer the customer may take is not a condition",
     "If you'd prefer, we'll replace the unit tomorrow.", {"solution"}, set()),
    ("ready by a time with 'it' is a remedy", "It'll be ready by 4pm.", {"solution"},
     set()),
    ("someone working on it now is a remedy", "Our technician is replacing the screen now.",
     {"solution"}, set()),
    ("releasing a held payment is a remedy", "I've released the payment just now.",
     {"solution"}, set()),
    ("a call at a time that suits them is a follow-up",
     "I'll call you at a time that works for you.", {"follow_up"}, set()),
    ("of all days names the impact", "On your wedding day of all days.", {"empathy"},
     set()),
    ("that must have been chaos is sympathy", "That must have been chaos at home.",
     {"empathy"}, set()),
    ("too long, especially for someone, names the impact",
     "A month is far too long, especially for a family with a baby.", {"empathy"}, set()),
    ("is there anything I can help with is a pleasantry",
     "Is there anything I can help you with?", set(), {"questions"}),
    ("sending a tow truck is a remedy", "I'll send a tow truck to you now.", {"solution"},
     set()),
    ("the engineer fitting it on a day is a remedy",
     "The engineer will fit it on Monday afternoon.", {"solution"}, set()),
    ("emailing every resident once it works is a follow-up",
     "We'll email all tenants once the water is back on.", {"follow_up"}, set()),
    ("staying on the chat until it arrives is a follow-up",
     "I'll stay on the chat with you until the code arrives.", {"follow_up"}, set()),
    ("a bare you're right is agreement, not empathy",
     "You're right, and I apologise.", {"apology"}, {"empathy"}),
    ("not what anyone wants to find is sympathy",
     "That's not what anyone wants to come home to.", {"empathy"}, set()),
    ("a transfer completed is a remedy", "Your transfer has now been completed.",
     {"solution"}, set()),
    ("anyone who can see you at a time is a remedy",
     "Our optician can see you at 10 tomorrow.", {"solution"}, set()),
    ("having it finished by a day is a remedy", "We'll have it repaired by Friday.",
     {"solution"}, set()),
    ("correcting the customer's details is a remedy",
     "I've corrected the spelling on your booking.", {"solution"}, set()),
    ("a confirmation coming by email is a follow-up",
     "You'll receive a confirmation email within the hour.", {"follow_up"}, set()),
    ("no way to live names the impact", "A flat with no heating is no way to live.",
     {"empathy"}, set()),
    ("reporting being ill is not sympathy", "Two guests reported being ill.", set(),
     {"empathy"}),
    ("a cab on its way is a remedy", "A cab is on its way to you now.", {"solution"}, set()),
    ("covering every visit is a remedy", "Our new nurse will do every evening visit from Monday.",
     {"solution"}, set()),
    ("a call the day before is a follow-up", "I'll phone you the day before to confirm.",
     {"follow_up"}, set()),
    ("no that negates a noun leaves the feeling", "A week with no heating is miserable.",
     {"empathy"}, set()),
    ("no way to refund still negates it", "We have no way to refund you today.", set(),
     {"solution"}),
    ("the money arriving is a remedy", "You'll have your deposit within 5 days.",
     {"solution"}, set()),
    ("clearing a block while they wait is a remedy",
     "I can lift the block while you're on the phone.", {"solution"}, set()),
    ("moving them to another room is a remedy", "I've moved you to a quieter room.",
     {"solution"}, set()),
    ("a refund released is a remedy", "Your refund was released this morning.",
     {"solution"}, set()),
    ("what we have taken is not a remedy",
     "I'll tell you by Monday what steps we've taken.", set(), {"solution"}),
    ("asking a named person to search is a remedy",
     "I've asked the duty manager to search lost property today.", {"solution"}, set()),
    ("writing to confirm by a day is a follow-up",
     "I'll write to let you know the outcome by Friday.", {"follow_up"}, set()),
    ("did you follow the label is not a question", "Did you read the instructions?",
     set(), {"questions"}),
    ("too long to wait names the impact", "Ten days is far too long to go without a cooker.",
     {"empathy"}, set()),
    ("a long wait when unwell names the impact", "That's a miserable wait when you're ill.",
     {"empathy"}, set()),
    ("ready now is a remedy", "Your replacement card is ready now.", {"solution"}, set()),
    ("ready inside a follow-up is not a remedy",
     "I'll text you as soon as it's ready to collect.", {"follow_up"}, {"solution"}),
    ("sending their response by a day is a follow-up",
     "I'll send you their answer by Thursday.", {"follow_up"}, set()),
    ("a call if a slot comes up is a follow-up",
     "If a space opens up, I'll call you that day.", {"follow_up"}, set()),
    ("unacceptable is a judgement, not a feeling", "Four cancellations is unacceptable.",
     set(), {"empathy"}),
]


@pytest.mark.parametrize(("reply", "present", "absent"),
                         [c[1:] for c in CASES + REGISTER_CASES],
                         ids=[c[0] for c in CASES + REGISTER_CASES])
def test_rubric_case(reply, present, absent):
    got = credited(reply)
    assert present <= got, f"missing {present - got} in {got}"
    assert not (absent & got), f"unexpected {absent & got}"


def test_every_credit_points_at_the_words_that_earned_it():
    reply = "I'm so sorry. I've refunded the $40 today and I'll call you on Friday."
    result = score_reply(reply)
    for dimension in ("apology", "solution", "follow_up"):
        credits = [e for e in result.evidence_for(dimension) if e.effect == "credit"]
        assert credits, dimension
        for e in credits:
            assert reply[e.start:e.end] == e.text
            assert e.rule
    assert any("sorry" in e.text for e in result.evidence_for("apology"))
    assert any("refunded" in e.text for e in result.evidence_for("solution"))


def test_typo_evidence_spans_the_misspelt_word():
    reply = "im so sory"
    apology = [e for e in score_reply(reply).evidence_for("apology") if e.effect == "credit"]
    assert apology and "sory" in apology[0].text


def test_flags_are_reported_with_the_words_that_raised_them():
    reply = "Relax, it's only three days."
    result = score_reply(reply)
    assert result.flags == ("dismissive",)
    flagged = [e for e in result.evidence if e.effect == "flag"]
    assert any(e.text.lower().startswith("relax") for e in flagged)


def test_missed_dimensions_get_a_tip_fitted_to_the_reason():
    vague = score_reply("We'll look into it.")
    assert "by when" in vague.tips["solution"]
    left = score_reply("Let us know if it doesn't arrive.")
    assert "next step" in left.tips["follow_up"]
    asked = score_reply("Would a refund help?")
    assert "offer it" in asked.tips["solution"]


def test_tip_reuses_the_customers_feeling():
    result = score_reply("Okay.", customer="I'm so frustrated with you people.")
    assert "frustrated" in result.tips["empathy"]


def test_scenario_phrases_earn_their_dimension():
    reply = "I've arranged a loan table for Sunday."
    plain = score_reply("We can look at a loan table.")
    adjusted = score_reply("We can look at a loan table.",
                           adjustments=RubricAdjustments({"solution": ("loan table",)}))
    assert score_reply(reply).credited("solution")
    assert not plain.credited("solution")
    assert adjusted.credited("solution")


@pytest.mark.parametrize("word", ["contract", "mourning", "noting", "tough", "spending",
                                  "inconvenient", "claim", "terribly", "tanks"])
def test_real_words_near_a_cue_word_are_left_alone(word):
    """Typo correction must not turn one English word into another ("tough" into
    "though" lost the sympathy in "that's tough")."""
    from scoring.text import canonicalise

    assert canonicalise(word).text == word


def test_flags_are_a_subset_of_the_rubric_flags():
    assert set(score_reply("You should have read it. Relax.").flags) <= set(FLAGS)


@pytest.mark.parametrize(("word", "expected"), [("sory", "sorry"), ("apologise", "apologise"),
                                                ("hour", "hour"), ("receive", "receive"),
                                                ("minute", "minute"), ("tomorow", "tomorrow"),
                                                ("receives", "receives"), ("numbr", "number")])
def test_typos_are_corrected_but_other_forms_of_a_word_are_not(word, expected):
    from scoring.text import canonicalise
    assert canonicalise(word).text == expected



FLAG_CASES = [
    ("take it easy is dismissive", "Take it easy, it's just a late parcel.", {"dismissive"}),
    ("a mountain out of a molehill is dismissive",
     "You're making a mountain out of a molehill.", {"dismissive"}),
    ("doubting why they are upset is dismissive",
     "I'm not sure why you're so upset, it's a very minor charge.", {"dismissive"}),
    ("understanding why they are upset is not dismissive",
     "I completely understand why you're upset.", set()),
    ("delays being normal is dismissive", "No biggie, these delays are normal.",
     {"dismissive"}),
    ("as per our terms is defensive", "As per our terms and conditions, this is not covered.",
     {"defensive"}),
    ("cannot be held responsible is defensive",
     "We cannot be held responsible for third-party delays.", {"defensive"}),
    ("following company guidelines is defensive",
     "Our staff member was simply following company guidelines.", {"defensive"}),
    ("had you updated is blame, not a denial",
     "Had you updated the app like we asked, this wouldn't have happened.", {"blame"}),
    ("take it up with them is blame", "Your bank is the one holding the money. Take it up "
     "with them.", {"blame"}),
    ("take that up with them is blame", "You'd need to take that up with the landlord.",
     {"blame"}),
    ("the details you gave being wrong is blame",
     "The postcode you entered was incorrect, so it went elsewhere.", {"blame"}),
    ("next time check is blame", "Next time, make sure the box is taped properly.",
     {"blame"}),
    ("if you had come earlier is blame", "If you'd come earlier we would have had stock.",
     {"blame"}),
    ("getting angry won't help is dismissive", "Shouting at me won't help, madam.",
     {"dismissive"}),
    ("everyone gets it is dismissive", "Most customers have this at first, it settles.",
     {"dismissive"}),
    ("a bit of something is dismissive", "It's just a bit of rust.", {"dismissive"}),
    ("nobody will notice is dismissive", "No one will even notice the stain.", {"dismissive"}),
    ("not setting the rules is defensive", "I don't set the fees, I just work here.",
     {"defensive"}),
    ("so no is a refusal", "So no, we can't change it now.", {"defensive"}),
    ("not knowing what to tell them is defensive", "Not sure what else to tell you.",
     {"defensive"}),
    ("denying damage is defensive", "Our driver never dropped the box.", {"defensive"}),
    ("not responsible for is defensive", "The hotel is not responsible for lost keys.",
     {"defensive"}),
    ("a busy kitchen as the excuse is blame", "The chefs were swamped, that's why it was late.",
     {"blame"}),
    ("the problem lying with a third party is blame",
     "The problem lies with the courier.", {"blame"}),
    ("the customer's own doing is blame", "You ticked the box yourself.", {"blame"}),
    ("being the only one to complain is dismissive",
     "You're the only customer who has complained.", {"dismissive"}),
    ("as I explained before is dismissive", "As I said before, the offer has ended.",
     {"dismissive"}),
    ("it does not affect how it works is dismissive",
     "The dent won't affect how the washer runs.", {"dismissive"}),
    ("we get thousands of orders is defensive", "We process thousands of parcels a day.",
     {"defensive"}),
    ("the charge stands is defensive", "The penalty still stands.", {"defensive"}),
    ("no fault found is defensive", "No defect was found on inspection.", {"defensive"}),
    ("not how the policy works is defensive", "That's not how the refund works.",
     {"defensive"}),
    ("told the wrong time by another team is blame",
     "Your fitter was given the wrong address by the office.", {"blame"}),
    ("being unreasonable is dismissive", "Honestly, you're being a bit ridiculous.",
     {"dismissive"}),
    ("nothing further to offer is defensive", "There is nothing more we can offer.",
     {"defensive"}),
    ("a case closed is defensive", "We regard this complaint as closed.", {"defensive"}),
    ("suddenly broken is defensive", "Two years later it's suddenly not working?",
     {"defensive"}),
    ("with respect is defensive", "With all due respect, the room was fine.", {"defensive"}),
    ("a clause number is defensive", "See clause 7.1 of the agreement.", {"defensive"}),
    ("part of the character is defensive", "The knots are part of its character.",
     {"defensive"}),
    ("give it a few days is dismissive", "Just give it a couple of days.", {"dismissive"}),
    ("some of it being normal is dismissive", "A little creaking is perfectly normal.",
     {"dismissive"}),
    ("that's what you ordered is defensive, and names the customer's act",
     "That's exactly what you ordered.", {"defensive", "blame"}),
    ("explained in our policy is defensive", "This is set out in our terms.", {"defensive"}),
    ("mistakes happen is dismissive", "Look, mistakes happen.", {"dismissive"}),
    ("staff being human is dismissive", "Our cashiers are only human.", {"dismissive"}),
    ("repairs taking longer is defensive", "Claims can take a while.", {"defensive"}),
    ("your decision is blame", "It was your choice to upgrade.", {"blame"}),
    ("did you do it as the manual says is blame",
     "Did you charge it as the manual says?", {"blame"}),
    ("a third person must have pressed it is blame",
     "He must have pressed the wrong button.", {"blame"}),
    ("only giving guidance is defensive", "Our staff can only advise on the day.",
     {"defensive"}),
    ("qualified tradespeople is defensive", "Our electricians are fully qualified.",
     {"defensive"}),
    ("prices rising for everyone is defensive", "Prices are going up for everyone.",
     {"defensive"}),
    ("a separate company is defensive", "The courier is a separate business.",
     {"defensive"}),
    ("things don't just break is defensive", "Handles don't just snap.", {"defensive"}),
    ("she didn't mean it is dismissive", "I'm sure he didn't mean it that way.",
     {"dismissive"}),
    ("it will have been dropped is blame", "The phone will have been dropped.", {"blame"}),
    ("you must have knocked it is blame", "You must have knocked it.", {"blame"}),
    ("you have to be patient is dismissive", "You'll need to be patient, madam.",
     {"dismissive"}),
    ("we can't guarantee is defensive", "We cannot guarantee delivery dates.", {"defensive"}),
    ("non-refundable is defensive", "Tickets are non-refundable.", {"defensive"}),
    ("a deadline the customer missed is defensive", "You had 30 days to return it.",
     {"defensive"}),
    ("fine before the fitter left is defensive",
     "Our fitter checked the tap before he left.", {"defensive"}),
    ("unlikely to be our food is defensive", "It's unlikely to be our kitchen.",
     {"defensive"}),
    ("staff run off their feet is an excuse", "Our drivers are run off their feet.",
     {"defensive"}),
    ("it was already broken is defensive", "The gate was already broken.", {"defensive"}),
    ("the shelf price is the right one is defensive", "The online price is the right one.",
     {"defensive"}),
    ("that's standard is defensive", "Late fees apply after 14 days. That's standard.",
     {"defensive"}),
    ("only going by what the system says is defensive",
     "I can only go by what the screen shows.", {"defensive"}),
    ("works fine for everyone else is defensive", "It works fine for everyone else.",
     {"defensive"}),
    ("inspected before the stay is defensive",
     "The cabin was cleaned before your arrival.", {"defensive"}),
    ("it has only been a few days is defensive", "It's only been three days.",
     {"defensive"}),
    ("staff are not experts is defensive", "Our staff aren't qualified electricians.",
     {"defensive"}),
    ("you should always check is blame", "You should always check the dates.", {"blame"}),
    ("they'll call when they can is dismissive", "He'll get back to you when he can.",
     {"dismissive"}),
    ("nothing we could do is defensive", "There was nothing we could do.", {"defensive"}),
    ("did you follow the label is blame", "Did you check the washing instructions?",
     {"blame"}),
    ("that's perfectly normal is dismissive", "That's perfectly normal for a new sofa.",
     {"dismissive"}),
    ("it takes time to get used to is dismissive",
     "It takes a while to get used to varifocals.", {"dismissive"}),
    ("take it or leave it is dismissive", "Take it or leave it.", {"dismissive"}),
    ("as set out in your agreement is defensive",
     "The fee is as set out in your contract.", {"defensive"}),
    ("too many deliveries is an excuse", "We had too many deliveries today.", {"defensive"}),
    ("the only seats left is defensive", "Those were the only rooms available.",
     {"defensive"}),
    ("that happens sometimes is dismissive", "Eh, it happens now and then.", {"dismissive"}),
    ("that's allowed is defensive", "It's allowed. That's permitted.", {"defensive"}),
    ("that's how X work is defensive", "That's how contracts work.", {"defensive"}),
    ("unless you pay is defensive", "Seats are random unless you upgrade.", {"defensive"}),
    ("can't tell you why is defensive", "We can't tell you why it was declined.",
     {"defensive"}),
    ("handled by another company is defensive",
     "Repairs are handled by a third party.", {"defensive"}),
    ("not on your list is blame", "The oven wasn't on your booking.", {"blame"}),
    ("not the airline is blame", "That's the airport's job, not the airline.", {"blame"}),
]


@pytest.mark.parametrize(("reply", "flags"), [c[1:] for c in FLAG_CASES],
                         ids=[c[0] for c in FLAG_CASES])
def test_flags_by_family_of_wording(reply, flags):
    assert set(score_reply(reply).flags) == flags


BENIGN_CASES = [
    # Words the flag rules look for, used innocently: no flag may fire.
    "I'm sorry, this is a common issue after the update, and that's on us. I've pushed a fix.",
    "Under our policy I can refund up to $50, so I've refunded the full $42 today.",
    "Your plan is covered for screen repairs, so I've booked one for Thursday at 10am.",
    "Our records show your payment arrived on the 2nd, so the late fee was our mistake.",
    "You should have received a confirmation email; I'm sorry it didn't come.",
    "It's not your fault at all. The form was confusing; I've fixed your address.",
    "This was a minor mistake on our side, but a mistake all the same, and I'm sorry.",
    "I completely understand why you're upset.",
    "Next time you're in, ask for me and I'll look after you.",
    "It's a bit of a nightmare, I know, so I've booked the engineer for 9am.",
    "Getting this fixed is my priority: I've booked a technician for Monday.",
    "Most customers never see this error, so I'm sorry you did. I've reset your account.",
    "The mistake was on our side, and the courier was late too. I've refunded the postage.",
    "You did the right thing yourself by calling us. I've cancelled the order.",
    "It's only a little extra admin for us, so I've sorted the refund today.",
    "We handle thousands of calls a day, but that's no excuse. I've credited £5.",
    "You picked the right bundle yourself; our checkout charged the wrong one. Refunded now.",
    "With respect to your booking, I've moved you to the sea-view room at no charge.",
    "Nobody rang you back? That's not right. I'm ringing you now.",
    "Give it 24 hours and if it's still showing, I'll refund it myself.",
    "The form is confusing, I know. I've filled in the claim for you.",
    "Depending on the queue it can take a while, so I've marked yours urgent.",
    "Your bags are checked through to Leeds, so you won't need to collect them.",
    "The fare is non-refundable, but I've refunded it anyway as a goodwill gesture.",
    "If the photos show the scratch was already there, I'll cancel the charge.",
    "Our engineer was already there by 9, and the boiler is fixed.",
    "It's normal to feel let down after a wait like that; I've credited £20 today.",
]


@pytest.mark.parametrize("reply", BENIGN_CASES)
def test_benign_uses_of_flag_words_raise_no_flag(reply):
    assert score_reply(reply).flags == ()
