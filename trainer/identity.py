"""The trainee's name: asked once, remembered in the config dir, overridden by --trainee."""

from __future__ import annotations

import getpass

from trainer.paths import config_dir

MAX_NAME = 80


def remembered_name() -> str | None:
    path = config_dir() / "trainee"
    try:
        name = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name[:MAX_NAME] or None


def remember_name(name: str) -> None:
    path = config_dir() / "trainee"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(clean(name) + "\n", encoding="utf-8")


def clean(name: str) -> str:
    return " ".join(name.split())[:MAX_NAME]


def fallback_name() -> str:
    try:
        return clean(getpass.getuser()) or "trainee"
    except (KeyError, OSError):  # no user database entry (containers)
        return "trainee"
