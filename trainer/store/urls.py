"""Which database URLs the store accepts, checked before any driver sees them.

Left to SQLAlchemy, a port that is not a number is a ValueError, and a driver we don't ship
(postgresql+asyncpg) an ImportError, each a traceback. Here each mistake is one line that
names it: a bad port, an unsupported driver, a PostgreSQL URL with no database, an SQLite
URL with a host or options. Passwords are never repeated back.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from trainer.safe_text import shown
from trainer.store.errors import StoreError

SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")
POSTGRESQL_DRIVERS = ("postgresql", "postgresql+psycopg")
EXPECTED = "sqlite:///path/to/file.db or postgresql://user@host[:port]/database"
_PASSWORD = re.compile(r"(://[^/@:]*:)[^/@]*@")


def checked_url(url: str) -> sa.URL:
    """`url` parsed, or StoreError saying what is wrong with it."""
    if "\x00" in url:
        raise StoreError(f"{_redacted(url)}: a database URL cannot contain a NUL character")
    try:
        parsed = make_url(url)
    except ValueError:  # SQLAlchemy's int() of the port
        raise StoreError(f"{_redacted(url)}: the port must be a number from 1 to 65535 "
                         f"(expected {EXPECTED})") from None
    except sa.exc.ArgumentError:
        raise StoreError(f"{_redacted(url)} is not a database URL (expected {EXPECTED})"
                         ) from None
    where = shown(parsed.render_as_string(hide_password=True), one_line=True)
    if parsed.drivername not in SQLITE_DRIVERS + POSTGRESQL_DRIVERS:
        raise StoreError(f"{where}: unsupported database driver "
                         f"{shown(parsed.drivername, one_line=True)!r}; use {EXPECTED}")
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise StoreError(f"{where}: port {parsed.port} is out of range (1 to 65535)")
    if parsed.drivername in SQLITE_DRIVERS:
        if parsed.host or parsed.port or parsed.username:
            raise StoreError(f"{where}: an SQLite URL names a file, not a server: use "
                             "sqlite:///relative/path.db or sqlite:////absolute/path.db")
        if parsed.query:
            raise StoreError(f"{where}: an SQLite URL takes no options (the part after ?)")
    elif not parsed.database:
        raise StoreError(f"{where}: no database named; add it after the host, e.g. "
                         "postgresql://user@host/trainer")
    return parsed


def label(url: str | sa.URL) -> str:
    """How a database is named in messages: the file, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return shown(parsed.database or ":memory:", one_line=True)
    return shown(parsed.render_as_string(hide_password=True), one_line=True)


def _redacted(url: str) -> str:
    """A URL that did not parse, quoted, with anything that looks like a password hidden."""
    return shown(repr(_PASSWORD.sub(r"\1***@", url)), one_line=True)
