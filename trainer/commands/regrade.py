"""`trainer regrade`: re-score stored transcripts with the current rubric; show what changed.

Scores are reproducible from transcripts: a session whose replies score the same today
shows no change. Scenario weights and phrases come from the scenario files (bundled, or
--scenarios DIR); a scenario that can no longer be found is re-scored without them.
"""

from __future__ import annotations

import argparse

from scoring import DIMENSIONS, RUBRIC_VERSION, RubricAdjustments, score_reply
from trainer.commands.scenario_options import add_scenario_options, scenario_folders
from trainer.commands.storage import add_store_options, open_store
from trainer.safe_text import shown


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "regrade", help="re-score stored sessions with the current rubric",
        description="Re-score every finished session's transcript with the current rubric "
                    "and list the sessions whose scores changed.")
    add_scenario_options(parser)
    add_store_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.scenario import load_library
    from trainer.session.outcome import overall_score
    store = open_store(args, read_only=True)
    if store is None:
        return 1
    results, _ = load_library(scenario_folders(args))
    scenarios = {r.scenario.id: r.scenario for r in results if r.scenario is not None}
    checked = changed = 0
    try:
        for session, turns in store.finished_transcripts():
            checked += 1
            scenario = scenarios.get(session.scenario_id)
            adjustments = RubricAdjustments(dict(scenario.rubric.phrases)) if scenario else None
            weights = dict(scenario.rubric.weights) if scenario else {}
            best = dict.fromkeys(DIMENSIONS, 0.0)
            old_best = dict.fromkeys(DIMENSIONS, 0.0)
            flags: list[str] = []
            for turn in turns:
                result = score_reply(turn.reply, turn.customer_before, adjustments)
                for d in DIMENSIONS:
                    best[d] = max(best[d], result.scores[d])
                    old_best[d] = max(old_best[d], turn.scores.get(d, 0.0))
                # Over-promises depend on the scenario's policy, kept from when it was played.
                flags += [*result.flags, *(["overpromise"] if "overpromise" in turn.flags
                                           else [])]
            new_score, _ = overall_score(best, weights, tuple(dict.fromkeys(flags)))
            moved = [f"{d} {old_best[d]:.2f}->{best[d]:.2f}" for d in DIMENSIONS
                     if abs(best[d] - old_best[d]) >= 0.005]
            if new_score != session.score or moved:
                changed += 1
                who = shown(f"{session.trainee}, {session.scenario_id}, rubric "
                            f"{session.rubric_version}", one_line=True)
                print(f"session {session.id} ({who}): score {session.score} -> "
                      f"{new_score}; " + ("; ".join(moved) or "dimensions unchanged"))
    finally:
        store.close()
    print(f"{checked} session(s) re-scored with rubric {RUBRIC_VERSION}; {changed} changed")
    return 0
