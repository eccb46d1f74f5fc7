"""The live preview, `briefgen serve`, and `briefgen build --watch`: run as a user runs them, in
a process of their own, watched from a real headless browser and from raw HTTP requests.

The browser test needs Debian's `chromium` and `chromedriver`; where one is missing it skips,
naming it, and with BRIEFGEN_REQUIRE_CLIENTS=1 (set by CI) it fails instead."""

from __future__ import annotations

import contextlib
import http.client
import signal
import socket
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, copy_examples, require
from live import SUMMARY, Running, browser, replace_line, serve, shown

BRIEF = "vn-uk-reception-brief"  # three pages, read by the other three examples of its series
LAST = "vn-uk-dialogue-4-brief"  # the last of the series: no other brief reads it
TITLE = "Reception of the UK Home Office delegation"
SECRET = "the contents of a file outside the preview folder"
MISSING_DATE = "inputs/broken.yaml:1:1: error: date: required field is missing"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A workspace of the examples, whose temporary files (the preview folder) go to tmp/."""
    copy_examples(tmp_path)
    (tmp_path / "tmp").mkdir()
    return tmp_path


def preview_folders(root: Path) -> list[Path]:
    return sorted((root / "tmp").glob("briefgen-preview-*"))


def temporary(root: Path) -> dict[str, str]:
    return {"TMPDIR": str(root / "tmp")}


def test_the_open_page_follows_each_save_without_being_reloaded_by_hand(examples: Path) -> None:
    chromium, chromedriver = require("chromium"), require("chromedriver")
    from selenium.webdriver.support.ui import WebDriverWait

    meeting = examples / "inputs" / f"{BRIEF}.yaml"
    running, url = serve(cwd=examples, env=temporary(examples))
    with running:
        page = browser(chromium, chromedriver)
        try:
            page.get(f"{url}{BRIEF}.html")
            wait = WebDriverWait(page, 5, poll_frequency=0.05)
            assert shown(page, "h1.title") == TITLE

            replace_line(meeting, "title:", "title: Reception, as revised")
            wait.until(lambda p: shown(p, "h1.title") == "Reception, as revised")

            replace_line(meeting, "date:", "date: <b>soon</b>")
            problems = wait.until(lambda p: shown(p, "#briefgen-problems"))
            line = f"inputs/{BRIEF}.yaml:4:7: error: date: expected a date as YYYY-MM-DD, got "
            assert line + "'<b>soon</b>'" in problems  # shown as text, never as markup
            assert shown(page, "#briefgen-problems b") is None
            assert "The last good preview is below." in problems
            assert shown(page, "h1.title") == "Reception, as revised"

            replace_line(meeting, "date:", "date: 2025-03-04")
            wait.until(lambda p: shown(p, "#briefgen-problems") is None)
            assert shown(page, "h1.title") == "Reception, as revised"
        finally:
            page.quit()
        assert running.stop() == 0
    assert f"inputs/{BRIEF}.yaml:4:7: error: date: expected a date" in running.output


def test_a_change_rebuilds_only_the_briefs_it_affects(examples: Path) -> None:
    running, url = serve(cwd=examples, env=temporary(examples))
    with running:
        assert running.wait_for(SUMMARY).group() == "4 built, 0 failed"
        mark = running.mark()
        replace_line(examples / "inputs" / f"{LAST}.yaml", "title:", "title: The 4th dialogue")
        assert running.wait_for(SUMMARY, mark).group() == "1 built, 3 up to date, 0 failed"
        page = urllib.request.urlopen(f"{url}{LAST}.html", timeout=10).read().decode()
        assert "<title>The 4th dialogue</title>" in page

        mark = running.mark()  # the workspace file's settings are read again
        (examples / "briefgen.yaml").write_text("defaults:\n  prepared_by: Secretariat\n")
        assert running.wait_for(SUMMARY, mark).group() == "4 built, 0 failed"

        css = (ROOT / "templates" / "brief.css").read_text(encoding="utf-8")
        (examples / "staged").mkdir()  # a templates folder appears, then one of its files changes
        (examples / "staged" / "brief.css").write_text(css + "/* house style */")
        mark = running.mark()
        (examples / "staged").rename(examples / "templates")
        assert running.wait_for(SUMMARY, mark).group() == "4 built, 0 failed"
        assert (
            "/* house style */"
            in urllib.request.urlopen(f"{url}{LAST}.html", timeout=10).read().decode()
        )
        mark = running.mark()
        (examples / "templates" / "brief.css").write_text(css + "/* house style, revised */")
        assert running.wait_for(SUMMARY, mark).group() == "4 built, 0 failed"
        assert "revised" in urllib.request.urlopen(f"{url}{LAST}.html", timeout=10).read().decode()
        assert running.stop() == 0


def test_the_index_lists_every_brief_and_the_problems_of_each_input(examples: Path) -> None:
    (examples / "inputs" / "broken.yaml").write_text("kind: post-meeting\ntitle: <i>x</i>\n")
    running, url = serve(cwd=examples, env=temporary(examples))
    with running:
        index = urllib.request.urlopen(url, timeout=10).read().decode()
        assert f'<a href="{BRIEF}.html">inputs/{BRIEF}.yaml</a>' in index
        assert '<a href="broken.html">inputs/broken.yaml</a>' in index
        assert MISSING_DATE in index
        page = urllib.request.urlopen(f"{url}broken.html", timeout=10).read().decode()
        assert "Not built: the meeting file has errors." in page
        assert MISSING_DATE in page
        assert "<i>" not in page
        assert running.stop() == 0
    assert MISSING_DATE in running.output


def test_nothing_outside_the_preview_folder_is_served(examples: Path) -> None:
    (examples / "tmp" / "secret.html").write_text(SECRET)
    running, url = serve(cwd=examples, env=temporary(examples))
    with running:
        (folder,) = preview_folders(examples)
        (folder / "outside.html").symlink_to(examples / "tmp" / "secret.html")
        (folder / "inside.html").symlink_to(folder / f"{BRIEF}.html")
        address = urlsplit(url)
        for path in (
            "/../secret.html",
            "/%2e%2e/secret.html",
            "/%2E%2E%2Fsecret.html",
            "/..%2fsecret.html",
            "/..%5csecret.html",
            f"/{BRIEF}.html/../../secret.html",
            f"/{BRIEF}.html%2f..%2f..%2fsecret.html",
            "//etc/passwd",
            f"/{examples / 'tmp' / 'secret.html'}",
            f"/%2F{'%2F'.join((examples / 'tmp' / 'secret.html').parts[1:])}",
            f"http://{address.netloc}/../secret.html",
            "/outside.html",
            "/.briefgen-state.json",
            "/secret.html",
        ):
            status, body = get(address.hostname, address.port, path)
            assert (status, SECRET not in body) == (404, True), path
        assert get(address.hostname, address.port, "/inside.html")[0] == 200
        assert get(address.hostname, address.port, f"/{BRIEF}.html")[0] == 200
        assert get(address.hostname, address.port, f"/{BRIEF}.html", "HEAD") == (200, "")
        assert get(address.hostname, address.port, "/", "POST")[0] == 501
        assert running.stop() == 0


def get(host: str, port: int, path: str, method: str = "GET") -> tuple[int, str]:
    """A request sent as it is written: no client normalises the path first."""
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def test_serve_listens_on_127_0_0_1_unless_told_otherwise(examples: Path) -> None:
    running, url = serve(cwd=examples, env=temporary(examples))
    with running:
        port = urlsplit(url).port
        assert url == f"http://127.0.0.1:{port}/"
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        with pytest.raises(ConnectionRefusedError):  # another address of this machine
            socket.create_connection(("127.0.0.2", port), timeout=5)
        assert running.stop() == 0
    running, url = serve("--host", "127.0.0.2", cwd=examples, env=temporary(examples))
    with running:
        assert url.startswith("http://127.0.0.2:")
        assert running.stop() == 0


def test_a_request_that_cannot_be_met_stops_serve_at_the_start(examples: Path) -> None:
    running = Running("serve", "--port", "0", "nowhere", cwd=examples, env=temporary(examples))
    with running:
        assert running.process.wait(60) == 2
    assert running.output == "nowhere: error: no such file or folder"
    assert preview_folders(examples) == []


def test_a_port_in_use_is_said_plainly(examples: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = Running("serve", "--port", str(port), cwd=examples, env=temporary(examples))
        with running:
            assert running.process.wait(60) == 2
    reason = "cannot listen on this address: the address is in use"
    assert running.output == f"127.0.0.1:{port}: error: {reason}"
    assert preview_folders(examples) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_serve_cleanly(examples: Path, signum: int) -> None:
    running, url = serve(cwd=examples, env=temporary(examples))
    with running:
        assert len(preview_folders(examples)) == 1
        answers: list[bytes] = []
        waiting = threading.Thread(target=wait_for_a_build, args=(url, answers))
        waiting.start()  # a page waiting for the next build: answered as the server stops
        time.sleep(0.5)
        assert running.stop(signum) == 0
        waiting.join(30)
    assert running.lines[-1] == "stopped"
    assert "Traceback" not in running.output
    assert preview_folders(examples) == []
    assert answers == [b"1"]


def wait_for_a_build(url: str, answers: list[bytes]) -> None:
    with contextlib.suppress(OSError):
        answers.append(urllib.request.urlopen(f"{url}.briefgen/builds?after=1", timeout=30).read())


def test_build_watch_rebuilds_what_a_change_affects_until_stopped(examples: Path) -> None:
    output = examples / "output"
    with Running("build", "-f", "html", "--watch", cwd=examples) as running:
        assert running.wait_for(SUMMARY).group() == "4 built, 0 failed"
        running.wait_for("watching for changes")
        mark = running.mark()
        for name in ("m.yaml~", f".{LAST}.yaml.swp", "4913", "notes.txt"):  # no reason to build
            (examples / "inputs" / name).write_text("edited")
        (output / "notes.txt").write_text("edited")
        replace_line(examples / "inputs" / f"{LAST}.yaml", "title:", "title: The 4th dialogue")
        assert running.wait_for(SUMMARY, mark).group() == "1 built, 3 up to date, 0 failed"
        assert running.lines[mark:] == [
            f"inputs/{LAST}.yaml -> output/{LAST}.html",
            "1 built, 3 up to date, 0 failed",
        ]
        assert "<title>The 4th dialogue</title>" in (output / f"{LAST}.html").read_text()

        mark = running.mark()
        replace_line(examples / "inputs" / f"{LAST}.yaml", "title:", "title: [unclosed")
        assert running.wait_for(SUMMARY, mark).group() == "0 built, 3 up to date, 1 failed"
        assert "<title>The 4th dialogue</title>" in (output / f"{LAST}.html").read_text()
        assert running.stop() == 0
    assert running.lines[-1] == "stopped"
    assert "Traceback" not in running.output
    assert not [p.name for p in output.iterdir() if p.name.endswith(".tmp")]
