"""Clocks for the session engine: real time in the app, a hand-moved clock in tests."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale; only differences matter."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()


class FrozenClock:
    """Stands still until moved: tests and untimed modes (`--plain`) use it."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds
