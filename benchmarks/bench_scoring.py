"""Speed of the rubric engine, against VADER on the same replies in the same run.

Prints:
- start-up: `trainer --help`, `trainer grade` of one reply (each a whole process), and loading
  the model artefact in-process;
- whole-process throughput on 20,000 replies: one process imports the scorer and scores them
  all, another does the same with VADER; the ratio of their wall times;
- in-process: replies per second, p50/p99 latency (p99 also for replies of <= 100 words);
- one 5,000-word reply.

The replies are drawn (seeded) from the corpus, the shared dev set and a few fragments, joined
1 to 8 at a time. Run: `make bench` or `python benchmarks/bench_scoring.py`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring import load_model, score_reply  # noqa: E402

FRAGMENTS = [
    "im so sory", "ill msg u tmrw once its cleared", "申し訳ありません", "😡🙏",
    "Relax, it's only three days", "ok will check", "What did you expect?",
]

_OURS = """
import json, sys
from scoring import score_reply
explain = sys.argv[2] == "explain"
for line in open(sys.argv[1], encoding="utf-8"):
    result = score_reply(json.loads(line))
    if explain:
        result.evidence
"""
_VADER = """
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
vader = SentimentIntensityAnalyzer()
for line in open(sys.argv[1], encoding="utf-8"):
    vader.polarity_scores(json.loads(line))
"""


def build_corpus(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = list(FRAGMENTS)
    for path in sorted((ROOT / "corpus").glob("*.jsonl")):
        pool += [json.loads(line)["reply"] for line in path.open(encoding="utf-8")
                 if line.strip()]
    shared = ROOT.parent / "shared" / "data" / "dev_replies.jsonl"
    if shared.exists():
        pool += [json.loads(line)["reply"] for line in shared.open(encoding="utf-8")]
    pool = [p for p in pool if p.strip()]
    return [" ".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 1, 2, 3, 4, 8))))
            for _ in range(size)]


def time_each(fn, corpus: list[str]) -> list[float]:
    latencies = []
    clock = time.perf_counter
    for reply in corpus:
        start = clock()
        fn(reply)
        latencies.append(clock() - start)
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def wall(cmd: list[str], stdin: str = "", runs: int = 5) -> float:
    """Median wall time of a whole process, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("vaderSentiment is not installed: pip install -e '.[dev]'", file=sys.stderr)
        return 1

    corpus = build_corpus(args.size, args.seed)
    words = [len(r.split()) for r in corpus]
    print(f"corpus: {len(corpus):,} replies, {min(words)}-{max(words)} words "
          f"(median {statistics.median(words):.0f}), seed {args.seed}")

    py, trainer = sys.executable, [sys.executable, "-m", "trainer"]
    print("\nstart-up (median of 5 whole processes)")
    print(f"  trainer --help                  {wall([*trainer, '--help']) * 1e3:7.0f} ms  "
          "(target < 300 ms)")
    one = '{"id": 1, "reply": "So sorry, I have refunded the $40 today."}\n'
    print(f"  trainer grade, one reply        {wall([*trainer, 'grade', '-'], one) * 1e3:7.0f} ms"
          "  (target < 500 ms)")
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        load_model()
        loads.append(time.perf_counter() - start)
    print(f"  load the model (in process)     {statistics.median(loads) * 1e3:7.0f} ms  "
          "(target < 100 ms)")

    with tempfile.TemporaryDirectory() as tmp:
        replies = Path(tmp) / "replies.jsonl"
        replies.write_text("".join(json.dumps(r) + "\n" for r in corpus), encoding="utf-8")
        ours_wall = wall([py, "-c", _OURS, str(replies), "scores"], runs=3)
        explained_wall = wall([py, "-c", _OURS, str(replies), "explain"], runs=3)
        vader_wall = wall([py, "-c", _VADER, str(replies)], runs=3)
    print(f"\nwhole process, {len(corpus):,} replies (median of 3): VADER {vader_wall:.2f} s; "
          f"rubric scores and flags {ours_wall:.2f} s, with evidence and tips "
          f"{explained_wall:.2f} s")
    print(f"  throughput ratio rubric/VADER, scores and flags: {vader_wall / ours_wall:.2f}x "
          "(target >= 2x)")
    print(f"  throughput ratio rubric/VADER, with evidence and tips: "
          f"{vader_wall / explained_wall:.2f}x")

    vader = SentimentIntensityAnalyzer()
    for reply in corpus[:200]:  # warm both: imports, caches
        score_reply(reply)
        vader.polarity_scores(reply)
    ours = time_each(score_reply, corpus)
    explained = time_each(lambda r: score_reply(r).evidence, corpus)
    theirs = time_each(vader.polarity_scores, corpus)
    short = [t for t, w in zip(ours, words, strict=True) if w <= 100]
    print(f"\nin process  {'replies/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, lat in (("rubric", ours), ("+explain", explained), ("VADER", theirs)):
        print(f"  {name:<9}{len(lat) / sum(lat):>10,.0f}{percentile(lat, 50) * 1e3:>9.3f}"
              f"{percentile(lat, 99) * 1e3:>9.3f}{max(lat) * 1e3:>9.3f}")
    print(f"  ratio rubric/VADER: {sum(theirs) / sum(ours):.2f}x")
    short_explained = [t for t, w in zip(explained, words, strict=True) if w <= 100]
    print(f"  rubric p99, replies <= 100 words ({len(short):,}): "
          f"{percentile(short, 99) * 1e3:.3f} ms, with evidence and tips "
          f"{percentile(short_explained, 99) * 1e3:.3f} ms (target < 2 ms)")

    long_reply = " ".join(" ".join(corpus).split()[:5000])
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        _ = score_reply(long_reply).evidence
        runs.append(time.perf_counter() - start)
    print("\none 5,000-word reply, with evidence and tips: "
          f"median {statistics.median(runs) * 1e3:.1f} ms of 5 "
          "(target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
