"""`trainer play ID|PATH`: play one scenario, in the app or line by line with --plain."""

from __future__ import annotations

import argparse
import sys

from trainer.commands.scenario_options import (
    add_scenario_options,
    find_scenario,
    scenario_folders,
)
from trainer.commands.storage import add_store_options, open_store, trainee_name


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "play", help="play a scenario (by id or path)",
        description="Play one scenario: in the terminal app, or with --plain as plain lines "
                    "(replies read one per line from stdin; the debrief is printed at the end).")
    parser.add_argument("scenario", help="a bundled scenario id, or a path to a YAML file")
    parser.add_argument("--plain", action="store_true",
                        help="line-based mode for screen readers, pipes and scripts")
    parser.add_argument("--no-save", action="store_true",
                        help="record nothing: for a trainer trying a scenario out, so the "
                             "try-out is not a trainee's session in reports")
    parser.add_argument("--exam", action="store_true",
                        help="exam mode: no scores until the debrief, no take-backs")
    parser.add_argument("--seed", type=int, default=None,
                        help="seed the customer's choice of lines (replays are identical)")
    add_scenario_options(parser)
    add_store_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario, problems = find_scenario(args.scenario, scenario_folders(args), "trainer play")
    if scenario is None:
        for line in problems:
            print(line, file=sys.stderr)
        return 1
    mode = "exam" if args.exam else "practice"
    if args.plain:
        from trainer.plain import play_plain, reply_input
        replies = reply_input(sys.stdin)
        if replies is None or replies.closed:
            print("trainer play --plain: no input to read replies from (standard input is "
                  "closed); pipe replies in or run it in a terminal", file=sys.stderr)
            return 1
        interactive = replies.isatty()
        if args.no_save:
            play_plain(scenario, replies, sys.stdout, mode=mode, seed=args.seed,
                       interactive=interactive)
            return 0
        store = open_store(args)
        if store is None:
            return 1
        try:
            play_plain(scenario, replies, sys.stdout, mode=mode, seed=args.seed,
                       interactive=interactive, store=store,
                       trainee=trainee_name(args, ask=interactive))
        finally:
            store.close()
        return 0
    from trainer.app import run_app
    return run_app(scenario=scenario, mode=mode, seed=args.seed, args=args)
