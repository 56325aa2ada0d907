"""`trainer assign SCENARIO --to NAME|--all [--due DATE]`: a trainer sets a scenario for one
trainee or for everyone; `trainer assign --list` shows every assignment and who has done it;
`trainer assign --remove N` takes assignment N (the # in the list) back.

An assignment to everyone applies to every trainee in the store, including those who join
later. For a trainee it is done when they pass a session of its scenario that finished after
the assignment was made, and overdue when it is not done after its due day (days are the
store's, in UTC). The scenario id is checked against the scenarios trainees play from (the
bundled set plus `--scenarios DIR`), so a typo is refused rather than stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from trainer.commands.scenario_options import add_scenario_options, scenario_folders
from trainer.commands.storage import open_store
from trainer.identity import clean
from trainer.safe_text import shown


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assign", help="set a scenario for a trainee or for everyone",
        description="Assign a scenario to one trainee (--to) or to everyone, including "
                    "trainees who join later (--all), optionally due by a date; --list "
                    "shows every assignment and how many trainees have done it; --remove N "
                    "takes assignment N back.")
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a scenario id")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--to", metavar="NAME", help="the trainee it is for")
    who.add_argument("--all", action="store_true",
                     help="every trainee, including those who join later")
    parser.add_argument("--due", metavar="DATE", type=_day, help="due date (YYYY-MM-DD)")
    parser.add_argument("--list", action="store_true",
                        help="list the assignments instead of adding one")
    parser.add_argument("--remove", type=int, metavar="N",
                        help="remove assignment N (the # --list shows); sessions stay")
    add_scenario_options(parser)
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="URL",
                        help="results database (default: TRAINER_DB, else SQLite in the "
                             "data dir)")
    parser.set_defaults(run=run)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _say(message: str) -> None:
    print(shown(f"trainer assign: {message}", one_line=True), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if args.remove is not None:
        if args.list or args.scenario or args.to is not None or args.all or args.due:
            _say("--remove takes only the assignment's number")
            return 2
        return _remove(args)
    if args.list:
        if args.scenario or args.to is not None or args.all or args.due:
            _say("--list takes no scenario, --to, --all or --due")
            return 2
        return _list(args)
    if not args.scenario:
        _say("name the scenario to assign (or use --list)")
        return 2
    if args.to is None and not args.all:
        _say("say who it is for: --to NAME, or --all for everyone")
        return 2
    trainee = None if args.all else clean(args.to)
    if trainee == "":
        _say("--to needs a name")
        return 2
    known, problems = _scenario_ids(args)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    if args.scenario not in known:
        _say(f"no scenario with id {args.scenario!r} (a team's own? add its folder with "
             f"--scenarios DIR); available: {', '.join(sorted(known))}")
        return 1
    store = open_store(args)
    if store is None:
        return 1
    try:
        names = store.trainee_names()
        if trainee is not None and trainee not in names:
            # a tester's --to "alex novak" made a second trainee beside "Alex Novak", who
            # stayed in every report: a name that differs only in case is refused
            same = [n for n in names if n.casefold() == trainee.casefold()]
            if same:
                _say(f"no trainee is called {trainee!r}, but {same[0]!r} is: names are "
                     f"matched exactly (--to {same[0]!r})")
                return 1
        assignment = store.assign(args.scenario, trainee, args.due)
        today = store.today()
    finally:
        store.close()
    if trainee is not None and trainee not in names:
        print(f"note: {shown(trainee, one_line=True)!r} has not played yet; the assignment "
              "waits for them under that exact name", file=sys.stderr)
    if assignment.due and assignment.due < today:
        # made as asked (a trainer may record a missed deadline), but said: a tester typed
        # yesterday's date by mistake and the assignment was overdue from the start
        print(f"note: {assignment.due.isoformat()} is already past; this assignment is "
              "overdue from the start (`trainer assign --remove N` takes it back)",
              file=sys.stderr)
    who = ("everyone (and whoever joins later)" if trainee is None
           else shown(trainee, one_line=True))
    due = f", due {assignment.due.isoformat()}" if assignment.due else ""
    print(f"Assigned {args.scenario} to {who}{due}.")
    return 0


def _remove(args: argparse.Namespace) -> int:
    store = open_store(args)
    if store is None:
        return 1
    try:
        removed = store.unassign(args.remove)
    finally:
        store.close()
    if removed is None:
        _say(f"no assignment #{args.remove} (trainer assign --list shows them)")
        return 1
    who = "everyone" if removed.trainee is None else shown(removed.trainee, one_line=True)
    print(f"Removed assignment #{removed.id}: {shown(removed.scenario_id, one_line=True)} "
          f"for {who}.")
    return 0


def _scenario_ids(args: argparse.Namespace) -> tuple[set[str], list[str]]:
    """The ids trainees can play, and the problems with the folders named (formatted)."""
    from trainer.scenario import load_library
    results, problems = load_library(scenario_folders(args))
    return ({r.scenario.id for r in results if r.scenario is not None},
            [p.format() for p in problems])


def _list(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    try:
        assignments = store.assignments()
        statuses = store.assignment_statuses()
        today = store.today()
    finally:
        store.close()
    if not assignments:
        print("no assignments yet")
        return 0
    print(f"{'#':>4}  {'scenario':<28} {'to':<20} {'due':<10} {'made':<10} {'done':>7} "
          f"{'overdue':>7}")
    for a in assignments:
        applying = [s for s in statuses if s.assignment.id == a.id]
        done = sum(s.done_at is not None for s in applying)
        overdue = sum(s.overdue(today) for s in applying)
        who = "everyone" if a.trainee is None else shown(a.trainee, one_line=True)
        due = a.due.isoformat() if a.due else "–"
        print(f"{a.id:>4}  {shown(a.scenario_id, one_line=True)[:28]:<28} {who[:20]:<20} "
              f"{due:<10} {a.created_at:%Y-%m-%d} {f'{done}/{len(applying)}':>7} "
              f"{overdue:>7}")
    return 0
