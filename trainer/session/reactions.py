"""The customer's reaction lines: the scenario's own, else built-in ones, never the same
line twice in a row."""

from __future__ import annotations

import random

from trainer.scenario.model import Scenario

BUILT_IN: dict[str, tuple[str, ...]] = {
    "blame": ("Don't try to put this on someone else.", "I don't care whose fault it is. "
              "You're the one I'm paying.", "So it's not your problem? Brilliant."),
    "dismissive": ("Don't tell me to calm down.", "It might be small to you. It isn't to me.",
                   "Are you seriously brushing this off?"),
    "defensive": ("So you're saying I'm making this up?", "I don't want excuses, I want it "
                  "fixed.", "Arguing with me isn't helping."),
    "vague": ("That doesn't actually tell me anything.", "What does that mean in practice?",
              "'Look into it' isn't an answer."),
    "empathy": ("Thank you. It's been a really bad week.", "Yes. Exactly. Thank you for "
                "getting it.", "Okay. That helps a bit."),
    "apology": ("Okay. Thank you for owning it.", "I appreciate the apology.",
                "Right. At least you're not making excuses."),
    "question": ("Sure. What else do you need?", "Okay, ask away.", "Fine. Go on."),
    "remedy": ("That would actually help.", "Okay, that sounds like a plan.",
               "Right. That's more like it."),
    "overpromise": ("You'd better be sure about that.", "Can you really promise that?",
                    "I'll hold you to that."),
    "nothing": ("Hello? Are you going to help me?", "I'm still waiting.",
                "Is anyone actually reading this?"),
    "closing": ("Thanks. That's all I needed.", "Okay. Thank you for sorting it out.",
                "Great, thanks for your help."),
}


def lines_for(scenario: Scenario, kind: str) -> tuple[str, ...]:
    own = getattr(scenario.reactions, kind, None)
    return own if own else BUILT_IN[kind]


def choose_line(lines: tuple[str, ...], rng: random.Random, last: str | None) -> str:
    """A random line, never `last` again when there is any other choice."""
    options = [line for line in lines if line != last] or list(lines)
    return options[rng.randrange(len(options))]
