"""Options and helpers shared by the commands that use the results store."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from trainer.identity import clean, fallback_name, remember_name, remembered_name
from trainer.paths import database_url

if TYPE_CHECKING:
    from trainer.store import Store


def add_store_options(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    default = None if top_level else argparse.SUPPRESS
    parser.add_argument("--db", default=default, metavar="URL",
                        help="results database: sqlite:///file or postgresql://… "
                             "(default: TRAINER_DB, else SQLite in the data dir)")
    parser.add_argument("--trainee", default=default, metavar="NAME",
                        help="record as this trainee (default: the remembered name)")


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """--scenario and --since, which pick the finished sessions a report or export covers
    (with --trainee from add_store_options)."""
    parser.add_argument("--scenario", metavar="ID", help="only this scenario")
    parser.add_argument("--since", metavar="DATE", type=_date,
                        help="only sessions started on or after DATE (YYYY-MM-DD)")


def _date(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def open_store(args: argparse.Namespace, read_only: bool = False) -> Store | None:
    """The store, or None after printing why it can't be used. Commands that only read
    open it `read_only`: nothing is created, migrated or written, so a store the user may
    only read can still be reported on."""
    from trainer.store import Store, StoreError
    try:
        return Store(database_url(getattr(args, "db", None)), read_only=read_only)
    except StoreError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return None


def trainee_name(args: argparse.Namespace, ask: bool) -> str:
    """--trainee, else the remembered name, else ask once (interactive) and remember."""
    explicit = getattr(args, "trainee", None)
    if explicit and clean(explicit):
        return clean(explicit)
    remembered = remembered_name()
    if remembered:
        return remembered
    if ask:
        sys.stderr.write("What's your name? (saved for next time) ")
        sys.stderr.flush()
        answer = clean(sys.stdin.readline())
        if answer:
            if not remember_name(answer):
                print("trainer: could not save your name; you'll be asked again next time",
                      file=sys.stderr)
            return answer
    return fallback_name()
