"""`trainer show SESSION_ID`: one stored session as a trainer reads it afterwards.

Each turn with the reply, the customer's answer, how anger moved and why, and what was
credited and flagged; then the debrief's summary (score, pass or fail, ending). Any
session can be shown, finished or not; `trainer report --sessions --unfinished` lists
their ids.
Everything here came from the database, so it is printed through `shown`
(`trainer.session_text`).
"""

from __future__ import annotations

import argparse
import sys

from trainer.commands.storage import add_store_options, open_store
from trainer.safe_text import shown
from trainer.session_text import transcript_lines

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
        saved = store.debrief_data(args.session_id) if found else None
    finally:
        store.close()
    if found is None:
        print(f"trainer: no session {args.session_id} in {label(store.url)}; "
              "`trainer report --sessions --unfinished` lists them", file=sys.stderr)
        return 1
    print("\n".join(transcript_lines(found, turns) + _taken_back(saved)))
    return 0


def _taken_back(saved: dict | None) -> list[str]:
    """The replies taken back in practice, as the debrief lists them: deleted from the turns,
    they are kept in the debrief, and a trainer reading a clean 97 should see that an
    over-promise was taken back first (a tester found `show` silent on it)."""
    from trainer.debrief import Debrief, taken_back_lines
    if not saved:
        return []
    try:
        debrief = Debrief.from_dict(saved)
    except ValueError:
        return []
    return [shown(line, one_line=True) for line in taken_back_lines(debrief)]
