"""Results that last: every session and turn, in SQLite by default or PostgreSQL for a team.

The same SQLAlchemy Core code serves both. The schema is versioned and migrates itself on
open. A file that isn't ours (corrupt, or another program's database) is refused with a
clear message and never written to.
"""

from trainer.store.errors import SavedElsewhere, StoreError
from trainer.store.recorder import CannotResume, SessionRecorder, pick_up
from trainer.store.store import (
    Assignment,
    AssignmentStatus,
    Attempt,
    LeftSession,
    SessionRow,
    Store,
    TraineeReport,
    TurnRow,
)

__all__ = ["Assignment", "AssignmentStatus", "Attempt", "CannotResume", "LeftSession",
           "SavedElsewhere", "SessionRecorder", "SessionRow", "Store", "StoreError",
           "TraineeReport", "TurnRow", "pick_up"]
