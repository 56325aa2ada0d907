"""`trainer new ID`: write a commented starter scenario that validates as it is, and the
JSON Schema its first line points editors at (scenario.schema.json beside it) if that file
is not there yet."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path

from trainer.ids import is_id
from trainer.new_files import create_new
from trainer.safe_text import shown

SCHEMA_FILE = "scenario.schema.json"  # the starter's `$schema` comment names this file


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
    if not is_id(args.id):
        print(f"trainer new: invalid id {args.id!r}: use lower-case letters, digits, - and _, "
              "starting with a letter", file=sys.stderr)
        return 2
    target = args.dir / f"{args.id}.yaml"
    try:
        args.dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"{shown(str(args.dir), one_line=True)}: cannot create folder: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        create_new(target, starter_text(args.id), shared=True)
    except FileExistsError:  # a file, folder or symlink: never written over or through
        print(f"{shown(str(target), one_line=True)}: already exists; not overwriting it",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{shown(str(target), one_line=True)}: cannot write: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"wrote {target}; check it with: trainer validate {target}")
    _write_schema(args.dir / SCHEMA_FILE)
    return 0


def _write_schema(path: Path) -> None:
    """The schema for editors, unless something is at its name already (an earlier copy,
    kept as it is). The scenario is written either way: a schema that can't be written is
    a warning."""
    import json

    from trainer.commands.schema import scenario_schema
    try:
        create_new(path, json.dumps(scenario_schema(), indent=2) + "\n", shared=True)
    except FileExistsError:
        return
    except OSError as exc:
        print(f"{shown(str(path), one_line=True)}: cannot write the schema for editors: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return
    print(f"wrote {shown(str(path), one_line=True)} (the scenario format, for your "
          "editor's YAML support)")
