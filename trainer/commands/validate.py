"""`trainer validate`: check scenario files and print every problem as path:line:col."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.scenario_options import add_scenario_options, scenario_folders


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="check scenario files (default: the bundled set)",
        description="Check scenario files or folders. Prints one line per problem as "
                    "path:line:col: CODE severity: message. Exit 0 when all are valid, 1 "
                    "when any is invalid, 2 on usage errors.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="scenario files or folders (default: the bundled set and "
                             "--scenarios folders)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    add_scenario_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.scenario import bundled_dir, load_paths, warn_of_bundled_replacements
    folders = scenario_folders(args)
    results, problems = load_paths(args.paths or folders)
    if bundled_dir() in folders:  # with --no-bundled, nothing is replaced
        warn_of_bundled_replacements(results, bundled_loaded=not args.paths)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    invalid = 0
    for result in results:
        for diagnostic in result.diagnostics:
            print(diagnostic.format(args.strict))
        if not result.ok(args.strict):
            invalid += 1
    if not args.quiet:
        valid = len(results) - invalid
        print(f"{valid} valid, {invalid} invalid scenario file(s)", file=sys.stderr)
    if problems:
        return 2 if not results else 1
    return 1 if invalid or not results else 0
