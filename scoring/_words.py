"""The word lists in `words.yaml`, loaded once and checked, as one frozen value.

Everything in the scorer that needs a list of words reads it from here, so a list has one
home. A malformed file is a `ModelError` naming the file and the entry, never a traceback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import yaml

from scoring.errors import ModelError

_FILE = "words.yaml"


@dataclass(frozen=True)
class Reason:
    """Why a dimension earned nothing, told by phrases in the reply (for its tip)."""

    key: str
    name: str
    phrases: tuple[str, ...]
    example: str


@dataclass(frozen=True)
class Words:
    spellings: dict[str, str]
    negators: frozenset[str]
    contrasts: frozenset[str]
    days: frozenset[str]
    months: frozenset[str]
    function_words: frozenset[str]
    s_words: frozenset[str]
    others: frozenset[str]
    feelings: tuple[str, ...]
    time_or_event: tuple[str, ...]
    reasons: tuple[Reason, ...]
    digest: str  # sha256 of the file, recorded in the model artefact


def parse_words(raw: bytes) -> Words:
    """The word lists from the bytes of `words.yaml`; `ModelError` when malformed."""
    try:
        data = yaml.safe_load(raw)
        lists = {name: frozenset(str(w).lower() for w in data[name])
                 for name in ("negators", "contrasts", "days", "months", "function_words",
                              "s_words", "others")}
        feelings = tuple(str(w).lower() for w in data["feelings"])
        time_or_event = tuple(str(w).lower() for w in data["time_or_event"])
        spellings = {str(k).lower(): str(v).lower() for k, v in data["spellings"].items()}
        reasons = tuple(
            Reason(key, name, tuple(str(p).lower() for p in body["phrases"]),
                   str(body["example"]))
            for key, named in data["reasons"].items() for name, body in named.items())
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"scoring/{_FILE}: malformed word lists ({exc})") from None
    for typed, read_as in spellings.items():
        # a token is read as one word: the model's pair and triple names join words with
        # spaces, and scoring splits them on spaces again (`_model.index_by_norms`)
        if " " in read_as:
            raise ModelError(f"scoring/{_FILE}: spellings: {typed!r} is read as "
                             f"{read_as!r}; a spelling must be one word, with no space")
    return Words(spellings, **lists, feelings=feelings, time_or_event=time_or_event,
                 reasons=reasons,
                 digest=hashlib.sha256(raw).hexdigest())


WORDS = parse_words(resources.files("scoring").joinpath(_FILE).read_bytes())
