"""The scenario format: loading YAML safely, validating it, and reporting problems by place.

Public face: `load_file`, `load_bytes`, `load_library`, `load_paths`, `load_scenario`,
`bundled_dir`, `warn_of_bundled_replacements`, the `Scenario`
model, `Diagnostic` and `ScenarioLoadError`.
"""

from trainer.scenario.diagnostics import CODES, Diagnostic, ScenarioLoadError, Severity
from trainer.scenario.loader import (
    LoadedScenario,
    bundled_dir,
    load_bytes,
    load_file,
    load_library,
    load_paths,
    load_scenario,
    load_text,
    warn_of_bundled_replacements,
)
from trainer.scenario.model import Scenario

__all__ = [
    "CODES",
    "Diagnostic",
    "LoadedScenario",
    "Scenario",
    "ScenarioLoadError",
    "Severity",
    "bundled_dir",
    "load_bytes",
    "load_file",
    "load_library",
    "load_paths",
    "load_scenario",
    "load_text",
    "warn_of_bundled_replacements",
]
