"""`trainer scenarios`: the scenarios there are to play, and the file each comes from.

A tester looked for `trainer list` to find a scenario to copy and edit, and found the ids
only in the error of `trainer play` with a wrong one."""

from __future__ import annotations

import argparse
import sys

from trainer.commands.scenario_options import add_scenario_options, scenario_folders
from trainer.safe_text import shown


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scenarios", aliases=["list"], help="list the scenarios to play, with their files",
        description="List the scenarios `trainer play ID` can play (the bundled set and "
                    "--scenarios folders): id, difficulty, title and the file it is read "
                    "from. A file with errors is listed on stderr with how to see them.")
    add_scenario_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.scenario import load_library
    results, problems = load_library(scenario_folders(args))
    playable = sorted((r for r in results if r.scenario is not None),
                      key=lambda r: r.scenario.id)
    width = max((len(r.scenario.id) for r in playable), default=2)
    for loaded in playable:
        scenario = loaded.scenario
        print(shown(f"{scenario.id:<{width}}  {scenario.difficulty:<6}  {scenario.title}  "
                    f"({loaded.path})", one_line=True))
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    broken = [r for r in results if r.scenario is None]
    for loaded in broken:
        print(shown(f"{loaded.label}: has errors, not playable "
                    f"(see `trainer validate {loaded.path}`)", one_line=True), file=sys.stderr)
    if not playable:
        print("no scenarios to play", file=sys.stderr)
    return 1 if broken or problems or not playable else 0
