"""`trainer test`: play the test conversations in scenario files and report each."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.scenario_options import add_scenario_options, scenario_folders


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "test", help="run the test conversations in scenario files",
        description="Play each scenario's `tests:` and report pass/fail per test, with the "
                    "turn where a failing conversation diverged. Exit 1 on any failure.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="scenario files or folders (default: the bundled set)")
    add_scenario_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.safe_text import shown
    from trainer.scenario import load_library, load_paths
    from trainer.session.scripted import run_tests
    results, problems = (load_paths(args.paths) if args.paths
                         else load_library(scenario_folders(args)))
    failed = bool(problems)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    passed_count = failed_count = unloaded = 0
    for loaded in results:
        if loaded.scenario is None:
            for d in loaded.diagnostics:
                if d.is_error():
                    print(d.format(), file=sys.stderr)
            failed = True
            unloaded += 1
            continue
        for index, result in enumerate(run_tests(loaded.scenario)):
            line, column = loaded.positions.of(("tests", index, "name"))
            where = f"{loaded.label}:{line}:{column}"
            if result.passed:
                passed_count += 1
                print(shown(f"PASS {where}: {result.name}", one_line=True))
            else:
                failed_count += 1
                print(shown(f"FAIL {where}: {result.name}: {result.detail}", one_line=True))
    sys.stderr.flush()  # the problems above the summary, also when both go to one pipe
    print(f"{passed_count} passed, {failed_count} failed"
          + (f"; {unloaded} file(s) could not be loaded, so their tests did not run"
             if unloaded else ""))
    return 1 if failed or failed_count else 0
