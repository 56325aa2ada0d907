"""Read JSON Lines as bytes, one line at a time, so that a bad line costs only itself.

Replies to grade and labelled sets come from programs and people we don't control. Read as
one text stream, one byte that is not UTF-8 stops the whole file (and standard input may
decode differently from a file), one line without an end is read whole into memory, and
JSON nested 100,000 deep or a 5,000-digit number raises from deep inside the parser. Here
every line is read with a length cap, decoded and parsed alone, and anything wrong with it
becomes a `JsonLine` with an `error` and its line number; the lines around it still count.

Shared by `trainer grade` and `scoring.evaluation.parse_labelled` (`trainer eval`,
`trainer calibrate`, the corpus), so all of them treat input the same way.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

MAX_LINE_BYTES = 1024 * 1024

# Strict UTF-8 never decodes to a surrogate, and json.loads joins a valid "\ud83d\ude00"
# pair into one character, so any surrogate left in a parsed string came alone from a
# "\ud800" escape: not text, and it cannot be written out again.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class JsonLine:
    """One line's object, or the reason it is unusable (`error`); `number` is 1-based."""

    number: int
    value: dict | None
    error: str = ""


def read_objects(stream: IO[bytes], max_bytes: int = MAX_LINE_BYTES) -> Iterator[JsonLine]:
    """Every non-blank line of a binary stream, parsed, or with the reason it is not usable.
    A line longer than `max_bytes` (its newline not counted) is skipped unread."""
    for number, raw in enumerate(_capped_lines(stream, max_bytes), start=1):
        if raw is None:
            yield JsonLine(number, None, f"line is longer than {max_bytes:,} bytes")
            continue
        encoding = "utf-8-sig" if number == 1 else "utf-8"  # a BOM may open the first line
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            column = len(raw[:exc.start].decode(encoding)) + 1
            yield JsonLine(number, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                                         f"column {column})")
            continue
        if text.strip():
            value, error = _parse(text.rstrip("\r\n"))  # columns count on this line only
            yield JsonLine(number, value, error)


def line_id(value: dict, number: int) -> str | int | float:
    """The line's `id` as given (a string or a number), or its line number if it has none.
    Anything else would be a label nobody can match, and a deep list cannot even be printed:
    ValueError."""
    item_id = value.get("id")
    if item_id is None:
        return number
    if isinstance(item_id, str) or (isinstance(item_id, int) and not isinstance(item_id, bool)):
        return item_id
    if isinstance(item_id, float) and math.isfinite(item_id):
        return item_id
    raise ValueError(f"field 'id' must be a string or a number, got {kind(item_id)}")


def kind(value: object) -> str:
    """The JSON name of a parsed value's type, for a message that must not echo the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "an array", dict: "an object"}[type(value)]


def _capped_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Each line as bytes, or None for one longer than `max_bytes`, whose rest is read in
    pieces and dropped, so memory stays bounded whatever the input."""
    while raw := stream.readline(max_bytes + 1):
        if len(raw) <= max_bytes or raw.endswith(b"\n"):
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):
            raw = stream.readline(max_bytes)
        yield None


def _parse(text: str) -> tuple[dict | None, str]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
    except RecursionError:
        return None, "not usable JSON (nested too deeply)"
    except ValueError:  # the only other one: an integer too long to convert
        return None, (f"not usable JSON (a number has more than "
                      f"{sys.get_int_max_str_digits():,} digits)")
    if not isinstance(value, dict):
        return None, f"expected a JSON object, got {kind(value)}"
    surrogate = _first_lone_surrogate(value) if "\\" in text else None
    if surrogate:
        return None, (f"a string holds a lone surrogate (\\u{ord(surrogate):04x}), "
                      "which is not text")
    return value, ""


def _first_lone_surrogate(value: dict) -> str | None:
    # a loop, not recursion: the parser accepts nesting deeper than Python's recursion limit
    pending: list[object] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if found := _LONE_SURROGATE.search(item):
                return found.group()
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None
