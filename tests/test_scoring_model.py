"""The learned rubric: exact explanations, a reproducible artefact, and clear errors."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import (
    DIMENSIONS,
    KEYS,
    ModelError,
    RubricAdjustments,
    load_model,
    score_reply,
)
from scoring._model import probability
from scoring._reading import read
from tests.conftest import CORPUS, REPO

REPLIES = [
    "I'm so sorry about the wait, that must be really frustrating. I've refunded the $40 to "
    "your card today and I'll call you on Friday to check it arrived. Could you confirm your "
    "order number?",
    "Calm down, you should have read the instructions. Sorry but that's our policy.",
    "im so sory u had to wait, ill sort it 2day",
    "",
    "😡🙏 申し訳ありません",
]


@pytest.mark.parametrize("reply", REPLIES)
def test_each_score_is_the_bias_plus_the_weights_of_its_features(reply):
    """The explanation is exact: a key's logit is its bias plus every feature's share."""
    model = load_model()
    result = score_reply(reply, model=model)
    for k, key in enumerate(KEYS):
        logit = model.bias[k] + sum(w for *_, w in model.contributions(reply, key))
        expected = result.scores[key] if key in DIMENSIONS else result.flag_scores[key]
        assert math.isclose(probability(logit), expected, abs_tol=1e-9)


def test_a_flag_one_sentence_raises_scores_that_sentence_alone_and_points_inside_it():
    """A long helpful reply outweighed the one sentence that played the problem down; the
    flag now counts that sentence as read alone, and its evidence is that sentence's."""
    good = "I'm sorry, I've booked an engineer for Monday 8-12 and added a £20 credit. "
    slip = "Could be worse, you've still got mobile data."
    whole = score_reply(good + slip)
    assert "dismissive" in whole.flags
    alone = score_reply(slip)
    assert math.isclose(whole.flag_scores["dismissive"], alone.flag_scores["dismissive"],
                        abs_tol=1e-6)
    shown = [e for e in whole.evidence if e.key == "dismissive"]
    assert shown and all(e.start >= len(good) for e in shown)
    # Read as a whole, the reply stays under the flag's threshold: the sentence raised it.
    assert score_reply(good + slip, model=load_model()).flag_scores["dismissive"] >= 0.7
    assert "dismissive" not in score_reply(good).flags


@pytest.mark.parametrize("reply", REPLIES)
def test_every_piece_of_evidence_points_at_the_words_typed(reply):
    for e in score_reply(reply).evidence:
        assert 0 <= e.start < e.end <= len(reply)
        assert reply[e.start:e.end] == e.text


def test_evidence_names_what_pushed_a_score_up_and_down_with_its_weight():
    result = score_reply(REPLIES[0])
    credit = [e for e in result.evidence if e.key == "solution" and e.effect == "credit"]
    assert credit and all(e.score > 0 for e in credit)
    assert any("refund" in e.text for e in credit)
    assert all(e.score < 0 for e in result.evidence if e.effect == "cancel")


def test_keyword_stuffing_earns_nothing():
    result = score_reply("sorry empathy understand refund replacement follow up call "
                         "tomorrow apologise frustrating")
    assert not any(result.credited(d) for d in DIMENSIONS)
    assert any(e.rule == "keyword-stuffing" for e in result.evidence)


def test_one_sentence_pasted_over_and_over_earns_nothing():
    """A tester pasted one apology 250 times; it calmed the customer and earned credit."""
    result = score_reply("I am sorry about the crash. " * 250)
    assert not any(result.credited(d) for d in DIMENSIONS)
    assert any(e.rule == "repeated-paste" for e in result.evidence)
    varied = score_reply("I'm so sorry. I've refunded the $40. Sorry again! Sorry. "
                         "I'll call you Friday. Sorry!")
    assert varied.credited("apology")  # a sentence said three times is not a paste
    assert not any(e.rule == "repeated-paste" for e in varied.evidence)


def test_a_terse_real_reply_is_not_taken_for_keyword_stuffing():
    result = score_reply("Refund processed today.")
    assert not any(e.rule == "keyword-stuffing" for e in result.evidence)


def test_a_scenario_phrase_is_credited_as_its_own_evidence():
    adjustments = RubricAdjustments({"solution": ("express re-delivery",)})
    plain = score_reply("We can do an express re-delivery for you.")
    adjusted = score_reply("We can do an express re-delivery for you.", adjustments=adjustments)
    assert adjusted.scores["solution"] >= 0.75 >= plain.scores["solution"] or \
        plain.credited("solution")
    assert any(e.rule == "scenario-phrase:express re-delivery" and e.text == "express re-delivery"
               for e in adjusted.evidence)


def test_a_negated_scenario_phrase_earns_nothing():
    adjustments = RubricAdjustments({"solution": ("express re-delivery",)})
    result = score_reply("We can't offer express re-delivery.", adjustments=adjustments)
    assert not any(e.rule.startswith("scenario-phrase") for e in result.evidence)


def test_reading_treats_spellings_and_kinds_alike():
    assert read("U").norms == read("you").norms
    assert read("apologize").norms == read("apologise").norms
    assert read("I\u2019m").norms == read("I'm").norms
    assert read("£40 by Friday").norms == read("$25 by Monday").norms


def test_a_possessive_s_is_a_word_of_its_own_and_a_contraction_stays_whole():
    reading = read("That's reception\u2019s fault, it's nobody's fault")
    assert reading.norms[:5] == ["|", "that's", "reception", "'s", "fault"]
    assert "it's" in reading.norms and "nobody's" in reading.norms
    assert read("the courier's fault").norms[-2:] == read("the TSA's fault").norms[-2:]
    # every token still points at the characters typed
    assert [reading.text[a:b] for a, b in reading.offsets()][:5] == \
        ["", "That's", "reception", "\u2019s", "fault"]


def test_a_reply_opens_as_any_sentence_does():
    """The first sentence's opening words are read as a sentence's opening ("| you"), as
    they are after a full stop; a reply that starts with a mark gets no second one."""
    first, later = read("You should have"), read("Fine. You should have")
    assert first.norms == later.norms[later.norms.index("you") - 1:]
    assert read("\nYou").norms == ["|", "you"]
    assert read("").norms == []


def test_the_flags_weigh_no_word_found_in_most_replies():
    """Words in most replies only tell a reply's length; the flags are fitted without them
    (training.WITHOUT_COMMON), so their weight for a flag is exactly 0."""
    model = load_model()
    flags = [KEYS.index(k) for k in ("blame", "dismissive", "defensive")]
    for name in ("w:the", "w:you", "w:|", "w:,"):
        row = model.rows[model.index[name]]
        assert [row[k] for k in flags] == [0.0, 0.0, 0.0], name
        assert any(row[k] for k in range(len(KEYS)) if k not in flags), name


def test_the_shipped_model_was_built_from_this_corpus_and_these_word_lists():
    """`make model` was run after the last change to corpus/ or scoring/words.yaml."""
    pytest.importorskip("sklearn")
    from scoring import training

    examples = training.load_corpus(training.corpus_files(CORPUS))
    shipped = json.loads((REPO / "scoring" / "model" / "rubric.json").read_bytes())
    assert shipped["corpus_digest"] == training.corpus_digest(examples), "run `make model`"


@pytest.mark.slow
def test_make_model_rebuilds_the_shipped_model_byte_for_byte():
    pytest.importorskip("sklearn")
    from scoring import training

    examples = training.load_corpus(training.corpus_files(CORPUS))
    rebuilt = training.train(examples)
    assert rebuilt == (REPO / "scoring" / "model" / "rubric.json").read_bytes(), \
        "the shipped model differs from a rebuild: run `make model`"


def _tiny_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, (reply, labels) in enumerate([
        ("I'm so sorry, I've refunded you today.", "01010000"),
        ("Calm down, it's not a big deal.", "00000010"),
        ("You should have read the instructions.", "00000100"),
        ("Could you send me your order number?", "00100000"),
        ("I'll call you on Friday to check.", "00001000"),
        ("That must have been so frustrating.", "10000000"),
        ("That's not true, our records are right.", "00000001"),
    ] * 3):
        rows.append(json.dumps({"id": f"t{i}", "reply": reply,
                                "labels": dict(zip(KEYS, map(int, labels), strict=True))}))
    path = folder / "tiny.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_training_twice_gives_the_same_bytes(tmp_path):
    pytest.importorskip("sklearn")
    from scoring import training

    examples = training.load_corpus(training.corpus_files(_tiny_corpus(tmp_path / "c")))
    assert training.train(examples) == training.train(examples)


def test_a_malformed_corpus_line_names_its_file_and_line(tmp_path):
    folder = _tiny_corpus(tmp_path / "c")
    with (folder / "tiny.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "bad", "reply": "x", "labels": {"empathy": 2}}\n')
    proc = subprocess.run([sys.executable, "-m", "scoring.training", "build", "--corpus",
                           str(folder), "--out", str(tmp_path / "m.json")],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1
    assert f"{folder / 'tiny.jsonl'}:22: labels missing" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("change, says", [
    (lambda d: d.pop("weights"), "corrupt"),
    (lambda d: d.update(format=99), "corrupt (format 99"),
    (lambda d: d.update(words_digest="0" * 64), "built with other word lists"),
])
def test_a_broken_or_stale_model_says_so_and_how_to_rebuild(tmp_path, change, says):
    data = json.loads((REPO / "scoring" / "model" / "rubric.json").read_bytes())
    change(data)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError) as err:
        load_model(path)
    assert says in str(err.value) and "make model" in str(err.value)


def test_a_missing_model_says_how_to_rebuild(tmp_path):
    with pytest.raises(ModelError, match="missing; rebuild it with `make model`"):
        load_model(tmp_path / "absent.json")


@pytest.mark.parametrize(("reply", "who"), [
    ("Sorry for any inconvenience, but that is your fault, you should have read the "
     "delivery terms.", "customer"),
    ("Sorry, but that's the courier's fault, not ours. There's nothing I can do.",
     "someone else"),
    ("I'm so sorry, I've refunded the $40 to your card today.", None),
    # tester t22: "your" is whose order it was when someone else is named
    ("I'm so sorry. The waiter who took your order is new and clearly didn't listen, which "
     "is on him.", "someone else"),
    ("Your card details were wrong, so it bounced.", "customer"),
])
def test_who_was_blamed_is_read_from_the_words_that_raised_it(reply, who):
    from scoring import who_was_blamed

    assert who_was_blamed(reply, score_reply(reply)) == who


def test_within_a_source_each_company_is_scored_by_a_model_that_never_saw_it(tmp_path):
    pytest.importorskip("sklearn")
    from scoring import training

    examples = training.load_corpus(training.corpus_files(_tiny_corpus(tmp_path / "c")))
    company_of = {e.id: ("acme" if int(e.id[1:]) % 2 else "globex") for e in examples}
    report = training.within_source(examples, "tiny", company_of, groups=2)
    tally = report.tallies["empathy"]
    assert tally.tp + tally.fp + tally.fn + tally.tn == len(examples)  # each scored once


def test_within_names_the_replies_with_no_company(tmp_path):
    folder = _tiny_corpus(tmp_path / "c")
    companies = tmp_path / "companies.tsv"
    companies.write_text("# id and company\nt0\tacme\nt1\tglobex\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scoring.training", "within", "--corpus",
                           str(folder), "--source", "tiny", "--companies", str(companies)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{companies}: no company for 19 of the 21 tiny replies (the first is t2)" in (
        proc.stderr)
    companies.write_text("t0 acme\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "scoring.training", "within", "--corpus",
                           str(folder), "--source", "tiny", "--companies", str(companies)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1
    assert f"{companies}:1: expected a reply id, a tab and a company" in proc.stderr


def _three_sources(folder: Path) -> Path:
    """Sources a, b and c: only a and c hold follow-ups."""
    folder.mkdir(parents=True)
    plain = [("I'm so sorry, I've refunded you today.", "01010000"),
             ("Could you send me your order number?", "00100000"),
             ("You should have read the instructions.", "00000100")]
    follow = [("I'll call you on Friday to check.", "00001000"),
              ("I will ring you back tomorrow to make sure.", "00001000")]
    for source, rows in (("a", plain + follow), ("b", plain * 2), ("c", plain + follow * 2)):
        lines = [json.dumps({"id": f"{source}{i}", "reply": reply, "source": source,
                             "labels": dict(zip(KEYS, map(int, labels), strict=True))})
                 for i, (reply, labels) in enumerate(rows * 3)]
        (folder / f"{source}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_screen_scores_the_same_replies_with_and_without_the_candidates(tmp_path):
    """`screen`: candidates are never tested on, and what they teach shows on the corpus.
    With source a held out, only the model trained with candidate c finds a's follow-ups."""
    pytest.importorskip("sklearn")
    from scoring import training

    folder = _three_sources(tmp_path / "c")
    corpus = training.load_corpus([folder / "a.jsonl", folder / "b.jsonl"])
    candidates = training.load_corpus([folder / "c.jsonl"])
    reports = training.with_and_without(corpus, candidates, groups=2)
    for report in reports.values():
        tally = report.tallies["follow_up"]
        assert tally.tp + tally.fp + tally.fn + tally.tn == len(corpus)
    assert reports["without"].tallies["follow_up"].tp == 0
    assert reports["with"].tallies["follow_up"].tp == 6


def test_a_screen_refuses_candidates_it_cannot_read_or_already_holds(tmp_path):
    folder = _three_sources(tmp_path / "c")
    missing = tmp_path / "nope.jsonl"
    for add, said in ((missing, f"{missing}:0: cannot read"),
                      (folder / "a.jsonl", "reply ids already in the corpus (a0, ...)")):
        proc = subprocess.run([sys.executable, "-m", "scoring.training", "screen", "--corpus",
                               str(folder), "--add", str(add)], capture_output=True,
                              text=True, cwd=REPO)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert said in proc.stderr


def _blas_threads(_: int) -> list[int]:
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info()]


def test_held_out_sources_fitted_side_by_side_match_one_at_a_time_on_one_blas_thread_each(
        tmp_path):
    """Two workers on two cores: each keeps OpenBLAS to one thread (idle threads spinning
    had made a fold take 300 s instead of 70), and the table is the one a single process
    gives."""
    pytest.importorskip("sklearn")
    import multiprocessing

    from scoring import training

    examples = training.load_corpus(training.corpus_files(_three_sources(tmp_path / "c")))
    one = training.leave_one_source_out(examples, jobs=1)
    two = training.leave_one_source_out(examples, jobs=2)
    assert {s: r.tallies for s, r in one.items()} == {s: r.tallies for s, r in two.items()}
    with multiprocessing.get_context("fork").Pool(1, training._one_blas_thread) as workers:
        threads = workers.map(_blas_threads, [0])[0]
    assert threads and set(threads) == {1}
