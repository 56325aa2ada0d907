"""Every way a scenario file can be rejected, each pinned to its exact line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.commands.new import starter_text
from trainer.scenario import bundled_dir, load_file, load_paths, load_text

VALID = starter_text("sample")


def diagnostics(text: str | bytes, tmp_path: Path, name: str = "s.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return [(d.line, d.column, d.code, d.message) for d in load_file(path).diagnostics]


def with_line(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_starter_scenario_is_valid_with_no_warnings(tmp_path):
    assert diagnostics(VALID, tmp_path) == []


def test_bundled_scenarios_are_all_valid():
    results, problems = load_paths([bundled_dir()])
    assert not problems and len(results) >= 8
    assert [d for r in results for d in r.diagnostics] == []


def test_yaml_syntax_error_points_at_the_fault_and_where_it_began(tmp_path):
    text = with_line("title: A parcel that never arrived", 'title: "unclosed')
    [(line, column, code, message)] = diagnostics(text, tmp_path)
    assert code == "S001"
    # The unclosed quote runs on to the next quote, the first `"` of `currency: "$"`; the
    # `$` after it is where the file stops being YAML. The message names the enclosing block.
    currency = line_of(text, 'currency: "$"')
    assert (line, column) == (currency, text.splitlines()[currency - 1].index("$") + 1)
    assert "block mapping that starts at line 7, column 1" in message


def test_a_tab_used_for_indentation_is_reported_at_the_tab(tmp_path):
    text = with_line("  anger: 60", "\tanger: 60")
    assert [f[:3] for f in diagnostics(text, tmp_path)] == [(line_of(text, "anger: 60"), 1,
                                                            "S001")]


def test_small_slips_get_a_hint(tmp_path):
    """Tester t20: `shown: [solutions]`, `pass_mark: 0.8` and a duplicated fact id were
    reported without the fix or the first place."""
    text = VALID.replace("shown: [empathy, solution]", "shown: [empathy, solutions]", 1)
    text = text.replace("pass_mark: 80", "pass_mark: 0.8", 1)
    messages = [f[3] for f in diagnostics(text, tmp_path)]
    assert any(m.endswith("got 'solutions' (did you mean 'solution'?)") for m in messages)
    assert any(m.endswith("got 0.8 (a whole number out of 100, e.g. 80)") for m in messages)
    twice = with_line("  - id: wanted_outcome", "  - id: order_number")
    first = line_of(twice, "- id: order_number")
    assert any(f[3].endswith(f"is used twice (first at line {first})")
               for f in diagnostics(twice, tmp_path))


def test_a_tab_inside_a_line_is_not_called_an_indent(tmp_path):
    text = with_line("  anger: 60", "  anger:\t60")
    [(_, _, code, message)] = diagnostics(text, tmp_path)
    assert code == "S001" and "a tab character in this line" in message


@pytest.mark.parametrize(("old", "new", "says"), [
    # tester t20: each of these was reported as "indentation does not line up"
    ("    - I don't care whose fault it is. I just want my headphones.",
     "    - 'Go on, ask. Don't be long.'", "text goes on after the closing '"),
    ('    - line: "{amount} back. Fine, but I\'d rather have the headphones."',
     "    - line: {amount} back. Fine.", "a value that starts with { is read as a { }"),
    ("title: A parcel that never arrived", 'title: "A parcel that never arrived',
     'the " opened at line 8, column 8 is closed only here'),
])
def test_a_quote_closed_early_or_left_open_is_named(tmp_path, old, new, says):
    assert old in VALID, old
    [(_, _, code, message)] = diagnostics(VALID.replace(old, new, 1), tmp_path)
    assert code == "S001" and says in message, message


def test_a_key_indented_too_far_is_explained_in_plain_words(tmp_path):
    """A tester indented one key a space too far; the parser's own words ("expected <block
    end>") are kept, after an explanation that names both lines."""
    text = with_line("  name: Sam Carter", "   name: Sam Carter")
    [(line, _, code, message)] = diagnostics(text, tmp_path)
    name = line_of(text, "name: Sam Carter")
    assert (line, code) == (name + 1, "S001")
    assert (f"indentation does not line up: this line starts at column 3 and line {name} "
            "at column 4") in message
    assert "the YAML parser says: expected <block end>" in message


def test_a_colon_inside_a_plain_value_says_to_quote_it(tmp_path):
    text = with_line("difficulty: medium", "difficulty: medium: hard")
    [(_, _, code, message)] = diagnostics(text, tmp_path)
    assert code == "S001" and "in quotes" in message


@pytest.mark.parametrize("tags", ["['retail's, delivery]", '["retail, delivery]'])
def test_a_broken_quote_in_a_list_says_to_check_the_quotes(tmp_path, tags):
    """A tester put an apostrophe inside '...' and left a quote open; the parser said only
    "expected ',' or ']', but got '<scalar>'"."""
    text = with_line("tags: [retail, delivery]", f"tags: {tags}")
    [(_, _, code, message)] = diagnostics(text, tmp_path)
    assert code == "S001" and "check its quotes" in message


def test_a_number_in_quotes_says_to_drop_them_and_a_list_is_called_a_list(tmp_path):
    text = with_line("  anger: 60", '  anger: "60"')
    text = text.replace("tags: [retail, delivery]", "tags: retail", 1)
    messages = [f[3] for f in diagnostics(text, tmp_path)]
    assert any("a number goes without quotes: 60" in m for m in messages)
    assert any(m.startswith("tags: should be a list") for m in messages)
    assert not any("tuple" in m for m in messages)


def test_text_that_reads_as_a_number_is_shown_as_written_and_told_to_be_quoted(tmp_path):
    """A tester's `name: 007` was reported as "got 7", with no hint about quotes."""
    text = VALID.replace("tags: [retail, delivery]", "tags: [retail, 2024]", 1)
    name_line = next(line for line in VALID.splitlines() if line.strip().startswith("name:"))
    text = text.replace(name_line, name_line.split(":")[0] + ": 007", 1)
    messages = sorted(f[3] for f in diagnostics(text, tmp_path))
    assert messages == [
        'customer.name: input should be a valid string, got 007 (quote it to keep it as text: '
        '"007")',
        'tags.1: input should be a valid string, got 2024 (quote it to keep it as text: '
        '"2024")']


def test_duplicate_key_points_at_the_second_key(tmp_path):
    text = with_line("difficulty: medium", "difficulty: medium\ndifficulty: hard")
    line = line_of(text, "difficulty: hard")
    assert (line, 1, "S002") in [f[:3] for f in diagnostics(text, tmp_path)]


def test_unknown_key_suggests_the_nearest_one(tmp_path):
    text = with_line("  situation:", "  sitaution:")
    found = diagnostics(text, tmp_path)
    line = line_of(text, "sitaution")
    assert (line, 3, "S003") in [f[:3] for f in found]
    assert any("did you mean 'situation'" in f[3] for f in found)


def test_wrong_type_points_at_the_value(tmp_path):
    text = with_line("  anger: 60", "  anger: very")
    found = [f[:3] for f in diagnostics(text, tmp_path)]
    assert (line_of(text, "anger: very"), 10, "S004") in found


def test_number_out_of_range_points_at_the_value(tmp_path):
    text = with_line("  anger: 60", "  anger: 150")
    found = diagnostics(text, tmp_path)
    assert (line_of(text, "anger: 150"), 10, "S005") in [f[:3] for f in found]
    assert any("at most 100" in f[3] and "150" in f[3] for f in found)


def test_missing_required_key_points_at_its_parent(tmp_path):
    text = with_line("  name: Sam Carter\n", "")
    found = diagnostics(text, tmp_path)
    assert any(f[2] == "S006" and "'name'" in f[3] for f in found)
    assert (line_of(text, "  situation:"), 3, "S006") in [f[:3] for f in found]


def test_invalid_choice_points_at_the_value(tmp_path):
    text = with_line("difficulty: medium", "difficulty: extreme")
    assert (line_of(text, "extreme"), 13, "S007") in [f[:3] for f in diagnostics(text, tmp_path)]


def test_reference_to_an_unknown_fact_points_at_it(tmp_path):
    text = with_line("when: {anger_at_most: 30, shown: [empathy, solution]}",
                     "when: {anger_at_most: 30, facts_revealed: [order_numbr]}")
    found = diagnostics(text, tmp_path)
    line = line_of(text, "order_numbr")
    col = text.splitlines()[line - 1].index("order_numbr") + 1
    assert (line, col, "S008") in [f[:3] for f in found]


def test_reference_to_an_unknown_ending_points_at_it(tmp_path):
    text = with_line("    ending: resolved", "    ending: solved")
    assert (line_of(text, "ending: solved"), 13, "S008") in [
        f[:3] for f in diagnostics(text, tmp_path)]


def test_alias_bomb_is_refused_at_the_first_alias_past_the_bound(tmp_path):
    """A billion-laughs file is stopped while parsing, at the 21st alias: nothing expands."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    found = diagnostics("\n".join(rows) + "\n", tmp_path)
    # 9 aliases on line 2, 9 on line 3, so the 21st is the third `*c` on line 4.
    assert found == [(4, 14, "S009", found[0][3])]


def test_a_few_aliases_are_allowed(tmp_path):
    text = with_line("tags: [retail, delivery]", "tags: [&t retail, *t]")
    assert diagnostics(text, tmp_path) == []


def test_file_over_one_mebibyte_is_refused(tmp_path):
    text = VALID + "#" + "x" * (1024 * 1024) + "\n"
    assert [f[:3] for f in diagnostics(text, tmp_path)] == [(1, 1, "S010")]


def test_non_utf8_bytes_are_refused_with_their_position(tmp_path):
    data = VALID.replace("Sam Carter", "Sam Carté").encode("latin-1", errors="replace")
    line = line_of(VALID, "Sam Carter")
    col = VALID.splitlines()[line - 1].index("Sam Carter") + len("Sam Cart") + 1
    assert [f[:3] for f in diagnostics(data, tmp_path)] == [(line, col, "S011")]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system",
                                 "!custom", "!!binary"])
def test_language_specific_tags_are_refused_never_constructed(tmp_path, tag):
    marker = tmp_path / "constructed"
    text = with_line("title: A parcel that never arrived",
                     f"title: {tag} ['touch {marker}']")
    found = diagnostics(text, tmp_path)
    assert (line_of(text, "title:"), 8, "S012") in [f[:3] for f in found]
    assert not marker.exists()
    assert all(f[2] != "S004" for f in found)  # reported once, not again as a type error


def test_merge_keys_are_refused(tmp_path):
    text = "base: &b {x: 1}\nother:\n  <<: *b\n"
    assert (3, 3, "S012") in [f[:3] for f in diagnostics(text, tmp_path)]


def test_two_files_claiming_one_id_are_reported_on_the_second(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID, encoding="utf-8")
    results, _ = load_paths([tmp_path])
    first, second = results
    assert first.ok() and not second.ok()
    assert [(d.line, d.column, d.code) for d in second.diagnostics] == [
        (line_of(VALID, "id: sample"), 5, "S013")]


def test_duplicate_fact_ids_within_a_file(tmp_path):
    text = with_line("  - id: wanted_outcome", "  - id: order_number")
    second = [i for i, line in enumerate(text.splitlines(), 1) if "- id: order_number" in line][1]
    assert (second, 9, "S014") in [f[:3] for f in diagnostics(text, tmp_path)]


def test_empty_and_non_mapping_files(tmp_path):
    assert [f[2] for f in diagnostics("", tmp_path)] == ["S015"]
    assert [f[:3] for f in diagnostics("- a\n- b\n", tmp_path)] == [(1, 1, "S015")]


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = with_line("  anger: 60", "  anger: 150")
    text = text.replace("difficulty: medium", "difficulty: extreme")
    text = text.replace("  situation:", "  sitaution:")
    codes = {f[2] for f in diagnostics(text, tmp_path)}
    assert {"S005", "S007", "S003"} <= codes


def test_one_broken_file_does_not_hide_the_valid_ones(tmp_path):
    (tmp_path / "good.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("id: [", encoding="utf-8")
    results, _ = load_paths([tmp_path])
    assert sorted((r.path.name, r.ok()) for r in results) == [("bad.yaml", False),
                                                              ("good.yaml", True)]


def test_unreachable_ending_is_a_warning(tmp_path):
    text = with_line("when: {anger_at_least: 90}", "when: {anger_at_least: 90, anger_at_most: 20}")
    found = diagnostics(text, tmp_path)
    assert (line_of(text, "anger_at_most: 20"), 11, "W101") in [f[:3] for f in found]
    assert load_file(tmp_path / "s.yaml").ok() and not load_file(tmp_path / "s.yaml").ok(True)


def test_shadowed_ending_is_a_warning(tmp_path):
    text = with_line("when: {anger_at_least: 90}",
                     "when: {anger_at_most: 30, shown: [empathy, solution, apology]}")
    assert any(f[2] == "W101" and "'resolved' above" in f[3] for f in diagnostics(text, tmp_path))


def test_a_resolved_ending_only_an_over_promise_reaches_is_a_warning(tmp_path):
    """A tester's resolved ending needed a discount from a policy that allowed none."""
    wanting = "when: {anger_at_most: 30, shown: [empathy, solution], offered: [discount]}"
    text = with_line("when: {anger_at_most: 30, shown: [empathy, solution]}", wanting)
    [(line, _, code, message)] = [f for f in diagnostics(text, tmp_path) if f[2] == "W107"]
    assert line == line_of(text, "offered: [discount]")
    assert "needs discount offered, which the policy does not allow" in message
    assert "(discount_up_to_percent)" in message
    # A remedy the policy allows, among those listed, is enough.
    either = wanting.replace("[discount]", "[discount, replacement]")
    text = with_line("when: {anger_at_most: 30, shown: [empathy, solution]}", either)
    assert "W107" not in [f[2] for f in diagnostics(text, tmp_path)]


def test_fact_with_no_trigger_is_a_warning(tmp_path):
    text = with_line("when_asked: [order number, order, reference]", "when_asked: []")
    assert (line_of(text, "when_asked: []"), 17, "W102") in [
        f[:3] for f in diagnostics(text, tmp_path)]


def test_reaction_kind_with_no_lines_is_a_warning(tmp_path):
    text = with_line('  vague: ["That doesn', '  vague: []\n  nothing: ["That doesn')
    assert (line_of(text, "vague: []"), 10, "W103") in [f[:3] for f in diagnostics(text, tmp_path)]


def test_model_answer_that_breaks_policy_is_a_warning(tmp_path):
    text = with_line("  Saturday, and I'll email", "  Saturday with a $500 refund, and I'll email")
    found = diagnostics(text, tmp_path)
    assert any(f[2] == "W104" and "$500" in f[3] for f in found)


def test_load_text_reports_the_given_label():
    loaded = load_text("id: [", "inline.yaml")
    assert loaded.diagnostics[0].format().startswith("inline.yaml:1:")
