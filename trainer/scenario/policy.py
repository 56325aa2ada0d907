"""Find promises in a reply that go beyond a scenario's policy.

Used by the session engine (to raise `overpromise`) and by scenario validation (a model
answer must keep to its own policy). Deliberately conservative: a remedy mentioned in a
negated clause ("I can't refund that") is not an offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from trainer.scenario.model import Policy

_AMOUNT = re.compile(
    r"(?:[$£€]\s?(?P<a>\d[\d,]*(?:\.\d+)?)|(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?:dollars|pounds|euros|usd|gbp|eur)\b)",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\b(?P<p>\d+(?:\.\d+)?)\s?(?:%|percent\b)", re.IGNORECASE)
_REFUND = re.compile(r"\b(?:refund\w*|reimburs\w*|money back|compensat\w*|pay (?:you|for)|"
                     r"paid back|pay back)\b", re.IGNORECASE)
_CREDIT = re.compile(r"\b(?:credit\w*|voucher\w*|gift card|goodwill|points)\b", re.IGNORECASE)
_DISCOUNT = re.compile(r"\b(?:discount\w*|off)\b", re.IGNORECASE)
_REPLACEMENT = re.compile(r"\b(?:replacement|replace|send (?:you )?(?:a )?new one|"
                          r"send (?:you )?another)\b", re.IGNORECASE)
_VISIT = re.compile(r"\b(?:engineer|technician|plumber|electrician|fitter|visit|call-out|"
                    r"send someone (?:out|round)|come out to you)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|won't|unable|isn't|aren't|"
                       r"don't|can not)\b[^.!?,;]{0,30}$", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class Breach:
    """One promise beyond policy, with the span of the reply that made it."""

    kind: str      # refund, credit, discount, replacement, visit, never_promise
    message: str
    start: int
    end: int


def find_breaches(text: str, policy: Policy) -> list[Breach]:
    breaches: list[Breach] = []
    for sentence in _SENTENCE.finditer(text):
        offset = sentence.start()
        body = sentence.group()
        breaches.extend(_amount_breaches(body, offset, policy))
        breaches.extend(_kind_breaches(body, offset, policy))
    breaches.extend(_never_promise_breaches(text, policy))
    return breaches


def _offered(body: str, start: int) -> bool:
    return not _NEGATION.search(body[:start])


def _amount_breaches(body: str, offset: int, policy: Policy) -> list[Breach]:
    found: list[Breach] = []
    c = policy.currency
    for match in _AMOUNT.finditer(body):
        amount = float((match.group("a") or match.group("b")).replace(",", ""))
        window = body[max(0, match.start() - 60):match.end() + 60]
        if not _offered(body, match.start()):
            continue
        if _CREDIT.search(window):
            limit, name = policy.credit_up_to, "credit"
        elif _REFUND.search(window):
            limit, name = policy.refund_up_to, "refund"
        else:
            continue
        if limit is None or amount > limit:
            allowed = "is not on offer" if limit is None else f"is limited to {c}{limit:g}"
            found.append(Breach(name, f"a {name} of {c}{amount:g}: {name} {allowed}",
                                offset + match.start(), offset + match.end()))
    for match in _PERCENT.finditer(body):
        window = body[max(0, match.start() - 40):match.end() + 40]
        if not _DISCOUNT.search(window) or not _offered(body, match.start()):
            continue
        percent = float(match.group("p"))
        limit = policy.discount_up_to_percent
        if limit is None or percent > limit:
            allowed = "is not on offer" if limit is None else f"is limited to {limit:g}%"
            found.append(Breach("discount", f"a {percent:g}% discount: discount {allowed}",
                                offset + match.start(), offset + match.end()))
    return found


def _kind_breaches(body: str, offset: int, policy: Policy) -> list[Breach]:
    found: list[Breach] = []
    for allowed, pattern, kind in ((policy.replacement, _REPLACEMENT, "replacement"),
                                   (policy.visit, _VISIT, "visit")):
        if allowed:
            continue
        match = pattern.search(body)
        if match and _offered(body, match.start()):
            found.append(Breach(kind, f"offers a {kind}, which this policy does not allow",
                                offset + match.start(), offset + match.end()))
    return found


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
        if not _offered(lowered[sentence_start:index + len(target)], index - sentence_start):
            continue
        found.append(Breach("never_promise", f"promises {phrase!r}, which must never be "
                            "promised", index, index + len(target)))
    return found


def offered_remedies(text: str, policy: Policy) -> dict[str, str | None]:
    """The remedies a reply offers, within policy or not, so the customer can answer the
    offer actually made: kind (refund, credit, discount, replacement, visit, or a
    `policy.other` phrase, offered when a sentence holds nearly all its words) -> the amount
    that goes with it ("$15", "10%": each amount goes with the remedy word nearest to it),
    or None. Negated offers don't count, nor does a credit card; a discount needs a percent."""
    offered: dict[str, str | None] = {}
    kinds = (("refund", _REFUND), ("credit", _CREDIT), ("discount", _DISCOUNT),
             ("replacement", _REPLACEMENT), ("visit", _VISIT))
    for sentence in re.finditer(r"(?:[^.!?\n]|(?<=\d)\.(?=\d))+[.!?]?", text):  # keeps $42.50
        body = sentence.group()
        said = [(m.start(), kind) for kind, pattern in kinds for m in pattern.finditer(body)
                if _offered(body, m.start()) and body[m.end():m.end() + 5].lower() != " card"]
        for _, kind in said:
            if kind != "discount":
                offered.setdefault(kind, None)
        for amount in (*_AMOUNT.finditer(body), *_PERCENT.finditer(body)):
            fits = ("discount",) if amount.re is _PERCENT else ("refund", "credit")
            near = min(((abs(at - amount.start()), k) for at, k in said if k in fits),
                       default=None)
            if near and offered.get(near[1]) is None:
                offered[near[1]] = amount.group().strip(" ,")
        words = re.sub(r"[^\w\s-]", " ", body.lower())
        for phrase in policy.other:
            if fuzz.token_set_ratio(phrase.lower(), words) >= 85 and _offered(
                    body, fuzz.partial_ratio_alignment(phrase.lower(), words).dest_start):
                offered.setdefault(phrase, None)
    return offered
