"""The `trainer` command: one subcommand per job, each in `trainer.commands`.

Exit codes: 0 success, 1 the input was invalid or a check failed, 2 a usage error.
Errors a user can cause are printed as one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys

from scoring import RubricError
from trainer import __version__
from trainer.commands import (
    assign,
    calibrate,
    evaluate,
    export,
    grade,
    new,
    play,
    regrade,
    report,
    scenarios,
    schema,
    serve,
    show,
    test,
    validate,
)
from trainer.commands.scenario_options import add_scenario_options
from trainer.commands.storage import add_store_options
from trainer.safe_text import shown

COMMANDS = (play, scenarios, serve, validate, schema, new, test, grade, evaluate, calibrate,
            report, show, export, regrade, assign)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Practise handling upset customers; author and check scenarios; score replies.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_store_options(parser, top_level=True)
    add_scenario_options(parser, top_level=True)
    parser.add_argument("--ask-name", action="store_true",
                        help="ask the trainee's name at start and keep it to this session "
                             "(one app for many people; each browser of `trainer serve`)")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "scores", True):
            from trainer.rubric_model import activate
            activate()
        if not hasattr(args, "run"):
            # No subcommand: open the app's home screen (Textual is imported only here).
            from trainer.app import run_app
            return run_app(args=args)
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `trainer grade big.jsonl | head` closes our stdout early; that is not an error.
        sys.stderr.close()
        return 0
    except Exception as exc:
        # The store turns what it can foresee into StoreError; anything else the database
        # says (a lost server, a locked file) is still one line, not a traceback.
        if type(exc).__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")):
            detail = str(getattr(exc, "orig", exc)).strip().splitlines()
            print(shown(f"trainer: database error: "
                        f"{detail[0] if detail else type(exc).__name__}", one_line=True),
                  file=sys.stderr)
            return 1
        if type(exc).__name__ == "StoreError":
            print(shown(f"trainer: {exc}", one_line=True), file=sys.stderr)
            return 1
        if isinstance(exc, RubricError):  # a trainer's edit to the phrase lists, say
            print(shown(f"trainer: {exc}", one_line=True), file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
