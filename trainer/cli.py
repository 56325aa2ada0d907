"""The `trainer` command: one subcommand per job, each in `trainer.commands`.

Exit codes: 0 success, 1 the input was invalid or a check failed, 2 a usage error.
Errors a user can cause are printed as one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys

from trainer import __version__
from trainer.commands import evaluate, grade, new, play, schema, test, validate

COMMANDS = (play, validate, schema, new, test, grade, evaluate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Practise handling upset customers; author and check scenarios; score replies.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if not hasattr(args, "run"):
            # No subcommand: open the app's home screen (Textual is imported only here).
            from trainer.app import run_app
            return run_app()
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `trainer grade big.jsonl | head` closes our stdout early; that is not an error.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
