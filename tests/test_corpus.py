"""The labelled corpus: assembled from its annotations, and free of held-out text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, SHARED_TOOLS

HELDOUT = SHARED_TOOLS / "heldout.py"


CANDIDATES = CORPUS / "candidates"  # cells labelled but not adopted (kept out of training)


def _corpus_files():
    return [path for root in (CORPUS, CANDIDATES)
            for path in sorted(root.glob("*.jsonl")) + sorted((root / "texts").glob("*.jsonl"))]


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_corpus_file_holds_held_out_measurement_text(path):
    """../shared/tools/heldout.py lists (and exits 1 on) replies that match held-out text."""
    if not HELDOUT.exists():
        pytest.skip(f"{HELDOUT} is not present in this checkout")
    proc = subprocess.run([sys.executable, str(HELDOUT), str(path)], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("root", [CORPUS, CANDIDATES], ids=["corpus", "candidates"])
def test_the_labelled_files_are_what_the_annotations_give(root):
    proc = subprocess.run([sys.executable, str(CORPUS / "assemble.py"), "--check",
                           "--root", str(root)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr + proc.stdout


def test_candidates_are_kept_out_of_training():
    from scoring.training import corpus_files

    trained = {path.stem for path in corpus_files(CORPUS)}
    assert not trained & {path.stem for path in CANDIDATES.glob("*.jsonl")}


def test_every_text_names_its_source_and_licence():
    for path in sorted(CORPUS.glob("texts/*.jsonl")) + sorted(CANDIDATES.glob("texts/*.jsonl")):
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            item = json.loads(line)
            assert item.get("source") and "licence" in item, f"{path}:{number}"


def _assemble_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("assemble", CORPUS / "assemble.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("a", "b", "third", "first", "settled"), [
    ("-------0", "-------0", None, 1, 0),          # both re-judge 1 -> 0: it changes
    ("-------1", "-------0", "-------0", 1, 0),    # they split; the third decides
    ("-------1", "-------0", None, 1, None),       # split with no third yet: left out
])
def test_a_second_round_replaces_the_first_rounds_label_only_where_it_judged(
        a, b, third, first, settled):
    assemble = _assemble_module()
    final = [1, 0, 0, 0, 0, 1, 0, first]
    stats = assemble.second_round_stats()
    kept = assemble._apply_second_round("r1", {"r1": (a, b, third)}, final, stats)
    if settled is None:
        assert not kept and stats["awaiting"] == 1
    else:
        assert kept and final == [1, 0, 0, 0, 0, 1, 0, settled]
        assert stats["pairs"]["defensive"] == [(int(a[7]), int(b[7]))]


@pytest.mark.parametrize("source, at_least", [("twcs", 100), ("ibm-twitter", 25)])
def test_every_real_twitter_reply_names_the_company_that_wrote_it(source, at_least):
    from scoring.training import read_companies

    companies = read_companies(CORPUS / "companies.tsv")
    ids = [json.loads(line)["id"] for line in (CORPUS / f"{source}.jsonl").open(encoding="utf-8")]
    assert set(ids) <= set(companies)
    assert len({companies[i] for i in ids}) >= at_least  # dealt into groups, many per group
