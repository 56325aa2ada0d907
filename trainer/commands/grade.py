"""`trainer grade`: score replies from JSON Lines and write one JSON result per line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from scoring import DIMENSIONS, RubricAdjustments, score_reply
from scoring.json_lines import JsonLine, kind, line_id, read_objects
from trainer.commands.scenario_options import (
    add_scenario_options,
    find_scenario,
    scenario_folders,
)
from trainer.jsonl import input_label, open_input
from trainer.safe_text import shown, shown_json

if TYPE_CHECKING:
    from trainer.scenario.model import Scenario


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade", help="score replies read as JSON Lines",
        description="Read JSON Lines {\"id\", \"reply\", \"customer\"?} and write one line per "
                    "input with scores, flags and evidence. Bad lines are reported on stderr "
                    "with their line number; the rest are still graded (exit 1 at the end). "
                    "\"id\" only names the line. With --scenario, each reply is also "
                    "scored with that scenario's rubric phrases and checked against its "
                    "policy, as in `trainer play`: a promise beyond it raises the "
                    "overpromise flag, with the reasons under \"overpromises\".")
    parser.add_argument("file", nargs="?", default="-", help="input file, or - for stdin")
    parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl")
    parser.add_argument("--scenario", metavar="ID|PATH",
                        help="judge every reply as said in this scenario (its phrases and "
                             "policy)")
    add_scenario_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario = None
    if args.scenario:
        scenario, problems = find_scenario(args.scenario, scenario_folders(args),
                                           "trainer grade")
        if scenario is None:
            for line in problems:
                print(line, file=sys.stderr)
            return 1
    # built once: every reply is scored with the same scenario's phrases
    adjustments = (RubricAdjustments(dict(scenario.rubric.phrases)) if scenario is not None
                   else None)
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
            graded = _graded(reply, customer, scenario, adjustments)
            if args.format == "table":
                print(f"{shown(str(item_id), one_line=True)[:14]:<14} "
                      + " ".join(f"{graded['scores'][d]:>9.2f}" for d in DIMENSIONS)
                      + "  " + (",".join(graded["flags"]) or "-"))
            else:
                print(shown_json({"id": item_id, **graded}))
    return 1 if failed else 0


def _graded(reply: str, customer: str | None, scenario: Scenario | None,
            adjustments: RubricAdjustments | None) -> dict:
    """The rubric's verdict as a dict; in a scenario, with its phrases (`adjustments`), and
    an over-promise flagged (and its reasons listed) as the session engine flags it."""
    graded = score_reply(reply, customer, adjustments).as_dict()
    if scenario is None:
        return graded
    from trainer.scenario.policy import find_breaches
    breaches = find_breaches(reply, scenario.policy)
    if breaches:
        graded["flags"] = [*graded["flags"], "overpromise"]
        graded["overpromises"] = [b.message for b in breaches]
    return graded


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
