"""Create a file that did not exist, never through a symlink.

Checking `exists()` and then writing leaves a gap in which another process can put a file
or a symlink at that name, and `write_text` follows a symlink, even a dangling one, to
wherever it points. Here the name is created in one step that fails if anything at all is
there already (O_EXCL, O_NOFOLLOW), so nothing is overwritten and nothing is written
anywhere but the name asked for.

What holds a trainee's words or results (debriefs, exports, the store) is for the user only
(mode 0600); what a trainer writes to share (a starter scenario, the schema) is made as any
file is, so the umask decides (0644 under the usual 022): a tester's teammates on a shared
folder could not read the scenario `trainer new` wrote.
"""

from __future__ import annotations

import os
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def create_new(path: Path, text: str, shared: bool = False) -> None:
    """Write `text` to `path`, which must not exist; FileExistsError if anything is there.
    For the user only unless `shared`. A write that fails part way (a full disk) removes
    the part-written file."""
    fd = os.open(path, _CREATE, 0o666 if shared else 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except BaseException:
        os.unlink(path)
        raise


def create_numbered(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write `text` to folder/stem.suffix, or stem-2.suffix, stem-3.suffix... whichever
    name is free first; returns the path written."""
    path, number = folder / f"{stem}.{suffix}", 2
    while True:
        try:
            create_new(path, text)
            return path
        except FileExistsError:
            path, number = folder / f"{stem}-{number}.{suffix}", number + 1
