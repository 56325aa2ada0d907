"""The terminal app (Textual). `make_app` loads and validates everything, then builds the app;
the CLI and every test call it, and screens never read files."""

from __future__ import annotations

from pathlib import Path

from trainer.app.app import TrainerApp
from trainer.app.settings import AppSettings
from trainer.scenario import bundled_dir, load_paths
from trainer.scenario.model import Scenario


def make_app(scenario: Scenario | None = None, mode: str = "practice",
             settings: AppSettings | None = None,
             scenario_paths: list[Path] | None = None) -> TrainerApp:
    settings = settings or AppSettings()
    scenarios: list[Scenario] = []
    problems: list[str] = []
    if scenario is None:
        results, path_problems = load_paths(scenario_paths or [bundled_dir()])
        problems = [p.format() for p in path_problems]
        for loaded in results:
            if loaded.scenario is not None:
                scenarios.append(loaded.scenario)
            else:
                problems += [d.format() for d in loaded.diagnostics if d.is_error()]
        scenarios.sort(key=lambda s: (["easy", "medium", "hard"].index(s.difficulty), s.title))
    return TrainerApp(scenarios, problems, settings, start=scenario, mode=mode)


def run_app(scenario: Scenario | None = None, mode: str = "practice",
            seed: int | None = None) -> int:
    app = make_app(scenario, mode, AppSettings(seed=seed))
    app.run()
    return app.return_code or 0


__all__ = ["AppSettings", "TrainerApp", "make_app", "run_app"]
