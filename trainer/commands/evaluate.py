"""`trainer eval`: how well the scorer agrees with labelled replies, and how well its
probabilities are calibrated; `--loso` adds the leave-one-source-out table for a corpus."""

from __future__ import annotations

import argparse
import os
import sys

from scoring import score_reply
from scoring.evaluation import KEYS, Report, baseline_score, evaluate, parse_labelled
from trainer.jsonl import input_label, open_input
from trainer.safe_text import shown


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval", help="measure the scorer against labelled replies",
        description="Read labelled JSON Lines (RUBRIC.md format) and print precision, recall, "
                    "F1 and Brier score per dimension and flag (credited = score >= 0.5), the "
                    "macro-F1, and a reliability table of the scores' calibration.")
    parser.add_argument("file", nargs="?", help="labelled JSON Lines, or - for stdin")
    parser.add_argument("--misses", action="store_true",
                        help="list every disagreement with the evidence behind it")
    parser.add_argument("--baseline", action="store_true",
                        help="also score with a naive keyword lookup, to show the gain")
    parser.add_argument("--loso", metavar="CORPUS_DIR",
                        help="train on every source of the corpus but one and test on it, for "
                             "each source (needs the 'train' extra; about 75 minutes on two cores)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.loso:
        return _loso(args.loso)
    if not args.file:
        print("trainer eval: give a labelled file, or --loso CORPUS_DIR", file=sys.stderr)
        return 2
    label = input_label(args.file)
    try:
        with open_input(args.file) as stream:
            items, errors = parse_labelled(stream)
    except OSError as exc:
        print(f"{label}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for error in errors:
        print(f"{label}:{error.line}: {error.message}", file=sys.stderr)
    if not items:
        print(f"{label}: no labelled replies to evaluate", file=sys.stderr)
        return 1
    report = evaluate(items, lambda reply, customer: score_reply(reply, customer or None))
    baseline = evaluate(items, baseline_score) if args.baseline else None
    print_table(report, baseline, len(items))
    print_reliability(report)
    if args.misses:
        _print_misses(report)
    return 1 if errors else 0


def print_table(report: Report, baseline: Report | None, count: int) -> None:
    header = f"{'key':<11} {'precision':>9} {'recall':>7} {'F1':>6} {'Brier':>6}"
    if baseline:
        header += f"   {'baseline F1':>11} {'gain':>6}"
    print(f"{count} labelled replies")
    print(header)
    for key in KEYS:
        t = report.tallies[key]
        row = f"{key:<11} {t.precision:>9.3f} {t.recall:>7.3f} {t.f1:>6.3f} {t.brier:>6.3f}"
        if baseline:
            b = baseline.tallies[key].f1
            row += f"   {b:>11.3f} {t.f1 - b:>+6.3f}"
        print(row)
    row = f"{'macro-F1':<11} {'':>9} {'':>7} {report.macro_f1:>6.3f}"
    if baseline:
        row += f"   {'':>6} {baseline.macro_f1:>11.3f} {report.macro_f1 - baseline.macro_f1:>+6.3f}"
    print(row)


def print_reliability(report: Report) -> None:
    print("\ncalibration over every key (a well-calibrated 0.7 is right 70% of the time)")
    print(f"{'scores in':<11} {'mean score':>10} {'observed':>9} {'count':>7}")
    for low, mean, observed, count in report.reliability():
        print(f"{low:.1f}-{low + 0.1:.1f}    {mean:>10.3f} {observed:>9.3f} {count:>7}")


def _loso(folder: str) -> int:
    # scoring.training imports scikit-learn only when it fits, so a missing 'train' extra
    # shows up as the ImportError below, not at this import
    from scoring import CorpusError, training
    try:
        examples = training.load_corpus(training.corpus_files(folder))
        table = training.leave_one_source_out(
            examples, progress=lambda msg: print(msg, file=sys.stderr),
            jobs=max(1, min(2, os.cpu_count() or 1)))
    except CorpusError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ImportError as exc:
        print(f"trainer eval --loso needs the 'train' extra ({exc.name} is missing): "
              "pip install 'complaint-trainer[train]'", file=sys.stderr)
        return 1
    print(f"leave-one-source-out F1 ({len(examples):,} replies; each row: trained on every "
          "other source)")
    print(training.format_loso(table))
    return 0


def _print_misses(report: Report) -> None:
    print(f"\n{len(report.misses)} disagreements")
    for miss in report.misses:
        result = miss.result
        got = (f"{result.scores[miss.key]:.2f}" if miss.key in result.scores
               else f"{result.flag_scores.get(miss.key, 0.0):.2f}")
        print(f"\n{shown(miss.item.id, one_line=True)}  {miss.key}: labelled {miss.expected}, "
              f"scored {got}")
        print(f"  reply: {shown(miss.item.reply, one_line=True)}")
        related = [e for e in result.evidence if e.key in (miss.key, "all")]
        for e in related:
            print(f"  {e.effect:<6} {e.score:>+6.2f} [{e.start}:{e.end}] {e.text!r}")
        if not related:
            print("  (no words weighed enough to show)")
