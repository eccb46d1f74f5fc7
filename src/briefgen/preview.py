"""What `briefgen serve` shows: the briefs of the last build, the problems that kept any from
being built, and a script that reloads the page once the briefs are built again.

The builds change the preview (`publish`) while the browser's requests read it, each from its
own thread; the pages are made up when they are asked for, so the built files stay as `build`
writes them."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .errors import Problem, printable
from .pipeline import Result
from .watch import Rebuild

BUILDS_PATH = "/.briefgen/builds"  # answers, once there has been a build since ?after=N, its number
# Waits for the next build, and reloads the page once there has been one. A server that is
# gone (stopped, restarting) is asked again every second.
RELOAD_SCRIPT = """<script>
(function () {
  var seen = %d;
  function wait() {
    fetch("%s?after=" + seen, {cache: "no-store"})
      .then(function (answer) { if (!answer.ok) throw answer; return answer.text(); })
      .then(function (count) { if (Number(count) !== seen) location.reload(); else wait(); })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
</script>
"""
PANEL_STYLE = (
    "margin: 0 0 1.5em; padding: .75em 1em; border: 2px solid #b00020; background: #fdecee; "
    "color: #000; font: 14px/1.4 sans-serif; white-space: normal"
)
LINE_STYLE = "margin: .5em 0 0; white-space: pre-wrap; font: 13px/1.4 monospace"
BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class State:
    """The preview after one build: `builds` counts them; `briefs` holds each input's latest
    result by the name of its page; `stopped` what stopped the last build before any brief."""

    builds: int = 0
    briefs: dict[str, Result] = field(default_factory=dict)
    stopped: Sequence[Problem] = ()


class Preview:
    """The preview of the briefs built into `folder`, changed by each build and read by the
    browser's requests; `wait` lets a page wait for the next build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state = State()
        self.closed = False
        self._changed = threading.Condition()

    def publish(self, rebuild: Rebuild) -> None:
        """Show what a build made; the pages waiting for it reload."""
        with self._changed:
            briefs = self.state.briefs
            if rebuild.report is not None:  # else the briefs stay as they were
                results = rebuild.report.results + rebuild.report.up_to_date
                briefs = {page_name(r): r for r in sorted(results, key=lambda r: str(r.input))}
            stopped = rebuild.error.problems if rebuild.error is not None else ()
            self.state = State(self.state.builds + 1, briefs, stopped)
            self._changed.notify_all()

    def wait(self, after: int, timeout: float) -> int:
        """The number of builds, once it is not `after`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.state.builds != after or self.closed, timeout)
            return self.state.builds

    def close(self) -> None:
        """End every wait at once: the server is stopping."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def page_name(result: Result) -> str:
    """The file of a brief's preview: named as `build` names its HTML output."""
    return f"{result.input.stem}.html"


def brief_page(state: State, name: str, document: bytes | None) -> bytes:
    """The page of a brief: its last good preview (`document`, if there is one), the problems
    of its input above it, and the reload script at the end."""
    result = state.briefs.get(name)
    problems = _problems(state, result)
    panel = _panel(_heading(state, result, document is not None), problems) if problems else ""
    script = RELOAD_SCRIPT % (state.builds, BUILDS_PATH)
    if document is None:
        return _page(_text(name), panel + script)
    match = BODY_START.search(document)
    top = match.end() if match else len(document)
    document = document[:top] + panel.encode() + document[top:]
    ends = list(BODY_END.finditer(document))
    bottom = ends[-1].start() if ends else len(document)
    return document[:bottom] + script.encode() + document[bottom:]


def index_page(state: State) -> bytes:
    """The list of the briefs, each linked to its page, with the problems of each input."""
    items = []
    for name, result in state.briefs.items():
        link = f'<a href="{quote(name, errors="surrogateescape")}">{_text(result.input)}</a>'
        problems = "".join(_line(p) for p in result.problems + result.warnings)
        items.append(f"<li>{link}{problems}</li>\n")
    stopped = _panel(_heading(state, None, False), state.stopped) if state.stopped else ""
    listed = f"<ul>\n{''.join(items)}</ul>\n" if items else "<p>No briefs yet.</p>\n"
    script = RELOAD_SCRIPT % (state.builds, BUILDS_PATH)
    return _page("briefgen preview", f"<h1>Briefs</h1>\n{stopped}{listed}{script}")


def _problems(state: State, result: Result | None) -> list[Problem]:
    """What a brief's page lists: what stopped the whole build, then its input's problems."""
    return [*state.stopped, *(result.problems + result.warnings if result else [])]


def _heading(state: State, result: Result | None, shown: bool) -> str:
    if state.stopped:
        heading = "Nothing was built."
    elif result is not None and result.problems:
        heading = "Not built: the meeting file has errors."
    else:
        return "Built, with warnings."
    return heading + (" The last good preview is below." if shown else "")


def _panel(heading: str, problems: Sequence[Problem]) -> str:
    lines = "".join(_line(p) for p in problems)
    div = f'<div id="briefgen-problems" style="{PANEL_STYLE}">'
    return f"{div}<strong>{heading}</strong>{lines}</div>\n"


def _line(problem: Problem) -> str:
    return f'<pre class="briefgen-problem" style="{LINE_STYLE}">{_text(problem)}</pre>'


def _text(value: object) -> str:
    """Text for a page: escaped as markup, and as a problem line escapes what would not print."""
    return html.escape(printable(str(value)))


def _page(title: str, body: str) -> bytes:
    head = f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
    return f"{head}</head>\n<body>\n{body}</body>\n</html>\n".encode()
