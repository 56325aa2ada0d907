"""Where `trainer grade` and `trainer eval` read their JSON Lines from: a file or stdin.

Both are read as bytes (`scoring.json_lines` decodes each line alone), so standard input
behaves exactly like a file, whatever the terminal's encoding.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path
from typing import IO


def open_input(path: str) -> IO[bytes]:
    """`-` means standard input; anything else is a file (OSError if unreadable)."""
    if path == "-":
        return sys.stdin.buffer
    if not path:  # Path("") is the current folder: "Is a directory" would puzzle
        raise FileNotFoundError(errno.ENOENT, "the file name is empty", path)
    return Path(path).open("rb")


def input_label(path: str) -> str:
    """How messages name the input: `<stdin>` for -, the path as given otherwise."""
    return "<stdin>" if path == "-" else path or "''"
