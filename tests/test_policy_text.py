"""The policy the trainee is shown: everything over-promises are judged against."""

from __future__ import annotations

import io

from trainer.cli import main
from trainer.scenario.model import Policy
from trainer.scenario.policy_text import describe_policy


def test_every_limit_of_the_policy_is_said():
    policy = Policy.model_validate({
        "currency": "£", "refund_up_to": 1200.0, "discount_up_to_percent": 15.0,
        "replacement": True, "other": ("free re-delivery",),
        "never_promise": ("delivery tomorrow",), "soonest": {"refund": "3 working days"}})
    assert describe_policy(policy) == (
        "Policy: refund up to £1,200; discount up to 15%; replacement; free re-delivery. "
        "Soonest: refund 3 working days. Not on offer: credit, visit. "
        'Never promise: "delivery tomorrow".')


def test_a_policy_with_nothing_on_offer_says_so():
    assert describe_policy(Policy()) == (
        "Policy: no remedies. Not on offer: refund, credit, discount, replacement, visit.")


def test_play_plain_shows_the_policy_before_the_customer_speaks(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("/end\n"))
    assert main(["play", "double-charge", "--plain", "--db",
                 f"sqlite:///{tmp_path / 'r.db'}"]) == 0
    out = capsys.readouterr().out
    assert "Policy: refund up to $42.50; credit or voucher up to $15." in out
    assert out.index("Policy:") < out.index("Tom Okafor: ")
