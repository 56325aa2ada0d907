"""`trainer eval`: precision, recall and F1 of the scorer against labelled replies."""

from __future__ import annotations

import argparse
import sys

from scoring import score_reply
from scoring.baseline import baseline_score
from scoring.evaluation import KEYS, Report, evaluate, parse_labelled
from trainer.jsonl import open_input


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval", help="measure the scorer against labelled replies",
        description="Read labelled JSON Lines (RUBRIC.md format) and print precision, recall "
                    "and F1 per dimension and flag (credited = score >= 0.5) and the macro-F1.")
    parser.add_argument("file", help="labelled JSON Lines, or - for stdin")
    parser.add_argument("--misses", action="store_true",
                        help="list every disagreement with the evidence behind it")
    parser.add_argument("--baseline", action="store_true",
                        help="also score with a naive keyword lookup, to show the gain")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    label = "<stdin>" if args.file == "-" else args.file
    try:
        with open_input(args.file) as stream:
            items, errors = parse_labelled(stream)
    except OSError as exc:
        print(f"{label}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as exc:
        print(f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})", file=sys.stderr)
        return 1
    for error in errors:
        print(f"{label}:{error.line}: {error.message}", file=sys.stderr)
    if not items:
        print(f"{label}: no labelled replies to evaluate", file=sys.stderr)
        return 1
    report = evaluate(items, lambda reply, customer: score_reply(reply, customer or None))
    baseline = evaluate(items, baseline_score) if args.baseline else None
    _print_table(report, baseline, len(items))
    if args.misses:
        _print_misses(report)
    return 1 if errors else 0


def _print_table(report: Report, baseline: Report | None, count: int) -> None:
    header = f"{'key':<11} {'precision':>9} {'recall':>7} {'F1':>6}"
    if baseline:
        header += f"   {'baseline F1':>11} {'gain':>6}"
    print(f"{count} labelled replies")
    print(header)
    for key in KEYS:
        t = report.tallies[key]
        row = f"{key:<11} {t.precision:>9.3f} {t.recall:>7.3f} {t.f1:>6.3f}"
        if baseline:
            b = baseline.tallies[key].f1
            row += f"   {b:>11.3f} {t.f1 - b:>+6.3f}"
        print(row)
    row = f"{'macro-F1':<11} {'':>9} {'':>7} {report.macro_f1:>6.3f}"
    if baseline:
        row += f"   {baseline.macro_f1:>11.3f} {report.macro_f1 - baseline.macro_f1:>+6.3f}"
    print(row)


def _print_misses(report: Report) -> None:
    print(f"\n{len(report.misses)} disagreements")
    for miss in report.misses:
        result = miss.result
        got = (f"{result.scores[miss.key]:.2f}" if miss.key in result.scores
               else str(miss.key in result.flags).lower())
        print(f"\n{miss.item.id}  {miss.key}: labelled {miss.expected}, scored {got}")
        print(f"  reply: {miss.item.reply}")
        related = [e for e in result.evidence if e.key in (miss.key, "all")]
        for e in related:
            print(f"  {e.effect:<6} {e.rule:<28} [{e.start}:{e.end}] {e.text!r}")
        if not related:
            print("  (no rule matched)")
