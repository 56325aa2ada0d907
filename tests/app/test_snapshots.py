"""Pinned pictures of the three key screens at 80x24 and 120x40.

Regenerate after a deliberate UI change with `pytest tests/app --snapshot-update`, then look
at the SVGs under tests/app/__snapshots__ before committing them.
"""

from __future__ import annotations

import pytest

from tests.app.helpers import RESOLVING, direct_app, home_app, send

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_home_screen(snap_compare, size):
    """Eight scenarios with level, tags and best score ('–' before any attempt); the filter
    box focused; the mode line says practice; the footer shows F2 and Ctrl+T."""
    assert snap_compare(home_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_conversation_screen(snap_compare, size):
    """After one good reply: the customer's two opening messages, the trainee's reply with
    'Empathy, Apology, Questions' under it, the revealed order number, anger 45/100 with three
    green reasons, patience full, and the practice score bars."""

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
