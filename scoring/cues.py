"""Find the words a pattern cannot match without, so a rule is only run where they appear.

Running every rule's regular expression over every sentence is what made scoring slow:
most rules cannot match most sentences, and `re` has to try each position to find that
out. Every rule has words it needs ("sorry", "refund…", "calm down"): a sentence without
any of them cannot match, so the rule is skipped there. The words are read from the
pattern itself (not written by hand), so a trainer's new rule is indexed too, and a pattern
we cannot read is simply run everywhere, as before.

A *cue* is `(word, is_prefix)`: the sentence must hold the token `word`, or with
`is_prefix` a token starting with it ("frustrat" for "frustrat\\w*"). Tokens are runs of
`\\w`. A pattern needs one of its *variants* (one per way of spelling its rarest part:
"that is on us" needs "that", "is", "on" and "us"), and a word from each of its other parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from scoring.text import is_word_char

try:  # the standard parser behind `re`; its home moved in Python 3.11
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older layout
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Cue = tuple[str, bool]  # (word, is_prefix)

_WORD_PIECE = re.compile(r"\w+")
_MAX_STRINGS = 1024  # beyond this many spellings a group is treated as unreadable
# Words in almost every sentence: a cue made of them filters nothing, so others are chosen.
_COMMON = frozenset(
    "i we you your our my me us it its this that the a an to is am are was were will have "
    "has had be been for of in on at with and so but can could would do did not they he she "
    "his her their them there what which how when please if as by from just all no get".split()
)
# Words in many sentences of a reply to a customer: better cues than the above, not good ones.
_FREQUENT = frozenset(
    "may might should must being really very simply make going never s t out up about one "
    "also then now sure know see back time any some more here".split()
)


@dataclass(frozen=True)
class Variant:
    """One spelling of a pattern's rarest part: its rarest word, and its next rarest whole
    word as a guard ("" for none)."""

    cue: Cue
    guard: str = ""


@dataclass(frozen=True)
class Requirement:
    """What a sentence must hold before a pattern is worth running on it."""

    variants: frozenset[Variant]  # at least one of these
    all_of: tuple[frozenset[Cue], ...] = ()  # and one cue from each of these, too


def pattern_requirement(pattern: str, starts_word: bool = False) -> Requirement | None:
    """What every match of `pattern` contains, or None when it could match without any
    particular word (or cannot be read): such a pattern is run on every sentence."""
    try:
        return _requirement_of(list(sre_parse.parse(pattern)), starts_word)
    except (re.error, RecursionError, TypeError):
        return None


def _requirement_of(items: list, starts_word: bool) -> Requirement | None:
    clauses = _Sequence(items, bounded=starts_word, right_bounded=False).walk()
    if not clauses:
        return None
    rarest = min(clauses, key=lambda found: found.cost)
    others = sorted((c for c in clauses if c is not rarest), key=lambda c: c.cost)
    also = tuple(dict.fromkeys(frozenset(v.cue for v in c.variants) for c in others))
    return Requirement(rarest.variants, also)


@dataclass
class _Found:
    variants: frozenset[Variant]

    @property
    def cost(self) -> float:
        """Roughly, the chance that a sentence holds one of the variants."""
        miss = 1.0
        for variant in self.variants:
            chance = _chance(variant.cue)
            if variant.guard:
                chance *= _chance((variant.guard, False))
            miss *= 1.0 - chance
        return 1.0 - miss


def _chance(cue: Cue) -> float:
    """A guess at how often a sentence holds a cue: common words and short prefixes are
    likely, other words rare."""
    word, is_prefix = cue
    chance = 0.5 if word in _COMMON else 0.1 if word in _FREQUENT else 0.003
    if is_prefix:  # "have…" is at least as likely as "have"
        chance = max(chance, 0.3 if len(word) <= 2 else 0.05 if len(word) == 3 else 0.01)
    return chance


def _strings(op, av) -> set[str] | None:
    """Every string a node can match, when there are few enough to list; else None."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.AT:
        return {""}  # inside a listed group a boundary only narrows what matches
    if op is sre.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                chars.add(chr(item_av))
            elif item_op is sre.RANGE and item_av[1] - item_av[0] < 16:
                chars.update(chr(c) for c in range(item_av[0], item_av[1] + 1))
            else:
                return None
        return chars
    if op is sre.SUBPATTERN:
        return _sequence_strings(list(av[-1]))
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            listed = _sequence_strings(list(branch))
            if listed is None:
                return None
            union |= listed
            if len(union) > _MAX_STRINGS:
                return None
        return union
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] <= 1:
        body = _sequence_strings(list(av[2]))
        if body is None:
            return None
        return body | {""} if av[0] == 0 else body
    return None


def _sequence_strings(items: list) -> set[str] | None:
    result = {""}
    for op, av in items:
        listed = _strings(op, av)
        if listed is None or len(result) * len(listed) > _MAX_STRINGS:
            return None
        result = {a + b for a in result for b in listed}
    return result


@dataclass
class _Sequence:
    """Walks one sequence of pattern nodes, tracking whether the current position is the
    start of a token (`bounded`), and collects what each required part of it needs."""

    items: list
    bounded: bool
    right_bounded: bool
    clauses: list[_Found] = field(default_factory=list)
    unit: set[str] | None = None
    unit_bounded: bool = False

    def walk(self) -> list[_Found]:
        """Every requirement of the sequence: a match satisfies all of them."""
        for op, av in self.items:
            if op is sre.AT:
                self._close_unit(right_bounded=av in (sre.AT_BOUNDARY, sre.AT_END,
                                                      sre.AT_END_STRING))
                if av in (sre.AT_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
                    self.bounded = True
                elif av is sre.AT_NON_BOUNDARY:
                    self.bounded = False
                continue
            listed = _strings(op, av)
            if listed is not None:
                if self.unit is None:
                    self.unit, self.unit_bounded = listed, self.bounded
                elif len(self.unit) * len(listed) <= _MAX_STRINGS:
                    self.unit = {a + b for a in self.unit for b in listed}
                else:
                    self._close_unit(right_bounded=all(s and not is_word_char(s[0])
                                                       for s in listed))
                    self.unit, self.unit_bounded = listed, self.bounded
                continue
            self._close_unit(right_bounded=False)
            self._node(op, av)
        self._close_unit(right_bounded=self.right_bounded)
        return self.clauses

    def _close_unit(self, right_bounded: bool) -> None:
        if self.unit is None:
            return
        strings, self.unit = self.unit, None
        found = _unit_cues(strings, self.unit_bounded, right_bounded)
        if found is not None:
            self.clauses.append(found)
        self.bounded = all(
            (not s and self.unit_bounded) or (s and not is_word_char(s[-1])) for s in strings
        )

    def _inner(self, items, bounded: bool) -> _Sequence:
        inner = _Sequence(list(items), bounded, right_bounded=False)
        inner.walk()
        return inner

    def _node(self, op, av) -> None:
        if op is sre.SUBPATTERN or op is getattr(sre, "ATOMIC_GROUP", None):
            inner = self._inner(av[-1] if op is sre.SUBPATTERN else av, self.bounded)
            self.clauses += inner.clauses
            self.bounded = inner.bounded
        elif op is sre.BRANCH:
            found: set[Variant] = set()
            readable = True
            ends = True
            for branch in av[1]:
                inner = self._inner(branch, self.bounded)
                ends = ends and inner.bounded
                if inner.clauses:
                    found |= min(inner.clauses, key=lambda c: c.cost).variants
                else:
                    readable = False
            if readable:
                self.clauses.append(_Found(frozenset(found)))
            self.bounded = ends
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, _high, body = av
            # Where a repetition ends does not depend on where it started.
            after = self._inner(body, True).bounded and self._inner(body, False).bounded
            if low >= 1:
                self.clauses += self._inner(body, self.bounded).clauses
            self.bounded = after if low >= 1 else (after and self.bounded)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            pass  # zero width: position unchanged
        elif op is sre.IN:
            self.bounded = _class_is_non_word(av)
        else:
            self.bounded = False


def _class_is_non_word(items) -> bool:
    """True when a character class can only match characters that are not `\\w`."""
    negated = any(op is sre.NEGATE for op, _ in items)
    categories = {av for op, av in items if op is sre.CATEGORY}
    if negated:
        return sre.CATEGORY_WORD in categories
    if any(op is not sre.CATEGORY for op, _ in items if op is not sre.LITERAL):
        return False
    literal_ok = all(not is_word_char(chr(av)) for op, av in items if op is sre.LITERAL)
    return literal_ok and categories <= {sre.CATEGORY_NOT_WORD, sre.CATEGORY_SPACE}


def _unit_cues(strings: set[str], left_bounded: bool, right_bounded: bool) -> _Found | None:
    """One variant per listed string (its rarest usable word, guarded by its next rarest);
    None if any string has no usable word."""
    variants: set[Variant] = set()
    for text in strings:
        variant = _string_variant(text, left_bounded, right_bounded)
        if variant is None:
            return None
        variants.add(variant)
    return _Found(frozenset(variants))


@lru_cache(maxsize=65536)
def _string_variant(text: str, left_bounded: bool, right_bounded: bool) -> Variant | None:
    usable: list[Cue] = []
    for piece in _WORD_PIECE.finditer(text):
        start, end = piece.span()
        if start == 0 and not left_bounded:
            continue  # could be the tail of a longer token
        # Lower case: replies are matched lower-cased, and `(?i)` patterns match them so.
        usable.append((piece.group().lower(), not (end < len(text) or right_bounded)))
    if not usable:
        return None
    usable.sort(key=_chance)
    guard = next((word for word, is_prefix in usable[1:] if not is_prefix), "")
    return Variant(usable[0], guard)


class CueIndex:
    """Answers "which patterns could match a sentence with these tokens?" quickly.

    Patterns without a requirement are always returned. What each token triggers is
    remembered, since the same words come back in reply after reply.
    """

    _MEMO_LIMIT = 200_000

    def __init__(self, requirements: list[Requirement | None]) -> None:
        self.always = frozenset(i for i, need in enumerate(requirements) if need is None)
        # Each distinct `all_of` group is a numbered condition; a token meets some of them.
        conditions: dict[frozenset[Cue], int] = {}
        self._conditions: list[frozenset[int]] = []  # per pattern: the conditions it needs
        # cue word -> guard word ("" for none) -> pattern numbers; the same shape for
        # conditions, keyed by condition number instead of pattern number
        self._exact: dict[str, dict[str, set[int]]] = {}
        self._prefixes: dict[int, dict[str, dict[str, set[int]]]] = {}
        self._exact_conditions: dict[str, set[int]] = {}
        self._prefix_conditions: dict[int, dict[str, set[int]]] = {}
        for index, need in enumerate(requirements):
            needed = set()
            for group in need.all_of if need is not None else ():
                number = conditions.setdefault(group, len(conditions))
                needed.add(number)
                for word, is_prefix in group:
                    table = (self._prefix_conditions.setdefault(len(word), {}) if is_prefix
                             else self._exact_conditions)
                    table.setdefault(word, set()).add(number)
            self._conditions.append(frozenset(needed))
            for variant in need.variants if need is not None else ():
                word, is_prefix = variant.cue
                table = (self._prefixes.setdefault(len(word), {}) if is_prefix
                         else self._exact)
                table.setdefault(word, {}).setdefault(variant.guard, set()).add(index)
        self._always = _bits(self.always)
        self._conditional = _bits(i for i, needed in enumerate(self._conditions) if needed)
        self._needs = [_bits(needed) for needed in self._conditions]
        self._lengths = sorted(set(self._prefixes) | set(self._prefix_conditions))
        # token -> (patterns it triggers, {guard: patterns it triggers with that guard},
        #           those guards, conditions it meets), sets of numbers as bits of an int
        self._memo: dict[str, tuple[int, dict[str, int], frozenset[str], int]] = {}
        self._seen: set[str] = set()  # every token looked at so far
        self._triggers: set[str] = set()  # those that trigger or meet something

    def _learn(self, token: str) -> None:
        """Work out once what `token` triggers; most tokens trigger nothing."""
        if len(self._seen) >= self._MEMO_LIMIT:
            self._seen.clear()
            self._triggers.clear()
            self._memo.clear()
        self._seen.add(token)
        tables = [self._exact.get(token)]
        met = set(self._exact_conditions.get(token, ()))
        for length in self._lengths:
            if length > len(token):
                break
            tables.append(self._prefixes.get(length, {}).get(token[:length]))
            met |= self._prefix_conditions.get(length, {}).get(token[:length], set())
        guarded: dict[str, set[int]] = {}
        for table in tables:
            for guard, numbers in (table or {}).items():
                guarded.setdefault(guard, set()).update(numbers)
        plain = guarded.pop("", set())
        rest = {g: _bits(n - plain) for g, n in guarded.items() if n - plain}
        if plain or rest or met:
            self._triggers.add(token)
            # The guards also as a frozenset: `guards & tokens` walks the smaller side.
            self._memo[token] = (_bits(plain), rest, frozenset(rest), _bits(met))

    def rules_for(self, tokens: set[str]) -> list[int]:
        """The patterns (by number, ascending) whose required words are all among `tokens`.

        Sets of patterns and of conditions are bits of an int: a union is one `|`.
        """
        unseen = tokens - self._seen
        if unseen:
            for token in unseen:
                self._learn(token)
        memo = self._memo
        found = self._always
        met = 0
        for token in tokens & self._triggers:
            plain, guarded, guards, conditions = memo[token]
            found |= plain
            met |= conditions
            if guards:
                for guard in guards & tokens:
                    found |= guarded[guard]
        conditional = found & self._conditional
        if conditional:
            found ^= conditional
            needs = self._needs
            missing = ~met
            while conditional:
                lowest = conditional & -conditional
                conditional ^= lowest
                if not needs[lowest.bit_length() - 1] & missing:
                    found |= lowest
        result = []
        while found:
            lowest = found & -found
            found ^= lowest
            result.append(lowest.bit_length() - 1)
        return result


def _bits(numbers) -> int:
    """A set of small numbers as the bits of one int."""
    value = 0
    for number in numbers:
        value |= 1 << number
    return value


class Guarded:
    """A pattern only asked "is there a match here?" (anchors, hedges, ownership), split
    into its alternatives so that only those whose words a sentence holds are tried."""

    __slots__ = ("regex", "_parts", "_index", "_cue_words")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        parts = flatten_alternatives(regex.pattern)
        self._parts = [re.compile(part) for part in parts]
        needs = [pattern_requirement(part) for part in parts]
        self._index = CueIndex(needs)
        # When every alternative needs a whole word, a sentence with none of them is
        # answered by one set operation.
        readable = all(need is not None and not any(v.cue[1] for v in need.variants)
                       for need in needs)
        self._cue_words = frozenset(v.cue[0] for need in needs for v in need.variants
                                    ) if readable else None

    def found_in(self, text: str, start: int, end: int, words: set[str]) -> bool:
        """Whether the pattern matches `text[start:end]` (as `regex.search(text, start,
        end)` would), where `words` are the words of the sentence holding that stretch."""
        if self._cue_words is not None and self._cue_words.isdisjoint(words):
            return False
        parts = self._parts
        return any(parts[i].search(text, start, end) for i in self._index.rules_for(words))


def flatten_alternatives(pattern: str, limit: int = 400) -> list[str]:
    """The alternatives of `pattern`, with groups of alternatives opened up:
    "\\b(?:a|b)\\b|c" gives "\\ba\\b", "\\bb\\b", "c". Something matches one of them
    exactly where it matches the pattern."""
    flat: list[str] = []
    for part in split_alternatives(pattern):
        for prefix in ("\\b", ""):
            for suffix in ("\\b", ""):
                body = part[len(prefix):len(part) - len(suffix)]
                if (part.startswith(prefix) and part.endswith(suffix) and body.startswith("(?:")
                        and _first_group(body) == (0, len(body))):
                    inner = flatten_alternatives(body[3:-1], limit)
                    if len(inner) > 1:
                        flat += [prefix + alternative + suffix for alternative in inner]
                        break
            else:
                continue
            break
        else:
            flat.append(part)
        if len(flat) > limit:
            return [pattern]
    return flat


def _first_group(pattern: str) -> tuple[int, int] | None:
    """The span of the first top-level group of `pattern`, brackets included."""
    depth = 0
    start = 0
    for index, ch in _unescaped(pattern):
        if ch == "(":
            if depth == 0:
                start = index
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return start, index + 1
    return None


def _unescaped(pattern: str):
    """(index, character) for each character outside escapes and character classes."""
    in_class = False
    index = 0
    while index < len(pattern):
        ch = pattern[index]
        if ch == "\\":
            index += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[index + 1:index + 2] == "^":
                index += 1
            if pattern[index + 1:index + 2] == "]":
                index += 1  # a leading ']' is a literal inside a class
        else:
            yield index, ch
        index += 1


def prepared(pattern: str, starts_word: bool
             ) -> tuple[str, bool, Requirement | None, str | None]:
    """The pattern to run, whether its matches must start a word, what it needs, and the
    lookbehinds (if any) that its start must pass.

    A leading `\\b` before word characters is dropped and becomes `starts_word`: `re`
    cannot skip ahead to a pattern that opens with `\\b` (it tries every position), while
    a pattern opening with its words ("sorry", "(?:i|we)") is found by a fast scan for
    their first letters. The engine then checks that the match starts a word. Leading
    lookbehinds ("(?<!\\bour )") are taken off for the same reason and returned as a
    guard the engine checks where a match starts.
    """
    guard = ""
    while pattern.startswith(("(?<!", "(?<=")):
        group = _first_group(pattern)
        if group is None or group[0] != 0:
            break
        guard += pattern[:group[1]]
        pattern = pattern[group[1]:]
    try:
        if pattern.startswith("\\b"):
            items = list(sre_parse.parse(pattern[2:]))
            first = _first_chars(items)
            if first and all(is_word_char(ch) for ch in first):
                return pattern[2:], True, _requirement_of(items, True), guard or None
        return pattern, starts_word, _requirement_of(list(sre_parse.parse(pattern)),
                                                      starts_word), guard or None
    except (re.error, RecursionError, TypeError):
        return guard + pattern, starts_word, None, None


def _first_chars(items: list) -> set[str] | None:
    """The characters a match of this sequence can start with, when they can be listed."""
    if not items:
        return None
    op, av = items[0]
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        return _strings(op, av)
    if op is sre.SUBPATTERN:
        return _first_chars(list(av[-1]))
    if op is sre.BRANCH:
        chars: set[str] = set()
        for branch in av[1]:
            found = _first_chars(list(branch))
            if found is None:
                return None
            chars |= found
        return chars
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
        return _first_chars(list(av[2]))
    return None


def split_alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|` ("a|b(c|d)|e" gives a, b(c|d), e).

    Each alternative gets its own cues, so a rule with twenty alternatives runs only the
    one whose words a sentence holds, not all twenty.
    """
    parts: list[str] = []
    depth = 0
    start = 0
    for index, ch in _unescaped(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts
