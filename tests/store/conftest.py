"""Run the store suite against SQLite and a real PostgreSQL server started for the tests.

The server: `initdb` and `pg_ctl` in a temp dir, listening on a free loopback port
(as `nobody` when the tests run as root, since PostgreSQL refuses root). Set
TRAINER_TEST_POSTGRES_URL to use an existing server instead. Without PostgreSQL binaries the
PostgreSQL half is skipped, unless TRAINER_REQUIRE_POSTGRES=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server():
    existing = os.environ.get("TRAINER_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        if os.environ.get("TRAINER_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) are required but not on PATH")
        pytest.skip("PostgreSQL binaries not found; the SQLite half still runs")
    root = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "nobody")
    data, port = root / "data", _free_port()
    subprocess.run(_as_postgres_user(["initdb", "-D", str(data), "-A", "trust", "-U",
                                      "postgres", "--no-sync"]),
                   check=True, capture_output=True)
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} "
               "-c fsync=off -c max_connections=200")
    subprocess.run(_as_postgres_user(["pg_ctl", "-D", str(data), "-o", options, "-l",
                                      str(root / "log"), "-w", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres_user(["pg_ctl", "-D", str(data), "-m", "immediate",
                                          "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A URL of an empty database, once for each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'results.db'}"
    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.replace("postgresql://", "postgresql://", 1),
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"
