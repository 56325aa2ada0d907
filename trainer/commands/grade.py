"""`trainer grade`: score replies from JSON Lines and write one JSON result per line."""

from __future__ import annotations

import argparse
import json
import sys

from scoring import DIMENSIONS, score_reply
from trainer.jsonl import open_input, read_objects


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade", help="score replies read as JSON Lines",
        description="Read JSON Lines {\"id\", \"reply\", \"customer\"?} and write one line per "
                    "input with scores, flags and evidence. Bad lines are reported on stderr "
                    "with their line number; the rest are still graded (exit 1 at the end).")
    parser.add_argument("file", nargs="?", default="-", help="input file, or - for stdin")
    parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    label = "<stdin>" if args.file == "-" else args.file
    try:
        stream = open_input(args.file)
    except OSError as exc:
        print(f"{label}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    failed = False
    if args.format == "table":
        print(f"{'id':<14} " + " ".join(f"{d[:9]:>9}" for d in DIMENSIONS) + "  flags")
    try:
        for line in read_objects(stream):
            reply = line.value.get("reply") if line.value is not None else None
            error = line.error or ("" if isinstance(reply, str)
                                   else f"field 'reply' must be a string, got {reply!r}")
            if error:
                print(f"{label}:{line.number}: {error}", file=sys.stderr)
                failed = True
                continue
            customer = line.value.get("customer")
            result = score_reply(reply, customer if isinstance(customer, str) else None)
            item_id = line.value.get("id", line.number)
            if args.format == "table":
                print(f"{str(item_id)[:14]:<14} "
                      + " ".join(f"{result.scores[d]:>9.2f}" for d in DIMENSIONS)
                      + "  " + (",".join(result.flags) or "-"))
            else:
                print(json.dumps({"id": item_id, **result.as_dict()}, ensure_ascii=False))
    except UnicodeDecodeError as exc:
        print(f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})", file=sys.stderr)
        return 1
    return 1 if failed else 0
