"""Text from people we don't control, made safe to show and to store.

A scenario file or a typed reply can hold any character. Shown raw, an escape sequence
recolours the terminal or retitles the window, a bidirectional override reorders what the
reader sees, and a NUL byte is refused by PostgreSQL. Text is therefore *shown* (control
characters written out as visible escapes such as `\\x1b`) and *stored* (NUL and unpaired
surrogates replaced by U+FFFD), never obeyed.

    >>> shown("Charged\\x1b[31m twice")
    'Charged\\\\x1b[31m twice'
    >>> shown("two\\nlines\\tand a tab")
    'two\\nlines\\tand a tab'
    >>> shown("two\\nlines", one_line=True)
    'two\\\\nlines'
    >>> storable("a\\x00b")
    'a\\ufffdb'
"""

from __future__ import annotations

import json
import re

# C0 controls except tab and newline, DEL, C1 controls, bidirectional embeddings, overrides
# and isolates (the "Trojan Source" characters), and unpaired surrogates (which cannot be
# encoded for output at all).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str, *, one_line: bool = False) -> str:
    """`text` with every character that a terminal would obey written out visibly.

    Newlines and tabs are kept unless `one_line` is set (for a table cell or an error
    message, where a newline would forge a line of output)."""
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    return pattern.sub(_escape, text)


def shown_json(value: object, *, indent: int | None = None) -> str:
    """`value` as JSON (one line, or indented by `indent`) with every character `shown` would
    escape written as a `\\uXXXX` escape: still the same JSON, and nothing in it a terminal
    would obey.

    json.dumps escapes C0 controls itself but, keeping non-ASCII readable, leaves DEL, C1
    controls and bidirectional overrides as they are (and a lone surrogate would fail to
    print). Inside strings it has escaped every newline and tab already, so when indented
    the newlines left are its own layout, and they stay."""
    pattern = _UNSAFE_ONE_LINE if indent is None else _UNSAFE
    return pattern.sub(lambda m: f"\\u{ord(m.group()):04x}",
                       json.dumps(value, ensure_ascii=False, indent=indent))


def unsafe_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character `shown` would escape, newlines and tabs kept."""
    return [(m.start(), m.group()) for m in _UNSAFE.finditer(text)]


def storable(text: str) -> str:
    """`text` with what a database refuses (NUL on PostgreSQL, unpaired surrogates anywhere)
    replaced by U+FFFD, so a reply is kept rather than lost."""
    return _UNSTORABLE.sub("\ufffd", text)
