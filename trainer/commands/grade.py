"""`trainer grade`: score replies from JSON Lines and write one JSON result per line."""

from __future__ import annotations

import argparse
import sys

from scoring import DIMENSIONS, score_reply
from scoring.json_lines import JsonLine, kind, line_id, read_objects
from trainer.jsonl import input_label, open_input
from trainer.safe_text import shown, shown_json


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade", help="score replies read as JSON Lines",
        description="Read JSON Lines {\"id\", \"reply\", \"customer\"?} and write one line per "
                    "input with scores, flags and evidence. Bad lines are reported on stderr "
                    "with their line number; the rest are still graded (exit 1 at the end). "
                    "\"id\" only names the line. These are the rubric's scores and flags; "
                    "an over-promise depends on a scenario's policy, so `trainer play` and "
                    "`trainer test` flag it, not grade.")
    parser.add_argument("file", nargs="?", default="-", help="input file, or - for stdin")
    parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    label = input_label(args.file)
    try:
        stream = open_input(args.file)
    except OSError as exc:
        print(f"{label}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    failed = False
    if args.format == "table":
        print(f"{'id':<14} " + " ".join(f"{d[:9]:>9}" for d in DIMENSIONS) + "  flags")
    with stream:
        for line in read_objects(stream):
            try:
                item_id, reply, customer = _fields(line)
            except ValueError as exc:
                print(f"{label}:{line.number}: {exc}", file=sys.stderr)
                failed = True
                continue
            result = score_reply(reply, customer)
            if args.format == "table":
                print(f"{shown(str(item_id), one_line=True)[:14]:<14} "
                      + " ".join(f"{result.scores[d]:>9.2f}" for d in DIMENSIONS)
                      + "  " + (",".join(result.flags) or "-"))
            else:
                print(shown_json({"id": item_id, **result.as_dict()}))
    return 1 if failed else 0


def _fields(line: JsonLine) -> tuple[str | int | float, str, str | None]:
    """(id, reply, customer) of a usable line; ValueError saying what is wrong otherwise."""
    if line.value is None:
        raise ValueError(line.error)
    reply = line.value.get("reply")
    if not isinstance(reply, str):
        raise ValueError(f"field 'reply' must be a string, got {kind(reply)}")
    if not reply.strip():
        raise ValueError("field 'reply' is empty: there is nothing to grade")
    customer = line.value.get("customer")
    return line_id(line.value, line.number), reply, customer if isinstance(customer, str) else None
