"""How long the scenario loader takes on the worst files an author can send it.

Each hostile file is at most the size limit (256 KiB). Every one is loaded as `trainer
validate` loads a file (read, compose, schema, checks) and timed as the median of 5 runs; the
reference in the same run is the largest bundled scenario. The loader's bounds (values, items
in a list, nesting depth, total text, aliases) are what keep every case well under a second.
Run: `make bench-hostile` or `python benchmarks/bench_hostile_yaml.py`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trainer.scenario import bundled_dir, load_bytes  # noqa: E402
from trainer.scenario.yaml_source import MAX_BYTES  # noqa: E402


def _fit(text: str) -> bytes:
    return text.encode("utf-8")[:MAX_BYTES]


def hostile_files() -> dict[str, bytes]:
    rng = random.Random(16)
    return {
        "200,000-item flow list (cut to the limit)": _fit("bogus: [" + "1," * 200_000 + "1]"),
        "block list of 60,000 items": _fit("bogus:\n" + "- 1\n" * 60_000),
        "30,000 keys": _fit("".join(f"k{i}: 1\n" for i in range(30_000))),
        "100,000 nested [": _fit("a: " + "[" * 100_000 + "]" * 100_000),
        "50,000 nested {a:": _fit("a: " + "{a: " * 50_000 + "}" * 50_000),
        "blank lines to the limit": b"\n" * (MAX_BYTES - 4) + b"a: 1",
        "comments to the limit": _fit(("# " + "x" * 70 + "\n") * 4000),
        "one plain scalar to the limit": _fit("a: " + ("word " * 14 + "\n  ") * 4000),
        "escapes to the limit": _fit('a: "' + "\\x41" * 70_000 + '"'),
        "alias fan-out of a big scalar": _fit("a: &a [" + "x" * 200_000 + "]\n"
                                              "b: [*a, *a, *a, *a, *a]"),
        "random bytes": bytes(rng.randrange(256) for _ in range(MAX_BYTES)),
        "random printable text": _fit("".join(rng.choice(" :-[]{}&*!|>'\"#\nab1")
                                              for _ in range(MAX_BYTES))),
        "UTF-16 LE to the limit": ("title: x\n" * 14_000).encode("utf-16-le")[:MAX_BYTES],
    }


def median_ms(data: bytes, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_bytes(data, "bench.yaml")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    reference = max(bundled_dir().glob("*.yaml"), key=lambda p: p.stat().st_size)
    reference_ms = median_ms(reference.read_bytes())
    print(f"reference: {reference.name} ({reference.stat().st_size:,} bytes) "
          f"{reference_ms:.1f} ms\n")
    print(f"{'hostile file':<44} {'bytes':>8} {'ms':>7} {'x ref':>6}  first diagnostic")
    worst = 0.0
    for name, data in hostile_files().items():
        ms = median_ms(data)
        worst = max(worst, ms)
        loaded = load_bytes(data, "bench.yaml")
        first = loaded.diagnostics[0].code if loaded.diagnostics else "-"
        print(f"{name:<44} {len(data):>8,} {ms:>7.1f} {ms / reference_ms:>6.1f}  {first}")
    print(f"\nworst case: {worst:.0f} ms ({worst / reference_ms:.1f}x the largest bundled "
          "scenario)")


if __name__ == "__main__":
    main()
