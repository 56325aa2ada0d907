"""How difficulty changes the customer: patience, how fast anger rises and falls, and
whether one bad reply can end the conversation.

Trainees learn most from recovering, so on easy and medium a customer provoked into walking
out or escalating stays for one more reply: the ending needs its condition to hold after
two replies in a row, or a second offence. A hard customer may go at once.

A scenario picks easy, medium or hard and may override each number
(`customer.patience`, `behaviour.anger_rise`, `behaviour.calm_rate`).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.scenario.model import Scenario


@dataclass(frozen=True)
class Temperament:
    """The numbers the session engine uses for one scenario."""

    patience_seconds: int   # calm wait for each reply before anger rises
    anger_rise: float       # multiplier on every increase in anger
    calm_rate: float        # multiplier on every decrease in anger
    second_chance: bool     # a walk-out or escalation needs a second offence or anger
                            # that stays high; without it one bad reply can end it


PRESETS: dict[str, Temperament] = {
    "easy": Temperament(patience_seconds=90, anger_rise=0.7, calm_rate=1.3, second_chance=True),
    "medium": Temperament(patience_seconds=60, anger_rise=1.0, calm_rate=1.0,
                          second_chance=True),
    "hard": Temperament(patience_seconds=30, anger_rise=1.4, calm_rate=0.7,
                        second_chance=False),
}


def temperament(scenario: Scenario) -> Temperament:
    preset = PRESETS[scenario.difficulty]
    return Temperament(
        patience_seconds=scenario.customer.patience or preset.patience_seconds,
        anger_rise=scenario.behaviour.anger_rise or preset.anger_rise,
        calm_rate=scenario.behaviour.calm_rate or preset.calm_rate,
        second_chance=preset.second_chance,
    )
