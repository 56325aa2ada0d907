"""`trainer report`: each trainee's attempts, averages per dimension, best and latest score,
and weakest dimension, as a table, CSV or JSON; with --sessions, each finished session with
its id, so a trainer can pick one for `trainer show`."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from scoring import DIMENSIONS
from trainer.commands.storage import add_filter_options, add_store_options, open_store
from trainer.safe_text import shown


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="progress per trainee from the results store",
        description="Attempts, average per dimension, best and latest score, and each "
                    "trainee's weakest dimension, over finished sessions.")
    add_filter_options(parser)
    parser.add_argument("--sessions", action="store_true",
                        help="list each finished session (id, trainee, scenario, date, score, "
                             "pass or fail) instead of the totals; `trainer show ID` prints one")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_store_options(parser)
    parser.set_defaults(run=run)


def _cell(text: str) -> str:
    """A name from the database as one line of visible characters: an escape sequence or
    a newline in it must not recolour the terminal or forge a row."""
    return shown(text, one_line=True)


def run(args: argparse.Namespace) -> int:
    from trainer.debrief import LABELS
    if args.sessions:
        return _run_sessions(args)
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    try:
        rows = store.report(getattr(args, "trainee", None), args.scenario, args.since)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps([{"trainee": r.trainee, "attempts": r.attempts,
                           "averages": {k: round(v, 3) for k, v in r.averages.items()},
                           "best_score": r.best_score, "latest_score": r.latest_score,
                           "weakest": r.weakest} for r in rows], indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["trainee", "attempts", *DIMENSIONS, "best", "latest", "weakest"])
        for r in rows:
            writer.writerow([_cell(r.trainee), r.attempts,
                             *(f"{r.averages[d]:.3f}" for d in DIMENSIONS),
                             r.best_score, r.latest_score, r.weakest])
    else:
        if not rows:
            print("no finished sessions match")
            return 0
        header = (f"{'trainee':<20} {'tries':>5} " + " ".join(f"{LABELS[d][:9]:>9}"
                                                              for d in DIMENSIONS)
                  + f" {'best':>4} {'latest':>6}  weakest")
        print(header)
        for r in rows:
            print(f"{_cell(r.trainee)[:20]:<20} {r.attempts:>5} "
                  + " ".join(f"{r.averages[d]:>9.2f}" for d in DIMENSIONS)
                  + f" {r.best_score:>4} {r.latest_score:>6}  {LABELS[r.weakest]}")
    return 0


def _run_sessions(args: argparse.Namespace) -> int:
    from trainer.store.times import stored_utc
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    try:
        rows = [row for row, _ in store.finished_sessions(
            getattr(args, "trainee", None), args.scenario, args.since)]
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps([{"id": r.id, "trainee": r.trainee, "scenario": r.scenario_id,
                           "started": stored_utc(r.started_at).isoformat(),
                           "score": r.score, "passed": r.passed} for r in rows], indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "trainee", "scenario", "started", "score", "passed"])
        for r in rows:
            writer.writerow([r.id, _cell(r.trainee), _cell(r.scenario_id),
                             stored_utc(r.started_at).isoformat(), _score(r.score),
                             _result(r.passed)])
    else:
        if not rows:
            print("no finished sessions match")
            return 0
        print(f"{'id':>6}  {'started (UTC)':<16}  {'trainee':<20} {'scenario':<28} "
              f"{'score':>5}  result")
        for r in rows:
            print(f"{r.id:>6}  {r.started_at:%Y-%m-%d %H:%M}  {_cell(r.trainee)[:20]:<20} "
                  f"{_cell(r.scenario_id)[:28]:<28} {_score(r.score):>5}  "
                  f"{_result(r.passed)}")
    return 0


def _score(score: int | None) -> str:
    return "-" if score is None else str(score)


def _result(passed: bool | None) -> str:
    return "-" if passed is None else "pass" if passed else "fail"
