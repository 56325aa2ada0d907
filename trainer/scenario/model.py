"""The scenario format: typed, frozen models with a docstring for every field.

This is the single definition of what a scenario file may say. `trainer schema` exports it
as JSON Schema (field descriptions included) for editors; `docs/scenario-format.md`
explains it with examples. Models forbid unknown keys, so a typo is reported, not dropped.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag

from scoring import DIMENSIONS, FLAGS
from trainer.ids import ID_PATTERN
from trainer.scenario.promise_words import WORDS
from trainer.scenario.times import duration_hours

Identifier = Annotated[str, Field(pattern=ID_PATTERN,
                                  description="lower-case letters, digits, - and _")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Line = Annotated[str, Field(min_length=1, max_length=600)]
Dimension = Literal["empathy", "apology", "questions", "solution", "follow_up"]
Flag = Literal["blame", "dismissive", "defensive", "overpromise"]
Difficulty = Literal["easy", "medium", "hard"]
EndingKind = Literal["resolved", "escalated", "left"]
Percent = Annotated[int, Field(ge=0, le=100)]
RemedyKind = Literal["refund", "credit", "replacement", "dispatch", "delivery", "repair",
                     "visit", "callback", "move"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

assert set(Dimension.__args__) == set(DIMENSIONS)  # type: ignore[attr-defined]
assert set(FLAGS) <= set(Flag.__args__)  # type: ignore[attr-defined]
assert set(RemedyKind.__args__) == set(WORDS.remedies)  # type: ignore[attr-defined]
assert Weekday.__args__ == WORDS.weekdays  # type: ignore[attr-defined]


def _a_time(text: str) -> str:
    if duration_hours(text) is None:
        raise ValueError("must be a time such as '3 working days', '24 hours', 'next day', "
                         "'tomorrow' or 'next week'")
    return text


Soonest = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_a_time)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Customer(_Model):
    """The upset customer the trainee talks to."""

    name: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        description="How the customer is named in the chat, e.g. 'Dana Whitfield'.")
    situation: Text = Field(description="One or two sentences: what happened to them. Shown "
                                        "to the trainee beside the chat, so never a fact "
                                        "they should ask for.")
    anger: Percent = Field(description="Anger when the conversation starts, 0 (calm) to 100 "
                                       "(furious).")
    patience: Annotated[int, Field(ge=5, le=600)] | None = Field(
        None, description="Seconds they wait calmly for each reply before anger rises. "
                          "Default: set by difficulty (easy 90, medium 60, hard 30).")
    opening: Annotated[tuple[Line, ...], Field(min_length=1, max_length=3)] = Field(
        description="1 to 3 messages in which the customer vents before the trainee replies.")


class Behaviour(_Model):
    """Overrides for how the customer's anger moves; each default is set by difficulty."""

    anger_rise: Annotated[float, Field(ge=0.1, le=5.0)] | None = Field(
        None, description="Multiplier on every rise in anger (easy 0.7, medium 1.0, hard 1.4).")
    calm_rate: Annotated[float, Field(ge=0.1, le=5.0)] | None = Field(
        None, description="Multiplier on every fall in anger (easy 1.3, medium 1.0, hard 0.7).")


class Fact(_Model):
    """Something the customer tells only when asked a relevant question."""

    id: Identifier = Field(description="Name other parts of the file use, e.g. order_number.")
    says: Line = Field(description="What the customer says when revealing it.")
    when_asked: tuple[Annotated[str, Field(min_length=1, max_length=80)], ...] = Field(
        description="Words or phrases in a trainee's question that reveal it, e.g. "
                    "['order number', 'reference']. Matching tolerates typos.")


class Policy(_Model):
    """What the agent may offer. A remedy not listed here is beyond policy."""

    currency: Annotated[str, Field(min_length=1, max_length=3)] = Field(
        "$", description="Currency symbol used in amounts.")
    refund_up_to: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Largest refund the agent may give. Omitted: no refunds.")
    credit_up_to: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Largest account credit or voucher. Omitted: no credit.")
    discount_up_to_percent: Annotated[float, Field(ge=0, le=100)] | None = Field(
        None, description="Largest discount in percent. Omitted: no discount.")
    replacement: bool = Field(False, description="May the agent send a replacement?")
    visit: bool = Field(False, description="May the agent book a visit (engineer, technician)?")
    other: tuple[Line, ...] = Field(
        (), description="Other remedies the agent may offer, in words, e.g. 'free re-delivery'.")
    never_promise: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        (), description="Promises the agent must never make, e.g. 'delivery tomorrow'.")
    soonest: dict[RemedyKind, Soonest] = Field(
        default_factory=dict,
        description="The earliest each remedy can honestly happen, e.g. {refund: 3 working "
                    "days, delivery: next day}; a reply promising it sooner ('back in your "
                    "account by tonight') is an over-promise. Kinds: refund, credit, "
                    "replacement, dispatch (sending it out), delivery, repair, visit, "
                    "callback, move (another room or booking). A kind left out has no "
                    "time limit.")
    today: Weekday | None = Field(
        None, description="The day of the week the conversation takes place, so 'by Friday' "
                          "can be compared with soonest. Omitted: weekdays are not read.")

    def allows(self, remedy: str) -> bool:
        """Whether an agent may offer `remedy`: a kind (refund, credit, discount,
        replacement, visit) the policy allows, or one of its other remedies as written."""
        return {"refund": self.refund_up_to is not None,
                "credit": self.credit_up_to is not None,
                "discount": self.discount_up_to_percent is not None,
                "replacement": self.replacement,
                "visit": self.visit}.get(remedy, remedy in self.other)


REMEDY_KINDS: tuple[str, ...] = ("refund", "credit", "discount", "replacement", "visit")
AMOUNT_KINDS: tuple[str, ...] = ("refund", "credit", "discount")  # offers that name an amount


class TiedLine(_Model):
    """A reaction line the customer says only in answer to a particular offer or fact."""

    line: Line = Field(description="What the customer says. {amount} is replaced by the amount "
                                   "offered, as the trainee wrote it, e.g. '$15' or '10%'.")
    when_offered: tuple[Annotated[str, Field(min_length=1, max_length=600)], ...] = Field(
        (), description="Said only when the reply offers one of these remedies (not negated): "
                        "refund, credit, discount, replacement, visit, or one of policy.other "
                        "exactly as written there.")
    when_revealed: tuple[Identifier, ...] = Field(
        (), description="Said only when the reply brings out one of these facts (by id).")
    when_blamed: tuple[Literal["customer", "others"], ...] = Field(
        (), description="Said only when the reply blames the customer ('customer') or a "
                        "colleague, another team or another company ('others'); for blame "
                        "lines.")
    when_said: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        (), description="Said only when the reply uses one of these words or phrases (whole "
                        "words, any case): a line that answers the trainee's own words, "
                        "such as \"It's not small to me\" for [small, only, just].")


def _line_form(value: object) -> str:
    """Which form a reaction entry is: a mapping when read, a TiedLine when written out."""
    return "tied line" if isinstance(value, dict | TiedLine) else "plain line"


# A reaction entry: a plain line, said whatever was offered, or a line tied to an offer or
# a fact. The tags only pick which form to check (the loader leaves them out of positions).
ReactionLine = Annotated[Annotated[Line, Tag("plain line")] | Annotated[TiedLine, Tag("tied line")],
                         Discriminator(_line_form)]
LINE_FORMS: tuple[str, ...] = ("plain line", "tied line")
_Lines = tuple[ReactionLine, ...] | None


class Reactions(_Model):
    """What the customer says back, by what the trainee's reply did. Several lines per kind
    keep replays fresh; a kind left out uses built-in lines. A line may be tied to an offer
    or a fact: {line: 'A refund of {amount}? Fine.', when_offered: [refund]}."""

    blame: _Lines = Field(None, description="The reply blamed someone.")
    dismissive: _Lines = Field(None, description="The reply minimised them.")
    defensive: _Lines = Field(None, description="The reply argued.")
    vague: _Lines = Field(None, description="A vague promise, no remedy.")
    empathy: _Lines = Field(None, description="The reply acknowledged them.")
    apology: _Lines = Field(None, description="The reply apologised and owned it.")
    question: _Lines = Field(
        None, description="A good question, or leave to ask. Plain lines answer leave to ask "
                          "(\"Go on.\"). When it brings out a fact, the customer just tells "
                          "it, after a line of this kind only if one is tied to that fact.")
    remedy: _Lines = Field(None, description="A concrete remedy within policy.")
    follow_up: _Lines = Field(
        None, description="A commitment to follow up (a call, a message, a time), with no "
                          "new remedy in the same reply.")
    overpromise: _Lines = Field(None, description="A promise beyond policy.")
    interrupted: _Lines = Field(
        None, description="The reply came while they were still venting (and raised no "
                          "flag).")
    nothing: _Lines = Field(None, description="The reply did nothing useful: answer what it "
                                              "said, not a silence.")
    closing: tuple[Line, ...] | None = Field(
        None, description="Goodbye after the trainee's closing reply, once satisfied "
                          "(plain lines only).")


REACTION_KINDS: tuple[str, ...] = tuple(Reactions.model_fields)


class Condition(_Model):
    """When an ending is reached. Every condition given must hold; endings are tried in order."""

    anger_at_most: Percent | None = Field(None, description="Anger is this or lower.")
    anger_at_least: Percent | None = Field(None, description="Anger is this or higher.")
    shown: tuple[Dimension, ...] = Field(
        (), description="Dimensions the trainee has shown at least once, e.g. [empathy, solution].")
    facts_revealed: tuple[Identifier, ...] = Field(
        (), description="Ids of facts the trainee must have found out.")
    offered: tuple[str, ...] = Field(
        (), description="Remedies of which the conversation must have offered one: kinds "
                        "(refund, credit, discount, replacement, visit) or policy.other "
                        "entries as written, e.g. [loan table until the replacement arrives].")
    after_turns: Annotated[int, Field(ge=1, le=50)] | None = Field(
        None, description="At least this many trainee replies.")
    flags: tuple[Flag, ...] = Field(
        (), description="Reached when the latest reply raises any of these flags.")


class Ending(_Model):
    """One way the conversation can end."""

    id: Identifier = Field(description="Name used by tests, e.g. resolved or manager.")
    kind: EndingKind = Field(description="resolved, escalated (wants a manager) or left.")
    when: Condition = Field(description="What must hold for this ending.")
    says: Line = Field(description="The customer's last words.")


class Rubric(_Model):
    """Scenario-specific scoring: weights, extra phrases, and the pass mark."""

    weights: dict[Dimension, Annotated[float, Field(ge=0, le=5)]] = Field(
        default_factory=dict, description="Weight per dimension in the overall score "
                                          "(default 1 each).")
    phrases: dict[Dimension, tuple[Annotated[str, Field(min_length=2, max_length=120)], ...]] = (
        Field(default_factory=dict, description="Extra phrases that earn a dimension here, e.g. "
                                                "solution: ['express re-delivery']."))
    pass_mark: Percent = Field(80, description="Overall score (0-100) needed to pass.")


class ScenarioTest(_Model):
    """A scripted conversation the scenario must handle: `trainer test` plays it."""

    name: Line = Field(description="What the test shows, e.g. 'empathy first resolves'.")
    replies: Annotated[tuple[Text, ...], Field(min_length=1, max_length=30)] = Field(
        description="The trainee's replies, in order.")
    ending: Identifier | None = Field(
        None, description="Id of the ending the conversation must reach. Omitted: not "
                          "checked, so a test can check only flags, anger or the score.")
    anger: Annotated[tuple[Percent, Percent], Field()] | None = Field(
        None, description="[low, high]: the final anger must lie in this range.")
    flags: tuple[Flag, ...] = Field((), description="Flags that must be raised at some point.")
    passes: bool | None = Field(
        None, description="true: the conversation's overall score must pass the rubric's "
                          "pass mark; false: it must fail. Omitted: not checked.")


class Scenario(_Model):
    """One practice scenario: a customer, what they know, what may be offered, how it ends."""

    id: Identifier = Field(description="Unique within a folder, e.g. late-birthday-delivery.")
    title: Annotated[str, Field(min_length=1, max_length=120)] = Field(
        description="Shown on the home screen.")
    difficulty: Difficulty = Field("medium", description="easy, medium or hard: sets patience "
                                                         "and how fast anger moves.")
    tags: tuple[Annotated[str, Field(min_length=1, max_length=30)], ...] = Field(
        (), description="Free labels for filtering, e.g. [retail, delivery].")
    briefing: Text = Field(description="One paragraph the trainee reads before starting.")
    customer: Customer
    behaviour: Behaviour = Field(default_factory=Behaviour)
    facts: tuple[Fact, ...] = Field((), description="Facts revealed when asked.")
    policy: Policy = Field(default_factory=Policy)
    reactions: Reactions = Field(default_factory=Reactions)
    endings: Annotated[tuple[Ending, ...], Field(min_length=1)] = Field(
        description="Tried in order after each reply; the first that holds ends the session.")
    rubric: Rubric = Field(default_factory=Rubric)
    model_answer: Text = Field(description="A strong reply shown in the debrief.")
    tests: tuple[ScenarioTest, ...] = Field((), description="Scripted conversations to check.")
