"""The customer's reaction lines: answering what the reply actually did, never repeating a
line while an unused one of the same kind is left.

For a kind of reaction the lines come in tiers, best first: the scenario's lines tied to an
offer the reply made, a fact it brought out, whom it blamed or words it used, the scenario's
plain lines, then the built-in lines. The customer says an unused line of the first tier
that has one; only when every line has been said does one repeat, and never the one said
just before.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from trainer.scenario.model import Scenario, TiedLine
from trainer.session.questions import only_invites

BUILT_IN: dict[str, tuple[str, ...]] = {
    "blame": ("Don't try to put this on someone else.", "I don't care whose fault it is. "
              "You're the one I'm paying.", "So it's not your problem? Brilliant."),
    # The built-in blame lines above answer blame put on others; these answer blame put on
    # the customer (a tester blamed a courier and was told "Don't put this on me").
    "blame-customer": ("So this is my fault now?", "Don't put this on me. I did nothing "
                       "wrong.", "I'm the one who's been let down here."),
    "dismissive": ("Don't tell me to calm down.", "It might be small to you. It isn't to me.",
                   "Are you seriously brushing this off?"),
    "defensive": ("So you're saying I'm making this up?", "I don't want excuses, I want it "
                  "fixed.", "Arguing with me isn't helping."),
    "interrupted": ("Hang on, I hadn't finished.", "Can I finish? Anyway.",
                    "I was still talking, but fine."),
    "vague": ("That doesn't actually tell me anything.", "What does that mean in practice?",
              "'Look into it' isn't an answer."),
    "empathy": ("Thank you. It's been a really bad week.", "Yes. Exactly. Thank you for "
                "getting it.", "Okay. That helps a bit."),
    "apology": ("Okay. Thank you for owning it.", "I appreciate the apology.",
                "Right. At least you're not making excuses."),
    # A question that asks something no fact of the scenario answers: the customer has
    # nothing more to tell, and wants it sorted (a tester asked what she did before it
    # crashed and was told "Fine, what do you need to know?"); they never claim not to know
    # (another was told "That's everything I know" when he asked a guest's room number). A
    # scenario's plain question lines answer leave to ask instead.
    "question": ("I've told you what I know. Can you just sort it out?",
                 "Does that really matter right now? What are you going to do?",
                 "I don't see how that helps. What happens now?"),
    # Leave to ask, or a request for more in general ("Can I ask you a few questions?"),
    # with no plain question line of the scenario's to answer it.
    "invited": ("Go on.", "Fine. Ask away.", "Okay. What do you need?"),
    "follow_up": ("Okay. I'll look out for that.", "Right. I'll hold you to that.",
                  "Fine, as long as it actually happens."),
    "remedy": ("That would actually help.", "Okay, that sounds like a plan.",
               "Right. That's more like it."),
    "overpromise": ("You'd better be sure about that.", "Can you really promise that?",
                    "I'll hold you to that."),
    # A reply that helped nothing: it said something, so these answer what was said, not a
    # silence (a tester's honest correction got "Hello? Are you going to help me?").
    "nothing": ("And what are you going to do about it?", "That doesn't help me.",
                "Okay... so what happens now?"),
    # Satisfied a second time, after a slip was put right: the ending's own line was said
    # already (a tester saw "Brilliant, thanks for sorting that so quickly." word for word).
    "satisfied-again": ("Okay. That's better. Thank you.", "Right. Thanks, that's sorted then.",
                        "Fine. Thank you for putting it right."),
    "closing": ("Thanks. That's all I needed.", "Okay. Thank you for sorting it out.",
                "Great, thanks for your help."),
    # The goodbye to a closing reply that credited nothing: the customer still leaves
    # satisfied with what was agreed, but does not thank the trainee for "k".
    "closing-flat": ("Okay. Bye, then.", "Right. I'll wait for it, I suppose.",
                     "Fine. Goodbye."),
}


@dataclass(frozen=True)
class Candidate:
    """A line the customer may say: as written (what counts as said before) and as said,
    with any {amount} filled in."""

    written: str
    said: str


def reaction_tiers(scenario: Scenario, kind: str, offered: dict[str, str | None],
                   revealed: tuple[str, ...], blamed: str | None = None, said: str = ""
                   ) -> list[list[Candidate]]:
    """The lines of `kind` for a reply that offered `offered` (remedy -> amount or None),
    brought out the facts `revealed`, blamed `blamed` ("customer", "others" or None) and
    said `said`, in tiers, best first: tied lines that fit the reply, the scenario's plain
    lines, the built-in lines.

    A question that brought out nothing is answered by the scenario's plain lines only when
    it just asked leave to ask ("Can I ask you a few questions?" gets "Go on."); one that
    asked something gets the built-in lines ("I've told you what I know.")."""
    entries = getattr(scenario.reactions, kind) or ()
    tied = [c for e in entries if isinstance(e, TiedLine)
            if (c := _fitted(e, offered, revealed, blamed, said)) is not None]
    plain = [Candidate(e, e) for e in entries if isinstance(e, str)]
    built_in = BUILT_IN["blame-customer" if kind == "blame" and blamed == "customer" else kind]
    if kind == "question" and not revealed:
        if only_invites(said):
            built_in = BUILT_IN["invited"]
        else:
            plain = []
    return [tied, plain, [Candidate(line, line) for line in built_in]]


def satisfied_again_tiers() -> list[list[Candidate]]:
    """The lines for a customer satisfied again after a slip, once the ending's own line
    has been said."""
    return [[Candidate(line, line) for line in BUILT_IN["satisfied-again"]]]


def goodbye_tiers(scenario: Scenario, earned: bool) -> list[list[Candidate]]:
    """The lines for the customer's goodbye after the closing reply: the scenario's (or the
    built-in) thanks when that reply earned something, else a flat built-in goodbye, so "k"
    or a pasted wall of text is not thanked."""
    if earned:
        return reaction_tiers(scenario, "closing", {}, ())
    return [[Candidate(line, line) for line in BUILT_IN["closing-flat"]]]


def pick_line(tiers: list[list[Candidate]], rng: random.Random, said_before: set[str],
              said_last: tuple[str, ...]) -> Candidate | None:
    """An unused line from the first tier that has one; when all have been said, any line
    of the first non-empty tier except those said last time; None when no tier has lines."""
    for tier in tiers:
        unused = [c for c in tier if c.written not in said_before]
        if unused:
            return unused[rng.randrange(len(unused))]
    tier = next((t for t in tiers if t), [])
    options = [c for c in tier if c.written not in said_last] or tier
    return options[rng.randrange(len(options))] if options else None


def _fitted(entry: TiedLine, offered: dict[str, str | None], revealed: tuple[str, ...],
            blamed: str | None, said: str) -> Candidate | None:
    """`entry` as said for this reply, or None when it does not fit: each condition given
    (when_offered, when_revealed, when_blamed, when_said) needs one of its items, and
    {amount} an amount offered."""
    if entry.when_offered and not any(r in offered for r in entry.when_offered):
        return None
    if entry.when_revealed and not set(entry.when_revealed) & set(revealed):
        return None
    if entry.when_blamed and blamed not in entry.when_blamed:
        return None
    if entry.when_said and not any(_says(said, words) for words in entry.when_said):
        return None
    if "{amount}" not in entry.line:
        return Candidate(entry.line, entry.line)
    amount = next((offered[r] for r in entry.when_offered if offered.get(r)), None)
    return Candidate(entry.line, entry.line.replace("{amount}", amount)) if amount else None


def _says(text: str, words: str) -> bool:
    """Whether `text` holds `words` as whole words, in any case and spacing ("big deal" in
    "It's no BIG  deal"), so a line tied to "small" is not said for "smaller"."""
    wanted = r"\s+".join(re.escape(w) for w in words.split())
    return re.search(rf"(?<!\w){wanted}(?!\w)", text, re.IGNORECASE) is not None
