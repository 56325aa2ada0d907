"""The session's overall result: a 0-100 score, pass or fail, and coaching notes.

Each dimension counts once it has been shown well in any reply (its best score in the
session), weighted by the scenario. Serious faults cap the score however good the rest
was, because one "calm down" or one broken promise can undo a whole conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring import CREDIT_THRESHOLD, DIMENSIONS
from trainer.scenario.policy_text import describe_policy
from trainer.session.engine import Session

LABELS = {"empathy": "Empathy", "apology": "Apology", "questions": "Questions",
          "solution": "Solution", "follow_up": "Follow-up"}
FAULT_CAPS = {
    "blame": (50, "blamed someone"),
    "dismissive": (50, "were dismissive"),
    "overpromise": (50, "promised beyond policy"),
}


def flags_described(flags: tuple[str, ...]) -> str:
    """The flags raised, each with what it did to the score: "dismissive (caps the score at
    50), defensive (raises anger, no cap)". A tester saw one flag cap a session and another
    leave it at 94, and could not tell why."""
    said = [f"{flag} (caps the score at {FAULT_CAPS[flag][0]})" if flag in FAULT_CAPS
            else f"{flag} (raises anger, no cap)" for flag in flags]
    return ", ".join(said) or "none"


NEEDED = {"empathy": "acknowledge how they feel", "apology": "apologise and own the problem",
          "questions": "ask a useful question", "solution": "offer a concrete remedy",
          "follow_up": "commit to a follow-up"}


def still_needed_text(session: Session) -> str:
    """What a customer who is calm enough still needs before they are satisfied, as words
    to finish "…once you": "offer a concrete remedy, and ask about the photos"; "" when
    nothing is that close or nothing is missing."""
    dimensions, facts, remedies = session.still_needed()
    wants = [NEEDED.get(d, d) for d in dimensions]
    wants += [f"ask about the {f.replace('_', ' ')}" for f in facts]
    if remedies:
        wants.append(f"offer {' or '.join(remedies)}")
    return ", and ".join(wants)


def policy_and_limit_text(session: Session) -> str:
    """The policy as the trainee is told it, then "Tom Okafor gives a conversation 8
    replies." for a customer who gives up after so many: said with the briefing, in the app
    and `--plain` (a tester learnt of the limit only at "One reply left")."""
    limit = session.reply_limit
    told = describe_policy(session.scenario.policy)
    return told if limit is None else (f"{told} {session.scenario.customer.name} gives a "
                                       f"conversation {limit} replies.")


def not_yet_shown_text(session: Session) -> str:
    """The dimensions no reply has earned yet, as words to finish "…not yet: ":
    "acknowledge how they feel, and apologise and own the problem"; "" when all are."""
    return ", and ".join(NEEDED[d] for d in session.not_yet_shown)


@dataclass(frozen=True)
class Outcome:
    score: int
    passed: bool
    pass_mark: int
    best: dict[str, float]              # best score per dimension across the session
    flags: tuple[str, ...]              # every flag raised in any reply
    caps: tuple[str, ...]               # why the score was capped, if it was
    notes: tuple[str, ...]              # coaching notes on the order of steps and the close
    ending_kind: str | None
    failed_because: tuple[str, ...]     # every reason it did not pass, in plain words


def _weights(weights: dict[str, float]) -> tuple[dict[str, float], float]:
    """Each dimension's weight in the score (1 unless the scenario says) and their total."""
    w = {d: weights.get(d, 1.0) for d in DIMENSIONS}
    return w, sum(w.values()) or 1.0


def overall_score(best: dict[str, float], weights: dict[str, float],
                  flags: tuple[str, ...]) -> tuple[int, list[str]]:
    """The 0-100 score from each dimension's best, weighted, with serious faults capping it.

    Also used by `trainer regrade` to recompute scores from stored transcripts."""
    w, total_weight = _weights(weights)
    uncapped = round(100 * sum(best[d] * w[d] for d in DIMENSIONS) / total_weight)
    score = uncapped
    caps = []
    for flag, (cap, reason) in FAULT_CAPS.items():
        # every flag that caps is named: a tester's debrief named the blame and not the
        # over-promise that would have capped the score just the same
        if flag in flags and uncapped > cap:
            score = min(score, cap)
            caps.append(f"capped at {cap}: you {reason}")
    return score, caps


def outcome_of(session: Session) -> Outcome:
    scenario = session.scenario
    best = {d: max((t.score.scores[d] for t in session.turns), default=0.0)
            for d in DIMENSIONS}
    flags = tuple(dict.fromkeys(f for t in session.turns for f in t.flags))
    score, fault_caps = overall_score(best, dict(scenario.rubric.weights), flags)
    caps = list(fault_caps)
    if session.ending is not None and session.ending.kind in ("escalated", "left"):
        caps.append(f"the customer {session.ending.kind}")
    pass_mark = scenario.rubric.pass_mark
    ending_kind = session.ending.kind if session.ending else None
    passed = score >= pass_mark and ending_kind == "resolved"
    uncapped, _ = overall_score(best, dict(scenario.rubric.weights), ())
    failed_because = () if passed else tuple(
        reasons_failed(score, uncapped, pass_mark, fault_caps, ending_kind,
                       still_needed_text(session),
                       len(session.turns) if session.ran_out_of_replies else None,
                       points_lost(best, dict(scenario.rubric.weights))))
    return Outcome(score, passed, pass_mark, best, flags, tuple(caps),
                   tuple(order_notes(session)), ending_kind, failed_because)


ENDING_FAILS = {
    "escalated": "The customer escalated: a pass needs the conversation resolved.",
    "left": "The customer left before it was resolved: a pass needs it resolved.",
    "trainee-ended": "You ended the conversation before it was resolved: a pass needs it "
                     "resolved.",
    None: "The conversation was not finished: a pass needs it resolved.",
}


def points_lost(best: dict[str, float], weights: dict[str, float]) -> str:
    """Where the most points of the score were lost, for a trainee below the pass mark with
    every skill ticked (a tester's ESL replies were credited at 0.52 and 0.55 and the
    debrief said only that 74 is below 80): up to two dimensions, each losing 3 points or
    more, with its best score. "" when none did."""
    w, total = _weights(weights)
    lost = sorted(((100 * (1 - best[d]) * w[d] / total, d) for d in DIMENSIONS),
                  reverse=True)
    worst = [(points, d) for points, d in lost[:2] if points >= 3]
    if not worst:
        return ""
    named = " and ".join(f"{LABELS[d]} (best {best[d]:.2f}, {points:.0f} points)"
                         for points, d in worst)
    ticked = all(best[d] >= CREDIT_THRESHOLD for _, d in worst)
    return (f"Most points were lost on {named}"
            + (": credited, but only just; a skill earns points for how fully it was shown."
               if ticked else "."))


def reasons_failed(score: int, uncapped: int, pass_mark: int, fault_caps: list[str],
                   ending_kind: str | None, still_needed: str,
                   reply_limit: int | None = None, lost: str = "") -> list[str]:
    """Why a session did not pass, each reason on its own: a high score can still fail, and
    a trainee who sees only "FAIL" next to 85 learns nothing. `still_needed` says what a
    calm customer was still waiting for (exam mode never told them); `reply_limit`, that
    the customer left because the replies they give a conversation ran out (a tester's
    customer said "Goodbye" while calming down, and nothing said why)."""
    reasons = []
    if fault_caps:
        # "and passed" only when nothing else stood in the way: a tester read "would have
        # been 87 and passed" above "the conversation was not resolved"
        above = ("still been below the mark" if uncapped < pass_mark
                 else "passed the mark" if ending_kind == "resolved"
                 else "above the mark")
        # one reason for all the caps: "without that" beside one of two caps was untrue
        cap = fault_caps[0] if len(fault_caps) == 1 else (
            fault_caps[0] + "".join(f", and {c.split(': you ', 1)[-1]}"
                                    for c in fault_caps[1:]))
        that = "that" if len(fault_caps) == 1 else "these"
        reasons.append(f"Score {cap}; without {that} it would have been {uncapped} and "
                       f"{above} of {pass_mark}.")
    if score < pass_mark and not fault_caps:
        reasons.append(f"The score, {score}, is below the pass mark of {pass_mark}."
                       + (f" {lost}" if lost else ""))
    if ending_kind != "resolved":
        reasons.append(ENDING_FAILS.get(ending_kind, f"The conversation ended: {ending_kind}."))
        if reply_limit:
            reasons.append(f"This customer gives a conversation {reply_limit} replies, and it "
                           "was not resolved by then.")
        if still_needed and ending_kind in ("trainee-ended", None):
            reasons.append(f"The customer was calm enough, but would have been satisfied "
                           f"only once you {still_needed}.")
    return reasons


# Words that thank the customer in a closing reply: "Thank you for bearing with us", "I
# appreciate your patience", "thx Tom", "Cheers for waiting", "I'm grateful you told us".
THANKING = ("thank", "thx", "appreciate", "grateful", "cheers")
# What a closing reply does, as done and as still to do.
CLOSING_PARTS = (("confirmed what happens next", "confirm what happens next"),
                 ("said when you'll follow up", "say when you'll follow up"),
                 ("thanked them", "thank them"))


def order_notes(session: Session) -> list[str]:
    """Notes where the order of steps worked against the trainee, and on how they closed
    (coaching, not penalty)."""
    notes = []
    acknowledged = False
    for turn in session.turns:
        if turn.credited("solution") and not acknowledged and not (
                turn.credited("empathy") or turn.credited("apology")):
            notes.append(f"Turn {turn.number}: you offered a remedy before acknowledging how "
                         "the customer felt. Frameworks like LAST and HEARD put listening and "
                         "empathy first; the same fix lands better after it.")
            break
        acknowledged = acknowledged or turn.credited("empathy") or turn.credited("apology")
    if session.turns and session.turns[0].interrupted:
        notes.append("Turn 1: you replied while the customer was still venting. Let them "
                     "finish first.")
    first = session.turns[0] if session.turns else None
    if first and first.credited("questions") and not (first.credited("empathy")
                                                      or first.credited("apology")):
        notes.append("Turn 1: you opened with questions. Acknowledge the problem before "
                     "asking for details.")
    if (closing := closing_note(session)) is not None:
        notes.append(closing)
    return notes


def closing_note(session: Session) -> str | None:
    """How the trainee closed a resolved conversation, against what the "Time to close" note
    asks: confirm what happens next (a remedy credited), say when they'll follow up (a
    follow-up credited) and thank the customer. A tester thanked three customers warmly and
    the debrief never said so. None when the customer was never satisfied."""
    if session.ending is None or session.ending.kind != "resolved" or not session.turns:
        return None
    last = session.turns[-1]
    if last.reaction != "resolved":
        return ("You ended the conversation once the customer was satisfied, without a "
                "closing reply: next time confirm what happens next and when you'll follow "
                "up, in writing, and thank them.")
    lowered = last.reply.lower()
    done = (last.credited("solution"), last.credited("follow_up"),
            any(word in lowered for word in THANKING))
    said = [part for (part, _), did in zip(CLOSING_PARTS, done, strict=True) if did]
    missed = [part for (_, part), did in zip(CLOSING_PARTS, done, strict=True) if not did]
    opening = f"Turn {last.number}, your closing reply"
    if not missed:
        return f"{opening} {_joined(said)}: a good close."
    but = f" {_joined(said)}, but" if said else ""
    return (f"{opening}{but} did not {_joined(missed, 'or')}. A close confirms the agreement "
            "in writing and thanks them.")


def _joined(parts: list[str], last: str = "and") -> str:
    """"a, b and c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"
