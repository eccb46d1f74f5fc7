"""Briefs built from hostile inputs and templates read only the workspace and connect nowhere.

Each build runs in a fresh interpreter (`sandbox_probe.py`) whose audit hook records every file
opened, folder listed, connection attempted and process started, while a spy HTTP server on
127.0.0.1 records every request the hostile templates try to make. A build may open files of the
workspace, of Python itself, of briefgen's packaged templates, of the font folders and of a few
fixed system tables (see `allowed_roots`); it may connect nowhere; a resource the sandboxed URL
fetcher refuses (or cannot read) fails the document that asked for it, naming the resource; and a
file of the templates that leads outside its folder or is not a regular file is refused unread,
named in the problem it causes.
"""

from __future__ import annotations

import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zoneinfo
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.request import pathname2url

import pytest
from PIL import Image
from pypdf import PdfReader

import briefgen
from briefgen.template_set import DEFAULT_TEMPLATES

from conftest import MINIMAL, briefs, write_tree

PROBE = Path(__file__).with_name("sandbox_probe.py")
HOME = Path.home()
FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path("/etc/fonts"),
    Path("/var/cache/fontconfig"),
    HOME / ".fonts",
    HOME / ".local/share/fonts",
    HOME / ".cache/fontconfig",
)
DEVICES = ("/dev/null", "/dev/urandom", "/dev/random")
PROXY_VARIABLES = {"http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy"}
REFUSED = "only files of the templates are read"
OUTSIDE = "outside the templates folders"
UP = 16  # more `..` than the workspace is deep
TIMEOUT = 120  # seconds for one build; a build that waits on a FIFO runs into it
LEADS_OUT = "leads outside its templates folder; refused"
NOT_REGULAR = "is not a regular file; refused"
INSIDE_COLOUR, OUTSIDE_COLOUR = (0, 0, 255), (255, 0, 0)  # the colours of ok.png and secret.png
# Built in every hostile workspace; only the post-meeting template is overridden, so the
# pre-meeting brief must build whatever the override asks for.
CONTROL_MEETING = MINIMAL.replace("post-meeting", "pre-meeting")
HOSTILE_MEETING = """\
kind: post-meeting
title: "<img src=file:///etc/passwd> {{ 7*7 }}"
date: 2025-05-06
summary: |
  {{ 7*7 }} {% include '/etc/passwd' %} <img src=file:///etc/passwd>
  <link rel=stylesheet href={spy}/input.css> <style>@import url(file:///etc/passwd);</style>

  See [the file](file:///etc/passwd), [the server]({spy}/link) and <{spy}/autolink>.
sources:
  - id: leak
    title: "[passwd](file:///etc/passwd)"
    url: {spy}/source
"""
SOURCE_FILE_URL = MINIMAL + "sources:\n  - id: leak\n    title: Leak\n    url: file:///etc/passwd\n"


def png(colour: tuple[int, int, int]) -> bytes:
    out = BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, "PNG")
    return out.getvalue()


def post_meeting(html: str) -> str:
    """An override of the post-meeting template: the builtin one, then `html`."""
    return (
        '{% extends "builtin/post-meeting.html.j2" %}\n'
        "{% block content %}{{ super() }}\n" + html + "\n{% endblock %}\n"
    )


def svg(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="20" height="20">{body}</svg>'
    )


def symlink(name: str, target: str) -> Callable[[Path, Path], None]:
    """Makes `templates/<name>` a symlink to `<outside>/<target>`."""

    def make(templates: Path, outside: Path) -> None:
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / name).symlink_to(outside / target)

    return make


def fifo(name: str) -> Callable[[Path, Path], None]:
    """Makes `templates/<name>` a FIFO: opening it to read would wait for a writer forever."""

    def make(templates: Path, outside: Path) -> None:
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(templates / name)

    return make


@dataclass(frozen=True)
class Case:
    """A hostile workspace. In `templates` and `blocked`, `{spy}` stands for the spy server's
    URL for this case and `{templates}` for the file URL of the workspace's templates folder."""

    id: str
    templates: dict[str, str | bytes] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # besides post.yaml and pre.yaml
    # Makes what write_tree cannot (symlinks, FIFOs): given the templates folder and a folder
    # outside the workspace holding secret.png, secret.txt and font.ttf.
    special: Callable[[Path, Path], None] | None = None
    # The outcome; with none of these, the post- and pre-meeting briefs build.
    blocked: str | None = None  # `<url>: <reason>` the post-meeting brief fails with
    error: str | None = None  # the problem that stops the whole build (a template's)
    reads: tuple[str, ...] = ()  # workspace files the build must have read


CASES = [
    Case(
        "hostile-text",
        inputs={
            "language.yaml": MINIMAL + f"language: {'../' * UP}etc/passwd\n",
            "source-url.yaml": SOURCE_FILE_URL,
        },
        reads=("inputs/post.yaml", "inputs/language.yaml", "inputs/source-url.yaml"),
    ),
    Case(
        "allowed-resources",
        {
            "post-meeting.html.j2": post_meeting('<img src="ok.png"><img src="pic.svg">'),
            "ok.png": png(INSIDE_COLOUR),
            "pic.svg": svg('<image href="ok.png" width="10" height="10"/>'),
        },
        reads=("templates/ok.png", "templates/pic.svg"),
    ),
    Case(
        "image-file-url",
        {"post-meeting.html.j2": post_meeting('<img src="file:///etc/passwd">')},
        blocked=f"file:///etc/passwd: {OUTSIDE}",
    ),
    Case(
        "image-http",
        {"post-meeting.html.j2": post_meeting('<img src="{spy}/image.png">')},
        blocked=f"{{spy}}/image.png: {REFUSED}",
    ),
    Case(
        "image-missing",
        {"post-meeting.html.j2": post_meeting('<img src="missing.png">')},
        blocked="{templates}/missing.png: no such file",
    ),
    Case(
        "stylesheet-http",
        {"post-meeting.html.j2": post_meeting('<link rel="stylesheet" href="{spy}/style.css">')},
        blocked=f"{{spy}}/style.css: {REFUSED}",
    ),
    Case(
        "css-import-traversal",
        {
            "post-meeting.html.j2": post_meeting(
                f'<style>@import url("{"../" * UP}etc/passwd");</style>'
            )
        },
        blocked=f"file:///etc/passwd: {OUTSIDE}",
    ),
    Case(
        "css-background-http",
        {
            "post-meeting.html.j2": post_meeting(
                '<div style="background: url({spy}/background.png)">x</div>'
            )
        },
        blocked=f"{{spy}}/background.png: {REFUSED}",
    ),
    Case(
        "font-face-http",
        {
            "post-meeting.html.j2": post_meeting(
                "<style>@font-face { font-family: Leak; src: url({spy}/font.ttf) }"
                " p { font-family: Leak }</style>"
            )
        },
        blocked=f"{{spy}}/font.ttf: {REFUSED}",
    ),
    Case(
        "svg-image-file-url",
        {
            "post-meeting.html.j2": post_meeting('<img src="pic.svg">'),
            "pic.svg": svg('<image href="file:///etc/passwd" width="10" height="10"/>'),
        },
        blocked=f"file:///etc/passwd: {OUTSIDE}",
    ),
    Case(
        "svg-image-http",
        {
            "post-meeting.html.j2": post_meeting('<img src="pic.svg">'),
            "pic.svg": svg('<image xlink:href="{spy}/svg.png" width="10" height="10"/>'),
        },
        blocked=f"{{spy}}/svg.png: {REFUSED}",
    ),
    Case(
        "percent-encoded-traversal",
        {"post-meeting.html.j2": post_meeting(f'<img src="{"%2e%2e/" * UP}etc/passwd">')},
        blocked=f"{{templates}}/{'%2e%2e/' * UP}etc/passwd: {OUTSIDE}",
    ),
    Case(
        "symlink-out",
        {"post-meeting.html.j2": post_meeting('<img src="leak.png">')},
        special=symlink("leak.png", "secret.png"),
        blocked=f"{{templates}}/leak.png: {OUTSIDE}",
    ),
    Case(
        "fifo",
        {"post-meeting.html.j2": post_meeting('<img src="pipe.png">')},
        special=fifo("pipe.png"),
        blocked="{templates}/pipe.png: not a regular file",
    ),
    Case(
        "attachment-link",
        {"post-meeting.html.j2": post_meeting('<link rel="attachment" href="file:///etc/passwd">')},
        blocked=f"file:///etc/passwd: {OUTSIDE}",
    ),
    Case(
        "attachment-anchor-http",
        {"post-meeting.html.j2": post_meeting('<a rel="attachment" href="{spy}/file.txt">x</a>')},
        blocked=f"{{spy}}/file.txt: {REFUSED}",
    ),
    Case(
        # The fetcher checks the path of the URL without its fragment; WeasyPrint reads a PNG
        # image again when writing the PDF, from the URL the fetcher answered with: the real
        # file's, so templates/ok.png (see test_fragment_cannot_lead_outside).
        "fragment-traversal",
        {
            "post-meeting.html.j2": post_meeting('<img src="ok.png#/../../../outside/secret.png">'),
            "ok.png": png(INSIDE_COLOUR),
        },
        special=lambda templates, outside: (templates / "ok.png#").mkdir(),
        reads=("templates/ok.png",),
    ),
    Case(
        "template-include-traversal",
        {"post-meeting.html.j2": post_meeting('{% include "../../../outside/secret.txt" %}')},
        error="../../../outside/secret.txt: error: template not found",
    ),
    Case(
        "template-symlink",
        {"post-meeting.html.j2": post_meeting('{% include "leak.html.j2" %}')},
        special=symlink("leak.html.j2", "secret.txt"),
        error=f"templates/leak.html.j2: error: {LEADS_OUT}",
    ),
    Case(
        "labels-symlink",
        special=symlink("labels/en.yaml", "secret.txt"),
        error=f"templates/labels/en.yaml: error: {LEADS_OUT}",
    ),
    Case(
        # asset() finds the fonts the stylesheet names
        "asset-symlink",
        special=symlink("fonts/NotoSans-Regular.ttf", "font.ttf"),
        error=f"templates/fonts/NotoSans-Regular.ttf: error: {LEADS_OUT}",
    ),
    Case(
        "reference-docx-fifo",
        special=fifo("reference.docx"),
        error=f"templates/reference.docx: error: {NOT_REGULAR}",
    ),
    # Fonts (for the glyph check) and reference.docx are checked once, before any input.
    Case(
        "glyph-font-symlink",
        special=symlink("fonts/Leak.ttf", "font.ttf"),
        error=f"templates/fonts/Leak.ttf: error: {LEADS_OUT}",
    ),
    Case(
        "glyph-font-fifo",
        special=fifo("fonts/Pipe.ttf"),
        error=f"templates/fonts/Pipe.ttf: error: {NOT_REGULAR}",
    ),
    Case(
        "glyph-font-not-a-font",
        {"fonts/Broken.ttf": b"not a font"},
        error="templates/fonts/Broken.ttf: error: is not a usable font (TrueType or OpenType)",
        reads=("templates/fonts/Broken.ttf",),
    ),
]


@dataclass
class Run:
    """What one probe run saw: the build's report and the events the audit hook recorded."""

    workspace: Path
    returncode: int | None
    stderr: str
    events: list[dict] = field(default_factory=list)
    sys_path: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["event"] == kind]

    def result(self, name: str) -> dict:
        return next(r for r in self.report["results"] if r["input"] == name)

    def opened(self) -> set[Path]:
        """The files opened by name, symlinks followed."""
        return {real(e["path"]) for e in self.of("open") if e["path"]}


@dataclass
class Spy:
    url: str
    requests: list[str]


@pytest.fixture(scope="module")
def spy() -> Iterator[Spy]:
    """An HTTP server on 127.0.0.1 that records every request it gets (and answers each)."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_POST = do_HEAD = answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Spy(f"http://127.0.0.1:{server.server_address[1]}", requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def probe(workspace: Path, *options: str) -> Run:
    """Build the workspace's briefs in a fresh interpreter under the audit hook."""
    outfile = workspace.parent / "probe.json"
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    env["no_proxy"] = "*"  # a request, were one made, would go to its host and no proxy
    try:
        done = subprocess.run(
            [sys.executable, "-I", str(PROBE), str(workspace), str(outfile), *options],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as e:
        stderr = e.stderr or ""
        stderr = stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr
        return Run(workspace, None, f"timed out after {TIMEOUT} s\n{stderr}")
    run = Run(workspace, done.returncode, done.stderr)
    if done.returncode == 0:
        recorded = json.loads(outfile.read_text(encoding="utf-8"))
        run.events, run.sys_path, run.report = (
            recorded["events"],
            recorded["sys_path"],
            recorded["report"],
        )
    return run


def make_workspace(base: Path, case: Case, spy: Spy) -> Path:
    """`base/workspace` for a case, and `base/outside` with the files it must not read."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png(OUTSIDE_COLOUR))
    (outside / "secret.txt").write_text("secret outside the workspace\n")
    shutil.copy(DEFAULT_TEMPLATES / "fonts" / "NotoSans-Regular.ttf", outside / "font.ttf")
    workspace = base / "workspace"
    here = f"{spy.url}/{case.id}"
    files: dict[str, str | bytes] = {
        "inputs/post.yaml": HOSTILE_MEETING.replace("{spy}", here),
        "inputs/pre.yaml": CONTROL_MEETING,
    }
    files |= {f"inputs/{name}": text for name, text in case.inputs.items()}
    for name, content in case.templates.items():
        if isinstance(content, str):
            content = content.replace("{spy}", here)
        files[f"templates/{name}"] = content
    write_tree(workspace, files)
    if case.special:
        case.special(workspace / "templates", outside)
    return workspace


@pytest.fixture(scope="module")
def built(spy: Spy, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case built once, side by side (each in its own interpreter), for the tests that
    look at it from different sides."""
    workspaces = {c.id: make_workspace(tmp_path_factory.mktemp(c.id), c, spy) for c in CASES}
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        runs = list(pool.map(lambda c: probe(workspaces[c.id]), CASES))
    return {case.id: run for case, run in zip(CASES, runs, strict=True)}


def within(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def allowed_roots(run: Run) -> tuple[Path, ...]:
    """The folders and files a build may open, beyond which nothing may be read:

    - the workspace (inputs, templates, output);
    - Python's own prefixes (the standard library, the virtualenv's packages and their data:
      Babel's locale data, WeasyPrint's ICC profile, Pyphen's dictionaries);
    - briefgen's package and its packaged templates (in a source checkout, outside the prefix);
    - the font folders, for fonts found through fontconfig;
    - the devices /dev/null, /dev/urandom, /dev/random;
    - the time zone database and /etc/localtime, read by Babel when `babel.dates` is imported
      (the local zone), and the system's MIME types table (`mimetypes.knownfiles`), read by
      `mimetypes` when WeasyPrint is imported: fixed names, whatever the inputs say.
    """
    roots = [run.workspace]
    roots += [Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)]
    roots += [Path(briefgen.__file__).parent, DEFAULT_TEMPLATES]
    roots += [*FONT_FOLDERS, *map(Path, DEVICES)]
    roots += [Path(p) for p in zoneinfo.TZPATH] + [Path("/etc/localtime")]
    roots += [Path(p) for p in mimetypes.knownfiles]
    return tuple(dict.fromkeys(real(p) for p in roots))


def library_lookup(event: dict) -> bool:
    """Whether an event comes from `ctypes.util.find_library`, which WeasyPrint's import runs to
    find Pango and GLib: it starts ldconfig, gcc and ld and gives them temporary files and
    /dev/null (fixed library names, whatever the inputs say)."""
    return any("/ctypes/util.py:" in frame for frame in event["stack"])


def weasyprint_font_folder(path: Path) -> bool:
    """Whether `path` is in the folder WeasyPrint makes with `mkdtemp(prefix="weasyprint-")` for
    the @font-face fonts the fetcher gave it, where fontconfig loads them from (the folder is
    removed with the font configuration)."""
    temporary = real(tempfile.gettempdir())
    parts = path.relative_to(temporary).parts if path.is_relative_to(temporary) else ()
    return bool(parts) and parts[0].startswith("weasyprint-")


def where(event: dict) -> str:
    """The innermost frame of a recorded event outside the standard library's file layers."""
    skipped = ("/pathlib.py:", "/tempfile.py:", "/subprocess.py:", "<frozen")
    return next((f for f in event["stack"] if not any(s in f for s in skipped)), "?")


def outside_opens(run: Run) -> list[str]:
    """The files opened outside the allowed places, by name with symlinks followed (opens of a
    descriptor are left out)."""
    roots = allowed_roots(run)
    found = []
    for event in run.of("open"):
        if event["path"] is None or library_lookup(event):
            continue
        path = real(event["path"])
        if not within(path, roots) and not weasyprint_font_folder(path):
            found.append(f"{event['path']} -> {path} ({event['mode']}) by {where(event)}")
    return found


def outside_listings(run: Run) -> list[str]:
    """The folders listed outside the allowed places and the interpreter's search path (which
    the import system lists to find modules); listings by descriptor are left out."""
    roots = allowed_roots(run)
    search_path = {real(p) for p in run.sys_path}
    found = []
    for event in run.of("os.listdir") + run.of("os.scandir"):
        if event["path"] is None:  # a listing by descriptor, of a folder opened before
            continue
        path = real(event["path"])
        if not within(path, roots) and path not in search_path:
            found.append(f"{event['path']} -> {path} by {where(event)}")
    return found


def connections(run: Run) -> list[dict]:
    """Connections and name lookups attempted, and URLs opened through urllib other than the
    `data:` URLs the fetcher hands to WeasyPrint's own fetcher."""
    network = [e for e in run.events if e["event"].startswith("socket.")]
    return network + [e for e in run.of("urllib.Request") if not e["url"].startswith("data:")]


def processes(run: Run) -> list[dict]:
    """Processes started other than by the library lookup."""
    kinds = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}
    return [e for e in run.events if e["event"] in kinds and not library_lookup(e)]


def assert_confined(run: Run) -> None:
    """The build finished, read nothing outside the allowed places and connected nowhere."""
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert run.events, "the audit hook recorded nothing"
    assert outside_opens(run) == []
    assert [str(p) for p in run.opened() if p.is_fifo()] == []  # opening one waits
    assert outside_listings(run) == []
    assert connections(run) == []
    assert processes(run) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_build_reads_only_the_workspace_and_connects_nowhere(
    case: Case, built: dict[str, Run], spy: Spy
) -> None:
    run = built[case.id]
    assert_confined(run)
    assert [r for r in spy.requests if r.startswith(f"/{case.id}/")] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_blocked_resource_fails_its_document_by_name(
    case: Case, built: dict[str, Run], spy: Spy
) -> None:
    run = built[case.id]
    assert run.returncode == 0, run.stderr
    workspace = run.workspace
    assert {real(workspace / name) for name in case.reads} <= run.opened()
    if case.error:
        assert run.report["error"] == [case.error]
        assert not (workspace / "output").exists()
        return
    control = run.result("inputs/pre.yaml")
    assert control["ok"], control["problems"]
    assert all((workspace / p).is_file() for p in control["outputs"])
    result = run.result("inputs/post.yaml")
    if case.blocked:
        templates = "file://" + pathname2url(str(real(workspace / "templates")))
        url = case.blocked.replace("{spy}", f"{spy.url}/{case.id}")
        url = url.replace("{templates}", templates)
        assert result["problems"] == [f"inputs/post.yaml: error: cannot fetch {url}"]
        assert [p.name for p in briefs(workspace / "output")] == [
            "pre.docx",
            "pre.html",
            "pre.pdf",
        ]
    else:
        assert result["ok"], result["problems"]
        assert result["outputs"] == ["output/post.docx", "output/post.pdf", "output/post.html"]


def test_fragment_cannot_lead_outside(built: dict[str, Run]) -> None:
    """The PDF holds the image inside the templates, not the one the fragment points to."""
    run = built["fragment-traversal"]
    assert run.returncode == 0, run.stderr
    pages = PdfReader(run.workspace / "output/post.pdf").pages
    images = [image.image for page in pages for image in page.images]
    assert [(image.size, image.getpixel((0, 0))) for image in images] == [((4, 4), INSIDE_COLOUR)]


def test_hostile_text_stays_text(built: dict[str, Run]) -> None:
    run = built["hostile-text"]
    assert run.returncode == 0, run.stderr
    html = (run.workspace / "output/post.html").read_text(encoding="utf-8")
    assert "<p>{{ 7*7 }} {% include '/etc/passwd' %} &lt;img src=file:///etc/passwd&gt;" in html
    assert "&lt;style&gt;@import url(file:///etc/passwd);&lt;/style&gt;</p>" in html
    assert "See [the file](file:///etc/passwd), " in html  # Markdown makes no file: links
    assert "root:" not in html
    language = run.result("inputs/language.yaml")
    assert not language["ok"] and "is not a language tag such as" in language["problems"][0]
    assert run.result("inputs/source-url.yaml")["problems"] == [
        "inputs/source-url.yaml:7:10: error: sources[0].url: expected a web address "
        "(http:// or https://), got 'file:///etc/passwd'"
    ]


def test_probe_sees_a_read_outside_and_a_connection(tmp_path: Path, spy: Spy) -> None:
    """The control: the probe itself reads a file outside the workspace and fetches a URL from
    the spy server before building; the checks above must catch both."""
    secret = tmp_path / "outside" / "secret.txt"
    write_tree(tmp_path, {"outside/secret.txt": "secret\n", "workspace/inputs/m.yaml": MINIMAL})
    workspace = tmp_path / "workspace"
    run = probe(workspace, "--read-outside", str(secret), "--fetch", f"{spy.url}/control/ping")
    assert run.returncode == 0, run.stderr
    assert [line.split(" -> ")[0] for line in outside_opens(run)] == [str(secret)]
    connected = [e["address"] for e in connections(run) if e["event"] == "socket.connect"]
    assert connected == [repr(("127.0.0.1", int(spy.url.rsplit(":", 1)[1])))]
    assert "/control/ping" in spy.requests
    with pytest.raises(AssertionError):
        assert_confined(run)
    # The build's own reads are seen too: the input and the packaged fonts.
    assert real(workspace / "inputs/m.yaml") in run.opened()
    assert real(DEFAULT_TEMPLATES / "fonts/NotoSerif-Regular.ttf") in run.opened()
    assert run.result("inputs/m.yaml")["ok"]
