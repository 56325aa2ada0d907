"""`trainer serve`: the app in a real browser, the token rule, and one-line refusals.

The server runs in a subprocess (it owns its event loop, signal handlers and environment).
xterm.js draws the terminal on a canvas, so the browser test reads what the page's websocket
hands the terminal (escape sequences removed) and waits on that with Playwright's waits.
Set TRAINER_BROWSER_SCREENSHOT=docs/screenshots/browser.png to refresh the README's picture.
"""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.app.helpers import settings
from tests.conftest import REPO
from trainer.app import make_app
from trainer.app.dialogs.name import NameDialog
from trainer.app.screens.home import HomeScreen
from trainer.cli import main
from trainer.identity import remember_name, remembered_name
from trainer.store import Store

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
HANG_GUARD = 120  # seconds: only a server that never starts waits this long

# Collects the text the terminal is given, decoded and without escape sequences.
TERMINAL_TEXT = r"""
window.terminalText = "";
const decoder = new TextDecoder();
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.terminalText += decoder.decode(event.data, {stream: true})
          .replace(/\x1b\[[0-?]*[ -\/]*[@-~]/g, "");
      }
    });
  }
};
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(tmp_path: Path, *args: str):
    """`trainer serve ARGS` in a subprocess; yields its ready line once the port is bound."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "trainer", "serve", *args], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        seen = []
        while True:
            readable, _, _ = select.select([proc.stdout], [], [], HANG_GUARD)
            line = proc.stdout.readline() if readable else ""
            assert line, f"trainer serve did not start: {''.join(seen)!r}"
            if line.startswith("trainer serve: open "):
                break
            seen.append(line)
        yield line
    finally:
        proc.terminate()
        proc.wait(timeout=HANG_GUARD)
        proc.stdout.close()


def status(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.mark.parametrize("args, message", [
    (["--host", "0.0.0.0"], "trainer serve: listening on 0.0.0.0 needs an access token: "
                            "add --token auto (one is generated and printed) or --token SECRET"),
    (["--host", "example.org"], "trainer serve: listening on example.org needs an access "
                                "token"),
    (["--token", "short"], "trainer serve: --token must be at least 16 characters"),
    (["--scenarios", "no-such-dir"], "trainer serve: --scenarios no-such-dir: no such folder"),
])
def test_serve_refuses_with_one_line(args, message, capsys):
    assert main(["serve", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(message) and err.count("\n") == 1


def test_a_taken_port_is_one_line_and_exit_1(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "trainer", "serve", "--port", str(port)],
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                              capture_output=True, text=True, timeout=HANG_GUARD)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"trainer serve: cannot listen on 127.0.0.1:{port}: "
                           "Address already in use\n")


def test_beyond_loopback_a_generated_token_is_printed_and_a_bad_one_gets_403(tmp_path):
    port = free_port()
    with serving(tmp_path, "--host", "0.0.0.0", "--port", str(port), "--token", "auto") as ready:
        token = re.search(r"\?token=([\w-]{32}) ", ready).group(1)
        base = f"http://127.0.0.1:{port}"
        assert status(f"{base}/")[0] == 403
        assert status(f"{base}/?token=not-{token}")[0] == 403
        assert status(f"{base}/ws?token=not-{token}")[0] == 403  # no app process starts
        code, headers = status(f"{base}/?token={token}")
        assert code == 200 and f"trainer_token={token}" in headers["Set-Cookie"]
        # the right token from another site's page still may not open a session
        assert status(f"{base}/ws", {"Cookie": f"trainer_token={token}",
                                     "Origin": "http://evil.example"})[0] == 403
        assert status(f"{base}/static/js/textual.js")[0] == 200  # no secret in the assets


async def test_an_app_that_asks_each_person_keeps_the_name_to_that_session(tmp_path):
    remember_name("Owner Of This Machine")
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    app = make_app(settings=settings(tmp_path), store=store, remember_trainee=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        said = str(app.screen.query_one("Label").render())
        assert "asked each time" in said and "only be asked once" not in said
        await pilot.press(*"Ana Web", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.trainee == "Ana Web"
    store.close()
    assert remembered_name() == "Owner Of This Machine"


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser installed ({CHROMIUM})")
def test_a_browser_is_asked_its_name_plays_and_its_reply_is_recorded(tmp_path):
    from playwright.sync_api import sync_playwright

    remember_name("Owner Of This Machine")  # the browser is asked all the same
    url = f"sqlite:///{tmp_path / 'team.db'}"
    reply = "I'm so sorry, that must be so stressful with her party today."
    with serving(tmp_path, "--port", str(free_port()), "--db", url, "--token", "auto") as ready, \
            sync_playwright() as playwright:
        address = re.search(r"open (\S+)", ready).group(1)
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=str(CHROMIUM), headless=True,
            args=BROWSER_ARGS, viewport={"width": 1280, "height": 720})
        try:
            browser.add_init_script(TERMINAL_TEXT)
            page = browser.new_page()
            page.set_default_timeout(HANG_GUARD * 1000)

            def mark() -> int:
                return page.evaluate("window.terminalText.length")

            def see(text: str, since: int = 0) -> None:
                page.wait_for_function("([t, i]) => window.terminalText.indexOf(t, i) >= 0",
                                       arg=[text, since])

            page.goto(address, wait_until="domcontentloaded")
            see("What's your name?")
            page.locator(".xterm-helper-textarea").focus()
            since = mark()
            page.keyboard.type("Ana Web")
            page.keyboard.press("Enter")
            see("Choose a customer", since)
            since = mark()
            page.keyboard.type("birthday")
            page.keyboard.press("Enter")
            see("Her party is at 3", since)  # the customer's last opening line
            since = mark()
            page.keyboard.type(reply)
            page.keyboard.press("Enter")
            see("Follow-up", since)  # the score panel, filled once the reply is scored

            store = Store(url, read_only=True)
            try:
                [session] = store.history("Ana Web")
                [turn] = store.session_turns(session.id)
                assert store.history("Owner Of This Machine") == []
            finally:
                store.close()
            assert session.scenario_id == "late-birthday-delivery" and turn.reply == reply
            see(turn.customer_says[:20], since)  # the browser shows the recorded reaction
            # xterm paints on the next frames; then the picture matches the text
            page.evaluate("() => new Promise(done => setTimeout(() => requestAnimationFrame("
                          "() => requestAnimationFrame(done))))")
            picture = os.environ.get("TRAINER_BROWSER_SCREENSHOT")
            page.screenshot(path=picture or tmp_path / "browser.png")
        finally:
            browser.close()
    assert remembered_name() == "Owner Of This Machine"
