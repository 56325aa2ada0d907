"""`trainer serve`: the practice app in a browser, for trainees without a terminal.

Each browser that opens the page gets its own app process (textual-serve runs
`trainer --ask-name` per connection), so each is asked its trainee's name and plays its own
session; all of them record into the one store the server was given. The server listens on
loopback unless told otherwise, and anywhere else only with an access token.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import shlex
import socket
import sys

from trainer.commands.scenario_options import add_scenario_options, scenario_folders
from trainer.commands.storage import open_store
from trainer.paths import database_url
from trainer.safe_text import shown

MIN_TOKEN = 16


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the practice app to browsers",
        description="Serve the app to web browsers: one app process and session per "
                    "browser, each asked its trainee's name, all recording into the same "
                    "store. Listening beyond loopback requires an access token.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    parser.add_argument("--token", default=None, metavar="T",
                        help="access token browsers must present (…/?token=T); 'auto' "
                             "generates one and prints it; required beyond loopback")
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="URL",
                        help="results database every browser records into "
                             "(default: TRAINER_DB, else SQLite in the data dir)")
    add_scenario_options(parser)
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port: {text!r} (1-65535)")
    return int(text)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name other than localhost may resolve to anything
        return False


def run(args: argparse.Namespace) -> int:
    token = args.token
    if token is None and not is_loopback(args.host):
        print(f"trainer serve: listening on {args.host} needs an access token: add "
              "--token auto (one is generated and printed) or --token SECRET",
              file=sys.stderr)
        return 2
    if token == "auto":
        token = secrets.token_urlsafe(24)
    elif token is not None and len(token) < MIN_TOKEN:
        print(f"trainer serve: --token must be at least {MIN_TOKEN} characters "
              "(or --token auto)", file=sys.stderr)
        return 2
    folders = scenario_folders(args)
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        print(f"trainer serve: --scenarios {shown(str(missing[0]), one_line=True)}: no such "
              "folder", file=sys.stderr)
        return 2
    url = database_url(getattr(args, "db", None))
    store = open_store(args)  # created or migrated once here, and its problems said once
    if store is None:
        return 1
    store.close()

    # Every browser's app offers exactly these folders, in this order.
    command = [sys.executable, "-m", "trainer", "--ask-name", "--no-bundled"]
    for folder in folders:
        command += ["--scenarios", str(folder.resolve())]
    # Each app process inherits the store's URL from the environment: on its command line a
    # password in the URL would show in `ps`.
    os.environ["TRAINER_DB"] = url

    from trainer.web import TokenServer
    server = TokenServer(shlex.join(command), args.host, args.port, token,
                         ready_line=_ready_line(args.host, args.port, args.token, token))
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        # asyncio's bind error repeats the address around the system's reason; a failed
        # name lookup has no errno of its own, only its text
        reason = os.strerror(exc.errno) if (exc.errno or 0) > 0 else exc.strerror or str(exc)
        print(f"trainer serve: cannot listen on {args.host}:{args.port}: {reason}",
              file=sys.stderr)
        return 1
    return 0


def _ready_line(host: str, port: int, asked: str | None, token: str | None) -> str:
    """Where to point a browser. A generated token is printed (nobody knows it otherwise);
    one the user chose is not echoed into logs."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    address = f"http://{host}:{port}/"
    if token is not None:
        address += f"?token={token}" if asked == "auto" else "?token=<your token>"
    return f"trainer serve: open {address} in a browser (Ctrl+C stops)"
