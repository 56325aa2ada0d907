"""`trainer new ID`: write a commented starter scenario that validates as it is."""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path

from trainer.ids import ID_PATTERN

_ID = re.compile(ID_PATTERN)


def starter_text(scenario_id: str) -> str:
    template = resources.files("trainer.scenario").joinpath("starter.yaml").read_text("utf-8")
    return template.replace("__ID__", scenario_id)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new", help="write a commented starter scenario",
        description="Write ID.yaml, a commented starter scenario that validates as it is.")
    parser.add_argument("id", help="scenario id: lower-case letters, digits, - and _")
    parser.add_argument("--dir", type=Path, default=Path("."), help="folder to write into")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not _ID.match(args.id):
        print(f"trainer new: invalid id {args.id!r}: use lower-case letters, digits, - and _, "
              "starting with a letter", file=sys.stderr)
        return 2
    target = args.dir / f"{args.id}.yaml"
    if target.exists():
        print(f"{target}: already exists; not overwriting it", file=sys.stderr)
        return 1
    try:
        args.dir.mkdir(parents=True, exist_ok=True)
        target.write_text(starter_text(args.id), encoding="utf-8")
    except OSError as exc:
        print(f"{target}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {target}; check it with: trainer validate {target}")
    return 0
