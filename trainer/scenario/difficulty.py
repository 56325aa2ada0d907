"""How difficulty changes the customer: patience and how fast anger rises and falls.

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


PRESETS: dict[str, Temperament] = {
    "easy": Temperament(patience_seconds=90, anger_rise=0.7, calm_rate=1.3),
    "medium": Temperament(patience_seconds=60, anger_rise=1.0, calm_rate=1.0),
    "hard": Temperament(patience_seconds=30, anger_rise=1.4, calm_rate=0.7),
}


def temperament(scenario: Scenario) -> Temperament:
    preset = PRESETS[scenario.difficulty]
    return Temperament(
        patience_seconds=scenario.customer.patience or preset.patience_seconds,
        anger_rise=scenario.behaviour.anger_rise or preset.anger_rise,
        calm_rate=scenario.behaviour.calm_rate or preset.calm_rate,
    )
