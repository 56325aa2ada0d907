"""The terminal app (Textual). `make_app` loads and validates everything, then builds the app;
the CLI and every test call it, and screens never read files."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.app.app import TrainerApp
from trainer.app.screens.home import BrokenScenario
from trainer.app.settings import AppSettings
from trainer.commands.scenario_options import scenario_folders
from trainer.commands.storage import open_store
from trainer.identity import clean, remembered_name
from trainer.scenario import bundled_dir, load_library
from trainer.scenario.model import Scenario
from trainer.store import Store


def make_app(scenario: Scenario | None = None, mode: str = "practice",
             settings: AppSettings | None = None,
             scenario_paths: list[Path] | None = None, store: Store | None = None,
             trainee: str | None = None, remember_trainee: bool = True) -> TrainerApp:
    settings = settings or AppSettings()
    scenarios: list[Scenario] = []
    problems: list[str] = []
    broken: list[BrokenScenario] = []
    if scenario is None:
        results, path_problems = load_library(scenario_paths or [bundled_dir()])
        problems = [p.format() for p in path_problems]
        for loaded in results:
            if loaded.scenario is not None:
                scenarios.append(loaded.scenario)
            else:
                problems += [d.format() for d in loaded.diagnostics if d.is_error()]
                broken.append(BrokenScenario.from_loaded(loaded))
        scenarios.sort(key=lambda s: (["easy", "medium", "hard"].index(s.difficulty), s.title))
    return TrainerApp(scenarios, problems, settings, start=scenario, mode=mode, store=store,
                      trainee=trainee, remember_trainee=remember_trainee, broken=broken)


def run_app(scenario: Scenario | None = None, mode: str = "practice",
            seed: int | None = None, args: argparse.Namespace | None = None) -> int:
    """Open the results store (a clear message and exit 1 if it can't be used), then run.

    `--ask-name` (each browser of `trainer serve`) asks the name at start and keeps it to
    this session; `--scenarios DIR` opens the home screen on that folder."""
    args = args or argparse.Namespace()
    # `trainer play --no-save`: a trainer trying a scenario out records nothing
    store = None if getattr(args, "no_save", False) else open_store(args)
    if store is None and not getattr(args, "no_save", False):
        return 1
    explicit = getattr(args, "trainee", None)
    ask = getattr(args, "ask_name", False)
    if explicit:
        trainee: str | None = clean(explicit)
    elif ask:
        trainee = None  # the app asks
    else:
        trainee = remembered_name()
    try:
        app = make_app(scenario, mode, AppSettings(seed=seed), store=store, trainee=trainee,
                       scenario_paths=scenario_folders(args), remember_trainee=not ask)
        app.run()
    finally:
        if store is not None:
            store.close()
    return app.return_code or 0


__all__ = ["AppSettings", "TrainerApp", "make_app", "run_app"]
