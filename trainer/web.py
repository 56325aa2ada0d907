"""The web server behind `trainer serve`: textual-serve's, with an access token at the door.

textual-serve starts one app process per browser that opens its websocket. Anyone who can
reach the port could start one, so when a token is set every request but the static files
must present it: `?token=…` on the page's address, then a cookie the page's websocket
carries. A wrong or missing token gets 403 before any app process starts.

The page tells the browser where the websocket is. textual-serve fixes that address when the
server starts (`http://HOST:PORT`), which is wrong for 0.0.0.0 and behind a TLS proxy, so
here it is built from each request instead: its Host header, and `wss:` when the request
came over HTTPS or a proxy says so (X-Forwarded-Proto).
"""

from __future__ import annotations

import hmac
import logging
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

COOKIE = "trainer_token"


class TokenServer(Server):
    def __init__(self, command: str, host: str, port: int, token: str | None,
                 ready_line: str) -> None:
        super().__init__(command, host=host, port=port, title="Complaint-handling trainer")
        self.token = token
        self.ready_line = ready_line

    def serve(self, debug: bool = False) -> None:
        """Listen until Ctrl+C or SIGTERM. The ready line is printed once the port is bound,
        so whoever waits for it can connect at once; binding errors reach the caller."""
        logging.basicConfig(level=logging.WARNING, format="trainer serve: %(message)s")
        web.run_app(self._make_app(), host=self.host, port=self.port,
                    print=lambda _message: print(self.ready_line, flush=True),
                    access_log=None,      # request lines would carry the token
                    shutdown_timeout=5)   # then open sessions are told to quit

    def _refused(self, request: web.Request) -> str | None:
        """Why this request may not go on, or None."""
        if self.token is not None:
            presented = request.query.get("token") or request.cookies.get(COOKIE) or ""
            if not hmac.compare_digest(presented.encode(), self.token.encode()):
                return "this trainer needs its access token: open the address printed " \
                       "when it started (…/?token=…)"
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != request.host:
            # Another site's page may not open a session here in the trainee's browser.
            return "the page was not served by this trainer"
        return None

    def _check(self, request: web.Request) -> None:
        reason = self._refused(request)
        if reason is not None:
            raise web.HTTPForbidden(text=f"403 Forbidden: {reason}\n")

    async def handle_index(self, request: web.Request) -> web.Response:
        self._check(request)
        forwarded = request.headers.get("X-Forwarded-Proto", request.scheme)
        websocket = "wss" if forwarded.split(",")[0].strip() == "https" else "ws"
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        response = aiohttp_jinja2.render_template("app_index.html", request, {
            "font_size": font_size,
            "app_websocket_url": f"{websocket}://{request.host}/ws",  # escaped by the template
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        })
        if self.token is not None:
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self._check(request)
        return await super().handle_websocket(request)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self._check(request)
        return await super().handle_download(request)

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner with its fixed address here; the ready line says
        where to go instead, once the port is bound."""
