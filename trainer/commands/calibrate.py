"""`trainer calibrate`: how far the engine agrees with a team's own trainers, per key, and
(`--adopt`) a model retrained with their labels so the team's rubric follows them.

Agreement is Cohen's kappa: 1 is perfect, 0 is what chance would give. The trainer's file is
the RUBRIC.md labelled format. Adopting needs the corpus the bundled model was built from and
the `train` extra; the team's labels are weighted three times, so where they disagree with
the corpus they win.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scoring import KEYS, CorpusError, RubricError, score_reply
from scoring.evaluation import LabelledReply, evaluate, parse_labelled, predicted
from trainer.jsonl import input_label, open_input
from trainer.paths import team_model_path
from trainer.safe_text import shown

TEAM_WEIGHT = 3
# A key with fewer replies than this that have it (trainer yes or engine yes) gets its kappa
# marked: with 2 to 4 "yes" labels a tester read kappa 1.00 as certainty.
FEW_YES = 20
_SHOWN = 20


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calibrate", help="compare the engine with your trainers' labels; adopt them",
        description="Read replies your trainers labelled (RUBRIC.md JSON Lines) and print, per "
                    "dimension and flag, how often the engine agrees with them (Cohen's kappa) "
                    "and where it does not. --adopt retrains the model with those labels added "
                    "and uses it from then on (TRAINER_MODEL, or rubric-model.json in the "
                    "config dir).")
    parser.add_argument("file", help="labelled JSON Lines from your trainers, or - for stdin")
    parser.add_argument("--adopt", action="store_true",
                        help="retrain with these labels and use the result from now on")
    parser.add_argument("--corpus", default=None,
                        help="the labelled corpus to retrain from (default: ./corpus, or the "
                             "corpus beside the installed package)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    label = input_label(args.file)
    try:
        with open_input(args.file) as stream:
            items, errors = parse_labelled(stream, default_source="team")
    except OSError as exc:
        print(f"{label}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for error in errors:
        print(f"{label}:{error.line}: {error.message}", file=sys.stderr)
    if errors or not items:
        if not items:
            print(f"{label}: no labelled replies", file=sys.stderr)
        return 1
    print(f"{len(items)} repl{'y' if len(items) == 1 else 'ies'} labelled by your trainers, "
          "against the engine now in use")
    _agreement(items)
    if not args.adopt:
        return 0
    return _adopt(items, args.corpus)


def _agreement(items: list[LabelledReply], model=None) -> None:
    report = evaluate(items, lambda r, c: score_reply(r, c or None, model=model))
    print(f"{'key':<11} {'agree':>6} {'kappa':>7} {'trainer yes':>11} {'engine yes':>10}")
    few = []
    for key in KEYS:
        t = report.tallies[key]
        n = t.tp + t.fp + t.fn + t.tn
        with_key = t.tp + t.fp + t.fn
        mark = "*" if with_key < FEW_YES else " "
        if mark == "*":
            few.append(key)
        print(f"{key:<11} {(t.tp + t.tn) / n:>6.1%} {t.kappa:>6.2f}{mark} "
              f"{t.tp + t.fn:>11} {t.tp + t.fp:>10}")
    print("kappa: 1 = full agreement, 0 = no better than chance; above 0.8 the engine judges "
          "that key as your trainers do,\nbelow 0.6 read the disagreements")
    if few:
        print(f"* fewer than {FEW_YES} replies have this key (trainer or engine yes): its "
              "kappa can swing from one label to the next, so label more before trusting it "
              f"({', '.join(few)})")
    misses = report.misses
    print(f"\n{len(misses)} disagreements" + (f" (first {_SHOWN})" if len(misses) > _SHOWN else ""))
    for miss in misses[:_SHOWN]:
        engine = predicted(miss.result, miss.key)
        reply = miss.item.reply if len(miss.item.reply) <= 90 else miss.item.reply[:87] + "..."
        print(f"  {shown(miss.item.id, one_line=True)}  {miss.key}: trainer {miss.expected}, "
              f"engine {engine}  {reply!r}")


def _corpus_folder(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    here = Path.cwd() / "corpus"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "corpus"


def _adopt(items: list[LabelledReply], corpus: str | None) -> int:
    # scoring.training imports scikit-learn only when it fits: a missing 'train' extra is
    # the ImportError caught below
    from scoring import training

    folder = _corpus_folder(corpus)
    try:
        examples = training.load_corpus(training.corpus_files(folder))
        data = training.train([*examples, *items * TEAM_WEIGHT])
    except CorpusError as exc:
        print(f"{exc} (pass --corpus DIR)", file=sys.stderr)
        return 1
    except ImportError as exc:
        print(f"--adopt needs the 'train' extra ({exc.name} is missing): "
              "pip install 'complaint-trainer[train]'", file=sys.stderr)
        return 1
    target = team_model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    try:
        from scoring import load_model
        adopted = load_model(target)
    except RubricError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    print(f"\nadopted: retrained on {len(examples):,} corpus replies and your "
          f"{len(items)} (weighted {TEAM_WEIGHT}x); written to {target}")
    print("agreement with the adopted model (on the same replies it learned from, so "
          "optimistic):")
    _agreement(items, adopted)
    # a tester's adopted model failed a bundled scenario's test and nothing said so
    print("\nThe adopted model now scores every reply: run `trainer test` (with --scenarios "
          "for your team's folders) to check the scenarios' tests still pass, and "
          "`trainer regrade` to see what changes for stored sessions. Delete "
          f"{target} to go back to the bundled model.")
    return 0
