"""Turn a raw reply into canonical text that rules can match, without losing where words came from.

Trainees type fast and informally ("im so sory", "ill msg u tmrw"). Rules are written once,
against plain English ("i am so sorry", "i will message you tomorrow"), and run on a
*canonical* copy of the reply. Every canonical character keeps the index of the original
character it came from, so a match is always reported as a span of the trainee's own words.

The canonical copy also knows its sentences and clauses: rules ask whether a match sits in
a question, after a "but", or a few words after a negation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

_TOKEN = re.compile(r"\w+(?:'\w+)*")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n+|\s[—–-]\s|—|–|:\s")
_CLAUSE_BREAK = re.compile(r",")
_CONTRAST = re.compile(
    r"\b(?:but|however|although|though|unfortunately|sadly|except|anyway)\b"
)
_NEGATORS = frozenset({"not", "never", "no", "cannot", "neither", "nor"})
# Pseudo-negations: a negator that does not negate what follows.
_PSEUDO_NEGATIONS = re.compile(
    r"\b(?:no doubt|not only|no wonder|not just|never mind|can not imagine|could not imagine|"
    r"can not believe|could not be more sorry|not surprised|no problem at all|"
    r"not good enough|not ok|not okay|not acceptable|not fair|not right|"
    r"no matter|no longer|not what you (?:expect\w*|deserved|paid for)|not the \w+ you)\b"
)
# Words a negation reaches across: "I'm not going to tell you to calm down".
_FILLERS = frozenset({"going", "to", "tell", "telling", "you", "say", "ask", "asking", "be",
                      "ever", "even", "really", "just", "want", "try", "trying", "gonna"})


@dataclass(frozen=True)
class Clause:
    """A stretch of a sentence between commas or contrast words (canonical offsets)."""

    start: int
    end: int
    after_contrast: bool


@dataclass(frozen=True)
class Sentence:
    """One sentence of the canonical text; `is_question` when it ends with '?'."""

    start: int
    end: int
    is_question: bool


class CanonicalText:
    """The reply rewritten for matching, with a map back to original character offsets.

    Only rewritten words are recorded (most words are unchanged), so mapping an offset is a
    bisection over the rewrites, not a lookup in a per-character table.
    """

    __slots__ = ("original", "text", "_edit_starts", "_edits", "sentences",
                 "_sentence_starts", "clauses", "_clause_starts")

    def __init__(self, original: str, text: str,
                 edits: list[tuple[int, int, int, int]]) -> None:
        self.original = original
        self.text = text
        # (canonical start, canonical end, original start, original end) per rewritten word
        self._edits = edits
        self._edit_starts = [e[0] for e in edits]
        self.sentences = _split_sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        self.clauses = _split_clauses(text, self.sentences)
        self._clause_starts = [c.start for c in self.clauses]

    def _to_original(self, index: int, end: bool) -> int:
        i = bisect_right(self._edit_starts, index) - 1
        if i < 0:
            return index
        c_start, c_end, o_start, o_end = self._edits[i]
        if index < c_end or (end and index == c_end):
            return o_end if end else o_start
        return index - c_end + o_end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span to the span of original characters it was made from."""
        text = self.text
        while start < end - 1 and not text[start].isalnum():
            start += 1  # evidence starts at a word, not at the punctuation before it
        end = max(end, start + 1)
        first = min(self._to_original(start, end=False), len(self.original))
        stop = min(self._to_original(end, end=True), len(self.original))
        # Extend to the end of the original word, so "sory" maps to all four letters.
        while stop < len(self.original) and (self.original[stop].isalnum()
                                              or self.original[stop] == "'"):
            stop += 1
        return (first, max(first, stop))

    def sentence_at(self, index: int) -> Sentence:
        return self.sentences[max(bisect_right(self._sentence_starts, index) - 1, 0)]

    def clause_at(self, index: int) -> Clause:
        return self.clauses[max(bisect_right(self._clause_starts, index) - 1, 0)]

    def is_negated(self, start: int, end: int, window: int = 4) -> bool:
        """True when a negator stands among the `window` words before the match's last word.

        Only the clause holding the match's end counts, filler words ("going to tell you
        to") are skipped, and pseudo-negations ("no doubt", "can't imagine") are ignored.
        """
        clause = self.clause_at(max(end - 1, start))
        begin = max(clause.start, start)
        text = _PSEUDO_NEGATIONS.sub(" ", self.text[clause.start:end])
        tokens = [w for w in _TOKEN.findall(text) if w not in _FILLERS]
        if len(tokens) < 2:
            return False
        inside = len(_TOKEN.findall(_PSEUDO_NEGATIONS.sub(" ", self.text[begin:end])))
        return any(w in _NEGATORS for w in tokens[-(window + max(inside, 1)):-1])


def canonicalise(reply: str) -> CanonicalText:
    """Build the canonical text: lower case, straight quotes, slang and typos rewritten.

    Lower-casing and quote straightening keep every offset; only rewritten words shift them.
    """
    lowered = reply.lower().replace("\u2019", "'").replace("\u2018", "'")
    if len(lowered) != len(reply):  # a few characters change length when lower-cased
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in reply)
        lowered = lowered.replace("\u2019", "'").replace("\u2018", "'")
    edits: list[tuple[int, int, int, int]] = []
    pieces: list[str] = []
    shift = 0
    cursor = 0
    for match in _TOKEN.finditer(lowered):
        word = match.group()
        start, end = match.span()
        if word == "ill":
            new = _ill(lowered, start, end)
        else:
            new = _rewrite(word)
        if new == word:
            continue
        pieces.append(lowered[cursor:start])
        pieces.append(new)
        cursor = end
        c_start = start + shift
        edits.append((c_start, c_start + len(new), start, end))
        shift += len(new) - len(word)
    pieces.append(lowered[cursor:])
    return CanonicalText(reply, "".join(pieces), edits)


# Informal spellings that are not typos: rewritten whole, before any fuzzy matching.
SLANG = {
    "u": "you", "ya": "you", "ur": "your", "urs": "yours", "r": "are", "n": "and", "b": "be",
    "pls": "please", "plz": "please", "pleeze": "please", "thx": "thanks", "ty": "thank you",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "tomoz": "tomorrow", "tonite": "tonight", "2nite": "tonight",
    "msg": "message", "txt": "text", "rn": "right now", "asap": "as soon as possible",
    "sry": "sorry", "soz": "sorry", "srry": "sorry", "sori": "sorry", "nr": "number",
"num": "number", "pic": "photo", "pics": "photos", "esp": "especially",
    "w": "with", "acct": "account", "wk": "week", "coz": "because", "cos": "because",
    "cuz": "because", "bc": "because", "ppl": "people", "thru": "through", "gonna": "going to",
    "wanna": "want to", "gotta": "have to", "tho": "though", "info": "information",
    "mins": "minutes", "min": "minutes", "hrs": "hours", "hr": "hour", "appt": "appointment",
    "im": "i am", "i'm": "i am", "ive": "i have", "i've": "i have", "i'll": "i will",
    "i'd": "i would", "we're": "we are", "we've": "we have",
    "we'll": "we will", "we'd": "we would", "you're": "you are", "youre": "you are",
    "you've": "you have", "youve": "you have", "you'll": "you will", "youll": "you will",
    "you'd": "you would", "they're": "they are", "theyre": "they are", "they'll": "they will",
    "theyll": "they will", "they've": "they have", "he'll": "he will", "she'll": "she will",
    "who'll": "who will", "that'll": "that will", "there'll": "there will",
    "he's": "he is", "she's": "she is", "it's": "it is", "it'll": "it will",
    "itll": "it will", "that's": "that is", "thats": "that is", "there's": "there is",
    "theres": "there is", "what's": "what is", "whats": "what is", "who's": "who is",
    "here's": "here is", "let's": "let us", "can't": "can not", "cant": "can not",
    "cannot": "can not", "won't": "will not", "wont": "will not", "don't": "do not",
    "dont": "do not", "doesn't": "does not", "doesnt": "does not", "didn't": "did not",
    "didnt": "did not", "isn't": "is not", "isnt": "is not", "aren't": "are not",
    "arent": "are not", "wasn't": "was not", "wasnt": "was not", "weren't": "were not",
    "shouldn't": "should not", "shouldnt": "should not", "wouldn't": "would not",
    "wouldnt": "would not", "couldn't": "could not", "couldnt": "could not",
    "haven't": "have not", "havent": "have not", "hasn't": "has not", "hasnt": "has not",
    "hadn't": "had not", "mustn't": "must not", "should've": "should have",
    "shouldve": "should have", "would've": "would have", "could've": "could have",
    "must've": "must have", "everyone's": "everyone is",
    "apologize": "apologise", "apologized": "apologised", "apologizing": "apologising",
    "authorized": "authorised", "realize": "realise", "recognize": "recognise",
}

# Words after which "ill" is the adjective (felt ill), not "I'll".
_ILL_AS_ADJECTIVE = frozenset({
    "feel", "feeling", "felt", "feels", "been", "was", "were", "is", "are", "fell", "fall",
    "falling", "get", "got", "getting", "became", "become", "very", "so", "really", "be",
    "seriously", "critically", "mentally",
})

# Words that look like typos of cue words but are ordinary English.
_NOT_TYPOS = frozenset({
    "story", "worry", "lorry", "sore", "sort", "sorted", "refuse", "refused", "replay",
    "relay", "repay", "repair", "reply", "replied", "apology", "under", "stand", "call",
    "cold", "order", "older", "check", "cheque", "email", "female", "refer", "prefer",
    "funded", "credit", "credits", "edited", "tomato", "morrow", "thirsty", "thrusday",
    "brand", "bland", "staff", "stiff", "stuff", "fault", "vault", "frustum", "sorrow",
    "every", "ever", "sure", "surely", "sorts", "pretty", "party", "parts", "later",
    "letter", "latter", "matter", "better", "bitter", "refill", "hear", "here", "dear",
})

VOCABULARY: tuple[str, ...] = ()  # filled by scoring.lexicon at import time
_BY_INITIAL: dict[str, tuple[str, ...]] = {}


def set_vocabulary(words: tuple[str, ...]) -> None:
    """Register the cue words that typos are corrected towards (called by the lexicon)."""
    global VOCABULARY, _BY_INITIAL
    VOCABULARY = tuple(sorted(set(words)))
    buckets: dict[str, list[str]] = {}
    for word in VOCABULARY:
        buckets.setdefault(word[0], []).append(word)
    _BY_INITIAL = {k: tuple(v) for k, v in buckets.items()}
    _correct_typo.cache_clear()
    _rewrite.cache_clear()


def _ill(text: str, start: int, end: int) -> str:
    """'ill' is "I'll" unless it follows a verb like 'felt' or ends the sentence."""
    before = _TOKEN.findall(text[max(0, start - 20):start])
    after = _TOKEN.match(text, end + 1) if end + 1 < len(text) and text[end] == " " else None
    previous = before[-1] if before else ""
    return "ill" if previous in _ILL_AS_ADJECTIVE or after is None else "i will"


@lru_cache(maxsize=65536)
def _rewrite(word: str) -> str:
    if word in SLANG:
        return SLANG[word]
    if "'" in word and word.endswith("'s"):
        return word
    if len(word) >= 3 and _REPEATS.search(word):
        squeezed = _REPEATS.sub(r"\1", word)
        return SLANG.get(squeezed, _correct_typo(squeezed))
    return _correct_typo(word)


@lru_cache(maxsize=65536)
def _correct_typo(word: str) -> str:
    """Return the cue word `word` is a likely misspelling of, or `word` unchanged."""
    if len(word) < 4 or not word.isalpha() or word in _NOT_TYPOS or not word.isascii():
        return word
    candidates = _BY_INITIAL.get(word[0], ())
    if not candidates or word in candidates:
        return word
    # "hour" is not a typo of "hours", nor "receive" of "received": a word that is a prefix
    # of a cue word (or the reverse) is another form of it, not a misspelling.
    near = [c for c in candidates if abs(len(c) - len(word)) <= 2
            and not c.startswith(word) and not word.startswith(c)]
    if not near:
        return word
    best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=86)
    return best[0] if best else word


def _split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            sentences.append(Sentence(start, end, "?" in match.group()))
        start = end
    if text[start:].strip() or not sentences:
        sentences.append(Sentence(start, len(text), False))
    return sentences


def _split_clauses(text: str, sentences: list[Sentence]) -> list[Clause]:
    clauses: list[Clause] = []
    for sentence in sentences:
        cuts = [(sentence.start, False)]
        chunk = text[sentence.start:sentence.end]
        for match in _CLAUSE_BREAK.finditer(chunk):
            cuts.append((sentence.start + match.end(), False))
        for match in _CONTRAST.finditer(chunk):
            cuts.append((sentence.start + match.start(), True))
        cuts.sort()
        contrast_seen = False
        for (begin, is_contrast), nxt in zip(cuts, cuts[1:] + [(sentence.end, False)],
                                             strict=True):
            contrast_seen = contrast_seen or is_contrast
            if nxt[0] > begin:
                clauses.append(Clause(begin, nxt[0], contrast_seen))
    return clauses or [Clause(0, len(text), False)]

