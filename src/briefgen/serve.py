"""The live preview's web server (`briefgen serve`): the briefs built as HTML into a temporary
folder, served from it and from nowhere else, on 127.0.0.1 unless told otherwise.

A request names one page of the folder (an HTML file), or it is answered 404: no `..`, no `/`
in the name (however it is encoded), no hidden file (the build's own state and temporary files),
nothing a symlink leads to outside the folder. Only GET and HEAD are answered."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import tempfile
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

from .errors import ConfigError, Problem, os_reason
from .preview import BUILDS_PATH, Preview, brief_page, index_page

WAIT_SECONDS = 20  # a page's request for the next build is answered at the latest after this
PREVIEW_PREFIX = "briefgen-preview-"


@contextlib.contextmanager
def previewing(host: str, port: int) -> Iterator[tuple[Preview, str]]:
    """A preview in a new temporary folder, served on `host`:`port` (0: any free port) from a
    thread of its own, and its address; on the way out the server stops and the folder is
    removed. An address that cannot be listened on is a ConfigError."""
    with tempfile.TemporaryDirectory(prefix=PREVIEW_PREFIX) as folder:
        preview = Preview(Path(folder))
        try:
            server = PreviewServer((host, port), preview)
        except OSError as e:
            reason = "no such address" if isinstance(e, socket.gaierror) else os_reason(e)
            problem = Problem(Path(f"{host}:{port}"), f"cannot listen on this address: {reason}")
            raise ConfigError([problem]) from None
        thread = threading.Thread(target=server.serve_forever, name="preview", daemon=True)
        thread.start()
        try:
            yield preview, server.url
        finally:
            preview.close()
            server.shutdown()
            server.server_close()


class PreviewServer(ThreadingHTTPServer):
    """Answers each request in a thread of its own (a page waiting for the next build holds
    one), and never looks its address up in the DNS (which may stall for seconds offline)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, PreviewRequest)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    @property
    def url(self) -> str:
        host = self.server_name if ":" not in self.server_name else f"[{self.server_name}]"
        return f"http://{host}:{self.server_port}/"

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while answered
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class PreviewRequest(BaseHTTPRequestHandler):
    """One request: `/` (the list of briefs), a brief's page, or BUILDS_PATH."""

    server: PreviewServer

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        preview = self.server.preview
        path, _, query = self.path.partition("?")
        if path == "/":
            self._send(index_page(preview.state), "text/html", with_body)
        elif path == BUILDS_PATH:
            builds = preview.wait(_after(query), WAIT_SECONDS if with_body else 0)
            self._send(str(builds).encode(), "text/plain", with_body)
        else:
            self._send_brief(preview, page_name(path), with_body)

    def _send_brief(self, preview: Preview, name: str | None, with_body: bool) -> None:
        state = preview.state
        file = confined(preview.folder, name) if name is not None else None
        if name is None or (file is None and name not in state.briefs):
            self._send(b"not found\n", "text/plain", with_body, HTTPStatus.NOT_FOUND)
            return
        try:
            document = file.read_bytes() if file is not None else None
        except OSError:
            document = None  # replaced or removed since: the page lists the problems alone
        self._send(brief_page(state, name, document), "text/html", with_body)

    def _send(
        self, body: bytes, kind: str, with_body: bool, status: HTTPStatus = HTTPStatus.OK
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")  # pages and counts alike
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # every page shows the latest build
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is the builds': their problems and summaries


def page_name(path: str) -> str | None:
    """The page a request's path names, decoded; None for anything but the plain name of an
    HTML file (`/a/b.html`, `/..`, `/%2e%2e%2fx.html`, `//etc/passwd`, `/.hidden.html`)."""
    if not path.startswith("/"):
        return None
    name = unquote(path[1:], errors="surrogateescape")
    if name.startswith(".") or not name.endswith(".html") or any(c in name for c in "/\\\0"):
        return None
    return name


def confined(folder: Path, name: str) -> Path | None:
    """The regular file `name` in `folder`, where it really lies (a symlink leading outside
    the folder is not followed), or None."""
    try:
        real = (folder / name).resolve(strict=True)
        inside = real.is_relative_to(folder.resolve(strict=True))
    except (OSError, RuntimeError):  # not there, or a symlink loop
        return None
    return real if inside and real.is_file() else None


def _after(query: str) -> int:
    """The build a page was made after (`?after=N`); -1, answered at once, if it is unclear."""
    try:
        return int(parse_qs(query)["after"][0])
    except (KeyError, ValueError):
        return -1
