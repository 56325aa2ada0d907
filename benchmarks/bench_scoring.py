"""Speed of the rubric engine against VADER on the same corpus, in one run.

Builds a seeded corpus of at least 10,000 varied replies (1 to ~150 words, formal and
informal, some with typos, emoji and other scripts), then times:

- our scorer: replies per second, p50 and p99 latency (all replies, and replies <= 100 words)
- VADER (vaderSentiment's SentimentIntensityAnalyzer.polarity_scores): replies per second
- one 5,000-word reply

and prints the throughput ratio. Run: `make bench` or `python benchmarks/bench_scoring.py`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring import score_reply  # noqa: E402

FRAGMENTS = [
    "I'm so sorry about this", "that must be really frustrating", "im so sory",
    "I've refunded the $40 to your card today", "I'll call you on Friday to check",
    "Could you send me your order number?", "calm down, it's not a big deal",
    "You should have read the instructions", "That's just our policy",
    "We'll look into it", "Feel free to contact us if you need anything",
    "ill msg u tmrw once its cleared", "I've booked an engineer for Thursday 9-12",
    "Our system doesn't make mistakes", "Is there anything else I can help with?",
    "I completely understand why you're upset", "the courier lost it, but that's on us",
    "pls send a pic of the label", "We apologise for any inconvenience caused",
    "I'll email you as soon as the refund clears", "What did you expect?",
    "申し訳ありません", "😡🙏", "Relax, it's only three days", "thank you for your patience",
    "I know how stressful a delayed move is", "I've added a 15% discount to your account",
    "Someone will be in touch", "There's nothing I can do", "ok will check",
]


def build_corpus(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = list(FRAGMENTS)
    for name in ("own_replies.jsonl",):
        path = ROOT / "tests" / "data" / name
        if path.exists():
            pool += [json.loads(line)["reply"] for line in path.open(encoding="utf-8")
                     if line.strip()]
    shared = ROOT.parent / "shared" / "data" / "dev_replies.jsonl"
    if shared.exists():
        pool += [json.loads(line)["reply"] for line in shared.open(encoding="utf-8")]
    pool = [p for p in pool if p.strip()]
    corpus = []
    for _ in range(size):
        parts = rng.choice((1, 1, 2, 3, 4, 6, 8))
        corpus.append(" ".join(rng.choice(pool) for _ in range(parts)))
    return corpus


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    corpus = build_corpus(args.size, args.seed)
    words = [len(r.split()) for r in corpus]
    print(f"corpus: {len(corpus):,} replies, {min(words)}-{max(words)} words "
          f"(median {statistics.median(words):.0f}), seed {args.seed}")

    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("vaderSentiment is not installed: pip install -e '.[dev]'", file=sys.stderr)
        return 1
    vader = SentimentIntensityAnalyzer()

    # Warm both up on the same small slice (imports, regex compilation, caches).
    for reply in corpus[:200]:
        score_reply(reply)
        vader.polarity_scores(reply)

    ours = time_each(score_reply, corpus)
    theirs = time_each(vader.polarity_scores, corpus)
    ours_total, theirs_total = sum(ours), sum(theirs)
    short = [t for t, w in zip(ours, words, strict=True) if w <= 100]

    print(f"\n{'scorer':<12}{'replies/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, lat, total in (("rubric", ours, ours_total), ("VADER", theirs, theirs_total)):
        print(f"{name:<12}{len(lat) / total:>12,.0f}{percentile(lat, 50) * 1e3:>10.3f}"
              f"{percentile(lat, 99) * 1e3:>10.3f}{max(lat) * 1e3:>10.3f}")
    print(f"\nthroughput ratio rubric/VADER: {theirs_total / ours_total:.2f}x "
          "(target >= 2x)")
    print(f"rubric p99 for replies <= 100 words ({len(short):,} replies): "
          f"{percentile(short, 99) * 1e3:.3f} ms (target < 2 ms)")

    long_reply = " ".join(corpus[i % len(corpus)] for i in range(2000))
    long_reply = " ".join(long_reply.split()[:5000])
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        score_reply(long_reply)
        runs.append(time.perf_counter() - start)
    print(f"rubric on one 5,000-word reply: median {statistics.median(runs) * 1e3:.1f} ms "
          f"of 5 runs (target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
