"""What the app needs injected: timing, randomness and where exports go.

Tests pass `typing_delay=0`, a frozen clock and a fixed seed, so every run draws the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from trainer.session.clock import Clock, SystemClock


@dataclass(frozen=True)
class AppSettings:
    typing_delay: float = 0.9           # seconds the customer "types" before each message
    clock_factory: Callable[[], Clock] = SystemClock
    seed: int | None = None             # None: a fresh random seed per session
    export_dir: Path = field(default_factory=Path.cwd)
    tick_seconds: float = 0.5           # how often the patience timer redraws
    cursor_blink: bool = True           # off for snapshots and for reduced motion
    today: Callable[[], dt.date] = dt.date.today  # the day an export is named for
