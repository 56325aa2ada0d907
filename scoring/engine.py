"""Score one reply against the rubric: five dimensions, three flags, evidence for each.

The lexicon (`lexicon.yaml`) says which words do what; this module applies the judgement
that needs more than one match at a time:

- a match is ignored when negated ("I'm not sorry"), or when it stands in a question and
  its rule says so ("Would a refund help?" offers nothing);
- a time or amount in the same sentence lifts a remedy or a follow-up; a hedge halves it,
  and a condition on a fact opening the sentence weakens it more ("If it's the seal..."),
  as does one right after a remedy ("...remove the charge if it shows your call");
- blame or arguing anywhere cancels an apology ("Sorry, but you should have...");
- a formula of sympathy before a refusal or blame earns no empathy ("We were sorry to hear
  about your experience. However...");
- a refusal followed by "but" and a remedy is not defensive ("I can't refund it, but...");
  nor is a fact stated in a reply that offers a remedy or a follow-up ("The price is on
  the shelf label, and I've refunded the difference"), nor anything said in a sentence
  that owns the problem ("we did tell you two different things, and that's our mistake");
- naming a third party is blame unless the reply also owns the problem, and a fact that
  leaves the customer at fault ("no one was home") is blame only when nothing is done;
- a reply that is only rubric keywords earns nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from scoring.lexicon import Lexicon, Rule, bundled_lexicon
from scoring.result import (
    CREDIT_THRESHOLD,
    DIMENSIONS,
    FLAGS,
    Evidence,
    ReplyScore,
    RubricAdjustments,
)
from scoring.text import (
    CanonicalText,
    Sentence,
    canonicalise,
    is_word_char,
    use_vocabulary,
)
from scoring.tips import tips_for

_QUESTION_OPENER = re.compile(
    r"^(?:what|which|when|where|who|whom|whose|why|how|could|can|would|will|do|does|did|is|"
    r"are|was|were|have|has|had|shall|should|may|might|any chance|whereabouts|roughly|"
    r"talk me through|walk me through|run me through|tell me|fill me in)\b"
)
_LEAD_IN = re.compile(
    r"^(?:(?:and|so|also|ok|okay|sorry|oh|great|thanks|thank you|right|first|firstly|just|"
    r"lastly|finally|but|then|now|one more thing|in the meantime|meanwhile|secondly|sir|"
    r"madam|mate|hi|hello|hey|to be sure|quickly|while i am on|if you don't mind|one thing|or|"
    r"please|kindly)"
    r"\b[\s,:-]*)+"
)
# Checking back what was heard is a question that confirms details (RUBRIC.md): "Just so
# I'm clear, the charge was on the 3rd?", "Let me make sure I have this right: it came empty?"
_CONFIRMS = re.compile(
    r"^\W*(?:(?:ok|okay|right|so|and|just|sorry)\b[\s,]*)*(?:to (?:confirm|check|be clear|be sure)|"
    r"so (?:that )?i am (?:clear|sure)|so i (?:have|get|understand) (?:this|that|it|you) right|"
    r"if i (?:have )?(?:understood|understand|heard|got) (?:you |that |this |it )?"
    r"(?:correctly|right)|"
    r"let me (?:make sure|check|confirm|be sure)|am i right (?:in thinking|that|to say)|"
    r"correct me if i am wrong)\b"
)
_CHECKS_WITH_CUSTOMER = re.compile(
    r"\bif (?:that|this|it) (?:would|will|could|might) (?:help|work|suit)\b|"
    r"\bif you (?:would )?(?:like|prefer)\b|\b(?:would|does) that (?:help|work|suit)\b"
)
_REMEDY_WORD = re.compile(
    r"\b(?:refund\w*|replac\w*|repair\w*|credit|voucher|discount|free|money back|reimburs\w*|"
    r"compensat\w*|take \w+ off|took \w+ off|rebook\w*|exchange|upgrade)\b"
)
_FUNCTION_WORDS = frozenset(
    "i we you your our my me us it this that the a an to is am are was were will have has had "
    "be been for of in on at with and so but can could would do did not they he she his her "
    "their them there what which how when please if as by from should shall may might must "
    "one nobody someone somebody anyone anybody no any all some every than then just also too "
    "very really here now about after before over into again still yet its these those who "
    "why where".split()
)
_STUFFING_RATIO = 0.12
_STUFFED_CAP = 0.2
_CANCELLED_CAP = 0.3
_HEDGE_FACTOR = 0.5
# "If it's the seal, we'll replace it" promises nothing until a fact is known: weaker still.
_CONDITION_FACTOR = 0.4
_SCENARIO_PHRASE_SCORE = 0.8
# How far after a remedy an "if" may stand and still be its condition, and the words that
# show the "if" belongs to another phrase ("...and let me know if it happens again").
_CONDITION_REACH = 40
_JOINS_ANOTHER_PHRASE = re.compile(r"\b(?:and|so|then|but|or|please|know|tell)\b")


class _Hit(NamedTuple):
    rule: Rule
    start: int  # canonical offsets
    end: int
    score: float
    note: str = ""


def score_reply(
    reply: str,
    customer: str | None = None,
    adjustments: RubricAdjustments | None = None,
    lexicon: Lexicon | None = None,
) -> ReplyScore:
    """Score `reply` (optionally knowing the customer's last message and a scenario's
    rubric adjustments). Never raises on any text: empty, huge, emoji or other scripts."""
    reply = reply if isinstance(reply, str) else str(reply)
    lex = lexicon or bundled_lexicon()
    use_vocabulary(lex.vocabulary)
    canon = canonicalise(reply)
    hits = _find(canon, lex)
    hits["questions"] = hits["questions"] + _question_hits(canon, hits["questions"], lex)
    if adjustments is not None:
        for key, extra in _scenario_hits(canon, adjustments).items():
            hits[key] = hits[key] + extra

    evidence: list[Evidence] = []
    flags = _flags(canon, hits, lex, evidence)
    # "Sorry if that's annoying" is neither apology nor empathy (RUBRIC.md).
    non_apologies = [h for h in hits["apology"] if h.rule.role == "cancel"]
    scores = {key: _dimension(canon, key, hits[key], evidence, non_apologies)
              for key in DIMENSIONS}
    _cancel_apology(canon, scores, flags, hits, evidence)
    _cancel_formula_empathy(scores, flags, hits, evidence)
    _note_remedy_only_asked(canon, scores, evidence)

    if _is_keyword_stuffing(canon):
        for key in DIMENSIONS:
            if scores[key] > _STUFFED_CAP:
                scores[key] = _STUFFED_CAP
        evidence.append(Evidence("all", "keyword-stuffing", "cancel", 0, len(reply),
                                 reply[:80], _STUFFED_CAP,
                                 "rubric words listed without a sentence doing their job"))
    raised = tuple(f for f in FLAGS if f in flags)
    return ReplyScore(scores, raised, tuple(evidence),
                      tips_for(scores, evidence, customer or ""))


def _find(canon: CanonicalText, lex: Lexicon) -> dict[str, list[_Hit]]:
    """Every rule's matches, by key, in rule order then position.

    Rules match one sentence at a time, and only the alternatives whose cue words the
    sentence holds are run on it (`scoring.cues`): most rules cannot match most sentences.
    """
    text = canon.text
    probes = lex.probes
    rules_for = lex.index.rules_for
    found: list[tuple[int, int, int, _Hit]] = []
    anchored_sentences: dict[tuple[str, int], bool] = {}
    for sentence, words in zip(canon.sentences, canon.word_sets, strict=True):
        numbers = rules_for(words)
        if not numbers:
            continue
        # Rules that ignore questions, or only look inside them.
        excluded = lex.outside_questions if sentence.is_question else lex.inside_questions
        stripped = text[sentence.start:sentence.end].lstrip()
        offset = sentence.end - len(stripped)
        for number in numbers:
            if number in excluded:
                continue
            probe = probes[number]
            match = probe.regex.search(stripped)
            while match is not None:
                begin, stop = match.span()
                if (probe.starts_word and begin and is_word_char(stripped[begin - 1])) or (
                        probe.guard is not None and not probe.guard.match(stripped, begin)):
                    # not at a word's start, or its lookbehinds fail: look again just after
                    match = probe.regex.search(stripped, begin + 1)
                    continue
                match = probe.regex.search(stripped, stop if stop > begin else stop + 1)
                if stop == begin:
                    continue
                rule = probe.rule
                start, end = begin + offset, stop + offset
                if rule.negatable and canon.is_negated(start, end):
                    continue
                found.append((probe.order, start, -end, _Hit(rule, start, end, _graded(
                    canon, rule, start, end, sentence, lex, anchored_sentences))))
    found.sort(key=lambda item: item[:3])
    hits: dict[str, list[_Hit]] = {key: [] for key in lex.rules}
    last_order, last_end = -1, -1
    for order, start, _end, hit in found:
        if order == last_order and start < last_end:
            continue  # two alternatives of one rule matched the same words
        last_order, last_end = order, hit.end
        hits[hit.rule.key].append(hit)
    return hits


def _graded(canon: CanonicalText, rule: Rule, start: int, end: int, sentence: Sentence,
            lex: Lexicon, anchored_sentences: dict[tuple[str, int], bool]) -> float:
    """A rule's score, lifted by an anchor in its sentence and halved by a hedge in its
    clause or a condition on a fact opening its sentence (or, for a remedy, following it in
    its clause: "I'll remove the charge if it shows your call")."""
    score = rule.score
    if rule.anchored is not None and rule.key in lex.anchors:
        seen = (rule.key, sentence.index)
        anchored = anchored_sentences.get(seen)
        if anchored is None:
            anchored = anchored_sentences[seen] = lex.anchors[rule.key].found_in(
                canon.text, sentence.start, sentence.end, canon.word_sets[sentence.index])
        if anchored:
            score = rule.anchored
    if rule.role == "credit" and rule.key in ("solution", "follow_up"):
        words = canon.word_sets[sentence.index]
        before = canon.text[sentence.start:start].lstrip()
        if lex.conditions.found_in(before, 0, len(before), words) or (
                rule.key == "solution" and _condition_follows(canon, start, end, words, lex)):
            score *= _CONDITION_FACTOR
        elif lex.hedges.found_in(canon.text, canon.clause_at(start).start, end, words):
            score *= _HEDGE_FACTOR
    return score


def _condition_follows(canon: CanonicalText, start: int, end: int, words: set[str],
                       lex: Lexicon) -> bool:
    """True when an "if" on a fact follows the match in its clause, attached to it: not
    after another verb phrase ("...a fix, so update and let me know if it still happens")."""
    if "if" not in words:
        return False
    clause_end = canon.clause_at(start).end
    at = canon.text.find(" if ", end, clause_end)
    if at < 0 or at - end > _CONDITION_REACH or _JOINS_ANOTHER_PHRASE.search(
            canon.text, end, at):
        return False
    after = canon.text[at + 1:clause_end]
    return lex.conditions.found_in(after, 0, len(after), words)


def _question_hits(canon: CanonicalText, rule_hits: list[_Hit], lex: Lexicon) -> list[_Hit]:
    """Judge every '?' sentence: does it ask the customer for something useful?"""
    rule = lex.question_rule
    if rule is None:
        return []
    cancels = [h for h in rule_hits if h.rule.role == "cancel"]
    found: list[_Hit] = []
    for sentence in canon.sentences:
        if not sentence.is_question:
            continue
        if any(sentence.start <= h.start < sentence.end for h in cancels):
            continue
        if _asks(canon, sentence, lex):
            found.append(_Hit(rule, sentence.start, sentence.end, rule.score))
    return found


def _asks(canon: CanonicalText, sentence: Sentence, lex: Lexicon) -> bool:
    for clause in canon.clauses_in(sentence):
        body = _LEAD_IN.sub("", canon.text[clause.start:clause.end].strip(" ,;:—–-"))
        if _QUESTION_OPENER.match(body):
            return True
    text = canon.text[sentence.start:sentence.end]
    if _CONFIRMS.match(text):
        return True
    if sentence.index:  # "Let me make sure I have this right: ...?"
        lead = canon.sentences[sentence.index - 1]
        if (canon.text[lead.start:sentence.start].rstrip().endswith(":")
                and _CONFIRMS.match(canon.text, lead.start, lead.end)):
            return True
    # An offer put to the customer: "I can move you to a cheaper plan, if that would help?"
    if _CHECKS_WITH_CUSTOMER.search(text):
        return True
    # A short verbless question about a specific thing: "And your order number?"
    return len(text.split()) <= 6 and lex.info_words.found_in(
        canon.text, sentence.start, sentence.end, canon.word_sets[sentence.index])


@lru_cache(maxsize=256)
def _compiled_phrases(adjustments: RubricAdjustments) -> tuple[tuple[str, Rule], ...]:
    compiled = []
    for key, phrases in adjustments.phrases.items():
        if key not in DIMENSIONS:
            continue
        for phrase in phrases:
            canonical = canonicalise(phrase).text.strip()
            if not canonical:
                continue
            regex = re.compile(r"\b" + re.escape(canonical) + r"\b")
            compiled.append((key, Rule(key, f"scenario-phrase:{phrase}", regex,
                                       _SCENARIO_PHRASE_SCORE, None, "credit", True, "skip")))
    return tuple(compiled)


def _scenario_hits(canon: CanonicalText, adjustments: RubricAdjustments) -> dict[str, list]:
    extra: dict[str, list[_Hit]] = {}
    for key, rule in _compiled_phrases(adjustments):
        for match in rule.regex.finditer(canon.text):
            start, end = match.span()
            if canon.sentence_at(start).is_question or canon.is_negated(start, end):
                continue
            extra.setdefault(key, []).append(_Hit(rule, start, end, rule.score))
    return extra


def _overlaps(a: _Hit, b: _Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _dimension(canon: CanonicalText, key: str, hits: list[_Hit],
               evidence: list[Evidence], non_apologies: list[_Hit]) -> float:
    if not hits:
        return 0.0
    cancels = [h for h in hits if h.rule.role == "cancel"]
    conditions = [h for h in hits if h.rule.id in _CONDITIONS_ON_CUSTOMER]
    best = 0.0
    for hit in hits:
        role = hit.rule.role
        if role == "cancel":
            evidence.append(_evidence(canon, key, hit, "cancel", 0.0))
            continue
        if role == "credit" and (
            any(_overlaps(hit, c) for c in cancels)
            or any(_conditional_on(canon, hit, c) for c in conditions)
            or (key == "empathy" and any(canon.sentence_at(hit.start) is
                                         canon.sentence_at(c.start) for c in non_apologies))
        ):
            continue
        effect = "credit" if role == "credit" else "weak"
        evidence.append(_evidence(canon, key, hit, effect, hit.score))
        best = max(best, hit.score)
    return min(best, 1.0)


# Weak rules that make what follows in their sentence conditional on the customer
# ("You'll need to pay the balance before we switch it back on" offers nothing).
_CONDITIONS_ON_CUSTOMER = frozenset({"pushed-to-customer"})
# A remedy or follow-up this strong, even on a condition or a hedge, shows the reply acting.
_ACTS_SCORE = 0.4


def _conditional_on(canon: CanonicalText, hit: _Hit, condition: _Hit) -> bool:
    return condition.start <= hit.start and (
        canon.sentence_at(hit.start) is canon.sentence_at(condition.start))


def _flags(canon: CanonicalText, hits: dict[str, list[_Hit]], lex: Lexicon,
           evidence: list[Evidence]) -> set[str]:
    raised: set[str] = set()
    remedies = [h for h in hits["solution"] if h.rule.role == "credit"
                and h.score >= CREDIT_THRESHOLD]
    # A fact stated as a defence ("the price is displayed on the pump") argues only when the
    # reply does nothing about the problem: with a remedy or a follow-up it is information.
    # Even a commitment on a condition ("if it isn't there by 5pm, I'll call you") acts.
    acts = any(h.rule.role == "credit" and h.score >= _ACTS_SCORE
               for key in ("solution", "follow_up") for h in hits[key])
    for key in ("dismissive", "defensive"):
        for hit in hits[key]:
            if key == "defensive" and _followed_by_remedy(canon, hit, remedies):
                evidence.append(_evidence(canon, key, hit, "weak", 0.0,
                                          "a refusal, but followed by what will be done"))
                continue
            if _informs(canon, hit, acts, lex, owning_excuses_any=key == "defensive"):
                evidence.append(_evidence(canon, key, hit, "weak", 0.0, _INFORMS))
                continue
            raised.add(key)
            evidence.append(_evidence(canon, key, hit, "flag", 1.0))
    owned: bool | None = None  # searched for only when a third party is named
    for hit in hits["blame"]:
        role = hit.rule.role
        if role == "attribution" and owned is None:
            # Ownership phrases have no punctuation, so no match spans two sentences.
            owned = any(lex.ownership.found_in(canon.text, sentence.start, sentence.end, words)
                        for sentence, words in zip(canon.sentences, canon.word_sets,
                                                   strict=True))
        if role == "attribution" and owned:
            evidence.append(_evidence(canon, "blame", hit, "weak", 0.0,
                                      "a cause named, but the reply owns the problem"))
            continue
        if role == "attribution-customer" and "defensive" not in raised:
            continue
        if _informs(canon, hit, acts, lex):
            # "The driver called twice but no one was home, so I've rebooked it".
            evidence.append(_evidence(canon, "blame", hit, "weak", 0.0, _INFORMS))
            continue
        raised.add("blame")
        evidence.append(_evidence(canon, "blame", hit, "flag", 1.0))
    return raised


_INFORMS = "said while owning or acting on the problem"


def _informs(canon: CanonicalText, hit: _Hit, acts: bool, lex: Lexicon,
             owning_excuses_any: bool = False) -> bool:
    """A `fact` rule's match is information, not a flag, in a reply that acts on the problem
    ("the price is on the label, and I've refunded the difference") or in a sentence that
    owns it. With `owning_excuses_any`, owning it excuses any rule's match (defensive)."""
    fact = hit.rule.role == "fact"
    return (fact and acts) or ((fact or owning_excuses_any)
                               and _owned_in_sentence(canon, hit, lex))


def _owned_in_sentence(canon: CanonicalText, hit: _Hit, lex: Lexicon) -> bool:
    """"The price is on the pump, but the till was wrong, which is on us": owned. "That's
    not on us" is the opposite, so a negated ownership phrase does not count."""
    sentence = canon.sentence_at(hit.start)
    if not lex.ownership.found_in(canon.text, sentence.start, sentence.end,
                                  canon.word_sets[sentence.index]):
        return False
    for match in lex.ownership.regex.finditer(canon.text, sentence.start, sentence.end):
        # Negated before its first word ("not on us"), not by a "no" of its own ("no excuse").
        first_word_end = canon.text.find(" ", match.start() + 1, match.end())
        if not canon.is_negated(match.start(),
                                first_word_end if first_word_end > 0 else match.end()):
            return True
    return False


def _followed_by_remedy(canon: CanonicalText, hit: _Hit, remedies: list[_Hit]) -> bool:
    """"I can't refund it, but I've added a $10 credit" refuses one thing and does another:
    not defensive. The remedy must follow a "but" (or "however"...) in the same sentence."""
    if canon.clause_at(hit.start).after_contrast:
        return False
    sentence = canon.sentence_at(hit.start)
    return any(remedy.start >= hit.end and canon.sentence_at(remedy.start) is sentence
               and canon.clause_at(remedy.start).after_contrast for remedy in remedies)


def _cancel_apology(canon: CanonicalText, scores: dict[str, float], flags: set[str],
                    hits: dict[str, list[_Hit]], evidence: list[Evidence]) -> None:
    """An apology that shifts blame or argues is not an apology (RUBRIC.md)."""
    if scores["apology"] < 0.5:
        return
    reason = next((f for f in ("blame", "defensive") if f in flags), None)
    if reason is None and "dismissive" in flags:
        # Dismissing the customer in the same sentence as the apology also cancels it (not
        # a `fact` that stood down: "As I said on Tuesday, I'm sorry. I've stopped it").
        apology_sentences = {canon.sentence_at(h.start) for h in hits["apology"]
                             if h.rule.role == "credit"}
        if any(canon.sentence_at(h.start) in apology_sentences for h in hits["dismissive"]):
            reason = "dismissive"
    if reason is not None:
        scores["apology"] = min(scores["apology"], _CANCELLED_CAP)
        first = next((e for e in evidence if e.key == reason), None)
        span = (first.start, first.end, first.text) if first else (0, 0, "")
        evidence.append(Evidence("apology", f"cancelled-by-{reason}", "cancel", *span,
                                 _CANCELLED_CAP, f"the same reply is {reason}"))


# Sympathy said as a formula ("We were sorry to hear about your experience."): empathy in a
# reply that goes on to help, a lead-in when the reply refuses or blames (RUBRIC.md).
_FORMULAS = frozenset({"generic-sympathy"})
_FORMULA_CAP = 0.2


def _cancel_formula_empathy(scores: dict[str, float], flags: set[str],
                            hits: dict[str, list[_Hit]], evidence: list[Evidence]) -> None:
    """A formula of sympathy before a refusal or blame earns no empathy."""
    if scores["empathy"] < 0.5 or not flags & {"defensive", "blame"}:
        return
    credits = [h for h in hits["empathy"] if h.rule.role == "credit"]
    credited = [e for e in evidence if e.key == "empathy" and e.effect == "credit"]
    if not credited or any(h.rule.id not in _FORMULAS for h in credits):
        return
    scores["empathy"] = _FORMULA_CAP
    first = credited[0]
    evidence.append(Evidence("empathy", "formula-before-refusal", "cancel", first.start,
                             first.end, first.text, _FORMULA_CAP,
                             "a formula of sympathy, then a refusal or blame"))


def _note_remedy_only_asked(canon: CanonicalText, scores: dict[str, float],
                            evidence: list[Evidence]) -> None:
    """'Would a refund help?' asks; it does not offer. Record why, for the tip."""
    if scores["solution"] >= 0.5:
        return
    for sentence in canon.sentences:
        if not sentence.is_question:
            continue
        match = _REMEDY_WORD.search(canon.text, sentence.start, sentence.end)
        if match:
            start, end = canon.original_span(*match.span())
            evidence.append(Evidence("solution", "remedy-only-asked", "weak", start, end,
                                     canon.original[start:end], 0.0,
                                     "a remedy asked about, not offered"))
            return


def _is_keyword_stuffing(canon: CanonicalText) -> bool:
    """True when almost no word is a function word: a list of rubric words, not sentences."""
    is_function = _FUNCTION_WORDS.__contains__
    function = sum(sum(map(is_function, words)) for words in canon.words)
    total = sum(map(len, canon.words))
    if total < 3 or function >= _STUFFING_RATIO * total:
        return False  # numbers only lower the ratio further, so no need to leave them out
    words = [w for sentence in canon.words for w in sentence if not w.isdigit()]
    return len(words) >= 3 and function / len(words) < _STUFFING_RATIO


def _evidence(canon: CanonicalText, key: str, hit: _Hit, effect: str, score: float,
              note: str = "") -> Evidence:
    start, end = canon.original_span(hit.start, hit.end)
    return Evidence(key, hit.rule.id, effect, start, end, canon.original[start:end],
                    score, note or hit.note)
