"""The trainee's name: asked once, remembered in the config dir, overridden by --trainee."""

from __future__ import annotations

import getpass

from trainer.new_files import create_new
from trainer.paths import config_dir

MAX_NAME = 80


def remembered_name() -> str | None:
    path = config_dir() / "trainee"
    try:
        name = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name[:MAX_NAME] or None


def remember_name(name: str) -> bool:
    """Save the name for next time; False if it can't be saved (nothing else depends on it).

    Only asked for when no name could be read, so whatever is at the file's place (an empty
    file, a dangling symlink) is removed and a new file created: never written through."""
    path = config_dir() / "trainee"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            create_new(path, clean(name) + "\n")
        except FileExistsError:
            path.unlink()
            create_new(path, clean(name) + "\n")
    except OSError:
        return False
    return True


def clean(name: str) -> str:
    return " ".join(name.split())[:MAX_NAME]


def fallback_name() -> str:
    try:
        return clean(getpass.getuser()) or "trainee"
    except (KeyError, OSError):  # no user database entry (containers)
        return "trainee"
