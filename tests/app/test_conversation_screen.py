"""The conversation screen keeps everything the trainee types, says when to close, shows the
whole briefing on F1, and in exam mode shows nothing that scores a reply."""

from __future__ import annotations

from dataclasses import replace

from tests.app.helpers import (
    direct_app,
    settings,
)
from trainer.app import make_app
from trainer.app.widgets.briefing import Briefing
from trainer.app.widgets.transcript import MessageBubble
from trainer.scenario import bundled_dir, load_scenario


def _customer_still_typing_app():
    """The customer takes an hour to type: every reply waits on their next line."""
    slow = replace(settings(), typing_delay=3600)
    return make_app(load_scenario(bundled_dir() / "late-birthday-delivery.yaml"), "practice",
                    slow)


def _bubbles(app, role: str) -> list[MessageBubble]:
    return [b for b in app.screen.query(MessageBubble) if b.role == role]


def _toasts(app) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def test_f1_opens_the_whole_briefing_at_80x24_and_closes_it_again():
    app = direct_app("hotel-room-not-as-booked")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        briefing = app.screen.query_one(Briefing)
        assert briefing.max_scroll_y > 0, "the longest briefing does not fit in six lines"
        assert briefing.border_subtitle == "F1 whole briefing"
        await pilot.press("f1")
        await pilot.pause()
        assert briefing.expanded and briefing.max_scroll_y == 0
        assert briefing.border_subtitle == "F1 shorter"
        await pilot.press("f1")
        await pilot.pause()
        assert not briefing.expanded and briefing.max_scroll_y > 0
        assert briefing.border_subtitle == "F1 whole briefing"


async def test_a_briefing_that_fits_offers_no_f1_hint():
    app = direct_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        briefing = app.screen.query_one(Briefing)
        assert briefing.max_scroll_y == 0 and briefing.border_subtitle == ""
