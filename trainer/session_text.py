"""A stored session as plain lines of text: each turn (reply, customer line, anger and why
it moved, credits and flags), then its result, or that it was not finished.

`trainer show` prints it; History shows it for a session left without a debrief. Everything
here came from the database, so every piece of it goes through `shown`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring import CREDIT_THRESHOLD, DIMENSIONS
from trainer.safe_text import shown

if TYPE_CHECKING:
    from trainer.store import SessionRow, TurnRow


def transcript_lines(session: SessionRow, turns: list[TurnRow]) -> list[str]:
    """The session and its turns as lines of text."""
    from trainer.debrief import ENDING_LABELS, LABELS
    one = _one_line
    when = f"{session.started_at:%Y-%m-%d %H:%M} UTC"
    lines = [f"Session {session.id}: {one(session.trainee)} on {one(session.scenario_id)} "
             f"({one(session.mode)}), started {when}"]
    for turn in turns:
        credits = [LABELS[d] for d in DIMENSIONS
                   if turn.scores.get(d, 0.0) >= CREDIT_THRESHOLD]
        marks = ", ".join(credits + [f"flag {one(f)}" for f in turn.flags])
        lines.append(f"Turn {turn.number} (anger {turn.anger_before} -> {turn.anger_after}): "
                     f"{marks or 'nothing credited'}")
        lines.append(f"  Trainee: {_indented(turn.reply)}")
        lines += [f"    {one(change)}" for change in turn.changes]
        lines.append(f"  Customer: {_indented(turn.customer_says)}")
    if not turns:
        lines.append("No turns were saved.")
    if session.status == "finished":
        result = "PASS" if session.passed else "FAIL"
        ending = ENDING_LABELS.get(session.ending_kind, str(session.ending_kind))
        flags = list(dict.fromkeys(f for turn in turns for f in turn.flags))
        lines += [f"Score: {session.score}/100 ({result})",
                  f"Ending: {one(ending)}",
                  "Flags raised: " + (one(", ".join(flags)) or "none")]
    else:
        lines.append("Not finished (left without a debrief, or still being played)")
    return lines


def _one_line(text: str) -> str:
    return shown(str(text), one_line=True)


def _indented(text: str) -> str:
    """A reply or customer line as typed, its own line breaks kept but indented, so no line
    of it can pass for a line of the transcript."""
    return shown(text).replace("\n", "\n           ")
