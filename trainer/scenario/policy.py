"""Find promises in a reply that go beyond a scenario's policy.

Used by the session engine (to raise `overpromise`) and by scenario validation (a model
answer must keep to its own policy). Deliberately conservative: a remedy mentioned in a
negated clause ("I can't refund that") is not an offer.

Besides amounts and kinds of remedy, promises are read by meaning, with the words of
`promises.yaml`: a remedy promised sooner than `policy.soonest` allows ("back in your
account by tonight"), a guarantee of an outcome nobody here controls ("it'll 100% arrive",
"it will never happen again"), and staff discipline ("I'll make sure he's fired"). A hope or
an effort ("I can't promise tomorrow, but I'll push for it") is not a promise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from trainer.scenario.model import Policy
from trainer.scenario.promise_words import WORDS
from trainer.scenario.sentences import (
    Mention,
    Sentence,
    just_before,
    mentions,
    offered,
    sentences,
)
from trainer.scenario.times import Time, duration_hours, read_times

# (?<![\d,.]): a number is read from its first digit only, so a long run of digits costs
# one pass, not one per digit.
_NUMBER = r"\d[\d,]*(?:\.\d+)?"   # "42.50", "1,200"
_AMOUNT = re.compile(
    rf"(?:[$£€]\s?(?P<a>{_NUMBER})|(?<![\d,.])(?P<b>{_NUMBER})\s?(?:dollars?|pounds?|euros?|quid|bucks|usd|gbp|eur)\b)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b(?P<p>\d+(?:\.\d+)?)\s?(?:%|percent\b)", re.IGNORECASE)
# "revers…": a payment reversed is refunded ("I've reversed the second $42.50" was read as a
# credit of $42.50, a tester's capped reply); an amount "back" is a refund of it ("I can give
# you the £70 back" did not count as the refund a tester's ending needed).
_REFUND = re.compile(r"(?:\b(?:refund\w*|reimburs\w*|money back|compensat\w*|pay (?:you|for)|"
                     r"paid back|pay back|revers(?:e|ed|ing|al))|"
                     r"(?:[£$€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s*(?:dollars|pounds|"
                     r"euros|quid|bucks))\s+back)\b", re.IGNORECASE)
_CREDIT = re.compile(r"\b(?:credit\w*|voucher\w*|gift card|goodwill|points)\b", re.IGNORECASE)
_DISCOUNT = re.compile(r"\b(?:discount\w*|off)\b", re.IGNORECASE)
# "a brand new bike" is a replacement; a plain "new" is not ("I'll send you a new link")
_REPLACEMENT = re.compile(r"\b(?:replacement|replace|send (?:you )?(?:a )?new one|"
                          r"send (?:you )?another|brand[- ]new)\b", re.IGNORECASE)
_VISIT = re.compile(r"\b(?:engineer|technician|plumber|electrician|fitter|visit|call-out|"
                    r"send someone (?:out|round)|come out to you)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Breach:
    """One promise beyond policy, with the span of the reply that made it."""

    kind: str      # refund, credit, discount, replacement, visit, never_promise,
                   # timing, guarantee, discipline
    message: str
    start: int
    end: int


def find_breaches(text: str, policy: Policy) -> list[Breach]:
    breaches: list[Breach] = []
    read = sentences(text)
    for sentence in read:
        offset = sentence.offset
        body = sentence.body
        breaches.extend(_amount_breaches(body, offset, policy))
        breaches.extend(_kind_breaches(body, offset, policy))
        breaches.extend(_other_limit_breaches(body, offset, policy))
        breaches.extend(_guarantee_breaches(sentence))
        breaches.extend(_discipline_breaches(sentence))
    breaches.extend(_timing_breaches(read, policy))
    breaches.extend(_never_promise_breaches(text, policy))
    return breaches


def _amount_breaches(body: str, offset: int, policy: Policy) -> list[Breach]:
    found: list[Breach] = []
    c = policy.currency
    for match in _AMOUNT.finditer(body):
        amount = _amount_of(body, match)
        if not offered(body, match.start()):
            continue
        name = _remedy_of_amount(body, match.start(), match.end())
        if name is None:
            continue
        limit = policy.credit_up_to if name == "credit" else policy.refund_up_to
        if limit is None or amount > limit:
            allowed = ("is not on offer" if limit is None
                       else f"is limited to {_money(c, limit)}")
            found.append(Breach(name, f"a {name} of {_money(c, amount)}: {name} {allowed}",
                                offset + match.start(), offset + match.end()))
    for match in _PERCENT.finditer(body):
        window = body[max(0, match.start() - 40):match.end() + 40]
        if not _DISCOUNT.search(window) or not offered(body, match.start()):
            continue
        percent = float(match.group("p"))
        limit = policy.discount_up_to_percent
        if limit is None or percent > limit:
            allowed = "is not on offer" if limit is None else f"is limited to {limit:g}%"
            found.append(Breach("discount", f"a {percent:g}% discount: discount {allowed}",
                                offset + match.start(), offset + match.end()))
    return found


def _remedy_of_amount(body: str, start: int, end: int) -> str | None:
    """What an amount is an amount of: the credit or refund word nearest to it within 60
    characters, so "refunded the $42.50 and added a goodwill credit" is a refund of $42.50,
    not a credit of it."""
    lo = max(0, start - 60)
    window = body[lo:end + 60]
    nearest: tuple[int, str] | None = None
    for pattern, name in ((_REFUND, "refund"), (_CREDIT, "credit")):
        for word in pattern.finditer(window):
            w_start, w_end = lo + word.start(), lo + word.end()
            gap = start - w_end if w_end <= start else max(0, w_start - end)
            if nearest is None or gap < nearest[0]:
                nearest = (gap, name)
    return nearest[1] if nearest else None


def _amount_of(body: str, match: re.Match[str]) -> float:
    """The sum an amount stands for: "$45" is 45, "both $45 payments" 90 (a tester refunded
    both of two payments and the customer answered "$45 back? Good.")."""
    return (float((match.group("a") or match.group("b")).replace(",", ""))
            * _times(body, match))


def _times(body: str, match: re.Match[str]) -> float:
    """How many of an amount the word right before it counts: "both" or a number word
    ("two $60 charges"); 1 otherwise."""
    before = body[max(0, match.start() - 7):match.start()].split()
    word = before[-1].lower() if before else ""
    return 2.0 if word == "both" else float(WORDS.numbers.get(word, 1))


def _as_said(body: str, match: re.Match[str], currency: str) -> str:
    """An amount as the customer repeats it: as typed ("$42.50", "10%"), or the sum where a
    count multiplies it ("both $45 payments": "$90")."""
    if match.re is _PERCENT or _times(body, match) == 1:
        return match.group().strip(" ,")
    return _money(currency, _amount_of(body, match))


def amount_value(said: str | None) -> float | None:
    """The number in an amount `offered_remedies` gives, so one offer said two ways compares
    equal: "$220", "220 dollars" and "$220.00" are 220, "10%" 10; None for none."""
    number = re.search(_NUMBER, said) if said else None
    return float(number.group().replace(",", "")) if number else None


def _money(currency: str, amount: float) -> str:
    """"$42.50", "$15", "$1,200": as a price is written."""
    return f"{currency}{amount:,.2f}" if amount != int(amount) else f"{currency}{amount:,.0f}"


# Someone's own visit is not one offered: "I'm sorry your visit didn't meet your
# expectations" (a gym member's visit) offers no engineer. ("Your replacement is on its
# way" still offers a replacement.)
_SOMEONES_VISIT = re.compile(r"\b(?:your|my|his|her|their|last)\s+$", re.IGNORECASE)


def _kind_breaches(body: str, offset: int, policy: Policy) -> list[Breach]:
    found: list[Breach] = []
    for allowed, pattern, kind in ((policy.replacement, _REPLACEMENT, "replacement"),
                                   (policy.visit, _VISIT, "visit")):
        if allowed:
            continue
        match = pattern.search(body)
        if match and offered(body, match.start(), match.end()) and not (
                kind == "visit" and just_before(_SOMEONES_VISIT, body, match.start())):
            found.append(Breach(kind, f"offers a {kind}, which this policy does not allow",
                                offset + match.start(), offset + match.end()))
    return found


# A number of something an `other` remedy may be limited to: "up to 3 months", "2 nights".
_COUNT = re.compile(r"\b(?P<n>\d+|" + "|".join(sorted(WORDS.numbers, key=len, reverse=True))
                    + r")\s+(?P<unit>night|day|week|month|year|session|class|visit)s?\b",
                    re.IGNORECASE)
_PLAIN_WORDS = {"up", "to", "with", "no", "for", "a", "an", "the", "of", "and", "free", "fee"}


def _other_limit_breaches(body: str, offset: int, policy: Policy) -> list[Breach]:
    """More of an `other` remedy than its own words allow: "6 months free" when the policy
    says "freeze membership up to 3 months with no fee". The offer must share a word with
    the remedy ("membership") so a count of something else is left alone."""
    found: list[Breach] = []
    words = set(re.findall(r"[a-z]+", body.lower()))
    for phrase in policy.other:
        limit = _COUNT.search(phrase)
        if limit is None:
            continue
        allowed, unit = _count(limit.group("n")), limit.group("unit").lower()
        shared = set(re.findall(r"[a-z]+", phrase.lower())) - _PLAIN_WORDS - {unit, unit + "s"}
        if not shared & words:
            continue
        for offer in _COUNT.finditer(body):
            if (offer.group("unit").lower() == unit and _count(offer.group("n")) > allowed
                    and offered(body, offer.start())):
                found.append(Breach("other", f"offers {offer.group().strip()}: the policy "
                                    f"allows {phrase!r}", offset + offer.start(),
                                    offset + offer.end()))
    return found


def _count(text: str) -> float:
    return float(text) if text.isdigit() else WORDS.numbers[text.lower()]


def _never_promise_breaches(text: str, policy: Policy) -> list[Breach]:
    found: list[Breach] = []
    lowered = text.lower()
    for phrase in policy.never_promise:
        target = phrase.lower().strip()
        if not target:
            continue
        index = lowered.find(target)
        if index < 0:
            alignment = fuzz.partial_ratio_alignment(target, lowered, score_cutoff=90)
            if alignment is None:
                continue
            index = alignment.dest_start
        sentence_start = max(lowered.rfind(".", 0, index), lowered.rfind("?", 0, index)) + 1
        if not offered(lowered[sentence_start:index + len(target)], index - sentence_start):
            continue
        found.append(Breach("never_promise", f"promises {phrase!r}, which must never be "
                            "promised", index, index + len(target)))
    return found


# -- promises read by meaning (words in promises.yaml) -------------------------------------

def _timing_breaches(read: list[Sentence], policy: Policy) -> list[Breach]:
    """A remedy promised sooner than `policy.soonest` allows. A reply that gives several
    times for one remedy promises the latest ("processed today, with you in 3-5 days")."""
    if not policy.soonest:
        return []
    latest: dict[str, Time] = {}
    for kind, time in _timed_remedies(read, policy.today):
        if kind not in latest or time.latest > latest[kind].latest:
            latest[kind] = time
    found: list[Breach] = []
    for kind, time in latest.items():
        soonest = policy.soonest.get(kind)
        if soonest is not None and time.latest < (duration_hours(soonest) or 0):
            found.append(Breach("timing", f"promises the {kind} {time.text}; the soonest is "
                                f"{soonest}", time.start, time.end))
    return found


def _timed_remedies(read: list[Sentence], today: str | None) -> Iterator[tuple[str, Time]]:
    """Each promised time with the remedy it is about: the first remedy named in its
    clause, else in its sentence (`_sentence_owner`), else in the sentence before
    ("…refund through. You'll have it by tonight."). A new subject between that remedy
    and the time ("the suite from tomorrow and the dinner is booked for 8pm tonight")
    takes the time: it is that subject's when it names no remedy (a tester's good session
    was capped for "promising the move for 8pm")."""
    previous: list[Mention] = []
    for sentence in read:
        named = mentions(sentence, previous)
        first_in_clause: dict[int, Mention] = {}
        for mention in named:
            first_in_clause.setdefault(mention.clause, mention)
        for time in read_times(sentence.body, today):
            if not sentence.promised(time.start):
                continue
            owner = first_in_clause.get(sentence.clause_of(time.start),
                                        _sentence_owner(sentence, named, previous, time.start))
            if owner is not None and owner.start < time.start:
                owner = _after_new_subject(sentence.body, owner, named, time.start)
            if owner is not None and (time.introduced or not owner.done):
                yield owner.kind, time.moved(sentence.offset)
        previous = named


def _sentence_owner(sentence: Sentence, named: list[Mention], previous: list[Mention],
                   time_start: int) -> Mention | None:
    """The remedy a time belongs to when its clause names none: the sentence's first remedy
    named before it or between the same hard breaks ("By Friday, the refund will be…"),
    else, when the sentence names no remedy at all, the sentence before's. A remedy after an
    "and" that follows the time is another clause's ("You'll get the confirmation email
    within the hour and I'll check on Friday that the refund has landed" promised no refund
    within the hour: a trainer's model closing reply was capped at 50 for it)."""
    if not named:
        return previous[0] if previous else None
    run = sentence.run_of(time_start)
    return next((m for m in named
                 if m.start < time_start or sentence.run_of(m.start) == run), None)


_NEW_SUBJECT = re.compile(r"\band (?:the|your|our|a|an|my|his|her|their) ", re.IGNORECASE)


def _after_new_subject(body: str, owner: Mention, named: list[Mention],
                       time_start: int) -> Mention | None:
    """`owner`, unless "and the …" (a new subject) comes between it and the time: then the
    first remedy named after that, before the time ("and the money will be back by
    Friday": the refund), or None ("and the dinner is at 8pm": no remedy's time)."""
    subjects = [m.start() for m in _NEW_SUBJECT.finditer(body, owner.start, time_start)]
    if not subjects:
        return owner
    return next((m for m in named if subjects[-1] <= m.start < time_start), None)


def _guarantee_breaches(sentence: Sentence) -> list[Breach]:
    """Certainty about what nobody here controls ("it'll 100% arrive"), and promises about
    the future ("it won't happen again")."""
    body, offset = sentence.body, sentence.offset
    found: list[Breach] = []
    sure_in_run: dict[int, re.Match[str]] = {}
    for certain in WORDS.certainty.finditer(body):
        if sentence.promised(certain.start()) and not just_before(
                WORDS.certainty_not_after, body, certain.start()):
            sure_in_run.setdefault(sentence.run_of(certain.start()), certain)
    for outcome in WORDS.outcomes.finditer(body):
        sure = sure_in_run.get(sentence.run_of(outcome.start()))
        if (sure is None or not offered(body, outcome.start())
                or just_before(WORDS.outcomes_not_after, body, outcome.start())):
            continue  # no certainty, a negated outcome, a condition, or the agent's own doing
        start, end = min(sure.start(), outcome.start()), max(sure.end(), outcome.end())
        said = " ".join(body[start:end].split())
        found.append(Breach("guarantee", f"guarantees {said!r}, which nobody here controls",
                            offset + start, offset + end))
    for future in WORDS.future.finditer(body):
        if (sentence.promised(future.start())
                and not just_before(WORDS.future_not_after, body, future.start())):
            found.append(Breach("guarantee", f"promises the future ({_said(future)!r}), "
                                "which nobody can", offset + future.start(),
                                offset + future.end()))
    return found


def _discipline_breaches(sentence: Sentence) -> list[Breach]:
    """What happens to a colleague is not the agent's to promise to a customer."""
    body, offset = sentence.body, sentence.offset
    found: list[Breach] = []
    runs_with_staff = {sentence.run_of(m.start()) for m in WORDS.staff.finditer(body)}
    for word in WORDS.discipline.finditer(body):
        if (sentence.run_of(word.start()) in runs_with_staff
                and sentence.promised(word.start())
                and not sentence.done_in_clause_before(word.start())):  # news, not a promise
            found.append(Breach("discipline", f"promises staff discipline ({_said(word)!r}), "
                                "which nobody can promise a customer", offset + word.start(),
                                offset + word.end()))
    return found


def _said(match: re.Match[str]) -> str:
    return " ".join(match.group().split())

def offered_remedies(text: str, policy: Policy) -> dict[str, str | None]:
    """The remedies a reply offers, within policy or not, so the customer can answer the
    offer actually made: kind (refund, credit, discount, replacement, visit, or a
    `policy.other` phrase, offered when a sentence holds nearly all its words) -> the amount
    that goes with it ("$15", "10%": each amount goes with the remedy word nearest to it),
    or None. Negated offers don't count, nor does a credit card; a discount needs a percent."""
    found: dict[str, str | None] = {}
    kinds = (("refund", _REFUND), ("credit", _CREDIT), ("discount", _DISCOUNT),
             ("replacement", _REPLACEMENT), ("visit", _VISIT))
    for sentence in sentences(text):
        body = sentence.body
        said = [(m.start(), kind) for kind, pattern in kinds for m in pattern.finditer(body)
                if offered(body, m.start(), m.end())
                and body[m.end():m.end() + 5].lower() != " card"]
        for _, kind in said:
            if kind != "discount":
                found.setdefault(kind, None)
        for amount in (*_AMOUNT.finditer(body), *_PERCENT.finditer(body)):
            fits = ("discount",) if amount.re is _PERCENT else ("refund", "credit")
            near = min(((abs(at - amount.start()), k) for at, k in said if k in fits),
                       default=None)
            if near and found.get(near[1]) is None:
                found[near[1]] = _as_said(body, amount, policy.currency)
        words = re.sub(r"[^\w\s-]", " ", body.lower())
        for phrase in policy.other:
            if fuzz.token_set_ratio(phrase.lower(), words) >= 85 and offered(
                    body, fuzz.partial_ratio_alignment(phrase.lower(), words).dest_start):
                found.setdefault(phrase, None)
    return found
