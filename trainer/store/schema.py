"""Tables and migrations. Each migration is a function; `SCHEMA_VERSION` is the newest.

A database records its version in `trainer_meta`; opening it applies any newer migrations in
one transaction. Per-dimension best scores are kept on the session row so cohort reports
aggregate one row per session instead of every turn. An assignment names a scenario for one
trainee, or for everyone (no trainee: whoever is in the store, now or later).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

trainer_meta = sa.Table(
    "trainer_meta", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

trainees = sa.Table(
    "trainees", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(80), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False),
    sa.Column("scenario_id", sa.String(64), nullable=False),
    sa.Column("scenario_hash", sa.String(64), nullable=False),
    sa.Column("rubric_version", sa.String(20), nullable=False),
    sa.Column("mode", sa.String(10), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(12), nullable=False),  # active, finished, abandoned
    sa.Column("ending_id", sa.String(64)),
    sa.Column("ending_kind", sa.String(20)),
    sa.Column("score", sa.Integer),
    sa.Column("passed", sa.Boolean),
    sa.Column("best_empathy", sa.Float),
    sa.Column("best_apology", sa.Float),
    sa.Column("best_questions", sa.Float),
    sa.Column("best_solution", sa.Float),
    sa.Column("best_follow_up", sa.Float),
    sa.Column("debrief_markdown", sa.Text),  # the debrief as Markdown, as exported
    sa.Column("debrief", sa.JSON),  # the debrief as data (schema 2), reopened as it was shown
    sa.Column("seed", sa.BigInteger),  # the customer's line choices (schema 4): to resume
    sa.Index("ix_sessions_trainee_started", "trainee_id", "started_at"),
    sa.Index("ix_sessions_scenario", "scenario_id"),
    sa.Index("ix_sessions_started", "started_at"),
)

turns = sa.Table(
    "turns", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("reply", sa.Text, nullable=False),
    sa.Column("customer_before", sa.Text, nullable=False),  # what the reply answered
    sa.Column("customer_says", sa.Text, nullable=False),
    sa.Column("scores", sa.JSON, nullable=False),
    sa.Column("flags", sa.JSON, nullable=False),
    sa.Column("anger_before", sa.Integer, nullable=False),
    sa.Column("anger_after", sa.Integer, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # what replaying the reply needs (schema 4): the silence before it, openings heard
    sa.Column("waited_seconds", sa.Float),
    sa.Column("openings_heard", sa.Integer),
    sa.UniqueConstraint("session_id", "number", name="uq_turns_session_number"),
)

assignments = sa.Table(
    "assignments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scenario_id", sa.String(64), nullable=False),
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id")),  # NULL: everyone
    sa.Column("due_on", sa.Date),  # NULL: no due date
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_assignments_trainee", "trainee_id"),
)


def _v1(connection: sa.Connection) -> None:
    metadata.create_all(connection)


def _v2(connection: sa.Connection) -> None:
    """The debrief as data, so History reopens the debrief screen the trainee saw rather
    than its Markdown. Sessions finished before keep only their Markdown.

    A new database already has the column (version 1 creates the tables as they are now),
    so it is added only where it is missing."""
    columns = {c["name"] for c in sa.inspect(connection).get_columns("sessions")}
    if "debrief" not in columns:
        kind = sa.JSON().compile(dialect=connection.dialect)
        connection.execute(sa.text(f"ALTER TABLE sessions ADD COLUMN debrief {kind}"))


def _v3(connection: sa.Connection) -> None:
    """Assignments (`trainer assign`). A new database already has the table (version 1
    creates the tables as they are now), so it is created only where it is missing."""
    assignments.create(connection, checkfirst=True)


def _v4(connection: sa.Connection) -> None:
    """What a left session needs to be picked up again: the seed of the customer's line
    choices, and each turn's silence and openings heard. Sessions and turns saved before
    have none (NULL) and are not offered for resuming."""
    for table, names in ((sessions, ("seed",)), (turns, ("waited_seconds", "openings_heard"))):
        present = {c["name"] for c in sa.inspect(connection).get_columns(table.name)}
        for name in names:
            if name not in present:
                kind = table.c[name].type.compile(dialect=connection.dialect)
                connection.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))


MIGRATIONS = [_v1, _v2, _v3, _v4]  # index + 1 is the version each one produces
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {t.name for t in metadata.sorted_tables}
