"""The one pattern a scenario, fact or line id must match (kept apart from the models so
`trainer new` can check a name without loading pydantic).

The pattern is written for JSON Schema and pydantic, where `$` means the end of the text.
In Python's `re`, `$` also matches before a final newline, so Python code checks ids with
`is_id` (a full match), never `re.match(ID_PATTERN, ...)`.
"""

import re

ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"

_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether `text`, all of it, is a valid id ("abc\\n" is not)."""
    return _ID.fullmatch(text) is not None
