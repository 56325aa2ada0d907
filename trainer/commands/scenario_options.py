"""Where scenarios come from, for every command that reads them: the bundled set, plus a
team's folders (`--scenarios DIR`, repeatable, or `TRAINER_SCENARIOS=DIR[:DIR…]`), or only
the team's (`--no-bundled`, or `TRAINER_NO_BUNDLED=1`). A team's scenario with the id of a
bundled one replaces it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scenario.model import Scenario


def add_scenario_options(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    default = None if top_level else argparse.SUPPRESS
    parser.add_argument("--scenarios", action="append", type=Path, metavar="DIR",
                        default=default,
                        help="a folder of your own scenarios, added to the bundled set "
                             "(repeatable; default: TRAINER_SCENARIOS)")
    parser.add_argument("--no-bundled", action="store_true",
                        default=False if top_level else argparse.SUPPRESS,
                        help="use only the --scenarios folders, not the bundled set "
                             "(or TRAINER_NO_BUNDLED=1)")


def scenario_folders(args: argparse.Namespace) -> list[Path]:
    """The folders to load scenarios from, in order (a later folder's id wins)."""
    from trainer.scenario import bundled_dir
    extra = getattr(args, "scenarios", None) or [
        Path(p) for p in os.environ.get("TRAINER_SCENARIOS", "").split(os.pathsep) if p]
    only_extra = getattr(args, "no_bundled", False) or os.environ.get(
        "TRAINER_NO_BUNDLED", "") == "1"
    return ([] if only_extra and extra else [bundled_dir()]) + list(extra)


def find_scenario(ref: str, folders: list[Path],
                  command: str) -> tuple[Scenario | None, list[str]]:
    """Resolve an id or a path; on failure, the lines to print (already formatted, an
    unknown id as `command: ...`)."""
    from trainer.scenario import load_file, load_library
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            return None, [f"{ref}: no such scenario file"]
        loaded = load_file(path)
        if loaded.scenario is None:
            return None, [d.format() for d in loaded.diagnostics if d.is_error()]
        return loaded.scenario, []
    results, _ = load_library(folders)
    for loaded in results:
        if loaded.scenario is not None and loaded.scenario.id == ref:
            return loaded.scenario, []
    known = sorted(r.scenario.id for r in results if r.scenario is not None)
    return None, [f"{command}: no scenario with id {ref!r}; available: {', '.join(known)}"]
