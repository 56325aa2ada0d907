"""Deterministic app construction and the replies that drive a scenario to each ending."""

from __future__ import annotations

from pathlib import Path

from trainer.app import AppSettings, make_app
from trainer.app.widgets.reply_box import ReplyBox
from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock

RESOLVING = [
    "I'm so sorry, that must be so stressful with her party coming up. Could you confirm your "
    "order number?",
    "Thank you. I've booked a same-day courier to bring the bike by 1pm and refunded the $24 "
    "delivery fee. I'll text you the tracking link within the hour.",
]
ESCALATING = ["Sorry, but that's the courier's fault, not ours.",
              "The courier handles it once it leaves us, so it's really their fault."]
LEAVING = ["Relax, it's only a day late."]


def settings(tmp_path: Path | None = None) -> AppSettings:
    return AppSettings(typing_delay=0, clock_factory=FrozenClock, seed=1,
                       export_dir=tmp_path or Path("."), cursor_blink=False,
                       tick_seconds=3600)


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
