"""No rule is negated by its own words.

A rule is `negatable` by default: a "not", "never" or "no" a few words before its last word
cancels a match ("I'm not sorry"). A rule whose own pattern says "not" is then cancelled
by itself on every match: "the driver didn't call" never raised blame, "don't get so upset"
was never dismissive, and "that's no joke" earned no empathy, until this test found them.

For every negatable alternative that spells a negator, this builds a short example from the
pattern (taking that negator's branch), checks the pattern matches it, and asks whether the
engine's negation test would cancel the match. Such a rule must be `negatable: false`, or
its phrase a pseudo-negation in `scoring.text`.
"""

from __future__ import annotations

import re

from scoring.cues import sre, sre_parse  # the regex parser, as the cue index reads it
from scoring.lexicon import Lexicon, bundled_lexicon, load_lexicon
from scoring.text import _NEGATORS, canonicalise, use_vocabulary

_WORDS = re.compile(r"[a-z]+")


def _example(items, choice: dict[int, int] | None = None) -> str:
    """A short string the parsed pattern matches: the shortest branch of each group
    (or the one `choice` names), each repeat its minimum, one letter for a class."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.SUBPATTERN:
            out.append(_example(av[3], choice))
        elif op is sre.BRANCH:
            options = av[1]
            pick = (choice or {}).get(id(av))
            if pick is None:
                pick = min(range(len(options)), key=lambda k: len(_example(options[k])))
            out.append(_example(options[pick], choice))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            out.append(_example(av[2], choice) * av[0])
        elif op is sre.IN:
            first = av[0]
            out.append(chr(first[1]) if first[0] is sre.LITERAL else "a")
        elif op in (sre.ANY, sre.NOT_LITERAL, sre.CATEGORY):
            out.append("a")
        # AT (\b, ^, $) and lookarounds add no characters
    return "".join(out)


def _branches(items, found: list) -> list:
    """Every (group, index, branch) in a parsed pattern, nested ones included."""
    for op, av in items:
        if op is sre.BRANCH:
            for index, branch in enumerate(av[1]):
                found.append((av, index, branch))
                _branches(branch, found)
        elif op is sre.SUBPATTERN:
            _branches(av[3], found)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            _branches(av[2], found)
    return found


def _self_negated(lexicon: Lexicon) -> list[str]:
    found = []
    for probe in lexicon.probes:
        if not probe.rule.negatable:
            continue
        tree = list(sre_parse.parse(probe.regex.pattern))
        choices = [None] + [{id(group): index} for group, index, branch in _branches(tree, [])
                            if _NEGATORS & set(_WORDS.findall(_example(branch)))]
        for choice in choices:
            example = _example(tree, choice)
            if not _NEGATORS & set(_WORDS.findall(example)):
                continue
            canon = canonicalise(f"well {example} then.")
            match = probe.regex.search(canon.text)
            if match and canon.is_negated(*match.span()):
                found.append(f"{probe.rule.key}/{probe.rule.id}: {example!r}")
    return sorted(set(found))


def test_no_rule_is_negated_by_its_own_words():
    assert _self_negated(bundled_lexicon()) == []


def test_the_check_finds_a_rule_that_negates_itself(tmp_path):
    """The check is not vacuous: a negatable rule saying "did not" is reported."""
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        "flags:\n  blame:\n    - id: courier-did-not\n"
        "      pattern: \"\\\\bthe courier (?:did not|never) call\\\\w*\"\n",
        encoding="utf-8")
    try:
        found = _self_negated(load_lexicon(path))
    finally:
        use_vocabulary(bundled_lexicon().vocabulary)  # loading changed the typo vocabulary
    assert found == ["blame/courier-did-not: 'the courier did not call'",
                     "blame/courier-did-not: 'the courier never call'"]
