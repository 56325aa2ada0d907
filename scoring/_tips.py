"""Coaching tips for the dimensions a reply missed and the flags it raised, fitted to why.

The model decides the scores; a tip explains a miss in the trainee's own words where it can.
The reasons (`words.yaml`, `reasons:`) are phrases that say why a dimension earned nothing
("we'll look into it" for a remedy, "let us know" for a follow-up); when one is in the reply
the tip names it and the reply gets a "weak" piece of evidence pointing at it. A flag's tip
quotes the words that raised it. Where the customer's message names a feeling, the example
reuses it.
"""

from __future__ import annotations

import re

from scoring._reading import MARKS, Reading, find, phrase_words
from scoring._words import WORDS, Reason
from scoring.result import (
    CREDIT_THRESHOLD,
    DIMENSIONS,
    FLAGS,
    Evidence,
    strongest_flag_evidence,
)

_FEELING = re.compile(r"\b(" + "|".join(map(re.escape, WORDS.feelings)) + r")\b", re.IGNORECASE)

# (key, reason) -> tip. `None` is the fallback; "almost" is a dimension that earned some
# credit, not enough.
_TIPS: dict[tuple[str, str | None], str] = {
    ("empathy", "bare-understand"):
        "A bare \"I understand\" sounds like a lead-in to \"but\". Name what they feel or "
        "what it cost them: \"{feeling_example}\"",
    ("empathy", "sorry-you-feel"):
        "\"Sorry you feel that way\" puts the problem in their feelings. Acknowledge what "
        "happened to them: \"{feeling_example}\"",
    ("empathy", "almost"):
        "Make the acknowledgement about them, not the situation: \"{feeling_example}\"",
    ("empathy", None):
        "Acknowledge how they feel before you fix anything: \"{feeling_example}\"",
    ("apology", "conditional-non-apology"):
        "\"Sorry if…\" or \"for any inconvenience\" apologises for their feelings, not for "
        "what happened. Own it: \"I'm sorry we got this wrong.\"",
    ("apology", "refused"):
        "Refusing to apologise ends the conversation. Own the problem: \"I'm sorry, that's "
        "on us.\"",
    ("apology", "cancelled-by-blame"):
        "The apology was cancelled by pointing at someone's fault. Own the problem even if "
        "another team caused it: \"I'm sorry. That's on us to put right.\"",
    ("apology", "cancelled-by-defensive"):
        "An apology followed by an argument isn't heard as one. Agree there is a problem: "
        "\"I'm sorry, you shouldn't have had to deal with this.\"",
    ("apology", "cancelled-by-dismissive"):
        "Don't shrink the problem in the same breath as apologising: \"I'm sorry, that's "
        "not good enough from us.\"",
    ("apology", "almost"):
        "Say sorry for what happened and own it: \"I'm sorry we let you down.\"",
    ("apology", None):
        "Apologise and own the problem without blaming anyone: \"I'm sorry, that's on us.\"",
    ("questions", "closing-pleasantry"):
        "\"Anything else?\" closes the conversation before it's solved. Ask what you need "
        "to know: \"Could you tell me exactly what happened?\"",
    ("questions", "permission-only"):
        "Asking permission isn't finding out. Ask for what you need: \"Which date was the "
        "charge taken?\"",
    ("questions", "almost"):
        "Ask for something specific: \"Could you tell me what happened when you opened it?\"",
    ("questions", None):
        "Ask a question that gets the full picture: \"Could you tell me what happened, and "
        "what would put it right for you?\"",
    ("solution", "remedy-only-asked"):
        "You asked whether a remedy would help; offer it instead: \"I've refunded the "
        "delivery fee to your card today.\"",
    ("solution", "vague-intention"):
        "\"We'll look into it\" promises nothing. Say what you will do and by when: "
        "\"I'll rebook the engineer for Thursday morning.\"",
    ("solution", "pushed-to-customer"):
        "That hands the work back to the customer. Take the next step yourself: \"I'll "
        "contact them for you and send a replacement today.\"",
    ("solution", "almost"):
        "Make the remedy specific: say what, how much and when (\"I've refunded the $40 to "
        "your card today\").",
    ("solution", None):
        "Offer a concrete remedy within policy, with an amount or a time: \"I've booked a "
        "technician for Thursday, 9 to 12.\"",
    ("follow_up", "left-to-customer"):
        "\"Let us know if…\" leaves the next step to them. Commit to coming back: "
        "\"I'll call you on Friday to make sure it arrived.\"",
    ("follow_up", "vague-someone"):
        "\"Someone will be in touch\" has no one and no time. Name both: \"I'll email you "
        "by 5pm tomorrow with an update.\"",
    ("follow_up", "no-time-or-event"):
        "You said you'd come back but not when, so there's nothing to hold you to. Name a "
        "time or an event: \"I'll call you on Friday morning.\"",
    ("follow_up", "almost"):
        "Nearly read as a promise to come back. Give it a sentence of its own, with who, how "
        "and when: \"I'll call you on Friday morning to check it arrived.\"",
    # "with a time" read as wrong beside "ill msg u at 1pm" lost in a long reply (a tester)
    ("follow_up", None):
        "Promise to come back to them, in a sentence of its own that says how and when: "
        "\"I'll email you as soon as the refund clears.\"",
    ("blame", "customer"):
        "\"{span}\" puts the fault on the customer. Agree there's a problem and fix it: "
        "\"Let's get this sorted; here's what I'll do.\"",
    ("blame", None):
        "\"{span}\" points at someone else. Own the problem even if another team caused it: "
        "\"That's on us to put right.\"",
    ("dismissive", None):
        "\"{span}\" shrinks the problem or talks down. Take it as seriously as they do: "
        "\"You're right to be annoyed; this matters.\"",
    ("defensive", None):
        "\"{span}\" argues instead of helping. Agree a problem exists, then act: \"I can see "
        "why that's frustrating; let me check what went wrong.\"",
}
ALMOST = 0.25  # a dimension this close to credit gets the "almost" tip
_YOU = frozenset({"you", "you're", "you've", "you'd", "you'll", "yourself"})


def tips_for(reading: Reading, scores: dict[str, float], flags: tuple[str, ...],
             evidence: list[Evidence], customer: str) -> dict[str, str]:
    """One tip for each dimension scored below the credit threshold and each flag raised.
    Adds a "weak" piece of evidence for each reason phrase a tip names."""
    feeling = _FEELING.search(customer or "")
    feeling_example = (
        f"I can hear how {feeling.group(1).lower()} you are, and I'd feel the same."
        if feeling else "I can see how frustrating this has been for you.")
    norms = reading.norms
    present = set(norms)
    tips: dict[str, str] = {}
    for key in DIMENSIONS:
        if scores[key] >= CREDIT_THRESHOLD:
            continue
        reason = (_cancelled_by(key, flags, evidence) or _rule_cancelled(key, evidence)
                  or _reason_in(key, reading, present, evidence))
        if reason is None and scores[key] >= ALMOST:
            reason = "almost"
        template = _TIPS.get((key, reason)) or _TIPS[(key, None)]
        tips[key] = template.format(feeling_example=feeling_example)
    for flag in flags:
        strongest = strongest_flag_evidence(flag, evidence)
        span = strongest.text if strongest else "That"
        reason = ("customer" if flag == "blame" and blamed(reading, evidence) == "customer"
                  else None)
        tips[flag] = _TIPS.get((flag, reason)) or _TIPS[(flag, None)]
        tips[flag] = tips[flag].format(span=span)
    return tips


def blamed(reading: Reading, evidence: list[Evidence] | tuple[Evidence, ...]) -> str | None:
    """Who the words that raised blame point at: "customer" when "you" is in the strongest
    span or before it in its clause, else "someone else"; None when blame was not raised.
    (The model gives words found in most replies no weight for a flag, so in "you should
    have read the terms" the span it shows may be "should have read the terms".)"""
    span = strongest_flag_evidence("blame", evidence)
    if span is None:
        return None
    norms, offsets = reading.norms, reading.offsets()
    inside = [i for i, (start, end) in enumerate(offsets)
              if start < span.end and end > span.start]
    if not inside:
        return "someone else"
    first = inside[0]
    while first > 0 and norms[first - 1] not in MARKS:
        first -= 1
    words = set(norms[first:inside[-1] + 1])
    if not _YOU.isdisjoint(words):
        return "customer"
    # "your" alone: whose order it was, unless nobody else is named there ("Your card
    # details were wrong")
    return "customer" if "your" in words and WORDS.others.isdisjoint(words) else "someone else"


def _cancelled_by(key: str, flags: tuple[str, ...], evidence: list[Evidence]) -> str | None:
    """An apology the model weighed down because the same reply blames, argues or shrinks."""
    if key != "apology" or not flags:
        return None
    if any(e.key == "apology" and e.score > 0 for e in evidence):
        return f"cancelled-by-{flags[0]}"
    return None


def _rule_cancelled(key: str, evidence: list[Evidence]) -> str | None:
    """A rule that held the dimension down whatever the model weighed ("no-time-or-event")."""
    return next((e.rule for e in evidence if e.key == key and e.held_down_by_rule), None)


def _reason_in(key: str, reading: Reading, present: set[str],
               evidence: list[Evidence]) -> str | None:
    for reason in _REASONS.get(key, ()):
        for phrase in reason.phrases:
            wanted = _PHRASES[phrase]
            if not present.issuperset(wanted):
                continue
            i = find(reading.norms, wanted)
            if i >= 0:
                offsets = reading.offsets()
                start, end = offsets[i][0], offsets[i + len(wanted) - 1][1]
                evidence.append(Evidence(key, reason.name, "weak", start, end,
                                         reading.text[start:end], 0.0,
                                         "why this earned no credit"))
                return reason.name
    return None


_REASONS: dict[str, tuple[Reason, ...]] = {}
for _reason in WORDS.reasons:
    _REASONS[_reason.key] = (*_REASONS.get(_reason.key, ()), _reason)
_PHRASES = {p: phrase_words(p) for r in WORDS.reasons for p in r.phrases}
assert set(_REASONS) <= set(DIMENSIONS) and not set(_REASONS) & set(FLAGS)
