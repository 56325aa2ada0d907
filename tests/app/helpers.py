"""Deterministic app construction and the replies that drive a scenario to each ending."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import events

from trainer.app import AppSettings, make_app
from trainer.app.widgets.reply_box import ReplyBox
from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock

TODAY = dt.date(2026, 12, 4)

RESOLVING = [
    "I'm so sorry, that must be so stressful with her party coming up. Could you confirm your "
    "order number?",
    "Thank you. I've booked a same-day courier to bring the bike by 1pm and refunded the $24 "
    "delivery fee. I'll text you the tracking link within the hour.",
]
# After RESOLVING the customer is satisfied; this reply closes the conversation.
CLOSING = ("The courier will be with you by 1pm and I'll text you the tracking link within "
           "the hour. Thank you for bearing with us, and happy birthday to her!")
ESCALATING = ["Sorry, but that's the courier's fault, not ours.",
              "The courier handles it once it leaves us, so it's really their fault."]
LEAVING = ["Relax, it's only a day late.", "Honestly, calm down. It's not a big deal."]


def settings(tmp_path: Path | None = None) -> AppSettings:
    return AppSettings(typing_delay=0, clock_factory=FrozenClock, seed=1,
                       export_dir=tmp_path or Path("."), cursor_blink=False,
                       tick_seconds=3600, today=lambda: TODAY)


def home_app(tmp_path: Path | None = None, **kwargs):
    return make_app(settings=settings(tmp_path), **kwargs)


def direct_app(scenario_id: str = "late-birthday-delivery", mode: str = "practice",
               tmp_path: Path | None = None):
    scenario = load_scenario(bundled_dir() / f"{scenario_id}.yaml")
    return make_app(scenario, mode, settings(tmp_path))


async def send(pilot, text: str) -> None:
    """Type a reply the way a person does: into the box, then Enter."""
    box = pilot.app.screen.query_one(ReplyBox)
    box.text = text
    box.focus()
    await pilot.press("enter")
    await pilot.pause()


async def choose(pilot, query: str) -> None:
    """On the home screen: type a filter and press Enter, as a trainee picks a scenario."""
    await pilot.pause()
    await pilot.press(*query, "enter")
    await pilot.pause()


async def type_in_one_go(pilot, *keys: str) -> None:
    """Keys as one terminal read delivers them (a fast typist, `tmux send-keys`): all queued
    before the app handles the first. `pilot.press` waits for the app to go idle after each
    key, so it never shows what happens to keys that arrive together."""
    characters = {"ctrl+j": "\n", "space": " "}
    for key in keys:
        if key == " ":
            key = "space"
        character = key if len(key) == 1 else characters.get(key)
        pilot.app._driver.send_message(events.Key(key, character))
    await pilot.pause()
