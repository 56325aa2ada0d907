"""Which way a trainee is going on one dimension: their later sessions against their earlier.

The best scores, oldest first, are split in half (the middle one of an odd number belongs to
neither half). A later half at least `STEADY` (0.05) better on average is up, as much worse
is down, anything closer is steady. Fewer than two sessions have no trend.
"""

from __future__ import annotations

from collections.abc import Sequence

STEADY = 0.05
ARROWS = {"up": "↑", "down": "↓", "steady": "→"}


def trend(scores: Sequence[float]) -> str | None:
    """"up", "down", "steady", or None for fewer than two scores (oldest first)."""
    half = len(scores) // 2
    if half == 0:
        return None
    earlier = sum(scores[:half]) / half
    later = sum(scores[-half:]) / half
    if later - earlier >= STEADY:
        return "up"
    if earlier - later >= STEADY:
        return "down"
    return "steady"
