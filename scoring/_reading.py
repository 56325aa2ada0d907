"""Read a reply into the features the model weighs, and say where each came from.

A reply becomes one stream of tokens, read the same however they were typed ("U", "u",
"you"; "apologize", "apologise"; curly or straight apostrophes), with amounts, times, days
and links read as their kind, so "£40 by Friday" teaches the same as "$25 by Monday". A
sentence's end is a token too ("|" for a full stop or a new line, "?" and "!" as typed, and
one before the first word), so "| you" (a sentence that opens with "you") and "refund ?"
are features like any other.

Features come in families (see FAMILIES); the model records which it was trained with, and
`python -m scoring.training ablate` shows what each adds:

- `word`, `pair`, `triple`: one, two and three tokens in a row;
- `neg`: a word within three words after a negator ("not sorry", "can't refund"), read
  as negated *instead of* as itself: held out (groups of sources) no key moved by more than
  0.007 average precision, and a tester's "I am not sorry at all and I won't refund you.",
  credited apology 0.59 and solution 0.56 before, scores 0.02 and 0.15;
- `contrast`: a word after "but", "however"... in the same sentence ("sorry, but you...");
- `question`: a word in the clause that ends with "?" ("would a refund help?").

Where a feature came from is kept as token positions; character offsets are worked out only
for the few features that become evidence.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import compress, count
from operator import methodcaller
from typing import NamedTuple

from scoring._words import WORDS

FAMILIES: tuple[str, ...] = ("word", "pair", "triple", "neg", "contrast", "question")
# How a feature's name starts, by family: "w:sorry", "b:so sorry", "n:refund"...
PREFIX: dict[str, str] = dict(zip(FAMILIES, ("w:", "b:", "t:", "n:", "c:", "q:"), strict=True))
BOUNDARY = "|"
_CLAUSE_MARK = ","          # commas, semicolons, brackets... are one mark: a clause ends
ENDS = frozenset({BOUNDARY, "?", "!"})     # tokens that end a sentence
MARKS = ENDS | {_CLAUSE_MARK}               # tokens that are not words

_TOKEN = re.compile(
    r"https?://\S+|www\.\S+"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|@\w+"
    r"|[£$€¥₹]\s?\d[\d,]*(?:\.\d+)?[km]?"
    r"|\d[\w:.,/-]*"
    r"|[^\W\d_]+(?:['’-][^\W\d_]+)*"
    r"|[.!?]+|\n"
    r"|[,;:()\"—–]+|-+"
    r"|[^\s\w]"
)
_ENDS_IN_S = methodcaller("endswith", ("'s", "’s", "'S", "’S"))
_QUESTION = frozenset({"?"})              # for positions(): where the questions end
_TIME = re.compile(r"\d{1,2}(?::\d{2})?(?:am|pm)|\d{1,2}:\d{2}")
_NEGATING: set[str] = set(WORDS.negators)   # grows with every "...n't" word read
_NEGATION_ENDS = MARKS | WORDS.contrasts     # a negation reaches no further than these


class Reading(NamedTuple):
    """A reply as the model reads it.

    Its features are kept as token positions (`cues`), not as feature names: scoring looks
    them up by their norms (`Model.rows_of`) and never needs the names, which training and
    `Model.contributions` get from `features`.
    """

    text: str
    raw: list[str]        # tokens as typed (marks and ends included; "" for the start)
    norms: list[str]      # the same tokens as read; "," for a clause mark
    families: frozenset[str]
    cues: list[tuple[str, int]]   # each cue feature: its family's prefix and its token

    @property
    def features(self) -> list[str]:
        """The feature names in order: words, pairs, triples (one per place, "" where the
        family is not read), then the cues. `place(j)` says where feature j came from."""
        norms, families = self.norms, self.families
        n = len(norms)
        word, pair, triple = PREFIX["word"], PREFIX["pair"], PREFIX["triple"]
        features = [word + a for a in norms] if "word" in families else [""] * n
        for i in self.negated_at:
            features[i] = ""  # read as "n:" + the word (a cue below), not as the word
        if n > 1:
            features += ([pair + a + " " + b for a, b in zip(norms, norms[1:], strict=False)]
                         if "pair" in families else [""] * (n - 1))
        if n > 2:
            features += ([triple + a + " " + b + " " + c
                          for a, b, c in zip(norms, norms[1:], norms[2:], strict=False)]
                         if "triple" in families else [""] * (n - 2))
        features += [prefix + norms[i] for prefix, i in self.cues]
        return features

    @property
    def negated_at(self) -> list[int]:
        """The positions of negated words: their `word` feature gives way to their `neg`
        one, so "sorry" in "I'm not sorry" does not earn what "sorry" earns."""
        neg = PREFIX["neg"]
        return [i for prefix, i in self.cues if prefix == neg]

    def place(self, j: int) -> tuple[int, int]:
        """The token range (first, last + 1) of feature `j`."""
        n = len(self.norms)
        if j < n:
            return j, j + 1
        if j < 2 * n - 1:
            return j - n, j - n + 2
        if j < 3 * n - 3:
            return j - 2 * n + 1, j - 2 * n + 4
        first = self.cues[j - max(0, 3 * n - 3)][1]
        return first, first + 1

    def offsets(self) -> list[tuple[int, int]]:
        """Each token's character span in the original text."""
        out, pos, find, text = [], 0, self.text.find, self.text
        for tok in self.raw:
            start = find(tok, pos)
            if start < 0:  # cannot happen for text we tokenised; keep spans sane if it does
                start = pos
            pos = start + len(tok)
            out.append((start, min(pos, len(text))))
        return out


def read(text: str, families: frozenset[str] = frozenset(FAMILIES)) -> Reading:
    """Read `text` into tokens and the features of the given families."""
    raw = _TOKEN.findall(text)
    if "'s" in text or "’s" in text or "'S" in text or "’S" in text:
        _split_possessives(raw)
    norms = list(map(_norm, raw))
    if not norms:
        return Reading(text, raw, norms, families, [])
    if norms[0] not in ENDS:
        # The reply's start is a sentence's start: "| you should" is read in the first
        # sentence as in any other. Held-out groups of sources: no key lost, blame and
        # dismissive average precision +0.002.
        raw.insert(0, "")
        norms.insert(0, BOUNDARY)
    return Reading(text, raw, norms, families, _cues(norms, families))


def _split_possessives(raw: list[str]) -> None:
    """"reception's" as "reception" and "'s" (in place), so a possessive's "'s" is a word
    of its own and "X's fault" teaches the same whoever X is; "that's", "it's"
    (WORDS.s_words) stay whole. Half of all replies hold an "'s", so the tokens that end in
    one are found in C and only they are looked at, from the last (a split moves the rest)."""
    for i in reversed([*compress(count(), map(_ENDS_IN_S, raw))]):
        tok = raw[i]
        if len(tok) > 2 and tok[:-2].lower() not in WORDS.s_words:
            raw[i:i + 1] = (tok[:-2], tok[-2:])


def negated(norms: list[str]) -> list[int]:
    """Positions read as negated: up to three words after a negator ("not", "never",
    "...n't"), stopping at a clause mark, a sentence end or a contrast word."""
    out: list[int] = []
    n = len(norms)
    for at in positions(norms, _NEGATING):
        # windows of negators close together overlap: go on after the last word taken
        for i in range(max(at, out[-1] if out else -1) + 1, min(at + 4, n)):
            if norms[i] in _NEGATION_ENDS:
                break
            out.append(i)
    return out


def positions(norms: list[str], words: AbstractSet[str]) -> list[int]:
    """Where any of `words` occurs in `norms`, in order. This runs three times over every
    reply's tokens, so both steps are done in C: whether any occurs (mostly none does),
    then the membership tests mapped over the tokens and the places kept by `compress`."""
    if words.isdisjoint(norms):
        return []
    return list(compress(range(len(norms)), map(words.__contains__, norms)))


@lru_cache(maxsize=4096)
def phrase_words(text: str) -> tuple[str, ...]:
    """A phrase as the words it is read as, marks left out and hyphenated words in their
    parts, for matching it in a reply (`word_parts`). Remembered: a scenario's phrases are
    looked for in every reply scored in it."""
    return tuple(part for n in read(text).norms if n not in MARKS for part in word_parts(n))


@lru_cache(maxsize=4096)
def word_parts(norm: str) -> tuple[str, ...]:
    """A hyphenated word's parts, each read as a word ("re-delivery": "re", "delivery");
    any other token as itself. The model reads "nut-free" as one word (so it is not "free");
    a scenario's phrase "re-delivery" still finds "re delivery" and the other way round."""
    if "-" not in norm or not norm[:1].isalpha():
        return (norm,)
    return tuple(_norm(part) for part in norm.split("-") if part)


def find(norms: list[str], wanted: tuple[str, ...] | list[str], start: int = 0) -> int:
    """Where the token sequence `wanted` first occurs in `norms` at or after `start`; -1 if
    it does not."""
    n = len(wanted)
    if not n:
        return -1
    i = start - 1
    while True:
        try:
            i = norms.index(wanted[0], i + 1)
        except ValueError:
            return -1
        if norms[i:i + n] == list(wanted):
            return i


def _cues(norms: list[str], families: frozenset[str]) -> list[tuple[str, int]]:
    """The cue features of the given families, as (prefix, token): negated words, words
    after a contrast, words in a question."""
    cues: list[tuple[str, int]] = []
    add = cues.append
    if "neg" in families:
        for i in negated(norms):
            add((PREFIX["neg"], i))
    contrast_at = positions(norms, WORDS.contrasts) if "contrast" in families else []
    if contrast_at:
        after = False
        for i in range(contrast_at[0], len(norms)):  # no word before the first is after one
            norm = norms[i]
            if norm in ENDS:
                after = False
            elif after:
                add((PREFIX["contrast"], i))
            elif norm in WORDS.contrasts:
                after = True
    if "question" in families:
        # The clause that ends with "?": back to the last clause mark, sentence end or
        # "and/so", so "I've refunded it, can you confirm your address?" asks only for
        # the address.
        for end in positions(norms, _QUESTION):
            start = end - 1
            while start >= 0 and norms[start] not in ENDS and norms[start] != _CLAUSE_MARK \
                    and norms[start] not in ("and", "so"):
                start -= 1
            for i in range(start + 1, end):
                add((PREFIX["question"], i))
    return cues


@lru_cache(maxsize=65536)
def _norm(raw: str) -> str:
    """One token as read: lower case, straight apostrophes, one spelling, a light stem.

    Words are interned (marks and kinds are literals, interned already) so that the model's
    index, which interns its keys too, matches them by identity: a measurable share of
    scoring time otherwise goes on comparing equal strings."""
    first = raw[0]
    if len(raw) == 2 and first in "'’" and raw[1] in "sS":
        return "'s"  # a possessive's "'s", split off by _split_possessives
    if first in ".!?\n":
        return "?" if "?" in raw else ("!" if "!" in raw else BOUNDARY)
    if first in ",;:()\"—–-":
        return _CLAUSE_MARK
    if first.isdigit():
        return "<time>" if _TIME.fullmatch(raw.lower()) else "<num>"
    if first in "£$€¥₹":
        return "<money>"
    if first == "@":
        return "<handle>" if "." not in raw else "<email>"
    word = raw.lower().replace("’", "'").strip("'")
    if word.startswith(("http", "www.")):
        return "<url>"
    if "@" in word:
        return "<email>"
    word = WORDS.spellings.get(word, word)
    if word.endswith("n't"):
        _NEGATING.add(word)
    if word in WORDS.days:
        return "<day>"
    if word in WORDS.months:
        return "<month>"
    if word in WORDS.function_words or len(word) < 5 or not word.isalpha():
        return sys.intern(word)
    return sys.intern(_stem(word))


def _stem(word: str) -> str:
    """Strip one common ending, so "refunded", "refunding" and "refunds" weigh as one."""
    for suffix in ("ingly", "ing", "edly", "ed", "ly", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(suffix)]
    return word
