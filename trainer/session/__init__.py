"""The session engine: plays a scenario turn by turn, with no UI.

The customer vents, each trainee reply is scored, anger moves with a stated reason for
every change, facts come out when asked, and the first ending whose condition holds ends
the session. Clock and randomness are injected, so a test can replay a session exactly.
"""

from trainer.session.clock import Clock, FrozenClock, SystemClock
from trainer.session.engine import (
    AngerChange,
    EndingReached,
    PlayedReply,
    Session,
    SessionOver,
    Turn,
)
from trainer.session.outcome import Outcome, outcome_of

__all__ = [
    "AngerChange",
    "Clock",
    "EndingReached",
    "FrozenClock",
    "Outcome",
    "PlayedReply",
    "Session",
    "SessionOver",
    "SystemClock",
    "Turn",
    "outcome_of",
]
