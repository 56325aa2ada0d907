"""A finished session as an xAPI statement, the record learning record stores (LRSs) and LMSs
read.

One statement per session: the trainee as an account on our home page (no e-mail address is
invented), the verb passed or failed, the scenario as an activity, the result (score scaled
0 to 1 and raw 0 to 100, success, completion, duration, the best score per dimension and the
flags as extensions), when the session ended, and a context naming the session, its mode and
its ending. The statement's id is a UUID derived from the session, so exporting a session
again gives the same statement and an LRS keeps one copy.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:  # the store is imported when a statement is made, not to name a default
    import datetime as dt

    from trainer.store import SessionRow

DEFAULT_HOME_PAGE = "https://complaint-trainer.local"
VERBS = {True: "http://adlnet.gov/expapi/verbs/passed",
         False: "http://adlnet.gov/expapi/verbs/failed"}
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/simulation"
LANGUAGE = "en"


def statement(session: SessionRow, flags: list[str], home_page: str,
              title: str | None = None, briefing: str | None = None) -> dict:
    """The statement for a finished session. `title` and `briefing` describe the scenario
    when its file can be found; otherwise its id names it."""
    home = home_page.rstrip("/")
    extension = f"{home}/xapi/extensions"
    passed = bool(session.passed)
    result: dict = {}
    if session.score is not None:
        result["score"] = {"scaled": session.score / 100, "raw": session.score,
                           "min": 0, "max": 100}
    result.update(success=passed, completion=True)
    if session.ended_at is not None:
        seconds = max(0, int((session.ended_at - session.started_at).total_seconds()))
        result["duration"] = f"PT{seconds}S"
    result["extensions"] = {
        f"{extension}/best-per-dimension": {d: round(v, 4) for d, v in session.best.items()
                                            if v is not None},
        f"{extension}/flags": flags}
    verb = VERBS[passed]
    return {
        "id": str(statement_id(session, home)),
        "actor": {"objectType": "Agent", "name": session.trainee,
                  "account": {"homePage": home, "name": session.trainee}},
        "verb": {"id": verb, "display": {LANGUAGE: verb.rsplit("/", 1)[1]}},
        "object": {
            "objectType": "Activity",
            "id": f"{home}/scenarios/{quote(session.scenario_id, safe='')}",
            "definition": {
                "name": {LANGUAGE: title or session.scenario_id},
                "description": {LANGUAGE: briefing or "A practice conversation with an upset "
                                f"customer (scenario {session.scenario_id})"},
                "type": ACTIVITY_TYPE}},
        "result": result,
        "timestamp": _utc(session.ended_at or session.started_at).isoformat(),
        "context": {"platform": "complaint-trainer", "language": LANGUAGE,
                    "extensions": {f"{extension}/session-id": session.id,
                                   f"{extension}/mode": session.mode,
                                   f"{extension}/ending": session.ending_kind}},
    }


def statement_id(session: SessionRow, home_page: str) -> uuid.UUID:
    """The same UUID every time the same session is exported under the same home page: the
    session's id, start, trainee and scenario tell it apart from sessions in other stores."""
    identity = (f"{home_page}/sessions/{session.id}?started="
                f"{_utc(session.started_at).isoformat()}&trainee={session.trainee}"
                f"&scenario={session.scenario_id}")
    return uuid.uuid5(uuid.NAMESPACE_URL, identity)


def _utc(value: dt.datetime) -> dt.datetime:
    """A stored time marked as UTC (the store is imported here, not when `trainer --help`
    builds its parser and reads DEFAULT_HOME_PAGE)."""
    from trainer.store.times import stored_utc
    return stored_utc(value)
