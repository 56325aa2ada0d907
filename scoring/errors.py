"""The errors the rubric engine can raise; each says what was wrong and where."""

from __future__ import annotations


class RubricError(Exception):
    """Base class: something in the rubric's inputs or data files is unusable."""


class LexiconError(RubricError):
    """A phrase file is malformed: `path` names it, `rule` the rule (if any) at fault."""

    def __init__(self, path: str, message: str, rule: str = "") -> None:
        self.path = path
        self.rule = rule
        where = f"{path}: rule {rule!r}" if rule else path
        super().__init__(f"{where}: {message}")
