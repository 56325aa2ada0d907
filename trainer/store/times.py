"""Times read back from the store: as written (naive UTC, to compare with the store's clock)
or as aware UTC times (for exports and listings).

The store writes naive UTC times (`utc_now`). SQLite hands them back as written. PostgreSQL
reads a naive time into its timestamptz column in the connection's time zone and returns it
in that same zone, so its wall-clock reading is again the UTC time that was written. Either
way the wall clock is UTC: converting PostgreSQL's value with `astimezone` would shift it by
the server's offset.
"""

from __future__ import annotations

import datetime as dt


def as_written(moment: dt.datetime | None) -> dt.datetime | None:
    """`moment` as read from the store, as the naive UTC time it was written as, so it
    compares with the store's clock (`utc_now`)."""
    return moment.replace(tzinfo=None) if moment is not None else None


def stored_utc(moment: dt.datetime) -> dt.datetime:
    """`moment` as read from the store, marked as the UTC time it was written as."""
    return moment.replace(tzinfo=dt.UTC)


def local_day(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.date:
    """The calendar day it is where the reader is (`zone`, default this machine's) at the
    store's naive UTC `moment`. A due date is a day on the trainee's calendar: judged by the
    UTC day, an assignment due today turned overdue at 4 pm in California."""
    return stored_utc(moment).astimezone(zone).date()


def local_text(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """The store's naive UTC `moment` as the reader's clock shows it (`zone`, default this
    machine's): "2026-12-05 14:02"."""
    return stored_utc(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")
