"""`trainer report`: each trainee's attempts, averages per dimension with the way each is
going, best and latest score, weakest dimension, assignments done and overdue, and what to
practise next, as a table, CSV or JSON; with --sessions, each finished session with its
id, so a trainer can pick one for `trainer show`.

Averages and trends count the finished sessions that match the filters; assignments count
those of the scenario asked for (all without --scenario); the pick reads every session the
trainee finished (see `trainer.practise_next`). A trainee with assignments but no matching
session is listed with 0 tries, so a trainer sees who has not started.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scoring import DIMENSIONS, FLAGS
from trainer.commands.scenario_options import add_scenario_options, scenario_folders
from trainer.commands.storage import add_filter_options, add_store_options, open_store
from trainer.safe_text import shown
from trainer.trend import ARROWS, trend

if TYPE_CHECKING:
    from trainer.practise_next import Pick
    from trainer.store import AssignmentStatus, Attempt, SessionRow, TraineeReport


FLAG_ORDER = (*FLAGS, "overpromise")  # the rubric's flags, then the scenario's policy's


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="progress per trainee from the results store",
        description="Attempts, average per dimension and its trend (later sessions against "
                    "earlier: ↑ ↓ →), best and latest score, each trainee's weakest "
                    "dimension, assignments done and overdue, and what to practise next, "
                    "over finished sessions.")
    add_filter_options(parser)
    parser.add_argument("--sessions", action="store_true",
                        help="list each finished session (id, trainee, scenario, date, score, "
                             "pass or fail) instead of the totals; `trainer show ID` prints one")
    parser.add_argument("--unfinished", action="store_true",
                        help="with --sessions, list sessions left or cut short too (result "
                             "'abandoned'): their saved turns can be shown as well")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_scenario_options(parser)
    add_store_options(parser)
    parser.set_defaults(run=run)


def _cell(text: str) -> str:
    """A name from the database as one line of visible characters: an escape sequence or
    a newline in it must not recolour the terminal or forge a row."""
    return shown(text, one_line=True)


@dataclass(frozen=True)
class Progress:
    """One trainee's row. `report` is None when no finished session matches the filters."""

    trainee: str
    report: TraineeReport | None
    trends: dict[str, str | None]
    assigned: int
    done: int
    overdue: int
    pick: Pick | None
    flagged: dict[str, int]     # flag -> finished sessions (matching) that raised it


def run(args: argparse.Namespace) -> int:
    if args.sessions:
        return _run_sessions(args)
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    trainee = getattr(args, "trainee", None)
    try:
        reports = store.report(trainee, args.scenario, args.since)
        attempts = store.attempts(trainee)
        statuses = store.assignment_statuses(trainee)
        now = store.now()
    finally:
        store.close()
    rows = _progress(args, reports, attempts, statuses, now)
    if args.format == "json":
        print(json.dumps([_as_json(p) for p in rows], indent=2))
    elif args.format == "csv":
        _write_csv(rows)
    elif rows:
        _print_table(rows)
    else:
        print("no finished sessions match")
    return 0


def _run_sessions(args: argparse.Namespace) -> int:
    from trainer.store.times import stored_utc
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    try:
        rows = list(store.finished_sessions(
            getattr(args, "trainee", None), args.scenario, args.since,
            unfinished_too=args.unfinished))
    finally:
        store.close()
    # mode, ending and flags too: a tester's session ended by closing the window read as any
    # other fail, and an exam as a practice
    if args.format == "json":
        print(json.dumps([{"id": r.id, "trainee": r.trainee, "scenario": r.scenario_id,
                           "started": stored_utc(r.started_at).isoformat(),
                           "score": r.score, "passed": r.passed, "status": r.status,
                           "mode": r.mode, "ending": r.ending_kind, "flags": flags}
                          for r, flags in rows], indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "trainee", "scenario", "started", "score", "passed", "mode",
                         "ending", "flags"])
        for r, flags in rows:
            writer.writerow([r.id, _cell(r.trainee), _cell(r.scenario_id),
                             stored_utc(r.started_at).isoformat(), _score(r.score),
                             _result(r), _cell(r.mode), _cell(r.ending_kind or ""),
                             _cell(" ".join(flags))])
    else:
        if not rows:
            print("no sessions match" if args.unfinished else "no finished sessions match")
            return 0
        print(f"{'id':>6}  {'started (UTC)':<16}  {'trainee':<20} {'scenario':<28} "
              f"{'score':>5}  {'result':<9} {'mode':<8} {'ending':<13} flags")
        for r, flags in rows:
            print(f"{r.id:>6}  {r.started_at:%Y-%m-%d %H:%M}  {_cell(r.trainee)[:20]:<20} "
                  f"{_cell(r.scenario_id)[:28]:<28} {_score(r.score):>5}  "
                  f"{_result(r):<9} {_cell(r.mode)[:8]:<8} "
                  f"{_cell(r.ending_kind or '-')[:13]:<13} {_cell(','.join(flags)) or '-'}")
    return 0


def _flag_counts(flagged: dict[str, int]) -> str:
    """"blame 2, dismissive 1" in the order the debrief lists flags; "–" for none."""
    return ", ".join(f"{f} {flagged[f]}" for f in FLAG_ORDER if f in flagged) or "–"


def _score(score: int | None) -> str:
    return "-" if score is None else str(score)


def _result(row: SessionRow) -> str:
    if row.status != "finished":
        return "abandoned"
    return "-" if row.passed is None else "pass" if row.passed else "fail"


def _progress(args: argparse.Namespace, reports: list[TraineeReport], attempts: list[Attempt],
              statuses: list[AssignmentStatus], now: dt.datetime) -> list[Progress]:
    from trainer.practise_next import practise_next
    from trainer.scenario import load_library
    from trainer.store.times import local_day
    results, _ = load_library(scenario_folders(args))
    scenarios = [r.scenario for r in results if r.scenario is not None]
    by_name = {r.trainee: r for r in reports}
    today = local_day(now)  # the reader's calendar day, for what is overdue
    attempts_of: dict[str, list[Attempt]] = defaultdict(list)
    for a in attempts:
        attempts_of[a.trainee].append(a)
    assigned_to: dict[str, list[AssignmentStatus]] = defaultdict(list)
    for s in statuses:
        if not args.scenario or s.assignment.scenario_id == args.scenario:
            assigned_to[s.trainee].append(s)
    rows = []
    for name in sorted(set(by_name) | set(assigned_to)):
        theirs = attempts_of[name]
        matching = [a for a in theirs
                    if (not args.scenario or a.scenario_id == args.scenario)
                    and (not args.since or a.started_at >= args.since)]
        assigned = assigned_to[name]
        rows.append(Progress(
            name, by_name.get(name),
            {d: trend([a.best[d] for a in matching]) for d in DIMENSIONS},
            len(assigned), sum(s.done_at is not None for s in assigned),
            sum(s.overdue(today) for s in assigned),
            practise_next(scenarios, theirs, now),
            # how many of the matching sessions raised each flag: what a trainer coaches
            # first, which averages of the credits do not show (a tester had to export to
            # find that a trainee blamed the customer in two sessions)
            dict(Counter(flag for a in matching for flag in a.flags))))
    return rows


def _as_json(p: Progress) -> dict:
    r = p.report
    return {"trainee": p.trainee, "attempts": r.attempts if r else 0,
            "averages": {k: round(v, 3) for k, v in r.averages.items()} if r else None,
            "trend": p.trends,
            "best_score": r.best_score if r else None,
            "latest_score": r.latest_score if r else None,
            "weakest": r.weakest if r else None,
            "assignments": {"assigned": p.assigned, "done": p.done, "overdue": p.overdue},
            "sessions_flagged": {f: p.flagged[f] for f in FLAG_ORDER if f in p.flagged},
            "practise_next": None if p.pick is None else {
                "scenario": p.pick.scenario.id, "title": p.pick.scenario.title,
                "trains": p.pick.dimension,
                "habit": None if p.pick.habit is None else {
                    "flag": p.pick.habit.flag, "sessions": p.pick.habit.sessions,
                    "of": p.pick.habit.of}}}


def _write_csv(rows: list[Progress]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["trainee", "attempts", *DIMENSIONS, "best", "latest", "weakest",
                     *(f"{d}_trend" for d in DIMENSIONS), "assigned", "done", "overdue",
                     "practise_next", "trains", "habit",
                     *(f"{f}_sessions" for f in FLAG_ORDER)])
    for p in rows:
        r = p.report
        writer.writerow([_cell(p.trainee), r.attempts if r else 0,
                         *(f"{r.averages[d]:.3f}" if r else "" for d in DIMENSIONS),
                         r.best_score if r else "", r.latest_score if r else "",
                         r.weakest if r else "", *(p.trends[d] or "" for d in DIMENSIONS),
                         p.assigned, p.done, p.overdue,
                         p.pick.scenario.id if p.pick else "",
                         p.pick.dimension if p.pick else "",
                         p.pick.habit.flag if p.pick and p.pick.habit else "",
                         *(p.flagged.get(f, 0) for f in FLAG_ORDER)])


def _print_table(rows: list[Progress]) -> None:
    from trainer.debrief import LABELS
    print(f"{'trainee':<20} {'tries':>5} " + " ".join(f"{LABELS[d][:9]:>9}" for d in DIMENSIONS)
          + f" {'best':>4} {'latest':>6}  {'weakest':<10} {'assigned':>8} {'overdue':>7}"
          + f"  {'flagged (sessions)':<30}  practise next")
    for p in rows:
        r = p.report
        averages = (f"{r.averages[d]:>7.2f} {ARROWS.get(p.trends[d], ' ')}" if r else f"{'–':>9}"
                    for d in DIMENSIONS)
        assigned = f"{p.done}/{p.assigned}" if p.assigned else "–"
        pick = f"{p.pick.scenario.id} ({p.pick.trains()})" if p.pick else "–"
        print(f"{_cell(p.trainee)[:20]:<20} {r.attempts if r else 0:>5} " + " ".join(averages)
              + f" {r.best_score if r else '–':>4} {r.latest_score if r else '–':>6}  "
              + f"{LABELS[r.weakest] if r else '–':<10} {assigned:>8} {p.overdue:>7}  "
              + f"{_flag_counts(p.flagged):<30}  " + _cell(pick))
