"""One module per `trainer` subcommand; each exposes `add_parser(subparsers)` and `run(args)`.

Commands turn domain errors into text and exit codes; nothing below them prints.
"""
