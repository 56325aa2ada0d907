"""Which parts of a reply ask the customer something.

A fact comes out only in answer to a question about it, so its trigger words count only in
the asking part of a reply: "Could you tell me when it happened?" asks about when, "I'm
sorry, when your work depends on it that's awful" asks nothing. The words that make a
sentence ask are data, in `questions.yaml` beside this module, with examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

_SENTENCE = re.compile(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+[.!?]*")   # "4.2" stays one sentence
_CLAUSE = re.compile(r"[^,;:\u2013\u2014]+")   # split at , ; : and en or em dashes
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class AskingWords:
    openers: tuple[tuple[str, ...], ...]    # each opener as its words
    question_words: frozenset[str]
    asking_after: frozenset[str]
    invitations: tuple[str, ...]            # each as its words joined by one space
    examples: dict[str, tuple[str, ...]]


def _load() -> AskingWords:
    data = yaml.safe_load(resources.files("trainer.session").joinpath("questions.yaml")
                          .read_text("utf-8"))
    return AskingWords(
        openers=tuple(tuple(_WORD.findall(o.lower())) for o in data["openers"]),
        question_words=frozenset(data["question_words"]),
        asking_after=frozenset(data["asking_after"]),
        invitations=tuple(" ".join(_WORD.findall(i.lower())) for i in data["invitations"]),
        examples={k: tuple(v) for k, v in data["examples"].items()})


ASKING = _load()


def asking_parts(reply: str) -> list[str]:
    """The parts of `reply` that ask something: from the first clause of a sentence that
    opens a question to the sentence's end, or a whole sentence ending in "?"."""
    parts = []
    for sentence in _SENTENCE.finditer(reply):
        text = sentence.group()
        start = next((c.start() for c in _CLAUSE.finditer(text) if _opens_question(c.group())),
                     None)
        if start is not None:
            parts.append(text[start:].strip())
        elif text.rstrip().endswith("?"):
            parts.append(text.strip())
    return parts


def only_invites(reply: str) -> bool:
    """Whether `reply` asks, but only leave to ask or for more in general ("Can I ask you a
    few questions?", "Could you tell me a bit more?"): every asking part holds one of the
    `invitations`. The customer answers "Go on."; to a question that asks something they
    tell the fact it asks about, or that they have told what they know."""
    parts = asking_parts(reply)
    return bool(parts) and all(_holds_invitation(part) for part in parts)


def _holds_invitation(part: str) -> bool:
    words = _WORD.findall(part.lower().replace("\u2019", "'"))
    text = " " + " ".join(words) + " "
    return any(f" {invitation} " in text for invitation in ASKING.invitations)


def _opens_question(clause: str) -> bool:
    words = tuple(_WORD.findall(clause.lower().replace("\u2019", "'")))
    if any(words[:len(opener)] == opener for opener in ASKING.openers):
        return True
    return (len(words) >= 2 and words[0] in ASKING.question_words
            and words[1] in ASKING.asking_after)
