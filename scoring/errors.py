"""The errors the rubric engine can raise; each says what was wrong and where.

RubricError
 ├── ModelError      the model artefact or the word lists are missing, corrupt or stale
 └── CorpusError     a labelled corpus line is unusable (file and line named)
"""

from __future__ import annotations


class RubricError(Exception):
    """Base class: something in the rubric's inputs or data files is unusable."""


class ModelError(RubricError):
    """The rubric model can't be used; the message says why and how to rebuild it."""


class CorpusError(RubricError):
    """A labelled line is unusable: `path` and `line` say where, the message what."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")
