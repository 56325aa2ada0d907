"""`trainer show SESSION_ID`: one stored session as a trainer reads it afterwards.

Each turn with the reply, the customer's answer, how anger moved and why, and what was
credited and flagged; then the debrief's summary (score, pass or fail, ending). Any
session can be shown, finished or not; `trainer report --sessions --unfinished` lists
their ids.
Everything here came from the database, so it is printed through `shown`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from scoring import CREDIT_THRESHOLD, DIMENSIONS
from trainer.commands.storage import add_store_options, open_store
from trainer.safe_text import shown

if TYPE_CHECKING:
    from trainer.store import SessionRow, TurnRow

LARGEST_ID = 2**31 - 1  # the largest session id either database can hold


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "show", help="print a stored session's transcript and result",
        description="Print one stored session: every turn (reply, customer line, anger "
                    "and why it moved, credits and flags) and its score, pass or fail and "
                    "ending. `trainer report --sessions --unfinished` lists the ids.")
    parser.add_argument("session_id", type=int, metavar="SESSION_ID")
    add_store_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.store.urls import label
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    try:
        found = store.session(args.session_id) if 1 <= args.session_id <= LARGEST_ID else None
        turns = store.session_turns(args.session_id) if found else []
    finally:
        store.close()
    if found is None:
        print(f"trainer: no session {args.session_id} in {label(store.url)}; "
              "`trainer report --sessions --unfinished` lists them", file=sys.stderr)
        return 1
    print("\n".join(transcript_lines(found, turns)))
    return 0


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
