"""Read JSON Lines input tolerantly: a bad line is reported with its number, not fatal."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class JsonLine:
    """One parsed line, or the reason it could not be parsed (`error`)."""

    number: int
    value: dict | None
    error: str = ""


def open_input(path: str) -> IO[str]:
    """`-` means standard input; anything else is a UTF-8 file (OSError if unreadable)."""
    if path == "-":
        return sys.stdin
    return Path(path).open(encoding="utf-8", errors="strict")


def read_objects(stream: IO[str]) -> Iterator[JsonLine]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield JsonLine(number, None, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield JsonLine(number, None, "expected a JSON object")
            continue
        yield JsonLine(number, value)
