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
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

_TOKEN = re.compile(r"\w+(?:'\w+)*")
_WORD = re.compile(r"\w+")
_WORD_TAIL = re.compile(r"[^\W_]*(?:'[^\W_]*)*")  # letters, digits and apostrophes
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Where a sentence ends: a run of . ! ? ; or emoji before a space or the end, new lines, a
# dash between spaces, an em or en dash, or ": " (`_split_sentences` checks the context).
# In chat an emoji often ends a sentence: "that's so annoying 😩 can u send a pic?"
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
_DELIMITER = re.compile(rf"[.!?;{_EMOJI}]+|\n+|[:—–-]")
_CONTRAST_WORDS = frozenset(
    "but however although though unfortunately sadly except anyway".split())
_CONTRAST = re.compile(r"\b(?:" + "|".join(sorted(_CONTRAST_WORDS)) + r")\b")
_NEGATORS = frozenset({"not", "never", "no", "cannot", "neither", "nor"})
# Pseudo-negations: a negator that does not negate what follows.
_PSEUDO_NEGATIONS = re.compile(
    r"\b(?:no doubt|not only|no wonder|not just|never mind|can not imagine|could not imagine|"
    r"can not believe|could not be more sorry|not surprised|no problem at all|"
    r"not good enough|not ok|not okay|not acceptable|not fair|not right|"
    r"no matter|no longer|not what you (?:expect\w*|deserved|paid for)|not the \w+ you|no joke|"
    r"at no (?:extra |additional )?(?:cost|charge)|"
    # "no" negating a noun, not what follows: "four hours with no information is awful"
    r"(?:with|without|and|had|having|have|has|got) no (?:information|news|updates?|word|"
    r"answers?|reply|response|idea|power|heating|hot water|water|internet|signal|warning|"
    r"passport|car|phone)|(?:find|found|finding) no \w+|(?:oh|ah|aw|aww) no)\b"
)
# Words a negation reaches across: "I'm not going to tell you to calm down".
_FILLERS = frozenset({"going", "to", "tell", "telling", "you", "say", "ask", "asking", "be",
                      "ever", "even", "really", "just", "want", "try", "trying", "gonna"})


class Clause(NamedTuple):
    """A stretch of a sentence between commas or contrast words (canonical offsets)."""

    start: int
    end: int
    after_contrast: bool


class Sentence(NamedTuple):
    """One sentence of the canonical text; `is_question` when it ends with '?'."""

    start: int
    end: int
    is_question: bool
    index: int  # its place in `CanonicalText.sentences`


class CanonicalText:
    """The reply rewritten for matching, with a map back to original character offsets.

    Only rewritten words are recorded (most words are unchanged), so mapping an offset is a
    bisection over the rewrites, not a lookup in a per-character table. Each sentence's
    words are listed once, here, for everything that asks which words a sentence holds;
    clauses are found only for the sentences that need them.
    """

    __slots__ = ("original", "text", "_edit_starts", "_edits", "sentences", "words",
                 "word_sets", "_sentence_starts", "_clauses")

    def __init__(self, original: str, text: str,
                 edits: list[tuple[int, int, int, int]]) -> None:
        self.original = original
        self.text = text
        # (canonical start, canonical end, original start, original end) per rewritten word
        self._edits = edits
        self._edit_starts = [e[0] for e in edits]
        self.sentences = _split_sentences(text)
        self._sentence_starts = [s.start for s in self.sentences]
        find_words = _WORD.findall
        self.words = [find_words(text, s.start, s.end) for s in self.sentences]
        self.word_sets = [set(words) for words in self.words]
        self._clauses: list[tuple[list[Clause], list[int]] | None] = [None] * len(
            self.sentences)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span to the span of original characters it was made from.

        Each end is found by bisecting the rewrites: inside a rewritten word it maps to that
        word's original start (or end), after one it keeps its distance from it.
        """
        text = self.text
        while start < end - 1 and not text[start].isalnum():
            start += 1  # evidence starts at a word, not at the punctuation before it
        if end < start + 1:
            end = start + 1
        first, stop = start, end
        edits = self._edits
        if edits:
            i = bisect_right(self._edit_starts, start) - 1
            if i >= 0:
                _, c_end, o_start, o_end = edits[i]
                first = o_start if start < c_end else start - c_end + o_end
            i = bisect_right(self._edit_starts, end) - 1
            if i >= 0:
                _, c_end, _, o_end = edits[i]
                stop = o_end if end <= c_end else end - c_end + o_end
        original = self.original
        first = min(first, len(original))
        # Extend to the end of the original word, so "sory" maps to all four letters.
        stop = _WORD_TAIL.match(original, min(stop, len(original))).end()
        return (first, max(first, stop))

    def sentence_at(self, index: int) -> Sentence:
        return self.sentences[max(bisect_right(self._sentence_starts, index) - 1, 0)]

    def clauses_in(self, sentence: Sentence) -> list[Clause]:
        return self._clauses_of(sentence)[0]

    def _clauses_of(self, sentence: Sentence) -> tuple[list[Clause], list[int]]:
        known = self._clauses[sentence.index]
        if known is None:
            clauses = _split_clauses(self.text, sentence, self.word_sets[sentence.index])
            known = self._clauses[sentence.index] = (clauses, [c.start for c in clauses])
        return known

    def clause_at(self, index: int) -> Clause:
        clauses, starts = self._clauses_of(self.sentence_at(index))
        return clauses[max(bisect_right(starts, index) - 1, 0)]

    def is_negated(self, start: int, end: int, window: int = 4) -> bool:
        """True when a negator stands among the `window` words before the match's last word.

        Only the clause holding the match's end counts, from its last " and " before the
        match ("that should never happen and it must have been distressing" negates
        nothing in its second half); filler words ("going to tell you to") are skipped, and
        pseudo-negations ("no doubt", "can't imagine") are ignored.
        """
        sentence = self.sentence_at(max(end - 1, start))
        if self.word_sets[sentence.index].isdisjoint(_NEGATORS):
            return False
        clause = self.clause_at(max(end - 1, start))
        scope = clause.start
        joined = self.text.rfind(" and ", clause.start, start)
        if joined >= 0:
            scope = joined + len(" and ")
        begin = max(scope, start)
        text = _PSEUDO_NEGATIONS.sub(" ", self.text[scope:end])
        tokens = [w for w in _TOKEN.findall(text) if w not in _FILLERS]
        if len(tokens) < 2:
            return False
        inside = len(_TOKEN.findall(_PSEUDO_NEGATIONS.sub(" ", self.text[begin:end])))
        return any(w in _NEGATORS for w in tokens[-(window + max(inside, 1)):-1])


def canonicalise(reply: str) -> CanonicalText:
    """Build the canonical text: lower case, straight quotes, slang and typos rewritten.

    Lower-casing and quote straightening keep every offset; only rewritten words shift them.
    Each distinct word is looked up once; only the words that change are then found in
    the text, since most replies change a few words or none.
    """
    lowered = reply.lower()
    if len(lowered) != len(reply):  # a few characters change length when lower-cased
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in reply)
    if "\u2019" in lowered or "\u2018" in lowered:
        lowered = lowered.replace("\u2019", "'").replace("\u2018", "'")
    rewrites = {}
    memo = _REWRITTEN
    for word in set(_TOKEN.findall(lowered)):
        new = memo.get(word)
        if new is None:
            new = _remember(word)
        if new != word or word in _READ_IN_CONTEXT:
            rewrites[word] = new
    if not rewrites:
        return CanonicalText(reply, lowered, [])
    spots = sorted(spot for word in rewrites for spot in _occurrences(lowered, word))
    edits: list[tuple[int, int, int, int]] = []
    pieces: list[str] = []
    shift = 0
    cursor = 0
    for start, end, word in spots:
        in_context = _READ_IN_CONTEXT.get(word)
        new = in_context(lowered, start, end) if in_context else rewrites[word]
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


def is_word_char(ch: str) -> bool:
    """What `re` calls `\\w`, for one character."""
    return ch.isalnum() or ch == "_"


def _occurrences(text: str, word: str) -> list[tuple[int, int, str]]:
    """Where `word` stands in `text` as a whole token, as `_TOKEN` would find it: not
    joined to a word character, nor to an apostrophe that joins one ("don't")."""
    found = []
    size = len(text)
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < size else " "
        joined_before = is_word_char(before) or (
            before == "'" and start >= 2 and is_word_char(text[start - 2]))
        joined_after = is_word_char(after) or (
            after == "'" and end + 1 < size and is_word_char(text[end + 1]))
        if not joined_before and not joined_after:
            found.append((start, end, word))
        # No whole token starts inside a token, so the search goes on from its end.
        start = text.find(word, end)
    return found


_REWRITTEN: dict[str, str] = {}  # word -> its canonical form, for every word seen
_MEMO_LIMIT = 200_000


def _remember(word: str) -> str:
    if len(_REWRITTEN) >= _MEMO_LIMIT:
        _REWRITTEN.clear()
    new = _REWRITTEN[word] = _rewrite(word)
    return new


# Informal spellings that are not typos: rewritten whole, before any fuzzy matching.
SLANG = {
    "u": "you", "ya": "you", "ur": "your", "urs": "yours", "r": "are", "n": "and", "b": "be",
    "prob": "probably", "probs": "probably", "b4": "before", "lmk": "let me know",
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
    "here's": "here is", "heres": "here is", "let's": "let us", "can't": "can not",
    "cant": "can not", "cannot": "can not", "won't": "will not", "wont": "will not",
    "don't": "do not",
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
    "seriously", "critically", "mentally", "taken", "home",
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
    "noting", "mourning", "contract", "contracts", "contracted", "terribly", "horribly",
    "escalates", "inconvenient", "spending", "tough", "tanks", "apologises", "apologizes",
    "overheating", "overheat", "overheated", "overheats", "frustrations", "exhaustion",
    "appreciative", "honesty", "ruing", "understandably", "overreaction", "overreactions",
    "delivers", "deliverer", "receiver", "scheduler", "rally", "arranger", "canceller",
})

VOCABULARY: tuple[str, ...] = ()  # set by scoring.lexicon when a lexicon loads or is used
_BY_INITIAL: dict[str, tuple[str, ...]] = {}


def use_vocabulary(words: tuple[str, ...]) -> None:
    """Correct typos towards `words` from now on (cheap when they are already in use)."""
    if words is not VOCABULARY:
        set_vocabulary(words)


def set_vocabulary(words: tuple[str, ...]) -> None:
    """Register the cue words that typos are corrected towards (called by the lexicon)."""
    global VOCABULARY, _BY_INITIAL
    VOCABULARY = words
    buckets: dict[str, list[str]] = {}
    for word in VOCABULARY:
        buckets.setdefault(word[0], []).append(word)
    _BY_INITIAL = {k: tuple(v) for k, v in buckets.items()}
    _correct_typo.cache_clear()
    _rewrite.cache_clear()
    _REWRITTEN.clear()


# The one or two words after a word, each one space on: what `_ill`, `_its`, `_ur` read.
_WORDS_AFTER = re.compile(r" (\w+)(?: (\w+))?")


def _next_words(text: str, end: int) -> tuple[str, str | None]:
    """The word after `end` ("" if none) and the one after that (None if none)."""
    after = _WORDS_AFTER.match(text, end)
    return (after.group(1), after.group(2)) if after else ("", None)


def _ill(text: str, start: int, end: int) -> str:
    """'ill' is "I'll" unless it follows a verb like 'felt' or ends the sentence."""
    before = _TOKEN.findall(text[max(0, start - 20):start])
    previous = before[-1] if before else ""
    if previous in _ILL_AS_ADJECTIVE or not _next_words(text, end)[0]:
        return "ill"
    return "i will"


# After "its", words that show it stands for "it's" ("its not a bug", "its only been 4
# days"); the possessive is followed by a noun ("its colour", "on its way").
_ITS_AS_IT_IS = frozenset(
    "not only just so too a an the probably really very ok okay fine all on in out here "
    "there because what how always never still already going gonna getting definitely "
    "clearly obviously actually literally nothing no like being up down over your my our "
    "their ready done sorted fixed now due free gone coming with from at worth true false "
    "correct normal standard late broken working showing quite totally completely "
    "absolutely simply".split())
_ITS_AS_IT_HAS = frozenset({"been", "got"})


def _its(text: str, start: int, end: int) -> str:
    """'its' is "it's" when a verb-like word follows: "it has" before "been" ("its only
    been 4 days"), else "it is"."""
    following, then = _next_words(text, end)
    if following in _ITS_AS_IT_HAS or (following in _ITS_AS_IT_IS
                                       and then in _ITS_AS_IT_HAS):
        return "it has"
    return "it is" if following in _ITS_AS_IT_IS else "its"


# After chat "ur", words that show it stands for "you're" ("ur using the wrong pods",
# "ur not the only one"); before a noun it is "your" ("ur order").
_UR_AS_YOU_ARE = frozenset(
    "not so right welcome sure very really too still always never now all both here there "
    "entitled due eligible covered booked able probably definitely just maybe likely "
    "obviously clearly actually".split())


# After "ur" and an -ing word, words that show the -ing word is a verb ("ur using the
# wrong pods", "ur charging it") rather than a noun ("ur booking ref", "ur parking is").
_AFTER_AN_ING_VERB = frozenset(
    "the a an it them this that your my our to for on in at with up out too so now again off "
    "me us".split())


def _ur(text: str, start: int, end: int) -> str:
    """'ur' is "you are" before one of `_UR_AS_YOU_ARE`, or before an -ing word used as a
    verb; otherwise "your"."""
    following, then = _next_words(text, end)
    if following in _UR_AS_YOU_ARE:
        return "you are"
    if following.endswith("ing") and (then is None or then in _AFTER_AN_ING_VERB):
        return "you are"
    return "your"


# Words whose rewrite depends on their neighbours, not on the word alone.
_READ_IN_CONTEXT = {"ill": _ill, "its": _its, "ur": _ur}


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
    # "hour" is not a typo of "hours", nor "receives" of "received": a word with the same
    # stem as a cue word is another form of it, not a misspelling.
    stem = _stem(word)
    near = [c for c in candidates if abs(len(c) - len(word)) <= 2
            and not c.startswith(word) and not word.startswith(c) and _stem(c) != stem]
    if not near:
        return word
    best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=86)
    return best[0] if best else word


_INFLECTION = re.compile(r"(?:ing|ed|es|s|d)$")


def _stem(word: str) -> str:
    """The word without one verb or plural ending: "receives" and "received" share one."""
    return _INFLECTION.sub("", word)


# Where a question starts inside an unpunctuated sentence ending in "?": after a word
# that is not a conjunction, before "could you", "do you", "what time"...
_RUN_ON_QUESTION = re.compile(
    r"(?<=\w)(?<![^,] and)(?<!\bbut)(?<!\bso)(?<!\bor)(?<!\bthen)(?<!\bif)"
    r"(?<!\bjust)(?<!\bplease)(?<!\bask)(?<!\bwhy)(?<!\bwhat)(?<!\bhow)(?<!\bwhen)"
    r"(?<!\bwhere)(?<!\bwho)(?<!\bwhich) "
    r"(?=(?:could|can|would|will) you\b|(?:do|did|have|has) you\b|"
    r"(?:is|are|was|were) (?:there|it|this|anything)\b|"
    r"(?:what|which|when|where|how|who|whose)(?: \w+)? (?:is|was|are|were|did|do|does|time|"
    r"day|date|number|address|model|size|email|colour|color|exactly|roughly)\b|"
    r"which (?:\w+ )?(?:of|version|one|ones|day|date|time|branch|store|item|items|room)\b)")


def _split_sentences(text: str) -> list[Sentence]:
    """Cut where sentences end (see `_DELIMITER`). A scan finds the characters that can end
    one and their context is checked here: one regex saying it all had to start with `\\s`
    for " - ", which made `re` try every space, five times slower."""
    sentences: list[Sentence] = []
    start = 0
    size = len(text)
    for match in _DELIMITER.finditer(text):
        begin, end = match.span()
        mark = text[begin]
        if mark in ".!?;" or mark > "\u25ff":  # punctuation or emoji
            if end < size and not text[end].isspace():
                continue
        elif mark == ":":
            if end == size or not text[end].isspace():
                continue
            end += 1
        elif mark != "\n":  # a dash: alone, or between spaces (which it takes with it)
            spaced = begin > start and text[begin - 1].isspace() and end < size and text[
                end].isspace()
            if spaced:
                end += 1
            elif mark == "-":
                continue
        if end <= start:
            continue
        if text[start:end].strip():
            is_question = "?" in text[begin:end]
            if is_question:  # "ive refunded it can u confirm ur address?" holds two sentences
                run_on = _RUN_ON_QUESTION.search(text, start, begin)
                if run_on is not None and text[start:run_on.start()].strip():
                    sentences.append(Sentence(start, run_on.end(), False, len(sentences)))
                    start = run_on.end()
            sentences.append(Sentence(start, end, is_question, len(sentences)))
        start = end
    if text[start:].strip() or not sentences:
        sentences.append(Sentence(start, size, False, len(sentences)))
    return sentences


def _split_clauses(text: str, sentence: Sentence, words: set[str]) -> list[Clause]:
    start, end = sentence.start, sentence.end
    cuts = [(start, False)]
    comma = text.find(",", start, end)
    while comma >= 0:
        cuts.append((comma + 1, False))
        comma = text.find(",", comma + 1, end)
    if not words.isdisjoint(_CONTRAST_WORDS):
        for match in _CONTRAST.finditer(text, start, end):
            cuts.append((match.start(), True))
        cuts.sort()
    if len(cuts) == 1:
        return [Clause(start, end, False)]
    clauses: list[Clause] = []
    contrast_seen = False
    for (begin, is_contrast), nxt in zip(cuts, cuts[1:] + [(end, False)], strict=True):
        contrast_seen = contrast_seen or is_contrast
        if nxt[0] > begin:
            clauses.append(Clause(begin, nxt[0], contrast_seen))
    return clauses or [Clause(start, end, False)]
