"""Scale of the results store: the cohort report and the history query on a full store.

Fills a fresh store with 100,000 sessions (10 turns each: 1,000,000 turns) across 500
trainees, then times, as the median of 5 runs:

- the cohort report (`trainer report`: every trainee's aggregates),
- one trainee's report,
- the history screen's query for one trainee,

first with the store's indexes, then again after dropping them, and prints the ratio.
Then it reads every finished transcript as `trainer regrade` does (one ordered query) and
as it did before (one query per session), once each, and prints that ratio too.
Run: `make bench-store` or `python benchmarks/bench_store.py [--db URL] [--sessions N]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from scoring import DIMENSIONS  # noqa: E402
from trainer.store import Store  # noqa: E402
from trainer.store.schema import sessions, trainees, turns  # noqa: E402

SCENARIOS = ["late-birthday-delivery", "double-charge", "crashing-software", "rude-staff",
             "wrong-restaurant-order", "internet-outage-home-worker",
             "hotel-room-not-as-booked", "damaged-on-arrival"]


def fill(store: Store, n_sessions: int, n_trainees: int, turns_per: int, seed: int) -> None:
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1)
    with store.engine.begin() as conn:
        conn.execute(sa.insert(trainees), [{"name": f"trainee-{i:04d}", "created_at": start}
                                           for i in range(n_trainees)])
    batch = 2_000
    session_id = 0
    for offset in range(0, n_sessions, batch):
        session_rows, turn_rows = [], []
        for _ in range(min(batch, n_sessions - offset)):
            session_id += 1
            began = start + dt.timedelta(minutes=session_id * 3)
            best = {f"best_{d}": round(rng.random(), 2) for d in DIMENSIONS}
            session_rows.append({
                "id": session_id, "trainee_id": rng.randrange(n_trainees) + 1,
                "scenario_id": rng.choice(SCENARIOS), "scenario_hash": "0" * 64,
                "rubric_version": "1", "mode": "practice", "started_at": began,
                "ended_at": began + dt.timedelta(minutes=5), "status": "finished",
                "ending_id": "resolved", "ending_kind": "resolved",
                "score": rng.randrange(101), "passed": rng.random() > 0.5, **best,
                "debrief_markdown": None})
            for n in range(1, turns_per + 1):
                turn_rows.append({
                    "session_id": session_id, "number": n,
                    "reply": "I'm so sorry about that, I've refunded the fee today.",
                    "customer_before": "Where is my order?", "customer_says": "Okay.",
                    "scores": {d: 0.5 for d in DIMENSIONS}, "flags": [],
                    "anger_before": 60, "anger_after": 50, "changes": ["-10: apologised"],
                    "created_at": began})
        with store.engine.begin() as conn:
            conn.execute(sa.insert(sessions), session_rows)
            conn.execute(sa.insert(turns), turn_rows)


def median_seconds(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(store: Store, label: str) -> dict[str, float]:
    figures = {
        "cohort report": median_seconds(lambda: store.report()),
        "one trainee's report": median_seconds(lambda: store.report(trainee="trainee-0042")),
        # what the History screen reads: each session with the flags its replies raised
        "history query": median_seconds(lambda: list(store.finished_sessions(
            "trainee-0042", unfinished_too=True))),
    }
    for name, seconds in figures.items():
        print(f"  {label:<16} {name:<22} {seconds * 1000:>9.1f} ms")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--trainees", type=int, default=500)
    parser.add_argument("--turns", type=int, default=10)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="trainer-bench-")
    url = args.db or f"sqlite:///{folder}/bench.db"
    store = Store(url)
    print(f"filling {args.sessions:,} sessions x {args.turns} turns "
          f"({args.sessions * args.turns:,} turns), {args.trainees} trainees, into {url}")
    start = time.perf_counter()
    fill(store, args.sessions, args.trainees, args.turns, seed=7)
    print(f"  filled in {time.perf_counter() - start:.1f} s")
    rows = store.report()
    print(f"  cohort report has {len(rows)} trainees; e.g. {rows[0].trainee}: "
          f"{rows[0].attempts} attempts, weakest {rows[0].weakest}")
    print("\nmedian of 5 runs:")
    indexed = measure(store, "with indexes")
    with store.engine.begin() as conn:
        for index in sessions.indexes:
            conn.execute(sa.text(f"DROP INDEX {index.name}"))
    unindexed = measure(store, "without indexes")
    print("\nspeed-up from the indexes (without / with):")
    for name in indexed:
        print(f"  {name:<22} {unindexed[name] / indexed[name]:>6.1f}x")
    print("\nreading every finished transcript (what `trainer regrade` re-scores), once:")
    start = time.perf_counter()
    read = sum(len(turns) for _, turns in store.finished_transcripts())
    one_query = time.perf_counter() - start
    start = time.perf_counter()
    ids = [session.id for session, _ in store.finished_transcripts()]
    read_each = sum(len(store.session_turns(i)) for i in ids)
    per_session = time.perf_counter() - start
    assert read == read_each
    print(f"  one ordered query     {one_query:>8.2f} s for {read:,} turns")
    print(f"  one query per session {per_session:>8.2f} s ({per_session / one_query:.1f}x "
          "slower)")
    cohort = indexed["cohort report"]
    print(f"\ncohort report on {args.sessions:,} sessions: {cohort:.2f} s (target < 2 s): "
          + ("met" if cohort < 2 else "NOT met"))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
