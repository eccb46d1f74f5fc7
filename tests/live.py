"""Drive the live preview as a user does: `briefgen serve` (or `build --watch`) in a process of
its own, read line by line as it prints, and a real headless browser (Debian's chromium with its
driver). Shared by tests/test_serve.py and benchmarks/serve.py."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import BRIEFGEN

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

SERVING = r"serving the briefs on (http://\S+/)"
SUMMARY = r"\d+ built, .*\d+ failed"


class Running:
    """A briefgen command that runs until it is stopped, its output (standard output and
    standard error together) gathered line by line as it comes."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [str(BRIEFGEN), *args],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._new_line = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._new_line:
                self.lines.append(line.rstrip("\n"))
                self._new_line.notify_all()

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 60) -> re.Match[str]:
        """The first line from the `after`th on that matches `pattern`, once it is printed."""
        deadline = time.monotonic() + timeout
        with self._new_line:
            while True:
                for line in self.lines[after:]:
                    if found := re.search(pattern, line):
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no line matches {pattern!r}:\n{self.output}")
                self._new_line.wait(min(left, 0.1))

    def mark(self) -> int:
        """The number of lines printed so far, for `wait_for(…, after=…)`."""
        with self._new_line:
            return len(self.lines)

    def stop(self, signum: int = signal.SIGINT, timeout: float = 30) -> int:
        """Stop the command as Ctrl-C (or `signum`) does; its exit status."""
        self.process.send_signal(signum)
        status = self.process.wait(timeout)
        self._reader.join(timeout)
        return status

    @property
    def output(self) -> str:
        with self._new_line:
            return "\n".join(self.lines)

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:  # a test or run that failed: stopped, else killed
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join()
        assert self.process.stdout is not None
        self.process.stdout.close()


def serve(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[Running, str]:
    """`briefgen serve ARGS` on a free port, and the address it serves on once it does."""
    running = Running("serve", "--port", "0", *args, cwd=cwd, env=env)
    try:
        return running, running.wait_for(SERVING).group(1)
    except BaseException:
        running.__exit__()
        raise


def browser(chromium: str, chromedriver: str) -> WebDriver:
    """A headless chromium, driven through its driver (never one fetched from the network)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = chromium
    return webdriver.Chrome(options=options, service=Service(chromedriver))


def shown(page: WebDriver, selector: str) -> str | None:
    """The text of the first element of the page shown that `selector` finds, or None: read
    in one step, so that a page reloading meanwhile is never half read."""
    script = "const found = document.querySelector(arguments[0]); return found && found.innerText"
    return page.execute_script(script, selector)


def replace_line(path: Path, start: str, line: str) -> None:
    """Replace the line of a file that starts with `start`, as an editor saves it: the new
    text written beside it, then renamed over it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, old in enumerate(lines) if old.startswith(start))
    lines[index] = line
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temporary, path)
