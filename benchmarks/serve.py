"""Time the live preview: from saving a meeting file to its reloaded page in the browser.

Runs `briefgen serve inputs/vn-uk-reception-brief.yaml` (a 3-page brief) on a copy of the
examples, opens its page in a headless chromium, then saves the file with a new title EDITS
times (after one edit to warm up), as an editor does (written beside it, renamed over it). For
each save it takes, on the machine's clock that the browser shares: when the reloaded page began
to load (the rebuild and the page's wait for it), and when its content was loaded with the new
title in it (the whole). Prints the median of each, against a target of 0.5 s for the whole. Run
with `make bench-serve` (needs chromium and chromedriver, which `make sysdeps` installs).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from live import browser, replace_line, serve, shown  # noqa: E402

BRIEF = "vn-uk-reception-brief"
EDITS = 5
TARGET = 0.5
# When the page shown began to load, and when its content was loaded, on the clock of the
# machine (milliseconds since 1970), as the browser measured them.
LOADED = """
const load = performance.getEntriesByType("navigation")[0];
return [performance.timeOrigin, performance.timeOrigin + load.domContentLoadedEventEnd];
"""


def main() -> None:
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        sys.exit("needs chromium and chromedriver (make sysdeps installs them)")
    from selenium.webdriver.support.ui import WebDriverWait

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "inputs", root / "inputs")
        shutil.copy(ROOT / "people.yaml", root / "people.yaml")
        meeting = root / "inputs" / f"{BRIEF}.yaml"
        running, url = serve(f"inputs/{BRIEF}.yaml", cwd=root)
        with running:
            page = browser(chromium, chromedriver)
            try:
                page.get(f"{url}{BRIEF}.html")
                started, loaded = [], []
                for edit in range(EDITS + 1):
                    title = f"Reception, revision {edit}"
                    saved = time.time() * 1000
                    replace_line(meeting, "title:", f"title: {title}")
                    WebDriverWait(page, 10, poll_frequency=0.01).until(
                        lambda p, title=title: shown(p, "h1.title") == title
                    )
                    begun, content = page.execute_script(LOADED)
                    if edit:  # the first warms up
                        started.append((begun - saved) / 1000)
                        loaded.append((content - saved) / 1000)
                    time.sleep(0.5)
            finally:
                page.quit()
            running.stop()
    print(f"save to reloaded page of a 3-page brief, median of {EDITS} saves:")
    print(f"  rebuilt, and the page told to reload  {statistics.median(started) * 1000:6.0f} ms")
    whole = statistics.median(loaded)
    print(f"  reloaded page showing the new title   {whole * 1000:6.0f} ms", end="")
    print(f"  (target {TARGET * 1000:.0f} ms: {'met' if whole <= TARGET else 'NOT met'})")
    print(f"  each save: {', '.join(f'{s * 1000:.0f}' for s in loaded)} ms")


if __name__ == "__main__":
    main()
