"""Assemble the labelled corpus from its texts and its annotators' labels.

    python corpus/assemble.py            write corpus/<source>.jsonl and print the figures
    python corpus/assemble.py --check    exit 1 if the written files are not what it would write
    python corpus/assemble.py --root corpus/candidates [--check]
                                         the same for cells labelled but not adopted: their
                                         labelled files go beside them, never into training

Inputs (all in git, so every label can be traced to who gave it):
- `texts/<source>.jsonl`: the replies, one JSON object per line: `id`, `reply`, `customer`,
  `source`, `licence`, and for written replies the writer's grid cell (industry, channel,
  register, intent). Annotators never saw the cell.
- `annotations/<batch>-a.tsv`, `<batch>-b.tsv`: two annotators' labels, each made
  independently from RUBRIC.md and the text alone: `id<TAB>8 digits` in the order
  empathy apology questions solution follow_up blame dismissive defensive.
- `annotations/adjudication-*.tsv`: a third annotator's labels for the keys the two disagreed
  on: `id<TAB>8 characters`, a digit for each disputed key and `-` for the rest.

- `annotations/second-round/`: the same three kinds of file for a second, independent round
  on chosen keys of chosen replies (a digit at each re-judged key, `-` elsewhere). Where a
  second round covers a key, its result (agreed, or settled by its third annotator) replaces
  the first round's; the datasheet says why each round was run.

A reply's label is the two annotators' agreed value, or the third's where they disagreed.
A reply without both annotations, or with a dispute not yet adjudicated, is left out and
counted. Replies that match held-out measurement text (`../shared/tools/heldout.py`) are
dropped and counted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEYS = ("empathy", "apology", "questions", "solution", "follow_up",
        "blame", "dismissive", "defensive")
HELDOUT = HERE.parent.parent / "shared" / "tools" / "heldout.py"


def read_labels(pattern: str, folder: str = "annotations", root: Path = HERE) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((root / folder).glob(pattern)):
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                rid, value = line.rstrip("\n").split("\t")
            except ValueError:
                sys.exit(f"{path}:{number}: expected 'id<TAB>labels'")
            if len(value) != len(KEYS) or not set(value) <= set("01-"):
                sys.exit(f"{path}:{number}: labels must be {len(KEYS)} of 0, 1 or -")
            out[rid] = value
    return out


def kappa(pairs: list[tuple[int, int]]) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    agree = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if chance == 1 else (agree - chance) / (1 - chance)


def _heldout():
    if not HELDOUT.exists():
        return None, None
    spec = importlib.util.spec_from_file_location("heldout", HELDOUT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.load()


def assemble(root: Path = HERE) -> tuple[dict[str, list[str]], dict]:
    """The labelled lines per source, and the figures, from `root`'s texts and annotations
    (the corpus, or a folder of candidate cells laid out the same way)."""
    a, b = read_labels("*-a.tsv", root=root), read_labels("*-b.tsv", root=root)
    third = read_labels("adjudication-*.tsv", root=root)
    second = _second_round(root)
    heldout, known = _heldout()
    files: dict[str, list[str]] = defaultdict(list)
    stats: dict = {"sources": Counter(), "positives": defaultdict(Counter),
                   "unlabelled": Counter(), "awaiting": Counter(), "heldout": Counter(),
                   "pairs": defaultdict(list), "disputed": 0, "adjudicated": 0,
                   "licences": {}, "second": second_round_stats()}
    for path in sorted((root / "texts").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            item = json.loads(line)
            rid, source = item["id"], item["source"]
            stats["licences"][source] = item.get("licence", "")
            if rid not in a or rid not in b:
                stats["unlabelled"][source] += 1
                continue
            if heldout is not None and heldout.held_out(item["reply"], known):
                stats["heldout"][source] += 1
                continue
            for k, key in enumerate(KEYS):
                stats["pairs"][key].append((int(a[rid][k]), int(b[rid][k])))
            disputed = a[rid] != b[rid]
            stats["disputed"] += disputed
            values = _settled(a[rid], b[rid], third.get(rid), range(len(KEYS)))
            if values is None:
                stats["awaiting"][source] += 1
                continue
            stats["adjudicated"] += disputed
            final = [values[k] for k in range(len(KEYS))]
            if rid in second and not _apply_second_round(rid, second, final, stats["second"]):
                stats["awaiting"][source] += 1
                continue
            labels = dict(zip(KEYS, final, strict=True))
            out = {"id": rid, "reply": item["reply"], "customer": item.get("customer", ""),
                   "labels": labels, "source": source}
            files[source].append(json.dumps(out, ensure_ascii=False))
            stats["sources"][source] += 1
            for key, v in labels.items():
                stats["positives"][source][key] += v
    return files, stats


def second_round_stats() -> dict:
    """The tallies `_apply_second_round` keeps: kappa pairs per key, labels changed
    (key, before, after), disagreements, and those still awaiting a third annotator."""
    return {"pairs": defaultdict(list), "changed": Counter(), "disputed": 0, "awaiting": 0}


def _second_round(root: Path) -> dict[str, tuple[str, str, str | None]]:
    """Each re-judged reply's two second-round labels and its third's (None if none)."""
    folder = "annotations/second-round"
    a, b = read_labels("*-a.tsv", folder, root), read_labels("*-b.tsv", folder, root)
    third = read_labels("adjudication-*.tsv", folder, root)
    for rid in set(a) ^ set(b):
        sys.exit(f"{folder}: {rid} was re-judged by only one annotator")
    for rid in a:
        if [c == "-" for c in a[rid]] != [c == "-" for c in b[rid]]:
            sys.exit(f"{folder}: the two annotators of {rid} re-judged different keys")
    return {rid: (a[rid], b[rid], third.get(rid)) for rid in a}


def _settled(a: str, b: str, third: str | None, keys: Iterable[int]) -> dict[int, int] | None:
    """Each of `keys`' label: the two annotators' where they agree, the third's where they
    do not; None while a disagreement still awaits the third. Both rounds settle this way."""
    keys = list(keys)
    disputed = {k for k in keys if a[k] != b[k]}
    if disputed and (third is None or any(third[k] == "-" for k in disputed)):
        return None
    return {k: int(third[k] if k in disputed else a[k]) for k in keys}


def _apply_second_round(rid: str, second: dict, final: list[int], stats: dict) -> bool:
    """Replace `final`'s re-judged keys with the second round's result; False while a
    disagreement there awaits its third annotator."""
    a, b, third = second[rid]
    keys = [k for k in range(len(KEYS)) if a[k] != "-"]
    stats["disputed"] += any(a[k] != b[k] for k in keys)
    values = _settled(a, b, third, keys)
    if values is None:
        stats["awaiting"] += 1
        return False
    for k in keys:
        stats["pairs"][KEYS[k]].append((int(a[k]), int(b[k])))
        if values[k] != final[k]:
            stats["changed"][(KEYS[k], final[k], values[k])] += 1
        final[k] = values[k]
    return True


def figures(stats: dict) -> str:
    """The datasheet's figures, as Markdown."""
    keys = "".join(f" {k} |" for k in KEYS)
    out = [f"| source | replies |{keys} licence |",
           "|---|---:|" + "---:|" * len(KEYS) + "---|"]
    total = sum(stats["sources"].values())
    for source in sorted(stats["sources"]):
        out.append(f"| {source} | {stats['sources'][source]:,} |" + "".join(
            f" {stats['positives'][source][k]:,} |" for k in KEYS)
            + f" {stats['licences'].get(source, '')} |")
    out.append(f"| **all** | **{total:,}** |" + "".join(
        f" **{sum(stats['positives'][s][k] for s in stats['sources']):,}** |" for k in KEYS)
        + " |")
    out += ["", "Agreement of the two independent annotators, before adjudication:", "",
            "| key | Cohen's kappa | raw agreement | replies |", "|---|---:|---:|---:|"]
    for key in KEYS:
        pairs = stats["pairs"][key]
        agree = sum(x == y for x, y in pairs) / max(1, len(pairs))
        out.append(f"| {key} | {kappa(pairs):.3f} | {agree:.1%} | {len(pairs):,} |")
    out += ["", f"Replies with any disagreement: {stats['disputed']:,}, of which "
            f"{stats['adjudicated']:,} settled by a third annotator and "
            f"{sum(stats['awaiting'].values()):,} still awaiting one (left out). Not yet labelled "
            f"twice: {sum(stats['unlabelled'].values()):,} (left out). Dropped by the held-out "
            f"filter (`../shared/tools/heldout.py`): {sum(stats['heldout'].values()):,}"
            + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(stats['heldout'].items()))})"
               if stats["heldout"] else "") + "."]
    second = stats["second"]
    if second["pairs"]:
        out += ["", "Second round (see above), two new independent annotators per reply, "
                "before adjudication:", "",
                "| key | Cohen's kappa | raw agreement | replies | 1 → 0 | 0 → 1 |",
                "|---|---:|---:|---:|---:|---:|"]
        for key, pairs in sorted(second["pairs"].items()):
            agree = sum(x == y for x, y in pairs) / len(pairs)
            out.append(f"| {key} | {kappa(pairs):.3f} | {agree:.1%} | {len(pairs):,} | "
                       f"{second['changed'][(key, 1, 0)]:,} | "
                       f"{second['changed'][(key, 0, 1)]:,} |")
        out += ["", f"Second-round disagreements: {second['disputed']:,}, of which "
                f"{second['disputed'] - second['awaiting']:,} settled by a third annotator."]
    return "\n".join(out) + "\n"


def _datasheet(stats: dict) -> tuple[Path, str]:
    path = HERE / "DATASHEET.md"
    text = path.read_text(encoding="utf-8")
    begin, end = "<!-- figures: written by assemble.py -->", "<!-- end of figures -->"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return path, f"{head}{begin}\n{figures(stats)}{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--root", type=Path, default=HERE,
                        help="a folder laid out as the corpus (default: the corpus)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    files, stats = assemble(root)
    stale = []
    for source, lines in sorted(files.items()):
        path = root / f"{source}.jsonl"
        text = "\n".join(lines) + "\n"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if root == HERE:  # the datasheet's figures are the corpus's
        sheet, sheet_text = _datasheet(stats)
        if args.check and sheet.read_text(encoding="utf-8") != sheet_text:
            stale.append(sheet.name)
        elif not args.check:
            sheet.write_text(sheet_text, encoding="utf-8")
    if not args.check:
        for old in root.glob("*.jsonl"):
            if old.stem not in files:
                old.unlink()
    total = sum(stats["sources"].values())
    print(f"{total:,} labelled replies from {len(files)} sources")
    print(f"{'source':<22}{'replies':>8}" + "".join(f"{k[:9]:>10}" for k in KEYS))
    for source in sorted(stats["sources"]):
        print(f"{source:<22}{stats['sources'][source]:>8}"
              + "".join(f"{stats['positives'][source][k]:>10}" for k in KEYS))
    print(f"{'all':<22}{total:>8}" + "".join(
        f"{sum(stats['positives'][s][k] for s in stats['sources']):>10}" for k in KEYS))
    print("\nagreement of the two independent annotators (Cohen's kappa)")
    for key in KEYS:
        pairs = stats["pairs"][key]
        agree = sum(x == y for x, y in pairs) / max(1, len(pairs))
        print(f"  {key:<11} kappa {kappa(pairs):.3f}  raw agreement {agree:.1%}  "
              f"({len(pairs):,} replies)")
    print(f"\nreplies with any disagreement: {stats['disputed']:,}; adjudicated "
          f"{stats['adjudicated']:,}; awaiting a third label "
          f"{sum(stats['awaiting'].values()):,}")
    print(f"not yet labelled twice: {sum(stats['unlabelled'].values()):,}; dropped as "
          f"held-out text: {sum(stats['heldout'].values()):,} {dict(stats['heldout'])}")
    if stale:
        again = "" if root == HERE else f" --root {args.root}"
        print(f"stale: {', '.join(stale)} (run python corpus/assemble.py{again})",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
