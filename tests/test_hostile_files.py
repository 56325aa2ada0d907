"""The files the trainer writes, with hostile input: a symlink where the file should go,
HTML in a reply or a scenario, an id with a newline."""

from __future__ import annotations

import datetime as dt
import random
import re
import stat

import pytest

from trainer.cli import main
from trainer.commands.new import starter_text
from trainer.debrief import build_debrief, render_html, render_markdown
from trainer.exports import export_debrief
from trainer.identity import remember_name, remembered_name
from trainer.ids import is_id
from trainer.paths import config_dir
from trainer.scenario import bundled_dir, load_scenario, load_text
from trainer.session import FrozenClock, Session

GOOD = ("I'm so sorry, that's our mistake. I've refunded the second $42.50 today and I'll "
        "email you the confirmation this afternoon.")


def debrief_of(reply: str, **scenario_changes):
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    scenario = scenario.model_copy(update=scenario_changes)
    session = Session(scenario, clock=FrozenClock(), rng=random.Random(1))
    session.deliver_all_openings()
    session.reply(reply)
    session.end_by_trainee()
    return build_debrief(session)


# 3. Exports, `trainer new` and the remembered name never follow a symlink or overwrite.

def test_an_export_onto_a_dangling_symlink_takes_the_next_free_name(tmp_path):
    outside = tmp_path / "outside" / "planted.md"
    exports = tmp_path / "exports"
    exports.mkdir()
    stem = "debrief-ana-lopez-double-charge-2026-12-04"
    (exports / f"{stem}.md").symlink_to(outside)
    (exports / f"{stem}-2.md").write_text("keep me", encoding="utf-8")
    written = export_debrief(debrief_of(GOOD), "md", exports, "Ana López!",
                             dt.date(2026, 12, 4))
    assert written == exports / f"{stem}-3.md"
    assert written.read_text(encoding="utf-8").startswith("# Debrief:")
    assert "*Saved by Ana López! on 2026-12-04*" in written.read_text(encoding="utf-8")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert not outside.exists() and not outside.parent.exists()
    assert (exports / f"{stem}-2.md").read_text(encoding="utf-8") == "keep me"


def test_trainer_new_onto_a_dangling_symlink_writes_nothing(tmp_path, capsys):
    outside = tmp_path / "planted.yaml"
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "demo.yaml").symlink_to(outside)
    assert main(["new", "demo", "--dir", str(scenarios)]) == 1
    assert "already exists; not overwriting it" in capsys.readouterr().err
    assert not outside.exists()


def test_the_remembered_name_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    outside = tmp_path / "planted"
    config_dir().mkdir(parents=True)
    (config_dir() / "trainee").symlink_to(outside)
    assert remembered_name() is None  # dangling: nothing to read, so the name is asked
    assert remember_name("Ana Lima")
    assert not outside.exists()
    assert not (config_dir() / "trainee").is_symlink()
    assert remembered_name() == "Ana Lima"


# 5. HTML from a reply or a scenario is escaped in the Markdown and HTML debriefs.

def test_html_in_a_reply_and_a_scenario_is_escaped_in_every_export():
    debrief = debrief_of("<script>alert('reply')</script> " + GOOD,
                         title="<script>alert('title')</script> Bill",
                         model_answer="Say <b>sorry</b> & mean it.")
    markdown = render_markdown(debrief)
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "# Debrief: &lt;script&gt;alert('title')&lt;/script&gt; Bill" in markdown
    assert "**You:** &lt;script&gt;alert('reply')&lt;/script&gt; I'm so **sorry**" in markdown
    assert "Say &lt;b&gt;sorry&lt;/b&gt; &amp; mean it." in markdown
    assert re.search(r"^\| Apology \| [█░]{10} [01]\.\d\d \| (yes|no) \|$", markdown,
                     re.M)  # still a table
    assert "*Saved by &lt;b&gt;Ana on 2026-12-04*" in render_markdown(
        debrief, "Saved by <b>Ana on 2026-12-04")
    assert "<i>Saved by &lt;b&gt;Ana" in render_html(debrief, "Saved by <b>Ana")
    page = render_html(debrief)
    assert page.count("<script>") == 0 and "&lt;script&gt;alert(&#x27;reply&#x27;)" in page
    assert "<title>Debrief: &lt;script&gt;" in page


# 6. An id is the whole text: a trailing newline is not a valid id anywhere.

@pytest.mark.parametrize("text", ["abc\n", "abc\r\n", "\nabc", "ab\nc", "Abc", ""])
def test_an_id_with_a_newline_is_refused(text):
    assert not is_id(text)


def test_trainer_new_refuses_an_id_ending_in_a_newline(tmp_path, capsys):
    assert main(["new", "abc\n", "--dir", str(tmp_path)]) == 2
    assert "invalid id 'abc\\n'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_scenario_id_ending_in_a_newline_does_not_validate():
    text = starter_text("demo").replace("\nid: demo ", '\nid: "demo\\n" ', 1)
    assert 'id: "demo\\n"' in text
    loaded = load_text(text, "demo.yaml")
    assert loaded.scenario is None
    assert any("S007" in d.format() and "id:" in d.format() for d in loaded.diagnostics)
    assert load_text(starter_text("demo"), "demo.yaml").scenario is not None
