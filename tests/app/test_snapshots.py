"""Pinned pictures of the key screens at 80x24 and 120x40, and the whole briefing.

Regenerate after a deliberate UI change with `pytest tests/app --snapshot-update`, then look
at the SVGs under tests/app/__snapshots__ before committing them.
"""

from __future__ import annotations

import pytest

from tests.app.helpers import RESOLVING, direct_app, home_app, send, settings
from tests.clocks import StepClock
from tests.store.test_store import GOOD, QUESTION, play, play_left
from tests.test_debrief import BLAMES_THE_COURIER
from trainer.app import make_app
from trainer.store import Store

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_home_screen(snap_compare, size):
    """Eight scenarios with level, tags and best result ('–' before any attempt), and no Due
    column (no store: no assignments, and no practise-next line); the filter box focused;
    the mode line says practice; the footer shows F2 and Ctrl+T."""
    assert snap_compare(home_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_conversation_screen(snap_compare, size):
    """After one good reply: the customer's two opening messages, the trainee's reply with
    'Empathy, Apology, Questions' under it, the revealed order number, anger 45/100 with three
    green reasons, patience full, and the practice score bars. At 80x24 the briefing gives
    the customer's one-line situation and the gauges sit beside their labels; at 120x40 it
    gives the prose and the policy's first sentences, whole. Both end in "…", with "F1 whole
    briefing" on the border."""

    async def run_before(pilot):
        await pilot.pause()
        await send(pilot, RESOLVING[0])

    assert snap_compare(direct_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_debrief_screen(snap_compare, size):
    """A resolved session: 100/100 PASS, the customer's last words, five full green bars,
    no flags, and the anger chart 70 → 45 → 25 with each turn's reasons."""

    async def run_before(pilot):
        await pilot.pause()
        for reply in RESOLVING:
            await send(pilot, reply)
        await pilot.press("ctrl+g")
        await pilot.pause()

    assert snap_compare(direct_app(), terminal_size=size, run_before=run_before)


def test_whole_briefing_at_80x24(snap_compare):
    """The longest bundled briefing (the hotel) opened with F1 at 80x24: all of it, through
    "… You cannot refund the whole stay.", then the policy in full ("Policy: refund up to
    $220; credit or voucher up to $80; … Never promise: …"), no scrollbar, "F1 shorter" on
    its bottom border, and the footer's keys all in view."""

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(direct_app("hotel-room-not-as-booked"), terminal_size=(80, 24),
                        run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_debrief_screen_explaining_a_capped_score(snap_compare, size):
    """Blamed the courier, then put it right: resolved, but 50/100 FAIL, and the reason in
    red under the verdict (capped at 50 for blame; it would have been 88, above the mark of
    80); blame flagged; the anger chart says who was blamed; the questions tip quotes the
    scenario's model answer."""

    async def run_before(pilot):
        await pilot.pause()
        for reply in BLAMES_THE_COURIER:
            await send(pilot, reply)
        await pilot.press("ctrl+g")
        await pilot.pause()

    assert snap_compare(direct_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_history_screen(snap_compare, size, tmp_path):
    """Four sessions on two scenarios: the chart of the overall score per attempt (x axis
    1 2 3 4; passes ● green, fails ✗ red), the key line for d and s, and the table newest
    first with failed scores marked ✗."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play(store, "ana", [QUESTION])
    play(store, "ana", [GOOD], scenario_id="wrong-restaurant-order")
    play(store, "ana", [GOOD])
    play(store, "ana", ["Relax, it's only $42."])
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        store.close()


@pytest.mark.parametrize("pick_up", [False, True], ids=["asked", "picked-up"])
def test_a_left_conversation_offered_back_at_80x24(snap_compare, tmp_path, pick_up):
    """Ana left the double-charge call after two replies, the customer satisfied. Choosing
    it again asks "You started this conversation on 2026-11-01 09:02 and left it after 2
    replies. Pick it up where you left off? (Esc: decide later.)" with "Pick it up (y)" and
    "Start again (n)"; picked up, the chat
    ends with "Time to close" and "Picked up where you left off", anger 10/100 with the
    last reply's reasons, patience full."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play_left(store, "ana", [QUESTION, GOOD], seed=1)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press(*"charged", "enter")
        await pilot.pause()
        if pick_up:
            await pilot.press("y")
            await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        store.close()
