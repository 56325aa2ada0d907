"""Load the rubric's phrase lists and patterns from YAML and compile them once.

The patterns are data (`lexicon.yaml`), so a trainer can read and extend them without
touching the engine. This module only checks and compiles them; the judgement that needs
several matches at once lives in `scoring.engine`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from scoring.cues import (
    CueIndex,
    Guarded,
    Requirement,
    prepared,
    split_alternatives,
)
from scoring.errors import LexiconError
from scoring.result import DIMENSIONS, FLAGS
from scoring.text import set_vocabulary

ROLES = {"credit", "weak", "cancel", "attribution", "attribution-customer", "fact"}
_RULE_KEYS = {"id", "pattern", "score", "anchored", "role", "negatable", "questions",
              "starts_word"}
_MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True)
class Rule:
    """One compiled pattern and what a match of it means for its dimension or flag."""

    key: str
    id: str
    regex: re.Pattern[str]
    score: float
    anchored: float | None  # the score when a time or amount anchor shares the sentence
    role: str
    negatable: bool
    questions: str  # "any", "skip" or "only"
    starts_word: bool = False  # a match must begin a word; checked by the engine


@dataclass(frozen=True)
class Probe:
    """One top-level alternative of a rule's pattern, run only where its cues appear."""

    rule: Rule
    order: int  # the rule's place in the lexicon: hits are reported in this order
    regex: re.Pattern[str]
    needs: Requirement | None  # words every match holds (None: run on every sentence)
    starts_word: bool  # a match must begin a word (checked by the engine, not the regex)
    guard: re.Pattern[str] | None = None  # lookbehinds its start must pass (engine-checked)


@dataclass(frozen=True)
class Lexicon:
    """Every rule by dimension or flag key, plus the cross-cutting patterns the engine uses."""

    rules: dict[str, tuple[Rule, ...]]
    anchors: dict[str, Guarded]  # "solution" / "follow_up": what counts as specific
    hedges: Guarded
    conditions: Guarded  # a condition on a fact opening the sentence ("If it's the fitting")
    ownership: Guarded
    info_words: Guarded  # things a question may ask for ({INFO})
    path: str
    probes: tuple[Probe, ...] = ()  # every pattern rule's alternatives, in lexicon order
    index: CueIndex = CueIndex([])  # which probes a sentence's words could trigger
    question_rule: Rule | None = None  # the rule standing for the per-sentence question test
    vocabulary: tuple[str, ...] = ()  # the cue words typos are corrected towards
    outside_questions: frozenset[int] = frozenset()  # probes skipped in a question sentence
    inside_questions: frozenset[int] = frozenset()  # probes run only in a question sentence


DEFAULT_PATH = "lexicon.yaml"
# libyaml's safe loader when PyYAML was built with it (ten times faster), else the Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pattern of the rule that stands for the engine's own per-sentence question test.
QUESTION_SENTINEL = "__QUESTION__"


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and compile a lexicon file (the bundled one when `path` is None)."""
    if path is None:
        source = resources.files("scoring").joinpath(DEFAULT_PATH).read_text("utf-8")
        label = "scoring/lexicon.yaml"
    else:
        label = str(path)
        try:
            source = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(label, f"cannot read: {exc}") from None
    try:
        data = yaml.load(source, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark is not None else label
        raise LexiconError(where, f"not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise LexiconError(label, "expected a mapping at the top level")
    macros = {k: str(v) for k, v in (data.get("macros") or {}).items()}
    vocabulary = tuple(sorted({str(w) for w in data.get("vocabulary") or ()}))
    rules: dict[str, tuple[Rule, ...]] = {}
    sections = {**(data.get("rules") or {}), **(data.get("flags") or {})}
    for key in (*DIMENSIONS, *FLAGS):
        entries = sections.get(key) or []
        rules[key] = tuple(_compile(label, key, entry, macros) for entry in entries)
    unknown = set(sections) - set(DIMENSIONS) - set(FLAGS)
    if unknown:
        raise LexiconError(label, f"unknown sections: {', '.join(sorted(unknown))}")
    anchors = data.get("anchors") or {}
    runnable = [rule for key in (*DIMENSIONS, *FLAGS) for rule in rules[key]
                if rule.regex.pattern != QUESTION_SENTINEL]
    probes = tuple(_probes(runnable))
    lexicon = Lexicon(
        rules=rules,
        anchors={k: Guarded(_pattern(label, f"anchors.{k}", anchors.get(k, "$^"), macros))
                 for k in ("solution", "follow_up")},
        hedges=Guarded(_pattern(label, "hedges", data.get("hedges", "$^"), macros)),
        conditions=Guarded(_pattern(label, "conditions", data.get("conditions", "$^"), macros)),
        ownership=Guarded(_pattern(label, "ownership", data.get("ownership", "$^"), macros)),
        info_words=Guarded(_pattern(label, "INFO",
                                    r"\b{INFO}\b" if "INFO" in macros else "$^", macros)),
        path=label,
        probes=probes,
        index=CueIndex([probe.needs for probe in probes]),
        outside_questions=frozenset(i for i, p in enumerate(probes)
                                    if p.rule.questions == "skip"),
        inside_questions=frozenset(i for i, p in enumerate(probes)
                                   if p.rule.questions == "only"),
        vocabulary=vocabulary,
        question_rule=next((rule for rule in rules["questions"]
                            if rule.regex.pattern == QUESTION_SENTINEL), None),
    )
    # Typos are corrected towards the words of the lexicon last loaded or used; set only
    # once the whole file has loaded, so a broken file changes nothing.
    set_vocabulary(vocabulary)
    return lexicon


def _expand(label: str, where: str, pattern: str, macros: dict[str, str]) -> str:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise LexiconError(label, f"unknown macro {{{name}}}", where)
        return macros[name]

    # Macros may use other macros; three rounds is deeper than any nesting we write.
    for _ in range(3):
        pattern = _MACRO.sub(expand, pattern)
    return pattern


def _pattern(label: str, where: str, pattern: object, macros: dict[str, str]) -> re.Pattern[str]:
    expanded = _expand(label, where, str(pattern), macros)
    if "\b" in expanded:
        # In YAML double quotes "\b" is a backspace: that part could silently never match.
        # Checked after macros are expanded, so a backspace in a macro is caught too.
        raise LexiconError(label, 'contains a backspace (in it or a macro it uses); in double '
                           'quotes write "\\\\b" for a word boundary', where)
    try:
        return re.compile(expanded)
    except re.error as exc:
        raise LexiconError(label, f"bad pattern: {exc}", where) from None


def _compile(label: str, key: str, entry: object, macros: dict[str, str]) -> Rule:
    if not isinstance(entry, dict) or "id" not in entry or "pattern" not in entry:
        raise LexiconError(label, f"each {key} rule needs an id and a pattern")
    rule_id = str(entry["id"])
    extra = set(entry) - _RULE_KEYS
    if extra:
        raise LexiconError(label, f"unknown keys {sorted(extra)}", rule_id)
    role = entry.get("role", "credit")
    if role not in ROLES:
        raise LexiconError(label, f"role must be one of {sorted(ROLES)}", rule_id)
    questions = entry.get("questions", "any")
    if questions not in {"any", "skip", "only"}:
        raise LexiconError(label, "questions must be any, skip or only", rule_id)
    regex = _pattern(label, rule_id, entry["pattern"], macros)
    default_score = 1.0 if key in FLAGS else 0.0
    anchored = entry.get("anchored")
    return Rule(key, rule_id, regex, float(entry.get("score", default_score)),
                None if anchored is None else float(anchored), role,
                bool(entry.get("negatable", True)), questions,
                bool(entry.get("starts_word", False)))


def _probes(rules: list[Rule]) -> list[Probe]:
    probes = []
    for order, rule in enumerate(rules):
        for alternative in split_alternatives(rule.regex.pattern):
            pattern, starts_word, needs, guard = prepared(alternative, rule.starts_word)
            probes.append(Probe(rule, order, re.compile(pattern), needs, starts_word,
                                re.compile(guard) if guard else None))
    return probes


@lru_cache(maxsize=1)
def bundled_lexicon() -> Lexicon:
    return load_lexicon()
