"""Text from a scenario file or a reply is shown literally: Rich markup in it is neither
rendered nor run (a `[@click=app.quit]` is not an action), and `[/]` cannot crash a screen."""

from __future__ import annotations

from tests.app.helpers import send, settings
from trainer.app import make_app
from trainer.app.screens.debrief import DebriefScreen
from trainer.scenario import bundled_dir, load_text

MARKUP = "[bold]loud[/bold] [/] [@click=app.quit]quit[/]"


def _scenario_full_of_markup():
    text = (bundled_dir() / "double-charge.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("title: Charged twice for one phone bill", f'title: "Charged twice {MARKUP}"'),
        ("  name: Tom Okafor", f'  name: "Tom [/] {MARKUP}"'),
        ("  situation: Two payments", f'  situation: "{MARKUP}" # Two payments'),
        ("    - You've taken my phone bill twice.", f'    - "{MARKUP}" # '),
        ("  You work in a mobile network's billing team.", f"  {MARKUP} You work in a"),
        ("    - Okay, thanks for owning it.", f'    - "Okay {MARKUP}"'),
    ]:
        assert old in text, old
        text = text.replace(old, new, 1)
    loaded = load_text(text, "markup.yaml")
    assert loaded.scenario is not None, [d.format() for d in loaded.diagnostics]
    return loaded.scenario


def _shown_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query("Static"))


async def test_markup_in_a_scenario_and_a_reply_is_shown_not_obeyed(tmp_path):
    scenario = _scenario_full_of_markup()
    app = make_app(scenario, "practice", settings(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = _shown_text(app)
        assert shown.count(MARKUP) >= 4  # briefing, customer card, name, opening line
        assert f"Charged twice {MARKUP}" in str(app.screen.query_one("HeaderTitle").render())
        await send(pilot, f"I'm so sorry about this. {MARKUP}")
        await pilot.click("#transcript")  # a click on the literal "[@click=…]" is just text
        await pilot.pause()
        assert app.is_running
        assert f"I'm so sorry about this. {MARKUP}" in _shown_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert MARKUP in _shown_text(app)
