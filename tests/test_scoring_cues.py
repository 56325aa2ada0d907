"""The word index that decides which rules run on a sentence never hides a match.

`scoring.cues` reads each pattern to find the words every match must contain; a sentence
without them skips the pattern. These tests pin what it reads from patterns, and check on
every labelled reply that no pattern that matches a sentence was skipped there.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from scoring import load_lexicon
from scoring.cues import (
    CueIndex,
    flatten_alternatives,
    pattern_requirement,
    prepared,
    split_alternatives,
)
from scoring.lexicon import bundled_lexicon
from scoring.text import _READ_IN_CONTEXT, _TOKEN, _rewrite, canonicalise

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "dev_replies.jsonl"


def _replies() -> list[str]:
    replies = []
    for path in (SHARED, ROOT / "tests" / "data" / "own_replies.jsonl"):
        if path.exists():
            replies += [json.loads(line)["reply"] for line in path.open(encoding="utf-8")
                        if line.strip()]
    return replies


def _words(pattern: str, starts_word: bool = False) -> set[tuple[str, bool]] | None:
    need = pattern_requirement(pattern, starts_word)
    return None if need is None else {v.cue for v in need.variants}


def test_a_literal_word_is_its_own_cue():
    assert _words(r"\bsorry\b") == {("sorry", False)}


def test_cues_are_lower_case_like_the_text_they_are_looked_up_in():
    assert _words(r"(?i)\bSORRY\b") == {("sorry", False)}


def test_a_word_followed_by_more_letters_is_a_prefix():
    assert _words(r"\bfrustrat\w*") == {("frustrat", True)}


def test_each_alternative_contributes_one_cue():
    assert _words(r"\b(?:refund|replace)\b") == {("refund", False), ("replace", False)}


def test_the_rarest_part_of_a_sequence_is_chosen():
    # "i" and "we" are in most sentences; the verbs are what narrows it.
    assert _words(r"\b(?:i|we) will (?:refund|credit)\b") == {("refund", False),
                                                              ("credit", False)}


def test_the_other_parts_must_also_be_present():
    index = CueIndex([pattern_requirement(r"\b(?:i|we) will\b[^.]{0,20}\brefund\b")])
    assert index.rules_for({"we", "will", "refund"}) == [0]
    assert index.rules_for({"refund"}) == []  # no "i" or "we": cannot match
    assert index.rules_for({"we", "will"}) == []


def test_a_phrase_of_common_words_needs_two_of_them():
    index = CueIndex([pattern_requirement(r"\bcan you not\b")])
    assert index.rules_for({"can", "you", "not"}) == [0]
    assert index.rules_for({"can"}) == []
    assert index.rules_for({"not"}) == []


def test_a_word_that_may_be_the_end_of_another_word_is_not_a_cue():
    # Without a boundary before it, "sorry" could be the tail of "unsorry": no cue at all.
    assert _words(r"sorry") is None
    assert _words(r"sorry", starts_word=True) == {("sorry", True)}


def test_optional_and_lookaround_parts_are_not_required():
    assert _words(r"(?:\bvery )?\bsorry\b") == {("sorry", False)}
    assert _words(r"(?<!\bnot )\bsorry\b") == {("sorry", False)}
    assert _words(r"(?:\bvery )?") is None


def test_a_pattern_that_needs_no_particular_word_runs_everywhere():
    need = pattern_requirement(r"\w+\?")
    assert need is None
    assert CueIndex([need]).rules_for(set()) == [0]


def test_a_prefix_cue_matches_any_longer_word():
    index = CueIndex([pattern_requirement(r"\bapolog\w*")])
    assert index.rules_for({"apologise"}) == [0]
    assert index.rules_for({"apolog"}) == [0]
    assert index.rules_for({"sorry"}) == []


def test_split_alternatives_respects_groups_classes_and_escapes():
    assert split_alternatives(r"a|b(c|d)|[|]|\||e") == ["a", "b(c|d)", "[|]", r"\|", "e"]
    assert split_alternatives(r"[^]|]x|y") == [r"[^]|]x", "y"]


def test_groups_of_alternatives_are_opened_up():
    assert flatten_alternatives(r"\b(?:a|b)\b|c") == [r"\ba\b", r"\bb\b", "c"]
    assert flatten_alternatives(r"\b(?:(?:x|y)|z)") == [r"\bx", r"\by", r"\bz"]
    # A quantified group, or one followed by more pattern, is left whole.
    assert flatten_alternatives(r"(?:a|b)?c") == [r"(?:a|b)?c"]
    assert flatten_alternatives(r"(?:a|b)(?:c|d)") == [r"(?:a|b)(?:c|d)"]


def test_guarded_patterns_answer_as_their_regex_does():
    """Anchors, hedges and ownership are tried alternative by alternative, only where their
    words are: on every labelled sentence the answer must be the whole regex's answer."""
    lexicon = bundled_lexicon()
    guarded = [*lexicon.anchors.values(), lexicon.hedges, lexicon.conditions,
               lexicon.ownership, lexicon.info_words]
    found = 0
    for reply in _replies():
        canon = canonicalise(reply)
        for sentence, words in zip(canon.sentences, canon.word_sets, strict=True):
            for pattern in guarded:
                expected = pattern.regex.search(canon.text, sentence.start, sentence.end)
                got = pattern.found_in(canon.text, sentence.start, sentence.end, words)
                assert got == (expected is not None), (pattern.regex.pattern[:40], reply)
                found += got
    assert found > 200


def test_a_leading_boundary_is_dropped_only_before_word_characters():
    assert prepared(r"\b(?:i|we) will", False)[:2] == ("(?:i|we) will", True)
    assert prepared(r"\b\W", False)[:2] == (r"\b\W", False)
    assert prepared(r"\b(?:x|\s)", False)[:2] == (r"\b(?:x|\s)", False)
    assert prepared("sorry", False)[:2] == ("sorry", False)


def test_leading_lookbehinds_become_a_guard_checked_where_a_match_starts():
    pattern, starts_word, _, guard = prepared(r"(?<!\bour )(?<!\bmy )\bcourier lost", False)
    assert (pattern, starts_word, guard) == ("courier lost", True, r"(?<!\bour )(?<!\bmy )")
    assert prepared("sorry", False)[3] is None


@pytest.mark.parametrize("reply", ["our courier lost it", "the courier lost it",
                                   "my courier lost it, then the courier lost another"])
def test_a_guarded_probe_matches_where_its_whole_pattern_does(reply):
    whole = re.compile(r"(?<!\bour )(?<!\bmy )\bcourier lost")
    pattern, _, _, guard = prepared(whole.pattern, False)
    lexicon_rule = re.compile(pattern)
    found, at = [], 0
    while (match := lexicon_rule.search(reply, at)) is not None:
        if re.compile(guard).match(reply, match.start()):
            found.append(match.span())
            at = match.end()
        else:  # as the engine does: look again just after
            at = match.start() + 1
    assert found == [m.span() for m in whole.finditer(reply)]


def test_a_trainers_own_rule_is_indexed(tmp_path):
    source = (ROOT / "scoring" / "lexicon.yaml").read_text("utf-8")
    source = source.replace("  empathy:\n", "  empathy:\n    - id: trainer-added\n"
                            "      score: 1.0\n      pattern: \"\\\\bzorbly\\\\b\"\n", 1)
    path = tmp_path / "lexicon.yaml"
    path.write_text(source, "utf-8")
    lexicon = load_lexicon(path)
    probe = next(p for p in lexicon.probes if p.rule.id == "trainer-added")
    assert {v.cue for v in probe.needs.variants} == {("zorbly", False)}


def _matches_somewhere(probe, text: str) -> bool:
    """Does the probe match, counting (as the engine does) only matches that start a word
    when the probe says so?"""
    for start in range(len(text) + 1):
        match = probe.regex.match(text, start)
        if match and not (probe.starts_word and start and (text[start - 1].isalnum()
                                                             or text[start - 1] == "_")) and (
                probe.guard is None or probe.guard.match(text, start)):
            return True
    return False


def test_every_bundled_rule_is_indexed_by_words_that_narrow_it():
    """A rule whose only required words are "it", "he" or "the" runs on nearly every
    sentence (a loose optional part can cause it). Each alternative must have cues, and
    not cues that most sentences hold."""
    from scoring.cues import _Found

    for probe in bundled_lexicon().probes:
        assert probe.needs is not None, (probe.rule.id, probe.regex.pattern[:60])
        assert _Found(probe.needs.variants).cost < 0.9, (probe.rule.id,
                                                          probe.regex.pattern[:60])


def test_a_single_backslash_b_in_yaml_is_refused_not_silently_dead(tmp_path):
    """In YAML double quotes "\\b" is a backspace, so the rule could never match."""
    from scoring import LexiconError

    bad = tmp_path / "lexicon.yaml"
    bad.write_text('rules:\n  empathy:\n    - id: x\n      pattern: "\\bsorry\\b"\n', "utf-8")
    with pytest.raises(LexiconError, match="backspace"):
        load_lexicon(bad)
    in_a_macro = tmp_path / "macro.yaml"
    in_a_macro.write_text('macros:\n  SORRY: "sorry\\b"\nrules:\n  empathy:\n'
                          '    - id: x\n      pattern: "{SORRY}"\n', "utf-8")
    with pytest.raises(LexiconError, match="backspace"):
        load_lexicon(in_a_macro)


def test_no_pattern_that_matches_a_sentence_is_skipped_there():
    """The index is only an optimisation: on every labelled reply, each alternative that
    matches a sentence must be among those the index picks for that sentence."""
    lexicon = bundled_lexicon()
    replies = _replies()
    assert len(replies) > 100
    checked = 0
    for reply in replies:
        canon = canonicalise(reply)
        for sentence, words in zip(canon.sentences, canon.word_sets, strict=True):
            chunk = canon.text[sentence.start:sentence.end].lstrip()
            picked = set(lexicon.index.rules_for(words))
            for number, probe in enumerate(lexicon.probes):
                if not _matches_somewhere(probe, chunk):
                    continue
                checked += 1
                assert number in picked, (probe.rule.id, probe.regex.pattern[:60], chunk)
    assert checked > 1000


def _rewritten_token_by_token(reply: str) -> str:
    """The obvious way to canonicalise: visit every token. Slow, and plainly right."""
    lowered = reply.lower().replace("\u2019", "'").replace("\u2018", "'")
    pieces, cursor = [], 0
    for match in _TOKEN.finditer(lowered):
        start, end = match.span()
        word = match.group()
        in_context = _READ_IN_CONTEXT.get(word)
        pieces += [lowered[cursor:start], in_context(lowered, start, end) if in_context
                   else _rewrite(word)]
        cursor = end
    return "".join(pieces) + lowered[cursor:]


@pytest.mark.parametrize(("typed", "read"), [
    ("its not a bug", "it is not a bug"),
    ("its only been 4 days", "it has only been 4 days"),
    ("its been fixed", "it has been fixed"),
    ("on its way, in its own box", "on its way, in its own box"),
    ("its colour", "its colour"),
    ("ur using the wrong pods", "you are using the wrong pods"),
    ("ur not the only one", "you are not the only one"),
    ("send ur order nr", "send your order number"),
    ("ur booking ref is", "your booking ref is"),
    ("ur charging it wrong", "you are charging it wrong"),
])
def test_its_and_ur_are_read_by_the_word_after_them(typed, read):
    assert canonicalise(typed).text == read


@pytest.mark.parametrize("seed", range(5))
def test_changed_words_are_found_where_the_tokenizer_finds_them(seed):
    """canonicalise looks up each distinct word once and finds the changed ones with
    str.find; it must give what visiting every token gives."""
    rng = random.Random(seed)
    pieces = ["im", "u", "sory", "ill", "'", " ", ", ", "x", "dont", "_", "é", "u'u", ". ",
              "feel", "I'm", "\u2019", "asap", "2", "refnd", "its", "not", "own", "been"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert canonicalise(text).text == _rewritten_token_by_token(text), repr(text)


_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
_SENTENCE_END = re.compile(rf"[.!?;{_EMOJI}]+(?=\s|$)|\n+|\s[—–-]\s|—|–|:\s")


def _sentence_ends_by_one_regex(text: str) -> list[tuple[int, int, bool]]:
    """Sentence ends as one regular expression states them: clear, and slow on spaces."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.end()].strip():
            found.append((start, match.end(), "?" in match.group()))
        start = match.end()
    if text[start:].strip() or not found:
        found.append((start, len(text), False))
    return found


@pytest.mark.parametrize("seed", range(3))
def test_sentences_end_where_the_plain_regex_says(seed):
    rng = random.Random(seed)
    pieces = ["a", " ", ".", "?", "!", ";", "\n", "-", "—", "–", ":", "b c", "\t", "..", "?!",
              "😩", "☕", "🙏🙏"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        canon = canonicalise(text)
        got = [(s.start, s.end, s.is_question) for s in canon.sentences]
        assert got == _sentence_ends_by_one_regex(canon.text), repr(text)
