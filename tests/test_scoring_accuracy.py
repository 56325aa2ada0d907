"""Accuracy floors: F1 >= 0.90 for every dimension and flag on the labelled sets."""

from __future__ import annotations

import pytest

from scoring import score_reply
from scoring.baseline import baseline_score
from scoring.evaluation import KEYS, evaluate, parse_labelled
from tests.conftest import OWN_DATA, SHARED_DATA

SETS = {
    "shared dev set": SHARED_DATA / "dev_replies.jsonl",
    "own labelled set": OWN_DATA / "own_replies.jsonl",
}


def _report(path):
    if not path.exists():
        pytest.skip(f"{path} is not present in this checkout")
    with path.open(encoding="utf-8") as stream:
        items, errors = parse_labelled(stream)
    assert not errors
    return items, evaluate(items, lambda r, c: score_reply(r, c or None))


@pytest.mark.parametrize("path", SETS.values(), ids=SETS.keys())
def test_every_dimension_and_flag_reaches_f1_090(path):
    _, report = _report(path)
    low = {k: round(report.tallies[k].f1, 3) for k in KEYS if report.tallies[k].f1 < 0.90}
    assert not low


def test_engine_beats_the_keyword_baseline_by_a_wide_margin():
    items, report = _report(SETS["own labelled set"])
    baseline = evaluate(items, baseline_score)
    assert report.macro_f1 - baseline.macro_f1 > 0.2
