"""The results store: one class over SQLite or PostgreSQL through SQLAlchemy Core.

Every turn is committed as it happens, so a crash loses at most the reply being typed.
SQLite runs in WAL mode with a busy timeout and takes its write lock at the start of each
transaction (BEGIN IMMEDIATE), so many processes can record at once without failing.

Text is made storable (NUL and lone surrogates become U+FFFD) on the way in, so a reply
PostgreSQL would refuse is kept rather than lost. A new SQLite store is private to its
user: its folder 0700, its file (and so SQLite's -wal and -shm beside it) 0600. A store
opened read-only (for reports) is never created, migrated or switched to WAL.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from scoring import DIMENSIONS
from trainer.new_files import create_new
from trainer.safe_text import shown, storable
from trainer.store.errors import SavedElsewhere, StoreError
from trainer.store.schema import (
    MIGRATIONS,
    OUR_TABLES,
    SCHEMA_VERSION,
    assignments,
    sessions,
    trainees,
    trainer_meta,
    turns,
)
from trainer.store.times import as_written, local_day
from trainer.store.urls import checked_url, label

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
_MIGRATION_LOCK = 727274  # PostgreSQL advisory lock key for migrations


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class SessionRow:
    id: int
    trainee: str
    scenario_id: str
    mode: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    status: str              # active, finished (an active one from an earlier run: abandoned)
    ending_kind: str | None
    score: int | None
    passed: bool | None
    best: dict[str, float | None]
    turn_count: int


@dataclass(frozen=True)
class FinishedSession:
    """What `trainer regrade` needs of a finished session besides its turns."""

    id: int
    trainee: str
    scenario_id: str
    score: int
    rubric_version: str


@dataclass(frozen=True)
class TurnRow:
    number: int
    reply: str
    customer_before: str
    customer_says: str
    scores: dict[str, float]
    flags: list[str]
    anger_before: int
    anger_after: int
    changes: list[str]
    waited_seconds: float | None = None   # None in turns saved before schema 4
    openings_heard: int | None = None


@dataclass(frozen=True)
class LeftSession:
    """A session the trainee left before it ended, with what picking it up needs."""

    id: int
    scenario_hash: str
    rubric_version: str
    mode: str
    seed: int
    started_at: dt.datetime
    turns: list[TurnRow]


@dataclass(frozen=True)
class TraineeReport:
    trainee: str
    attempts: int
    averages: dict[str, float]
    best_score: int
    latest_score: int
    weakest: str


@dataclass(frozen=True)
class Attempt:
    """A finished session as progress reads it: whose, which scenario, when, whether it
    passed, the best score per dimension (0 where none was kept) and the flags raised."""

    trainee: str
    scenario_id: str
    started_at: dt.datetime
    ended_at: dt.datetime
    passed: bool
    best: dict[str, float]
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Assignment:
    """A scenario set by a trainer for one trainee, or for everyone (`trainee` None): every
    trainee in the store, including those who join after it was made."""

    id: int
    scenario_id: str
    trainee: str | None
    due: dt.date | None
    created_at: dt.datetime


@dataclass(frozen=True)
class AssignmentStatus:
    """One assignment as it stands for one trainee. It is done when the trainee passed a
    session of its scenario that finished after the assignment was made."""

    assignment: Assignment
    trainee: str
    done_at: dt.datetime | None

    def overdue(self, today: dt.date) -> bool:
        due = self.assignment.due
        return self.done_at is None and due is not None and today > due


class Store:
    def __init__(self, url: str, now: Callable[[], dt.datetime] = utc_now, *,
                 read_only: bool = False) -> None:
        """Open (creating and migrating if need be) the store at `url`. With `read_only`,
        only an existing store of the current schema opens, and nothing in it changes."""
        self.url = url
        self.now = now
        self.engine = _open_engine(url, read_only)
        # Writes take SQLite's write lock when they begin (see _sqlite_engine); reads don't.
        self._writer = self.engine.execution_options(write=True)
        try:
            if read_only:
                self._check_readable()
            else:
                self._migrate()
        except StoreError:
            self.engine.dispose()
            raise
        except sa.exc.DatabaseError as exc:
            self.engine.dispose()
            raise StoreError(f"{label(url)}: cannot use this database: {_reason(exc)}") from None

    def today(self, zone: dt.tzinfo | None = None) -> dt.date:
        """The day it is on the reader's calendar (`zone`, default this machine's) by the
        store's clock: the day due dates are judged by."""
        return local_day(self.now(), zone)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema --------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            version = self._stored_version(conn)
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](conn)
            if version < SCHEMA_VERSION:
                conn.execute(sa.delete(trainer_meta).where(trainer_meta.c.key == "schema_version"))
                conn.execute(sa.insert(trainer_meta).values(key="schema_version",
                                                            value=str(SCHEMA_VERSION)))
        missing = OUR_TABLES - set(sa.inspect(self.engine).get_table_names())
        if missing:
            raise StoreError(f"{label(self.url)}: tables missing: {', '.join(sorted(missing))}")

    def _check_readable(self) -> None:
        with self.engine.connect() as conn:
            version = self._stored_version(conn)
        if version == 0:
            raise StoreError(f"{label(self.url)}: no results yet (nothing has been recorded "
                             "in this database)")
        if version < SCHEMA_VERSION:
            raise StoreError(f"{label(self.url)}: made by an older trainer (schema {version}"
                             "); play a session with this one to upgrade it, then try again")

    def _stored_version(self, conn: sa.Connection) -> int:
        """The schema version the database holds (0 if none), after refusing another
        program's database or a newer trainer's."""
        existing = set(sa.inspect(conn).get_table_names())
        if existing and "trainer_meta" not in existing:
            tables = shown(", ".join(sorted(existing)[:5]), one_line=True)
            raise StoreError(f"{label(self.url)}: this is another program's database "
                             f"(tables: {tables}); it was left untouched. Choose another "
                             "file with --db or TRAINER_DB.")
        version = 0
        if "trainer_meta" in existing:
            row = conn.execute(sa.select(trainer_meta.c.value).where(
                trainer_meta.c.key == "schema_version")).first()
            try:
                version = int(row[0]) if row else 0
            except ValueError:
                raise StoreError(f"{label(self.url)}: damaged: its schema version is "
                                 f"{shown(repr(row[0]), one_line=True)}, not a number; it was "
                                 "left untouched") from None
        if version > SCHEMA_VERSION:
            raise StoreError(f"{label(self.url)}: made by a newer trainer (schema "
                             f"{version}, this one knows {SCHEMA_VERSION}); upgrade trainer")
        return version

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(trainer_meta.c.value).where(
                trainer_meta.c.key == "schema_version")).scalar_one())

    # -- writing: every text through storable(), which every backend accepts -------------
    def trainee_id(self, name: str) -> int:
        name = storable(name)
        with self._writer.begin() as conn:
            found = conn.execute(sa.select(trainees.c.id).where(trainees.c.name == name)).first()
            if found:
                return found[0]
            try:
                with conn.begin_nested():
                    return conn.execute(sa.insert(trainees).values(
                        name=name, created_at=self.now()).returning(trainees.c.id)).scalar_one()
            except sa.exc.IntegrityError:  # another process added them just now
                return conn.execute(sa.select(trainees.c.id).where(
                    trainees.c.name == name)).scalar_one()

    def trainee_names(self) -> list[str]:
        """Every trainee in the store (played, or assigned something), by name."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(trainees.c.name).order_by(trainees.c.name))
                        .scalars())

    def start_session(self, trainee: str, scenario_id: str, scenario_hash: str,
                      rubric_version: str, mode: str, seed: int | None = None) -> int:
        trainee_id = self.trainee_id(trainee)
        with self._writer.begin() as conn:
            return conn.execute(sa.insert(sessions).values(
                trainee_id=trainee_id, scenario_id=storable(scenario_id),
                scenario_hash=scenario_hash, rubric_version=rubric_version,
                mode=storable(mode), started_at=self.now(), seed=seed,
                status="active").returning(sessions.c.id)).scalar_one()

    def left_conversations(self, trainee: str) -> dict[tuple[str, str], int]:
        """(scenario id, mode) -> replies saved, for each conversation `left_session` would
        offer back."""
        return {key: row["turn_count"] for key, row in self._latest_sessions(trainee).items()
                if _offered_back(row)}

    def left_session(self, trainee: str, scenario_id: str, mode: str) -> LeftSession | None:
        """The trainee's latest session of `scenario_id` in `mode`, if they left it before
        it ended with at least one reply, each saved with what replaying it needs. A later
        session of the scenario in that mode, even one left before any reply, means they
        chose to start again; one in the other mode changes nothing (a tester's exam was
        lost to a practice run of the same scenario)."""
        latest = self._latest_sessions(trainee, scenario_id, mode).get((scenario_id, mode))
        if latest is None or not _offered_back(latest):
            return None
        rows = self.session_turns(latest["id"])
        if any(r.waited_seconds is None or r.openings_heard is None for r in rows):
            return None
        return LeftSession(latest["id"], latest["scenario_hash"], latest["rubric_version"],
                           latest["mode"], latest["seed"], latest["started_at"], rows)

    def _latest_sessions(self, trainee: str, scenario_id: str | None = None,
                         mode: str | None = None) -> dict[tuple[str, str], sa.RowMapping]:
        """The trainee's latest session of each (scenario id, mode), with its turn count;
        only `scenario_id` and `mode` where given."""
        count = (sa.select(sa.func.count()).where(turns.c.session_id == sessions.c.id)
                 .scalar_subquery())
        query = (sa.select(sessions, count.label("turn_count"))
                 .join(trainees, trainees.c.id == sessions.c.trainee_id)
                 .where(trainees.c.name == storable(trainee))
                 .order_by(sessions.c.started_at.desc(), sessions.c.id.desc()))
        if scenario_id is not None:
            query = query.where(sessions.c.scenario_id == storable(scenario_id))
        if mode is not None:
            query = query.where(sessions.c.mode == storable(mode))
        latest: dict[tuple[str, str], sa.RowMapping] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                latest.setdefault((row["scenario_id"], row["mode"]), row)
        return latest

    def record_turn(self, session_id: int, row: TurnRow) -> None:
        """Save one turn. Raises SavedElsewhere when the session was finished, or this turn
        saved, by another window that picked it up too."""
        try:
            with self._writer.begin() as conn:
                self._still_open(conn, session_id)
                conn.execute(sa.insert(turns).values(
                    session_id=session_id, number=row.number, reply=storable(row.reply),
                    customer_before=storable(row.customer_before),
                    customer_says=storable(row.customer_says), scores=row.scores,
                    flags=[storable(f) for f in row.flags], anger_before=row.anger_before,
                    anger_after=row.anger_after, changes=[storable(c) for c in row.changes],
                    created_at=self.now(), waited_seconds=row.waited_seconds,
                    openings_heard=row.openings_heard))
        except sa.exc.IntegrityError:
            if self._has_turn(session_id, row.number):  # saved already, by another window
                raise SavedElsewhere() from None
            raise

    def delete_turn(self, session_id: int, number: int) -> None:
        """A practice take-back: the transcript keeps only what the trainee stood by. Only
        the session's last turn, and only while it is open (else SavedElsewhere), so a
        window that fell behind cannot take back what another saved."""
        later = sa.select(turns.c.number).where(turns.c.session_id == session_id,
                                                turns.c.number > number).exists()
        with self._writer.begin() as conn:
            self._still_open(conn, session_id)
            deleted = conn.execute(sa.delete(turns).where(
                turns.c.session_id == session_id, turns.c.number == number, ~later)).rowcount
            if not deleted and conn.execute(sa.select(later)).scalar():
                raise SavedElsewhere()
            # else nothing to take back: the turn was never saved (its save had failed)

    def _has_turn(self, session_id: int, number: int) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(turns.c.id).where(
                turns.c.session_id == session_id, turns.c.number == number)).first() is not None

    @staticmethod
    def _still_open(conn: sa.Connection, session_id: int) -> None:
        status = conn.execute(sa.select(sessions.c.status)
                              .where(sessions.c.id == session_id)).scalar_one_or_none()
        if status == "finished":
            raise SavedElsewhere()

    def finish_session(self, session_id: int, *, ending_id: str | None,
                       ending_kind: str | None, score: int, passed: bool,
                       best: dict[str, float], debrief_markdown: str,
                       debrief: dict | None = None) -> None:
        """Mark a session finished with its outcome and its debrief, as Markdown and (for
        reopening it as it was shown) as data."""
        with self._writer.begin() as conn:
            finished = conn.execute(sa.update(sessions).where(
                sessions.c.id == session_id, sessions.c.status != "finished").values(
                status="finished", ended_at=self.now(),
                ending_id=None if ending_id is None else storable(ending_id),
                ending_kind=None if ending_kind is None else storable(ending_kind),
                score=score, passed=passed, debrief_markdown=storable(debrief_markdown),
                debrief=None if debrief is None else _storable_json(debrief),
                **{f"best_{d}": best[d] for d in DIMENSIONS})).rowcount
            if finished != 1:  # finished already, by another window that picked it up
                raise SavedElsewhere()

    def assign(self, scenario_id: str, trainee: str | None,
               due: dt.date | None) -> Assignment:
        """Set `scenario_id` for `trainee`, or for everyone when `trainee` is None."""
        trainee_id = None if trainee is None else self.trainee_id(trainee)
        created_at = self.now()
        with self._writer.begin() as conn:
            new_id = conn.execute(sa.insert(assignments).values(
                scenario_id=storable(scenario_id), trainee_id=trainee_id, due_on=due,
                created_at=created_at).returning(assignments.c.id)).scalar_one()
        return Assignment(new_id, storable(scenario_id),
                          None if trainee is None else storable(trainee), due, created_at)

    def unassign(self, assignment_id: int) -> Assignment | None:
        """Remove assignment `assignment_id` (the # `trainer assign --list` shows); the
        sessions played for it stay. Returns what was removed, or None if there was none."""
        removed = next(iter(self.assignments(only=assignment_id)), None)
        if removed is not None:
            with self._writer.begin() as conn:
                conn.execute(sa.delete(assignments).where(assignments.c.id == assignment_id))
        return removed

    # -- reading -------------------------------------------------------------------------
    def assignments(self, only: int | None = None) -> list[Assignment]:
        """Every assignment, oldest first; or just assignment `only`, if it exists."""
        assignee = trainees.alias("assignee")
        query = (sa.select(assignments, assignee.c.name.label("assignee"))
                 .outerjoin(assignee, assignee.c.id == assignments.c.trainee_id)
                 .order_by(assignments.c.id))
        if only is not None:
            query = query.where(assignments.c.id == only)
        with self.engine.connect() as conn:
            return [_assignment(r) for r in conn.execute(query).mappings()]

    def assignment_statuses(self, trainee: str | None = None) -> list[AssignmentStatus]:
        """Each assignment as it stands for each trainee it applies to: for `trainee` (who
        has everyone's assignments even before their first session), or for every trainee
        in the store. Ordered by trainee, then due date (none last), then age."""
        assignee = trainees.alias("assignee")
        done_at = (sa.select(sa.func.min(sessions.c.ended_at))
                   .where(sessions.c.trainee_id == trainees.c.id,
                          sessions.c.scenario_id == assignments.c.scenario_id,
                          sessions.c.status == "finished", sessions.c.passed.is_(True),
                          sessions.c.ended_at >= assignments.c.created_at)
                   .scalar_subquery())
        applies = sa.or_(assignments.c.trainee_id.is_(None),
                         assignments.c.trainee_id == trainees.c.id)
        if trainee is None:
            source = assignments.join(trainees, applies)
            conditions = []
        else:
            source = assignments.outerjoin(trainees, trainees.c.name == storable(trainee))
            conditions = [applies]
        query = (sa.select(assignments, assignee.c.name.label("assignee"),
                           trainees.c.name.label("trainee"), done_at.label("done_at"))
                 .select_from(source)
                 .outerjoin(assignee, assignee.c.id == assignments.c.trainee_id)
                 .where(*conditions)
                 .order_by(trainees.c.name, assignments.c.due_on.is_(None),
                           assignments.c.due_on, assignments.c.id))
        with self.engine.connect() as conn:
            return [AssignmentStatus(_assignment(r), r["trainee"] if trainee is None
                                     else storable(trainee), as_written(r["done_at"]))
                    for r in conn.execute(query).mappings()]

    def attempts(self, trainee: str | None = None) -> list[Attempt]:
        """Every finished session of `trainee` (or of everyone), by trainee, oldest first,
        with the flags its turns raised."""
        query = (sa.select(sessions.c.id, trainees.c.name, sessions.c.scenario_id,
                           sessions.c.started_at, sessions.c.ended_at, sessions.c.passed,
                           *[sessions.c[f"best_{d}"] for d in DIMENSIONS], turns.c.flags)
                 .join(trainees, trainees.c.id == sessions.c.trainee_id)
                 .outerjoin(turns, turns.c.session_id == sessions.c.id)
                 .where(sessions.c.status == "finished")
                 .order_by(trainees.c.name, sessions.c.ended_at, sessions.c.id, turns.c.number))
        if trainee is not None:
            query = query.where(trainees.c.name == storable(trainee))
        out = []
        with self.engine.connect() as conn:
            for _, group in itertools.groupby(conn.execute(query).mappings(),
                                              key=lambda r: r["id"]):
                rows = list(group)
                r = rows[0]
                flags = frozenset(f for row in rows for f in (row["flags"] or ()))
                out.append(Attempt(r["name"], r["scenario_id"], as_written(r["started_at"]),
                                   as_written(r["ended_at"] or r["started_at"]),
                                   bool(r["passed"]),
                                   {d: float(r[f"best_{d}"] or 0.0) for d in DIMENSIONS},
                                   flags))
        return out

    def history(self, trainee: str, limit: int = 500) -> list[SessionRow]:
        count = (sa.select(sa.func.count()).where(turns.c.session_id == sessions.c.id)
                 .scalar_subquery())
        query = (sa.select(sessions, trainees.c.name, count.label("turn_count"))
                 .join(trainees, trainees.c.id == sessions.c.trainee_id)
                 .where(trainees.c.name == storable(trainee))
                 .order_by(sessions.c.started_at.desc(), sessions.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [_session_row(r) for r in conn.execute(query).mappings()]

    def debrief_markdown(self, session_id: int) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sessions.c.debrief_markdown).where(
                sessions.c.id == session_id)).scalar_one_or_none()

    def debrief_data(self, session_id: int) -> dict | None:
        """The debrief saved as data when the session finished; None for a session not
        finished, or finished before the store kept it (schema 1)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sessions.c.debrief).where(
                sessions.c.id == session_id)).scalar_one_or_none()

    def session_turns(self, session_id: int) -> list[TurnRow]:
        query = (sa.select(turns).where(turns.c.session_id == session_id)
                 .order_by(turns.c.number))
        with self.engine.connect() as conn:
            return [_turn_row(r) for r in conn.execute(query)]

    def session(self, session_id: int) -> SessionRow | None:
        """One session, finished or not, by its id; None if there is no such session."""
        count = (sa.select(sa.func.count()).where(turns.c.session_id == sessions.c.id)
                 .scalar_subquery())
        query = (sa.select(sessions, trainees.c.name, count.label("turn_count"))
                 .join(trainees, trainees.c.id == sessions.c.trainee_id)
                 .where(sessions.c.id == session_id))
        with self.engine.connect() as conn:
            found = conn.execute(query).mappings().first()
        return _session_row(found) if found else None

    def finished_sessions(self, trainee: str | None = None, scenario: str | None = None,
                          since: dt.datetime | None = None, unfinished_too: bool = False
                          ) -> Iterator[tuple[SessionRow, list[str]]]:
        """Each finished session (and, with `unfinished_too`, each one left or cut short),
        oldest first, with the flags its turns raised (each once, in the order first
        raised), filtered as `report` filters; for listing sessions and for exports. One
        streamed query, like `finished_transcripts`."""
        conditions = _finished_where(trainee, scenario, since, finished_only=not unfinished_too)
        summary = [c for c in sessions.c if c.name != "debrief_markdown"]  # not needed here
        query = (sa.select(*summary, trainees.c.name, turns.c.number, turns.c.flags)
                 .join(trainees, trainees.c.id == sessions.c.trainee_id)
                 .outerjoin(turns, turns.c.session_id == sessions.c.id)
                 .where(*conditions)
                 .order_by(sessions.c.started_at, sessions.c.id, turns.c.number))
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=1000).execute(query)
            for _, group in itertools.groupby(rows.mappings(), key=lambda r: r["id"]):
                session_rows = list(group)
                turn_rows = [r for r in session_rows if r["number"] is not None]
                flags = list(dict.fromkeys(f for r in turn_rows for f in r["flags"]))
                yield _session_row({**session_rows[0], "turn_count": len(turn_rows)}), flags

    def finished_transcripts(self) -> Iterator[tuple[FinishedSession, list[TurnRow]]]:
        """Every finished session with its turns in order, read in one query.

        One query for the lot, not one per session: `trainer regrade` over a large store
        made 100,000 round trips before. Rows are streamed, so memory holds one session.
        """
        query = (sa.select(sessions.c.id.label("session_id"), trainees.c.name,
                           sessions.c.scenario_id, sessions.c.score, sessions.c.rubric_version,
                           turns.c.number, turns.c.reply, turns.c.customer_before,
                           turns.c.customer_says, turns.c.scores, turns.c.flags,
                           turns.c.anger_before, turns.c.anger_after, turns.c.changes,
                           turns.c.waited_seconds, turns.c.openings_heard)
                 .join(trainees, trainees.c.id == sessions.c.trainee_id)
                 .outerjoin(turns, turns.c.session_id == sessions.c.id)
                 .where(sessions.c.status == "finished")
                 .order_by(sessions.c.id, turns.c.number))
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=1000).execute(query)
            for _, group in itertools.groupby(rows, key=lambda r: r.session_id):
                session_rows = list(group)
                first = session_rows[0]
                session = FinishedSession(first.session_id, first.name, first.scenario_id,
                                          first.score, first.rubric_version)
                yield session, [_turn_row(r) for r in session_rows if r.number is not None]

    def report(self, trainee: str | None = None, scenario: str | None = None,
               since: dt.datetime | None = None) -> list[TraineeReport]:
        """Per trainee: attempts, averages per dimension, best and latest score, weakest."""
        conditions = _finished_where(trainee, scenario, since)
        base = (sa.select(sessions.c.trainee_id, sessions.c.score, sessions.c.started_at,
                          sessions.c.id,
                          *[sessions.c[f"best_{d}"] for d in DIMENSIONS])
                .join(trainees, trainees.c.id == sessions.c.trainee_id)
                .where(*conditions).subquery())
        ranked = sa.select(
            base.c.trainee_id, base.c.score,
            sa.func.row_number().over(partition_by=base.c.trainee_id,
                                      order_by=(base.c.started_at.desc(), base.c.id.desc()))
            .label("recency")).subquery()
        latest = (sa.select(ranked.c.trainee_id, ranked.c.score.label("latest"))
                  .where(ranked.c.recency == 1).subquery())
        totals = (sa.select(base.c.trainee_id, sa.func.count().label("attempts"),
                            sa.func.max(base.c.score).label("best"),
                            *[sa.func.avg(base.c[f"best_{d}"]).label(d) for d in DIMENSIONS])
                  .group_by(base.c.trainee_id).subquery())
        query = (sa.select(trainees.c.name, totals, latest.c.latest)
                 .join(totals, totals.c.trainee_id == trainees.c.id)
                 .join(latest, latest.c.trainee_id == trainees.c.id)
                 .order_by(trainees.c.name))
        reports = []
        with self.engine.connect() as conn:
            for r in conn.execute(query).mappings():
                averages = {d: float(r[d] or 0.0) for d in DIMENSIONS}
                reports.append(TraineeReport(
                    r["name"], r["attempts"], averages, r["best"] or 0, r["latest"] or 0,
                    min(DIMENSIONS, key=lambda d: (averages[d], DIMENSIONS.index(d)))))
        return reports


def _storable_json(value: object) -> object:
    """`value` with every text in it, keys included, made storable."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): _storable_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable_json(v) for v in value]
    return value


def _finished_where(trainee: str | None, scenario: str | None, since: dt.datetime | None,
                    finished_only: bool = True) -> list[sa.ColumnElement[bool]]:
    """The conditions `report` and the session listings filter finished sessions by
    (with `finished_only` off, sessions left or cut short pass too)."""
    conditions = [sessions.c.status == "finished"] if finished_only else []
    if trainee:
        conditions.append(trainees.c.name == storable(trainee))
    if scenario:
        conditions.append(sessions.c.scenario_id == storable(scenario))
    if since:
        conditions.append(sessions.c.started_at >= since)
    return conditions


def _assignment(r) -> Assignment:
    return Assignment(r["id"], r["scenario_id"], r["assignee"], r["due_on"],
                      as_written(r["created_at"]))


def _turn_row(r) -> TurnRow:
    return TurnRow(r.number, r.reply, r.customer_before, r.customer_says, dict(r.scores),
                   list(r.flags), r.anger_before, r.anger_after, list(r.changes),
                   r.waited_seconds, r.openings_heard)


def _session_row(r) -> SessionRow:
    return SessionRow(r["id"], r["name"], r["scenario_id"], r["mode"], r["started_at"],
                      r["ended_at"], r["status"], r["ending_kind"], r["score"], r["passed"],
                      {d: r[f"best_{d}"] for d in DIMENSIONS}, r["turn_count"])


def _offered_back(session) -> bool:
    """A latest session (`Store._latest_sessions`) the trainee left with a reply, saved with
    the seed that replaying it needs."""
    return (session["status"] == "active" and session["seed"] is not None
            and session["turn_count"] > 0)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return shown(text[0], one_line=True) if text else type(exc).__name__


def _open_engine(url: str, read_only: bool) -> sa.Engine:
    parsed = checked_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, read_only)
    engine = sa.create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
    if read_only:
        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record) -> None:
            dbapi_connection.read_only = True  # every transaction: BEGIN READ ONLY
    return engine


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """An existing SQLite file opened so that nothing in it can change (mode=ro).

    A WAL database wants to create its -shm file even to read. In a folder we can't write,
    with no -wal or -journal beside the file (it was closed cleanly, nothing is in flight),
    it is opened as immutable instead, which needs no -shm."""
    query = "mode=ro"
    in_flight = any(path.with_name(path.name + s).exists() for s in ("-wal", "-journal"))
    if not os.access(path.parent, os.W_OK) and not in_flight:
        query += "&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000)


def _inspect_read_only(path: Path) -> None:
    """Look at an existing file without changing a byte: even switching it to WAL mode
    rewrites its header, so nothing else may touch a file until we know it is ours."""
    where = shown(str(path), one_line=True)
    try:
        conn = _read_only_connection(path)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{where}: damaged SQLite database ({shown(str(exc), one_line=True)}"
                         "); it was left untouched. Choose another file with --db or "
                         "TRAINER_DB.") from None
    if tables and "trainer_meta" not in tables:
        names = shown(", ".join(sorted(tables)[:5]), one_line=True)
        raise StoreError(f"{where}: this is another program's database (tables: {names}); it "
                         "was left untouched. Choose another file with --db or TRAINER_DB.")


def _check_sqlite_file(path: Path, read_only: bool) -> None:
    """Refuse what is not ours to open before SQLite touches it; read-only, also a store
    that doesn't exist yet (it is not created just to report that it is empty)."""
    where = shown(str(path), one_line=True)
    try:
        if path.is_dir():
            raise StoreError(f"{where}: is a folder, not a database file")
        if not path.exists():
            if read_only:
                raise StoreError(f"{where}: no results yet (no such file)")
            return
        if path.stat().st_size == 0:  # a new store, filled in on first open
            return
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if magic != SQLITE_MAGIC:
        raise StoreError(f"{where}: not an SQLite database (corrupt, or another kind of "
                         "file); it was left untouched. Choose another file with --db or "
                         "TRAINER_DB.")
    _inspect_read_only(path)


def _create_private(path: Path) -> None:
    """A new store is its user's alone: a new folder 0700, a new file 0600, made before
    SQLite opens it (SQLite gives its -wal and -shm files the database file's mode).
    What exists already keeps its mode: a team may share a file on purpose."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{shown(str(path.parent), one_line=True)}: cannot create folder: "
                         f"{exc.strerror or exc}") from None
    try:
        create_new(path, "")
    except FileExistsError:  # there already, or made just now by another process
        pass
    except OSError as exc:
        raise StoreError(f"{shown(str(path), one_line=True)}: cannot create: "
                         f"{exc.strerror or exc}") from None


def _sqlite_engine(url: sa.URL, read_only: bool) -> sa.Engine:
    path = Path(url.database) if url.database and url.database != ":memory:" else None
    if path is not None:
        _check_sqlite_file(path, read_only)
        if not read_only:
            _create_private(path)
    if read_only and path is not None:
        engine = sa.create_engine(url, creator=lambda: _read_only_connection(path))
    else:
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:  # switching to WAL writes the file's header
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A writer takes the write lock up front: a deferred transaction that later upgrades
        # to a writer fails at once under contention instead of waiting out the busy timeout.
        write = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
