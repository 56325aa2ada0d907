"""`trainer export`: finished sessions for other tools, as CSV (a spreadsheet, one row per
session) or as xAPI statements (a JSON array a learning record store or LMS imports).

A file is always created new: without --out it is sessions.csv or statements.json in the
current folder, or the next free name (-2, -3...); a name given with --out is refused if
anything is there already. Nothing is written through a symlink (trainer/new_files.py).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from urllib.parse import urlsplit

from scoring import DIMENSIONS
from trainer.commands.scenario_options import add_scenario_options, scenario_folders
from trainer.commands.storage import add_filter_options, add_store_options, open_store
from trainer.new_files import create_new, create_numbered
from trainer.safe_text import shown, shown_json

DEFAULT_NAMES = {"csv": ("sessions", "csv"), "xapi": ("statements", "json")}
CSV_COLUMNS = ["id", "trainee", "scenario", "mode", "started", "ended", "ending", "score",
               "passed", *(f"best_{d}" for d in DIMENSIONS), "flags"]
FORMULA_STARTS = ("=", "+", "-", "@")  # tab and CR are escaped by shown() first


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from trainer.xapi import DEFAULT_HOME_PAGE
    parser = subparsers.add_parser(
        "export", help="write finished sessions as CSV or xAPI statements",
        description="Write finished sessions as CSV (one row per session) or as xAPI "
                    "statements (a JSON array for a learning record store). Files are "
                    "created new, never written over.")
    parser.add_argument("--format", choices=("csv", "xapi"), default="csv")
    parser.add_argument("--out", metavar="FILE|-",
                        help="file to create, or - for standard output (default: "
                             "sessions.csv or statements.json here, or the next free name)")
    add_filter_options(parser)
    parser.add_argument("--home-page", type=_home_page, default=DEFAULT_HOME_PAGE,
                        metavar="URL", help="your site in xAPI account names and activity "
                                            f"ids (default: {DEFAULT_HOME_PAGE})")
    add_scenario_options(parser)  # their titles and briefings describe the activities
    add_store_options(parser)
    parser.set_defaults(run=run)


def _home_page(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
            or parts.fragment or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"not a web address: {shown(repr(text), one_line=True)}"
                                         " (use https://host[/path])")
    return text.rstrip("/")


def run(args: argparse.Namespace) -> int:
    folders = scenario_folders(args)
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        print(f"trainer: {shown(str(missing[0]), one_line=True)}: no such folder",
              file=sys.stderr)
        return 1
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    try:
        sessions = list(store.finished_sessions(getattr(args, "trainee", None),
                                                args.scenario, args.since))
    finally:
        store.close()
    text = (_csv_text(sessions) if args.format == "csv"
            else _xapi_text(sessions, args.home_page, folders))
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    try:
        if args.out:
            written = Path(args.out)
            create_new(written, text)
        else:
            written = create_numbered(Path("."), *DEFAULT_NAMES[args.format], text)
    except FileExistsError:
        print(f"trainer: {shown(args.out, one_line=True)}: already exists; not overwriting "
              "it", file=sys.stderr)
        return 1
    except OSError as exc:
        where = shown(str(exc.filename or args.out or "."), one_line=True)
        print(f"trainer: {where}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {shown(str(written), one_line=True)}: {len(sessions)} finished "
          f"session(s)")
    return 0


def _csv_text(sessions: list) -> str:
    """One row per session. Text cells are shown on one line with control characters
    written out, and a cell a spreadsheet would run as a formula (=, +, -, @) gets a
    leading apostrophe, which spreadsheets show as text."""
    from trainer.store.times import stored_utc
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s, flags in sessions:
        writer.writerow([
            s.id, _cell(s.trainee), _cell(s.scenario_id), _cell(s.mode),
            stored_utc(s.started_at).isoformat(),
            stored_utc(s.ended_at).isoformat() if s.ended_at else "",
            _cell(s.ending_kind or ""), "" if s.score is None else s.score,
            "" if s.passed is None else str(s.passed).lower(),
            *("" if s.best[d] is None else round(s.best[d], 4) for d in DIMENSIONS),
            _cell(";".join(flags))])
    return out.getvalue()


def _cell(text: str) -> str:
    text = shown(text, one_line=True)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _xapi_text(sessions: list, home_page: str, folders: list[Path]) -> str:
    """The statements as a JSON array; characters a terminal would obey are written as
    JSON escapes, so the JSON means the same and is safe to print."""
    from trainer.scenario import load_library
    from trainer.xapi import statement
    results, _ = load_library(folders)
    scenarios = {r.scenario.id: r.scenario for r in results if r.scenario is not None}
    statements = []
    for s, flags in sessions:
        scenario = scenarios.get(s.scenario_id)
        statements.append(statement(s, flags, home_page,
                                    scenario.title if scenario else None,
                                    " ".join(scenario.briefing.split()) if scenario else None))
    return shown_json(statements, indent=2) + "\n"
