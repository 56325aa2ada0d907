"""Where the trainer keeps the user's files; every path has an environment override.

TRAINER_DATA_DIR   results database (default: $XDG_DATA_HOME/complaint-trainer)
TRAINER_CONFIG_DIR the remembered trainee name (default: $XDG_CONFIG_HOME/complaint-trainer)
TRAINER_DB         a database URL, e.g. postgresql://user@host/db (default: SQLite in the
                   data dir)
TRAINER_MODEL      the rubric model a team adopted with `trainer calibrate --adopt`
                   (default: rubric-model.json in the config dir, if there; else the bundled one)
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "complaint-trainer"


def data_dir() -> Path:
    explicit = os.environ.get("TRAINER_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP


def config_dir() -> Path:
    explicit = os.environ.get("TRAINER_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / APP


def database_url(explicit: str | None = None) -> str:
    """--db wins, then TRAINER_DB, then an SQLite file in the data dir."""
    return explicit or os.environ.get("TRAINER_DB") or f"sqlite:///{data_dir() / 'trainer.db'}"


def team_model_path() -> Path:
    """Where `trainer calibrate --adopt` writes a team's model, and where scoring looks."""
    explicit = os.environ.get("TRAINER_MODEL")
    return Path(explicit) if explicit else config_dir() / "rubric-model.json"
