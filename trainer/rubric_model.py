"""Use the rubric model a team adopted (`trainer calibrate --adopt`), if there is one.

The CLI and the app call `activate()` before they score; without a team model the bundled
one is used. A team model that can't be loaded is an error the user sees, not a silent
fallback: their trainers' judgement would quietly stop applying.
"""

from __future__ import annotations

from scoring import load_model, use_model
from trainer.paths import team_model_path


def activate() -> str | None:
    """Load the team's model if one exists; return its path (None: the bundled model)."""
    path = team_model_path()
    if not path.is_file():
        use_model(None)
        return None
    use_model(load_model(path))
    return str(path)
