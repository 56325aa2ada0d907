"""Problems found in scenario files: one value per problem, with its place and a stable code.

Every way a trainer can get a scenario file wrong maps to one code below. The CLI and the
app turn a `Diagnostic` into text (`path:line:col: CODE message`); nothing else prints.

| code | severity | meaning                                                          |
|------|----------|------------------------------------------------------------------|
| S001 | error    | the file is not valid YAML                                       |
| S002 | error    | a key appears twice in the same mapping                          |
| S003 | error    | an unknown key (with a "did you mean" suggestion)                |
| S004 | error    | a value of the wrong type                                        |
| S005 | error    | a number out of range, or text / a list too short or too long    |
| S006 | error    | a required key is missing                                        |
| S007 | error    | a value that is not one of the allowed choices or forms          |
| S008 | error    | a reference to a fact or ending that does not exist              |
| S009 | error    | too many anchors/aliases (alias bombs are refused, not expanded) |
| S010 | error    | the file is larger than 256 KiB                                  |
| S011 | error    | the file is not UTF-8 text (UTF-16 and UTF-32 are named)         |
| S012 | error    | a language-specific or unknown tag, e.g. `!!python/object`       |
| S013 | error    | two files in one folder claim the same scenario id               |
| S014 | error    | two facts or two endings in one file share an id                 |
| S015 | error    | the file cannot be read, is empty, or is not a mapping           |
| S016 | error    | a control character in the file or in a text value               |
| S017 | error    | too many values, list items or characters (bounded while read)   |
| W101 | warning  | an ending that no condition can reach                            |
| W102 | warning  | a fact that no question can reveal                               |
| W103 | warning  | a reaction kind listed with no lines                             |
| W104 | warning  | the model answer breaks the scenario's own policy                |
| W105 | warning  | a line says {amount} but is not tied to a refund, credit or discount |
| W106 | warning  | a team's scenario has a bundled scenario's id, and replaces it   |
| W107 | warning  | a resolved ending needs a remedy the policy does not allow       |

Warnings become errors with `trainer validate --strict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from trainer.safe_text import shown


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


CODES: dict[str, tuple[Severity, str]] = {
    "S001": (Severity.ERROR, "invalid YAML"),
    "S002": (Severity.ERROR, "duplicate key"),
    "S003": (Severity.ERROR, "unknown key"),
    "S004": (Severity.ERROR, "wrong type"),
    "S005": (Severity.ERROR, "out of range"),
    "S006": (Severity.ERROR, "missing key"),
    "S007": (Severity.ERROR, "invalid value"),
    "S008": (Severity.ERROR, "unknown reference"),
    "S009": (Severity.ERROR, "too many aliases"),
    "S010": (Severity.ERROR, "file too large"),
    "S011": (Severity.ERROR, "not UTF-8"),
    "S012": (Severity.ERROR, "forbidden tag"),
    "S013": (Severity.ERROR, "duplicate scenario id"),
    "S014": (Severity.ERROR, "duplicate id"),
    "S015": (Severity.ERROR, "unreadable file"),
    "S016": (Severity.ERROR, "control character"),
    "S017": (Severity.ERROR, "document too large"),
    "W101": (Severity.WARNING, "unreachable ending"),
    "W102": (Severity.WARNING, "unrevealable fact"),
    "W103": (Severity.WARNING, "empty reaction"),
    "W104": (Severity.WARNING, "model answer breaks policy"),
    "W105": (Severity.WARNING, "amount never filled"),
    "W106": (Severity.WARNING, "replaces a bundled scenario"),
    "W107": (Severity.WARNING, "resolved only by over-promising"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Lines and columns are 1-based, as editors show them."""

    path: str
    line: int
    column: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    def format(self, strict: bool = False) -> str:
        severity = Severity.ERROR if strict else self.severity
        where = f"{self.path}:{self.line}:{self.column}"
        # A file name or a quoted value may hold anything; the line shows it, never obeys it.
        return shown(f"{where}: {self.code} {severity.value}: {self.message}", one_line=True)

    def is_error(self, strict: bool = False) -> bool:
        return strict or self.severity is Severity.ERROR


class ScenarioLoadError(Exception):
    """A scenario could not be loaded; `diagnostics` says every reason, with its place."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
