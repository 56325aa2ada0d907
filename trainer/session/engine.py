"""One practice conversation: the customer's state and what each reply does to it."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from scoring import DIMENSIONS, ReplyScore, RubricAdjustments, score_reply, who_was_blamed
from scoring.context import judge_in_context
from trainer.scenario.difficulty import Temperament, temperament
from trainer.scenario.model import Ending, Scenario
from trainer.scenario.policy import Breach, amount_value, find_breaches, offered_remedies
from trainer.scenario.policy_text import describe_policy
from trainer.session.clock import Clock, FrozenClock
from trainer.session.facts import triggered
from trainer.session.questions import only_invites
from trainer.session.reactions import (
    goodbye_tiers,
    pick_line,
    reaction_tiers,
    satisfied_again_tiers,
)

# How much each thing a reply does moves anger, before the scenario's multipliers.
# Falls are scaled by `calm_rate`, rises by `anger_rise`.
CALMING = {
    "empathy": (-10, "acknowledged how they feel"),
    "apology": (-10, "apologised and owned the problem"),
    "questions": (-5, "asked a useful question"),
    "solution": (-15, "offered a concrete remedy"),
    "follow_up": (-5, "committed to follow up"),
}
ANGERING = {
    # "brushed off" too: a tester's curt "It will. Anything else?" was told it had said
    # calm down
    "dismissive": (20, "brushed them off, talked down or played the problem down"),
    "blame": (15, "blamed someone (the customer, a colleague or another company)"),
    "defensive": (15, "argued or denied the problem"),
    "overpromise": (10, "promised something beyond policy"),
}
# Blame told apart as the scorer's own tip tells it (`scoring.who_was_blamed`), so the chat,
# `--plain` and the debrief all say whom.
BLAMED = {"customer": "blamed the customer",
          "others": "blamed someone else (a colleague or another company)"}
# Said again in the same words: it still counts for the conversation, but calms nobody twice.
REPEATED = {
    "empathy": "said the same acknowledgement as before: nothing new",
    "apology": "said the same apology as before: nothing new",
    "questions": "asked the same question again",
    "solution": "repeated the same remedy: nothing new",
    "follow_up": "repeated the same follow-up promise",
}
# The remedy agreed, confirmed in the closing reply: what the "Time to close" note asks for,
# so it is neither a new remedy (a tester's recap got "-20: offered a concrete remedy") nor
# "nothing new".
CONFIRMED = "confirmed the remedy already agreed"
VAGUE = (10, "gave a vague promise with no remedy")
NOTHING = (5, "said nothing that helped")
_CLOSING_WORDS = 4     # a closing reply of fewer words ("k", "ok bye") is not thanked
WAITED = (10, "kept them waiting past their patience")
INTERRUPTED = (10, "interrupted while they were still venting")
# Reading speed for the briefing and policy above the chat, in words a second (a careful
# 240 a minute): before the first reply their patience waits that long after the customer's
# last opening message. A tester on a hard scenario (patience 30 s) read the five-line
# briefing, and the customer's patience ran out before a word was typed.
READING_WORDS_PER_SECOND = 4

# The order in which a reply's effects choose the customer's reaction line.
# An interruption comes before any credit: "I'm so sorry" said over the customer costs
# anger, and a grateful line would contradict the meter.
_REACTION_ORDER = ("dismissive", "blame", "defensive", "overpromise", "interrupted", "remedy",
                   "apology", "empathy", "question", "follow_up", "vague", "nothing")


class SessionOver(Exception):
    """A reply or take-back was attempted after the session ended."""


@dataclass(frozen=True)
class AngerChange:
    """One reason the customer's anger moved: "+15: blamed someone else"."""

    delta: int
    reason: str

    def __str__(self) -> str:
        return f"{self.delta:+d}: {self.reason}"


@dataclass(frozen=True)
class EndingReached:
    id: str
    kind: str       # resolved, escalated, left, or trainee-ended
    says: str


@dataclass(frozen=True)
class Turn:
    """Everything one reply did, kept for the transcript, the debrief and the store."""

    number: int
    reply: str
    score: ReplyScore
    breaches: tuple[Breach, ...]
    flags: tuple[str, ...]              # the rubric's flags plus overpromise
    changes: tuple[AngerChange, ...]
    anger_before: int
    anger_after: int
    revealed: tuple[str, ...]           # fact ids this reply brought out
    customer_says: str
    reaction: str                       # the kind of reaction chosen
    waited_seconds: float
    interrupted: bool
    ending: EndingReached | None = None
    openings_heard: int = 0             # the customer's opening messages said before it

    def credited(self, dimension: str) -> bool:
        return self.score.credited(dimension)

    @property
    def helped_nothing(self) -> bool:
        """The reply moved the customer no closer ("said nothing that helped")."""
        return any(c.reason == NOTHING[1] for c in self.changes)


@dataclass(frozen=True)
class PlayedReply:
    """A reply as stored, with what replaying it needs besides its words: the silence
    before it and how many of the customer's opening messages had been said."""

    reply: str
    waited_seconds: float
    openings_heard: int


@dataclass
class _State:
    anger: int
    revealed: tuple[str, ...] = ()
    shown: frozenset[str] = frozenset()
    waiting_since: float = 0.0      # the last sign of life: a message or a keystroke
    longest_silence: float = 0.0    # the longest wait without one, since the last message
    closing: EndingReached | None = None  # satisfied; the trainee's closing reply is next
    offences: int = 0               # replies that raised a flag which angers the customer
    provoked: frozenset[str] = frozenset()  # endings whose condition held after the last reply
    rng_state: object = None
    # The reaction lines (as written) chosen for the reply that led here. The lines said in
    # the conversation are those of every state in the history, so a take-back forgets its
    # turn's lines with its state.
    said: tuple[str, ...] = ()
    # The remedies offered so far (`offered_remedies`), as (kind, amount or None): the
    # same refund offered again in new words calms nobody twice (a tester restated the
    # courier and the refund and saw "-15: offered a concrete remedy" a second time).
    offered: tuple[tuple[str, str | None], ...] = ()


@dataclass
class Session:
    """Plays `scenario`. `clock` and `rng` are injected so a session can be replayed."""

    scenario: Scenario
    clock: Clock = field(default_factory=FrozenClock)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    mode: str = "practice"  # practice allows take-backs; exam does not
    # The seed `rng` was made from, when known: stored with the session, so one that was
    # left unfinished can be replayed and picked up (`replay`).
    seed: int | None = None

    def __post_init__(self) -> None:
        self.temperament: Temperament = temperament(self.scenario)
        self.adjustments = RubricAdjustments(dict(self.scenario.rubric.phrases))
        self.turns: list[Turn] = []
        self.taken_back: list[Turn] = []  # replies taken back, in order, for the debrief
        self.ending: EndingReached | None = None
        self.delivered: int = 0  # opening messages the customer has sent so far
        self._state = _State(anger=self.scenario.customer.anger,
                             waiting_since=self.clock.now())
        self._history: list[_State] = []
        briefing = f"{self.scenario.briefing} {describe_policy(self.scenario.policy)}"
        self.reading_seconds: float = len(briefing.split()) / READING_WORDS_PER_SECOND

    # -- the customer's side -------------------------------------------------------------
    @property
    def anger(self) -> int:
        return self._state.anger

    @property
    def venting(self) -> bool:
        """True while the customer still has opening messages to send."""
        return self.delivered < len(self.scenario.customer.opening)

    def deliver_opening(self) -> str | None:
        """The customer's next opening message, or None when they have said them all."""
        if not self.venting:
            return None
        line = self.scenario.customer.opening[self.delivered]
        self.delivered += 1
        self._state.waiting_since = self.clock.now()
        if not self.venting and not self.turns:
            # time to read the briefing before the first reply (READING_WORDS_PER_SECOND)
            self._state.waiting_since += self.reading_seconds
        return line

    def deliver_all_openings(self) -> list[str]:
        lines = []
        while (line := self.deliver_opening()) is not None:
            lines.append(line)
        return lines

    def seconds_waiting(self) -> float:
        """Seconds of silence so far: since the customer's last message or the trainee's
        last keystroke. Patience counts silence, never typing, as in any chat; the time
        given to read the briefing before the first reply is not silence."""
        return max(0.0, self.clock.now() - self._state.waiting_since)

    @property
    def reading_briefing(self) -> bool:
        """True while the time given to read the briefing before the first reply lasts
        (`reading_seconds` after the customer's last opening message, until a keystroke)."""
        return self.clock.now() < self._state.waiting_since

    def note_typing(self) -> None:
        """The trainee pressed a key: the customer sees them typing, so the silence ends."""
        state = self._state
        state.longest_silence = max(state.longest_silence, self.seconds_waiting())
        state.waiting_since = self.clock.now()

    def excuse_silence(self, seconds: float) -> None:
        """`seconds` the trainee spent reading the briefing and policy (F1) are not silence:
        reading the policy they must keep to is part of the job, and two testers found the
        customer's patience running out while they did."""
        state = self._state
        state.waiting_since = max(state.waiting_since, min(
            self.clock.now(), state.waiting_since + max(0.0, seconds)))

    @property
    def closing(self) -> bool:
        """The customer is satisfied; the trainee's next reply closes the conversation
        (confirm next steps, follow up, thank them), then it ends as resolved."""
        return self._state.closing is not None

    @property
    def revealed(self) -> tuple[str, ...]:
        return self._state.revealed

    @property
    def reply_limit(self) -> int | None:
        """How many replies the customer gives the conversation before they leave or
        escalate whatever is said (`_limit_endings`); None when nothing limits it."""
        return min(self._limit_endings().values(), default=None)

    @property
    def ran_out_of_replies(self) -> bool:
        """The conversation ended because the replies the customer gives it ran out."""
        return self.ending is not None and self.ending.id in self._limit_endings()

    def _limit_endings(self) -> dict[str, int]:
        """Unresolved endings reached by the number of replies alone (`after_turns` and no
        other condition), id -> that number."""
        return {e.id: e.when.after_turns for e in self.scenario.endings
                if e.kind != "resolved" and e.when.after_turns is not None
                and set(e.when.model_dump(exclude_defaults=True)) == {"after_turns"}}

    @property
    def not_yet_shown(self) -> tuple[str, ...]:
        """The dimensions no reply has been credited for yet, in rubric order."""
        return tuple(d for d in DIMENSIONS if d not in self._state.shown)

    def still_needed(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """What keeps a customer who is calm enough from being satisfied: the dimensions
        not yet shown, the facts (ids) not yet brought out and the remedies of which none
        was offered yet, for the first resolved ending whose anger condition already
        holds. Empty when none is that close, or nothing is missing. A tester calmed a
        customer to anger 0 and was never told that the scenario also wanted the photos
        asked for."""
        state = self._state
        for ending in self.scenario.endings:
            when = ending.when
            if ending.kind != "resolved" or (when.anger_at_most is not None
                                             and state.anger > when.anger_at_most):
                continue
            dimensions = tuple(d for d in when.shown if d not in state.shown)
            facts = tuple(f for f in when.facts_revealed if f not in state.revealed)
            remedies = () if self._was_offered(when.offered) else when.offered
            return dimensions, facts, remedies
        return (), (), ()

    # -- the trainee's side --------------------------------------------------------------
    def reply(self, text: str, *, waited: float | None = None) -> Turn:
        """Play one reply. `waited` is the silence to count instead of the clock's: a
        replay passes the one that was recorded."""
        if self.ending is not None:
            raise SessionOver("the session has ended")
        before = self._state
        self._history.append(replace(before, rng_state=self.rng.getstate()))
        interrupted = self.venting
        heard = self.delivered
        if waited is None:
            waited = max(before.longest_silence, self.seconds_waiting())
        last_customer_line = (self.turns[-1].customer_says if self.turns else
                              " ".join(self.scenario.customer.opening[:self.delivered]))
        score = score_reply(text, last_customer_line, self.adjustments)
        judged = judge_in_context(text, score, [(t.reply, t.score) for t in self.turns],
                                  customer=last_customer_line)
        offers = tuple(offered_remedies(text, self.scenario.policy).items())
        # a recap of the remedy agreed calms nobody twice; a remedy new in the closing reply
        # is one (a tester's "+0: confirmed the remedy already agreed" for a new refund)
        confirmed = (before.closing is not None and "solution" in before.shown
                     and (not offers or _offered_before(offers, before.offered)))
        repeated = judged.repeated | (
            {"solution"} if score.credited("solution") and (
                confirmed or _offered_before(offers, before.offered)) else set())
        breaches = tuple(find_breaches(text, self.scenario.policy))
        flags = judged.flags + (("overpromise",) if breaches else ())
        blamed = _blamed(text, score) if "blame" in flags else None
        changes = self._anger_changes(flags, score, frozenset(repeated), waited, interrupted,
                                      blamed, closing=before.closing is not None)
        anger = max(0, min(100, before.anger + sum(c.delta for c in changes)))
        newly_revealed = self._revealed_by(text, score)
        shown = before.shown | {d for d in DIMENSIONS if score.credited(d)}
        offended = bool(set(flags) & set(ANGERING))
        state = _State(anger=anger, revealed=before.revealed + newly_revealed, shown=shown,
                       offences=before.offences + offended, offered=before.offered + offers)
        self._state = state
        self.delivered = len(self.scenario.customer.opening)  # an interruption ends the vent
        # A reply that blames, belittles or argues satisfies nobody, in the closing turn or
        # before it: a tester's "Calm down, it's only $42.50" beside a refund was answered
        # "Brilliant, thanks for sorting that so quickly." A promise beyond policy can please
        # a customer who doesn't know the policy (practice mode then says what it costs);
        # in the closing turn it undoes the agreement, as any offence does.
        insulted = bool(set(flags) & (set(ANGERING) - {"overpromise"}))
        ending = self._ending_for(flags, resolvable=not (
            insulted or (offended and before.closing is not None)),
                                  provoked_before=before.provoked)
        if before.closing is not None and not offended:
            # The closing reply: the goodbye, and the conversation is resolved.
            tiers = goodbye_tiers(self.scenario, _closes_in_words(text, score))
            picked = pick_line(tiers, self.rng, self._said_before(), before.said)
            state.said = (picked.written,)
            ending = replace(before.closing, says=picked.said)
            reaction, line = ending.kind, ending.says
        elif ending is not None and ending.kind == "resolved":
            state.closing = ending  # satisfied: the trainee gets the closing turn
            # the facts this reply asked for are still answered (a tester asked for the
            # member number in the reply that satisfied the customer and never got it)
            # (not the facts this ending waits for: its line was written knowing them)
            awaited = next(e.when.facts_revealed for e in self.scenario.endings
                           if e.id == ending.id)
            facts = [f.says for f in self.scenario.facts
                     if f.id in newly_revealed and f.id not in awaited]
            says = ending.says
            if says in self._said_before():
                picked = pick_line(satisfied_again_tiers(), self.rng, self._said_before(), ())
                says = picked.said if picked else says
            state.said = (says,)
            reaction, line = "satisfied", " ".join([says, *facts])
            ending = None
        else:
            reaction, line = self._reaction(text, score, flags, newly_revealed, ending,
                                            interrupted, blamed, anger > before.anger,
                                            breaches)
            if interrupted and ending is None:
                # they finish what they were saying: its facts are the scenario's story (a
                # tester interrupted and never heard about the knee surgery)
                line = " ".join([line, *self.scenario.customer.opening[heard:]])
        state.waiting_since = self.clock.now()
        turn = Turn(len(self.turns) + 1, text, score, breaches, flags, tuple(changes),
                    before.anger, anger, newly_revealed, line, reaction, waited, interrupted,
                    ending, heard)
        self.turns.append(turn)
        self.ending = ending
        return turn

    def replay(self, replies: Iterable[PlayedReply]) -> list[Turn]:
        """Play stored replies again as they were played (the same openings heard, the same
        silences), to pick up a session that was left. With the same scenario, seed and
        rubric model every turn comes out as it did; the caller checks that it did."""
        turns = []
        for played in replies:
            while self.delivered < played.openings_heard and self.venting:
                self.deliver_opening()
            turns.append(self.reply(played.reply, waited=played.waited_seconds))
        self._state.waiting_since = self.clock.now()
        return turns

    def take_back(self) -> Turn:
        """Undo the last reply (practice mode only); returns the turn that was removed."""
        if self.mode != "practice":
            raise SessionOver("take-backs are only allowed in practice mode")
        if not self.turns:
            raise SessionOver("there is no reply to take back")
        turn = self.turns.pop()
        self.taken_back.append(turn)
        previous = self._history.pop()
        self.rng.setstate(previous.rng_state)
        previous.rng_state = None
        previous.waiting_since = self.clock.now()
        self._state = previous
        self.ending = None
        return turn

    def end_by_trainee(self) -> EndingReached:
        """End now. A satisfied customer makes it resolved, without the closing reply."""
        if self.ending is None:
            self.ending = self._state.closing or EndingReached(
                "trainee-ended", "trainee-ended", "(the trainee ended the conversation)")
        return self.ending

    # -- rules -----------------------------------------------------------------------------
    def _anger_changes(self, flags: tuple[str, ...], score: ReplyScore,
                       repeated: frozenset[str], waited: float, interrupted: bool,
                       blamed: str | None, closing: bool = False) -> list[AngerChange]:
        t = self.temperament
        changes: list[AngerChange] = []

        def add(delta: int, reason: str) -> None:
            factor = t.anger_rise if delta > 0 else t.calm_rate
            changes.append(AngerChange(round(delta * factor), reason))

        if interrupted:
            add(*INTERRUPTED)
        if waited > t.patience_seconds:
            add(WAITED[0], f"{WAITED[1]} ({waited:.0f}s, patience {t.patience_seconds}s)")
        for flag in ("dismissive", "blame", "defensive", "overpromise"):
            if flag in flags:
                delta, reason = ANGERING[flag]
                add(delta, BLAMED.get(blamed, reason) if flag == "blame" else reason)
        for dimension in DIMENSIONS:
            # An apology cancelled by blame or arguing calms nobody; the rubric already
            # refuses it credit, so only credited dimensions count here.
            if dimension in repeated:
                changes.append(AngerChange(0, CONFIRMED if closing and dimension == "solution"
                                           else REPEATED[dimension]))
            elif score.credited(dimension):
                add(*CALMING[dimension])
        if _is_vague(score) and "solution" not in self._state.shown:
            add(*VAGUE)  # a remedy already given makes "we'll keep at it" no empty promise
        if not any(c.delta for c in changes) and not closing and not repeated:
            # a closing reply is a goodbye: it need not earn credit to calm a customer who
            # is already satisfied (a tester thanked them and was told "+5: said nothing");
            # and a reply that says again what helped before (a recap of the remedy agreed)
            # has its "+0: repeated" line, not "said nothing that helped"
            add(*NOTHING)
        return changes

    def _revealed_by(self, text: str, score: ReplyScore) -> tuple[str, ...]:
        if not score.credited("questions"):
            return ()
        return tuple(f.id for f in self.scenario.facts
                     if f.id not in self._state.revealed and triggered(f, text))

    def _ending_for(self, flags: tuple[str, ...], resolvable: bool = True,
                    provoked_before: frozenset[str] = frozenset()) -> EndingReached | None:
        """The first ending that holds. A closing reply that offends undoes the customer's
        satisfaction, and a reply that blames, belittles or argues cannot bring it
        (`resolvable` False): only an escalation or a walk-out can end the conversation then.

        With a second chance (easy, medium), an ending the trainee provoked (by anger or a
        flag) is only reached when it also held after the reply before, or on a second
        offence; until then the customer reacts and stays."""
        state = self._state
        provoked_now = set()
        for ending in self.scenario.endings:
            if not (resolvable or ending.kind != "resolved") or not self._holds(ending, flags):
                continue
            if _provoked(ending) and self.temperament.second_chance:
                provoked_now.add(ending.id)
                if ending.id not in provoked_before and state.offences < 2:
                    continue
            state.provoked = frozenset(provoked_now)
            return EndingReached(ending.id, ending.kind, ending.says)
        state.provoked = frozenset(provoked_now)
        return None

    def _holds(self, ending: Ending, flags: tuple[str, ...]) -> bool:
        """Whether `ending` holds after the reply being made, which raised `flags`."""
        return not self._unmet(ending, flags, len(self.turns) + 1)

    def unmet(self, ending_id: str) -> list[str]:
        """The conditions of ending `ending_id` that do not hold now, in words, for a test
        that expected it ("shown: empathy", "anger at most 30 (it is 45)"); empty when it
        holds or there is no such ending."""
        ending = next((e for e in self.scenario.endings if e.id == ending_id), None)
        if ending is None:
            return []
        return self._unmet(ending, self.turns[-1].flags if self.turns else (), len(self.turns))

    def _unmet(self, ending: Ending, flags: tuple[str, ...], replies: int) -> list[str]:
        """`ending`'s conditions that do not hold, in words, with `replies` replies made and
        `flags` raised by the last: the one test of an ending, for `_holds` and `unmet`."""
        when, state = ending.when, self._state
        out = []
        if when.anger_at_most is not None and state.anger > when.anger_at_most:
            out.append(f"anger at most {when.anger_at_most} (it is {state.anger})")
        if when.anger_at_least is not None and state.anger < when.anger_at_least:
            out.append(f"anger at least {when.anger_at_least} (it is {state.anger})")
        if missing := [d for d in when.shown if d not in state.shown]:
            out.append(f"shown: {', '.join(missing)} (never credited)")
        if facts := [f for f in when.facts_revealed if f not in state.revealed]:
            out.append(f"facts revealed: {', '.join(facts)} (never asked about)")
        if when.offered and not self._was_offered(when.offered):
            out.append(f"offered: {' or '.join(when.offered)} (never offered)")
        if when.after_turns is not None and replies < when.after_turns:
            out.append(f"at least {when.after_turns} replies")
        if when.flags and not set(when.flags) & set(flags):
            out.append(f"a reply raising {' or '.join(when.flags)}")
        return out

    def _was_offered(self, remedies: tuple[str, ...]) -> bool:
        """Whether the conversation so far offered one of `remedies` (kinds or policy.other
        entries, as `offered_remedies` names them)."""
        return any(kind in remedies for kind, _ in self._state.offered)

    def _said_before(self) -> set[str]:
        """Every reaction line the customer has said in this conversation (as written)."""
        return {line for state in self._history for line in state.said}

    def _reaction(self, text: str, score: ReplyScore, flags: tuple[str, ...],
                  revealed: tuple[str, ...], ending: EndingReached | None,
                  interrupted: bool, blamed: str | None,
                  angrier: bool = False, breaches: tuple[Breach, ...] = ()) -> tuple[str, str]:
        """The kind of reaction and what the customer says: a line answering what the reply
        did (the offer it made, the fact it brought out), then any facts revealed. A reply
        that only asks gets just the facts, unless a question line is tied to one of them.
        A vague promise that left the customer `angrier` is answered as one, not with thanks
        for the sympathy beside it (a tester's "I'm sorry to hear that. I'll look into it
        and get back to you." raised anger 85 to 92 and got "Finally someone gets it.")."""
        if ending is not None:
            return ending.kind, ending.says
        present = set(flags) | ({"interrupted"} if interrupted else set())
        if score.credited("solution"):
            present.add("remedy")
        for dimension, kind in (("apology", "apology"), ("empathy", "empathy"),
                                ("questions", "question"), ("follow_up", "follow_up")):
            if score.credited(dimension):
                present.add(kind)
        if _is_vague(score):
            present.add("vague")
        order = _REACTION_ORDER
        if angrier and "vague" in present:
            order = tuple(k for k in order if k in ANGERING or k == "interrupted") + ("vague",)
        kind = next((k for k in order if k in present), "nothing")
        if kind == "nothing" and only_invites(text):
            kind = "question"   # leave to ask is answered "Go on.", credited or not
        facts = [f.says for f in self.scenario.facts if f.id in revealed]
        offered = offered_remedies(text, self.scenario.policy)
        if kind == "overpromise":
            # the offers the over-promise is about: "$24? You'd better be sure" answered
            # "your $24 fee is refunded; it will definitely arrive in time" (a tester)
            offered = {k: v for k, v in offered.items() if k in {b.kind for b in breaches}}
        tiers = reaction_tiers(self.scenario, kind, offered, revealed,
                               blamed if kind == "blame" else None, text)
        if facts and kind in ("question", "nothing"):
            tiers = tiers[:1]  # the fact is the answer; only a line tied to it goes first
        picked = pick_line(tiers, self.rng, self._said_before(), self._history[-1].said)
        if picked is None:
            return "fact", " ".join(facts)
        self._state.said = (picked.written,)
        return kind, " ".join([picked.said, *facts])


def _provoked(ending: Ending) -> bool:
    """An escalation or walk-out brought on by anger or a flag (not a time limit)."""
    return ending.kind != "resolved" and (ending.when.anger_at_least is not None
                                          or bool(ending.when.flags))


def _closes_in_words(text: str, score: ReplyScore) -> bool:
    """Whether a closing reply deserves the customer's thanks: it earned a credit, or it is
    a real sentence of a few words ("Thank you for your patience, Priya. Tracking link
    coming shortly."), not "k", a list of rubric words or one line pasted over and over."""
    if any(score.credited(d) for d in DIMENSIONS):
        return True
    stuffed = any(e.key == "all" for e in score.evidence)
    return len(text.split()) >= _CLOSING_WORDS and not stuffed


def _blamed(text: str, score: ReplyScore) -> str | None:
    """Whom a reply raising blame blamed: "customer", "others", or None when the scorer
    cannot tell."""
    target = who_was_blamed(text, score)
    return "customer" if target == "customer" else ("others" if target else None)


def _offered_before(offers: tuple[tuple[str, str | None], ...],
                    before: tuple[tuple[str, str | None], ...]) -> bool:
    """Every remedy in `offers` was offered before: the same kind, and the same amount in
    any form ("220 dollars" after "$220"; a tester's recap calmed the customer again) or
    none said this time ("the refund" after "a $24 refund"). False when the reply names no
    remedy the policy knows of, so the wording decides (`judge_in_context`)."""
    said = {(kind, amount_value(amount)) for kind, amount in before}
    return bool(offers) and all(
        (kind, amount_value(amount)) in said
        or (amount is None and any(k == kind for k, _ in said))
        for kind, amount in offers)


def _is_vague(score: ReplyScore) -> bool:
    """A vague intention ("we'll look into it") with no concrete remedy in the reply, nor a
    question: "Could you send photos of the crack so I can get this sorted?" asks what the
    remedy needs first (a tester was told "+10: gave a vague promise" for it)."""
    return not score.credited("solution") and not score.credited("questions") and any(
        e.rule == "vague-intention" for e in score.evidence)
