"""Crashes and crowds: a SIGKILL mid-session loses no completed turn; 20 processes
recording at once lose nothing. Both against SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from trainer.store import Store

QUESTION = "Could you give me your account number?"


def start_plain(url: str, trainee: str, tmp_path) -> subprocess.Popen:
    env = {**os.environ, "TRAINER_DB": url, "TRAINER_DATA_DIR": str(tmp_path / "data"),
           "TRAINER_CONFIG_DIR": str(tmp_path / "config")}
    return subprocess.Popen(
        [sys.executable, "-m", "trainer", "play", "double-charge", "--plain", "--seed", "1",
         "--trainee", trainee],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env, bufsize=1)


def wait_for_next_reaction(proc: subprocess.Popen) -> None:
    """Read until the customer's next reaction is printed; the turn is saved before that."""
    for line in proc.stdout:
        if line.startswith("(anger ") and "->" in line:
            return
    raise AssertionError(f"process ended early: {proc.stderr.read()}")


def test_sigkill_mid_conversation_keeps_every_completed_turn(store_url, tmp_path):
    Store(store_url).close()
    proc = start_plain(store_url, "kate", tmp_path)
    try:
        for _ in range(2):
            proc.stdin.write(QUESTION + "\n")
            proc.stdin.flush()
            wait_for_next_reaction(proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    store = Store(store_url)
    [row] = store.history("kate")
    assert row.status == "active"            # shown as abandoned in the history screen
    assert [t.number for t in store.session_turns(row.id)] == [1, 2]
    store.close()


def test_twenty_processes_recording_at_once_lose_nothing(store_url, tmp_path):
    Store(store_url).close()
    script = f"{QUESTION}\n{QUESTION}\n{QUESTION}\n"
    procs = [start_plain(store_url, f"p{i:02d}", tmp_path) for i in range(20)]
    for proc in procs:
        proc.stdin.write(script)
        proc.stdin.close()
    for proc in procs:
        assert proc.wait(timeout=600) == 0, proc.stderr.read()  # a hang guard, not a speed test
    store = Store(store_url)
    reports = store.report()
    assert len(reports) == 20 and all(r.attempts == 1 for r in reports)
    for i in range(20):
        [row] = store.history(f"p{i:02d}")
        assert row.status == "finished"
        assert [t.number for t in store.session_turns(row.id)] == [1, 2, 3]
    store.close()
