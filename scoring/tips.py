"""Coaching tips for the dimensions a reply missed, fitted to why it missed them.

A tip names what went wrong in this reply (a bare "I understand", a remedy only asked
about, a follow-up left to the customer) and gives an example phrasing. Where the
customer's message names a feeling, the example reuses it.
"""

from __future__ import annotations

import re

from scoring.result import CREDIT_THRESHOLD, DIMENSIONS, Evidence

_FEELING = re.compile(
    r"\b(frustrat\w*|angry|furious|livid|upset|annoyed|worried|stressed|disappointed|"
    r"scared|gutted|fed up|exhausted|embarrassed|humiliated|sick|panicking)\b",
    re.IGNORECASE,
)

# (dimension, rule that explains the miss) -> tip. `None` is the fallback for the dimension.
_TIPS: dict[tuple[str, str | None], str] = {
    ("empathy", "bare-understand"):
        "A bare \"I understand\" sounds like a lead-in to \"but\". Name what they feel or "
        "what it cost them: \"{feeling_example}\"",
    ("empathy", "sorry-you-situation"):
        "You said sorry for the situation; now acknowledge how it feels for them: "
        "\"{feeling_example}\"",
    ("empathy", "formula-before-refusal"):
        "\"Sorry to hear about your experience\" followed by a refusal reads as a formula. "
        "Name what it cost them before anything else: \"{feeling_example}\"",
    ("empathy", None):
        "Acknowledge how they feel before you fix anything: \"{feeling_example}\"",
    ("apology", "conditional-non-apology"):
        "\"Sorry if you feel…\" apologises for their feelings, not for what happened. "
        "Own it: \"I'm sorry we got this wrong.\"",
    ("apology", "cancelled-by-blame"):
        "The apology was cancelled by pointing at someone else. Own the problem even if "
        "another team caused it: \"I'm sorry. That's on us to put right.\"",
    ("apology", "cancelled-by-defensive"):
        "An apology followed by an argument isn't heard as one. Agree there is a problem: "
        "\"I'm sorry, you shouldn't have had to deal with this.\"",
    ("apology", "cancelled-by-dismissive"):
        "Don't shrink the problem in the same breath as apologising. \"I'm sorry, that's "
        "not good enough from us.\"",
    ("apology", "sympathy-only"):
        "\"Sorry to hear\" is sympathy. Also own it: \"I'm sorry we let you down.\"",
    ("apology", "owning-words-only"):
        "You owned the problem; say sorry too: \"I'm sorry, that's our mistake.\"",
    ("apology", None):
        "Apologise and own the problem without blaming anyone: \"I'm sorry, that's on us.\"",
    ("questions", "rhetorical-or-hostile"):
        "That question reads as a challenge. Ask for facts instead: \"Could you tell me "
        "what happened when you opened it?\"",
    ("questions", "closing-pleasantry"):
        "\"Anything else?\" closes the conversation before it's solved. Ask what you need "
        "to know: \"Could you send me your order number?\"",
    ("questions", "permission-only"):
        "Asking permission isn't finding out. Ask for what you need: \"Which date was the "
        "charge taken?\"",
    ("questions", None):
        "Ask a question that gets the full picture: \"Could you send me the order number "
        "and a photo of the damage?\"",
    ("solution", "remedy-only-asked"):
        "You asked whether a remedy would help; offer it instead: \"I've refunded the "
        "delivery fee to your card today.\"",
    ("solution", "vague-intention"):
        "\"We'll look into it\" promises nothing. Say what you will do and by when: "
        "\"I'll rebook the engineer for Thursday morning.\"",
    ("solution", "pushed-to-customer"):
        "That hands the work back to the customer. Take the next step yourself: \"I'll "
        "contact the courier and send a replacement today.\"",
    ("solution", "can-offer-remedy"):
        "\"I can…\" is an option, not a commitment. Commit and add when: \"I'll refund "
        "the $40 to your card today.\"",
    ("solution", "get-it-sorted"):
        "\"We'll get this sorted\" doesn't say how. Say what you will do and by when: "
        "\"I'll send a replacement today by next-day courier.\"",
    ("solution", "committed-action"):
        "Make the remedy specific: say the amount or the time (\"I've refunded the $40 to "
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
    ("follow_up", "contact-commitment"):
        "Good commitment; add when: \"I'll call you on Friday morning.\"",
    ("follow_up", "check-at-a-time"):
        "Say when you will come back to them: \"I'll check on Monday and text you.\"",
    ("follow_up", None):
        "Commit to a follow-up with a time or an event: \"I'll email you as soon as the "
        "refund clears.\"",
}


def tips_for(scores: dict[str, float], evidence: list[Evidence], customer: str) -> dict[str, str]:
    """One tip for each dimension scored below the credit threshold."""
    feeling = _FEELING.search(customer or "")
    feeling_example = (
        f"I can hear how {feeling.group(1).lower()} you are, and I'd feel the same."
        if feeling else "I can see how frustrating this has been for you."
    )
    tips: dict[str, str] = {}
    for key in DIMENSIONS:
        if scores[key] >= CREDIT_THRESHOLD:
            continue
        # What held the score down, latest first; then any credit too small to count
        # ("I'll send it" earned some credit but names no time), strongest first.
        reasons = [e.rule for e in reversed(evidence)
                   if e.key in (key, "all") and e.effect in ("weak", "cancel")]
        reasons += [e.rule for e in sorted(evidence, key=lambda e: -e.score)
                    if e.key == key and e.effect == "credit"]
        template = next((_TIPS[(key, r)] for r in reasons if (key, r) in _TIPS),
                        _TIPS[(key, None)])
        tips[key] = template.format(feeling_example=feeling_example)
    return tips
