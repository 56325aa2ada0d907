"""The scenario's policy in words, as the trainee is told it.

Over-promises are judged against `policy`, so the trainee must be able to read all of it,
whatever the briefing's prose says: the briefing panel and `--plain` show this line.

    Policy: refund up to $42.50; credit or voucher up to $15. Soonest: refund 1 working
    day. Not on offer: discount, replacement, visit. Never promise: "never happen again".
"""

from __future__ import annotations

from trainer.scenario.model import REMEDY_KINDS, Policy


def describe_policy(policy: Policy) -> str:
    c = policy.currency
    offers: list[str] = []
    for limit, offer, name in ((policy.refund_up_to, "refund up to", "refund"),
                               (policy.credit_up_to, "credit or voucher up to", "credit"),
                               (policy.discount_up_to_percent, "discount up to", "discount")):
        if limit is None:
            continue
        if name == "discount":
            offers.append(f"{offer} {limit:g}%")
        else:
            offers.append(f"{offer} {c}{limit:,.2f}".removesuffix(".00"))
    offers += [name for name in ("replacement", "visit") if policy.allows(name)]
    offers += list(policy.other)
    missing = [kind for kind in REMEDY_KINDS if not policy.allows(kind)]
    parts = ["Policy: " + ("; ".join(offers) if offers else "no remedies") + "."]
    if policy.soonest:
        parts.append("Soonest: " + ", ".join(f"{kind} {when}"
                                              for kind, when in policy.soonest.items()) + ".")
    if missing:
        parts.append("Not on offer: " + ", ".join(missing) + ".")
    if policy.never_promise:
        parts.append("Never promise: " + ", ".join(f'"{p}"' for p in policy.never_promise)
                     + ".")
    return " ".join(parts)
