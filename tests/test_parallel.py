"""Parallel and sharded builds through the real command: `-j N` writes the same bytes for every N,
one input's crashed worker fails that input alone, a template fault still stops everything
before anything is written, Ctrl-C still ends with exit 130 and no process left; `--shard K/N`
splits a workspace by whole series, and the shards together build exactly the full build."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BRIEFGEN, EXAMPLES, briefs, copy_examples, run_cli

STANDALONE = 6  # meetings of no series, besides the examples' series of four


def _workspace(root: Path) -> Path:
    """The examples (one series of four), and standalone meetings made from one of them."""
    inputs = copy_examples(root)
    text = (EXAMPLES / "vn-uk-reception-summary.yaml").read_text(encoding="utf-8")
    standalone = "\n".join(line for line in text.splitlines() if not line.startswith("series:"))
    for i in range(STANDALONE):
        title = f"title: Standalone meeting {i}"
        page = "\n".join(
            title if line.startswith("title:") else line for line in standalone.splitlines()
        )
        (inputs / f"standalone-{i}.yaml").write_text(page + "\n", encoding="utf-8")
    return inputs


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in briefs(folder)}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    _workspace(root)
    return root


def test_every_number_of_jobs_writes_the_same_bytes(workspace: Path) -> None:
    built = {}
    for jobs in (1, 2, 3):
        out = f"out-j{jobs}"
        result = run_cli(
            "build", "inputs", "-o", out, "-f", "pdf,docx,html", "-j", str(jobs), cwd=workspace
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.endswith(f"{4 + STANDALONE} built, 0 failed\n")
        built[jobs] = _contents(workspace / out)
    assert len(built[1]) == 3 * (4 + STANDALONE)
    assert built[1] == built[2] == built[3]
    # the lines of the briefs come in input order, whatever the number of jobs
    lines = [line.split(" -> ")[0] for line in result.stdout.splitlines() if " -> " in line]
    assert lines == sorted(lines)


CRASHER = """\
import os
import re
from briefgen import pdf_writer

real = pdf_writer.write_pdf


def crashing(html, templates, options):
    if "Crash here" in html and os.environ.get("BRIEFGEN_TEST_CRASH"):
        os.abort()  # as a fault in a native library would end the process
    return real(html, templates, options)


pdf_writer.write_pdf = crashing
"""


def test_a_worker_that_dies_fails_its_input_alone(tmp_path: Path) -> None:
    """A fault that kills the process laying a brief out (here SIGABRT, as a crash in a native
    library would) fails that brief; the others, before and after it, are built."""
    inputs = _workspace(tmp_path)
    text = (inputs / "standalone-2.yaml").read_text(encoding="utf-8")
    (inputs / "standalone-2.yaml").write_text(text.replace("Standalone meeting 2", "Crash here"))
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "sitecustomize.py").write_text(CRASHER)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "hooks"), "BRIEFGEN_TEST_CRASH": "1"}
    result = subprocess.run(
        [str(BRIEFGEN), "build", "inputs", "-o", "out", "-f", "pdf", "-j", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "inputs/standalone-2.yaml: error: could not be built: the process building it died"
    )
    assert result.stderr.endswith(f"{3 + STANDALONE} built, 1 failed\n")
    built = {p.name for p in briefs(tmp_path / "out")}
    assert "standalone-2.pdf" not in built and len(built) == 3 + STANDALONE


def test_a_template_fault_stops_a_parallel_build_before_anything_is_written(
    tmp_path: Path,
) -> None:
    _workspace(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    # a fault only the last input in order hits: every other brief is rendered first
    (templates / "post-meeting.html.j2").write_text(
        "{% if 'meeting 5' in meeting.title %}{{ meeting.no_such_field }}{% endif %}"
        '{% include "builtin/post-meeting.html.j2" %}'
    )
    result = run_cli("build", "inputs", "-o", "out", "-j", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert "no_such_field" in result.stderr
    assert "nothing built: the templates have errors" in result.stderr
    assert not (tmp_path / "out").exists() or briefs(tmp_path / "out") == []


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in "ZX"


def _build_with_workers(root: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """`briefgen build -j 2` in a process group of its own, once its two workers run."""
    _workspace(root)
    build = subprocess.Popen(
        [str(BRIEFGEN), "build", "inputs", "-o", "out", "-j", "2"],
        cwd=root,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    started = time.monotonic()
    while len(_children(build.pid)) < 2 and time.monotonic() - started < 60:
        time.sleep(0.05)
    workers = _children(build.pid)
    assert len(workers) >= 2, "the workers never started"
    return build, workers


def _ended(workers: list[int]) -> bool:
    started = time.monotonic()
    while any(map(_running, workers)) and time.monotonic() - started < 10:
        time.sleep(0.1)
    return not any(map(_running, workers))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_ctrl_c_ends_the_workers_too(tmp_path: Path) -> None:
    build, workers = _build_with_workers(tmp_path)
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: the whole job
    stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1].startswith("interrupted: ")
    assert _ended(workers)
    out = tmp_path / "out"
    assert not out.exists() or not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_workers_end_when_the_build_is_killed(tmp_path: Path) -> None:
    build, workers = _build_with_workers(tmp_path)
    build.kill()  # SIGKILL to the main process alone: it cannot end its workers
    build.communicate(timeout=10)
    assert _ended(workers)


def test_shards_build_whole_series_and_together_the_full_build(workspace: Path) -> None:
    full = run_cli("build", "inputs", "-o", "full", "-f", "pdf,docx", cwd=workspace)
    assert full.returncode == 0, full.stderr
    union: dict[str, bytes] = {}
    shares = []
    for k in (1, 2, 3):
        result = run_cli(
            "build",
            "inputs",
            "-o",
            f"shard-{k}",
            "-f",
            "pdf,docx",
            "--shard",
            f"{k}/3",
            cwd=workspace,
        )
        assert result.returncode == 0, result.stderr
        built = _contents(workspace / f"shard-{k}")
        assert not set(built) & set(union), "a brief was built by two shards"
        union |= built
        shares.append({name.rsplit(".", 1)[0] for name in built})
    assert union == _contents(workspace / "full")
    series = {p.stem for p in EXAMPLES.glob("*.yaml")}
    assert sum(series <= share for share in shares) == 1  # the series is in one shard, whole
    # balanced: the series of four in one shard, the six standalone meetings in the other two
    assert sorted(len(share) for share in shares) == [3, 3, 4]


@pytest.mark.parametrize("value", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_a_shard_must_be_k_of_n(tmp_path: Path, value: str) -> None:
    copy_examples(tmp_path)
    result = run_cli("build", "inputs", "--shard", value, cwd=tmp_path)
    assert result.returncode == 2
    assert "Invalid value for '--shard'" in result.stderr and "K/N" in result.stderr
    assert not (tmp_path / "output").exists()


def test_jobs_come_from_the_workspace_file_unless_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_examples(tmp_path)
    (tmp_path / "briefgen.yaml").write_text("jobs: 0\n")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("briefgen.yaml:1:7: error: jobs: ")
    (tmp_path / "briefgen.yaml").write_text("jobs: 1\n")
    from briefgen.workspace import Settings

    monkeypatch.chdir(tmp_path)
    assert Settings.resolve().jobs == 1
    assert Settings.resolve(jobs=3).jobs == 3


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    """On a terminal, a bar with the count and the time left while it builds; then only the
    summary (the bar is cleared). Off a terminal, a line per brief (the other tests)."""
    copy_examples(tmp_path)
    import pty

    leader, follower = pty.openpty()
    build = subprocess.Popen(
        [str(BRIEFGEN), "build", "inputs", "-o", "out", "-j", "1"],
        cwd=tmp_path,
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the build has ended
            break
        if not chunk:
            break
        seen += chunk
    _, errors = build.communicate(timeout=120)
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))  # colours
    assert build.returncode == 0, errors
    assert "building" in text and "ETA" in text and "/4" in text
    assert "inputs/vn-uk-reception-summary.yaml" in text  # the brief being built
    assert text.rstrip().endswith("4 built, 0 failed")
    assert " -> " not in text  # no line per brief on a terminal, unless -v


def test_verbose_says_what_is_up_to_date(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    assert run_cli("build", "inputs", "-o", "out", cwd=tmp_path).returncode == 0
    last = tmp_path / "inputs" / "vn-uk-dialogue-4-brief.yaml"  # no brief depends on it
    last.write_text(last.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1))
    result = run_cli("build", "inputs", "-o", "out", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "building 1 brief"
    assert lines[1].startswith("inputs/vn-uk-dialogue-4-brief.yaml -> ")
    fresh = ("vn-uk-reception-brief", "vn-uk-reception-summary", "vn-uk-reception-summary-vi")
    assert sorted(lines[2:5]) == sorted(f"inputs/{name}.yaml: up to date" for name in fresh)
    assert lines[5] == "1 built, 3 up to date, 0 failed"
