"""The store's wall clock in tests: it starts where the test says and steps on at each
call, so every recorded time is known and ordered; a test moves `t` to jump ahead."""

from __future__ import annotations

import datetime as dt


class StepClock:
    def __init__(self, start: dt.datetime = dt.datetime(2026, 11, 1, 9, 0),
                 step: dt.timedelta = dt.timedelta(minutes=1)) -> None:
        self.t = start
        self.step = step

    def __call__(self) -> dt.datetime:
        self.t += self.step
        return self.t
