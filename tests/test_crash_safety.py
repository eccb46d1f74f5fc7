"""Crash safety of the outputs: a build killed with SIGKILL, interrupted with Ctrl-C, run twice at
once into the same folder or stopped by a full disk leaves every output either its previous
version or the complete new one, and no temporary file behind once the next build has run."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

import briefgen
from briefgen import atomic_files
from briefgen.atomic_files import write_atomically
from briefgen.freshness import STATE_FILE

from conftest import BRIEFGEN, EXAMPLES, PEOPLE, briefs, copy_examples, run_cli

DOCUMENTS = 20
FORMATS = ("docx", "pdf")
TEMPORARY = re.compile(r"^\.(?P<target>.+)\.briefgen-(?P<pid>\d+)-[0-9a-f]{16}\.tmp$")
INTERRUPTED = re.compile(r"^interrupted: (\d+) built, (\d+) failed$")
REVISED = " (revised)"


@dataclass
class Corpus:
    """Twenty meeting files in two versions (`v1`, then `v2` with revised titles), and the
    outputs each version builds: `previous` from v1, `expected` from v2, by output name."""

    root: Path
    v1: Path
    v2: Path
    previous: dict[str, bytes]
    expected: dict[str, bytes]
    build_seconds: float  # the faster of the two builds, from the start of the process to its end


@dataclass
class Snapshot:
    """What an output folder holds: outputs by version, and hidden temporary files."""

    old: list[str]
    new: list[str]
    temporaries: list[str]

    def pids(self) -> set[int]:
        return {int(TEMPORARY.match(name)["pid"]) for name in self.temporaries}


def _write_inputs(folder: Path, revise: bool) -> None:
    examples = sorted(EXAMPLES.glob("*.yaml"))
    folder.mkdir()
    for i in range(DOCUMENTS):
        text = examples[i % len(examples)].read_text(encoding="utf-8")
        if revise:
            text = _revise(text)
        (folder / f"meeting-{i:02d}.yaml").write_text(text, encoding="utf-8")


def _revise(text: str) -> str:
    """The meeting file with its title revised."""
    return re.sub(r"^(title: .*)$", rf"\1{REVISED}", text, count=1, flags=re.MULTILINE)


def _read_outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in briefs(folder)}


def _assert_valid(path: Path, strict_check: bool = False) -> None:
    """The document opens in the library a reader would use (and, when asked, passes qpdf)."""
    if path.suffix == ".docx":
        assert Document(str(path)).paragraphs, path
    else:
        assert len(PdfReader(path).pages) >= 1, path
        if strict_check and shutil.which("qpdf"):
            check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
            assert check.returncode == 0, check.stdout + check.stderr


def _restore(folder: Path, versions: dict[str, bytes]) -> None:
    """Put the given versions of the outputs back (hidden files are left as they are)."""
    folder.mkdir(exist_ok=True)
    for name, data in versions.items():
        if not (folder / name).exists() or (folder / name).read_bytes() != data:
            (folder / name).write_bytes(data)


def _first_difference(a: bytes, b: bytes) -> int:
    same = (x == y for x, y in zip(a, b, strict=False))
    return next((i for i, equal in enumerate(same) if not equal), min(len(a), len(b)))


def _snapshot(folder: Path, corpus: Corpus, names: Iterable[str] | None = None) -> Snapshot:
    """Check that the outputs `names` (by default all) are in `folder`, each complete and valid,
    the previous version or the new one, and every hidden file a temporary of one of them; say
    which is which."""
    names = sorted(corpus.expected if names is None else names)
    visible = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert visible == names
    old, new = [], []
    for name in visible:
        data = (folder / name).read_bytes()
        if data == corpus.expected[name]:
            new.append(name)
        elif data == corpus.previous[name]:
            old.append(name)
        else:
            pytest.fail(
                f"{folder / name}: neither the previous version ({len(corpus.previous[name])}"
                f" bytes) nor the new one ({len(corpus.expected[name])} bytes) but {len(data)}"
                f" bytes, first unlike the new one at byte"
                f" {_first_difference(data, corpus.expected[name])}"
            )
        _assert_valid(folder / name)
    temporaries = sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != STATE_FILE
    )
    for name in temporaries:
        match = TEMPORARY.match(name)
        assert match and match["target"] in names, f"unexpected file {name}"
    return Snapshot(old, new, temporaries)


def _start_build(*args: str, cwd: Path, **popen: Any) -> subprocess.Popen[str]:
    """Start `briefgen build` in a process group of its own, as a shell starts a job."""
    return subprocess.Popen(
        [str(BRIEFGEN), "build", *args],
        cwd=cwd,
        text=True,
        start_new_session=True,
        **popen,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("crash")
    shutil.copy(PEOPLE, root / PEOPLE.name)
    _write_inputs(root / "v1", revise=False)
    _write_inputs(root / "v2", revise=True)
    durations = []
    for version, folder in (("v1", "previous"), ("v2", "expected")):
        started = time.monotonic()
        result = run_cli("build", version, "-o", folder, cwd=root)
        durations.append(time.monotonic() - started)
        assert result.returncode == 0, result.stderr
    previous, expected = _read_outputs(root / "previous"), _read_outputs(root / "expected")
    names = sorted(f"meeting-{i:02d}.{f}" for i in range(DOCUMENTS) for f in FORMATS)
    assert sorted(previous) == sorted(expected) == names
    # Every output changes with the revision, so that the two versions can be told apart.
    assert all(previous[name] != expected[name] for name in names)
    for folder in (root / "previous", root / "expected"):
        for name in names:
            _assert_valid(folder / name, strict_check=True)
    return Corpus(root, root / "v1", root / "v2", previous, expected, min(durations))


def test_build_killed_at_random_points_leaves_old_or_new_outputs(corpus: Corpus) -> None:
    rng = random.Random(20250304)
    rounds = 6
    out = corpus.root / "killed"
    figures = []
    killed_pids: list[int] = []
    for i in range(rounds):
        _restore(out, corpus.previous)
        # One kill in each sixth of the build's duration (bar its last part, as builds vary),
        # from start-up to the last writes.
        delay = 0.85 * corpus.build_seconds * rng.uniform(i, i + 1) / rounds
        build = _start_build(
            "v2", "-o", out.name, cwd=corpus.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        _, stderr = build.communicate(timeout=60)
        assert build.returncode in (0, -signal.SIGKILL), stderr
        killed = build.returncode == -signal.SIGKILL
        killed_pids.append(build.pid)
        snapshot = _snapshot(out, corpus)
        assert snapshot.pids() <= set(killed_pids)
        assert not any(_alive(pid) for pid in snapshot.pids())
        if snapshot.new or build.pid in snapshot.pids():
            # This build got as far as writing, so it swept what the builds killed before left.
            assert snapshot.pids() <= {build.pid}, snapshot.temporaries
        if not killed:  # the build was faster than measured and ended before the kill
            assert snapshot.new == sorted(corpus.expected) and not snapshot.temporaries
        figures.append((killed, delay, len(snapshot.old), len(snapshot.new), snapshot.temporaries))
    left = sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))
    print(f"\nbuild of {DOCUMENTS} documents: {corpus.build_seconds:.2f} s")
    for i, (killed, delay, old, new, temporaries) in enumerate(figures):
        how = "killed" if killed else "finished before the kill"
        print(f"round {i}: {how} at {delay:.2f} s: {old} old, {new} new, left {temporaries}")
    print(f"temporary files before the next build: {left}")
    # Most builds were killed, and kills did land in the middle of writing the outputs.
    assert sum(killed for killed, *_ in figures) >= rounds // 2
    assert any(killed and 0 < new < 2 * DOCUMENTS for killed, _, _, new, _ in figures)

    result = run_cli("build", "v2", "-o", out.name, cwd=corpus.root)
    assert result.returncode == 0, result.stderr
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    snapshot = _snapshot(out, corpus)
    assert snapshot.new == sorted(corpus.expected) and snapshot.temporaries == []


def test_next_build_sweeps_only_the_temporaries_of_dead_builds(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "vn-uk-reception-summary.yaml", tmp_path / "m.yaml")
    out = tmp_path / "output"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    with subprocess.Popen(["sleep", "60"]) as living:
        try:
            stale = out / f".m.html.briefgen-{dead.pid}-0123456789abcdef.tmp"
            in_use = out / f".m.html.briefgen-{living.pid}-89abcdef01234567.tmp"
            # a person's files that merely look temporary are never touched
            mine = [out / ".notes.2024.draft.tmp", out / f".backup.{dead.pid}.old.tmp"]
            mine += [out / f".m.html.{dead.pid}.0123abcd.tmp", out / ".m.txt.briefgen-1-0.tmp"]
            for path in mine:
                path.write_text("a person's own file")
            stale.write_bytes(b"<html><body>half a docu")
            in_use.write_bytes(b"<html><body>being writ")
            result = run_cli("build", "m.yaml", "-o", "output", "-f", "html", cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            kept = sorted(p.name for p in briefs(out))
            assert kept == sorted([in_use.name, "m.html", *(p.name for p in mine)])
        finally:
            living.kill()


def test_two_builds_into_one_folder_at_once(corpus: Corpus) -> None:
    rng = random.Random(7)
    inputs = [f"v2/meeting-{i:02d}.yaml" for i in range(4)]
    stems = {Path(p).stem for p in inputs}
    expected = {name: data for name, data in corpus.expected.items() if Path(name).stem in stems}
    out = corpus.root / "concurrent"
    for i in range(5):
        if i == 0:
            shutil.rmtree(out, ignore_errors=True)  # both builds create the folder
        else:
            _restore(out, {name: corpus.previous[name] for name in expected})
        # The second build runs the inputs in the same order (the same files written at once)
        # or in reverse (each writing what the other has just written), a little later.
        second_inputs = inputs if i % 2 == 0 else inputs[::-1]
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
        first = _start_build(*inputs, "-o", out.name, cwd=corpus.root, **pipes)
        time.sleep(rng.uniform(0, 0.3))
        second = _start_build(*second_inputs, "-o", out.name, cwd=corpus.root, **pipes)
        for build in (first, second):
            stdout, stderr = build.communicate(timeout=120)
            assert build.returncode == 0, f"round {i}: {stderr}"
            assert stdout.endswith(f"{len(inputs)} built, 0 failed\n")
        snapshot = _snapshot(out, corpus, expected)
        assert snapshot.new == sorted(expected) and snapshot.temporaries == [], f"round {i}"


def _wait_for_first_write(folder: Path, build: subprocess.Popen[str]) -> None:
    """Wait until the build has replaced one of the outputs in `folder`."""
    inodes = {p.name: p.stat().st_ino for p in folder.iterdir()}
    started = time.monotonic()
    while time.monotonic() - started < 120:
        assert build.poll() is None, "the build ended before writing anything"
        for path in folder.iterdir():
            try:
                if path.name in inodes and path.stat().st_ino != inodes[path.name]:
                    return
            except FileNotFoundError:
                continue
        time.sleep(0.01)
    pytest.fail("no output written within 120 s")


def test_ctrl_c_exits_130_with_a_summary_and_complete_outputs(corpus: Corpus) -> None:
    # The command prints what it built only at the end, so the interrupt is timed from the first
    # output file replaced: once the build is well under way.
    rng = random.Random(130)
    out = corpus.root / "interrupted"
    for i in range(2):
        _restore(out, corpus.previous)
        build = _start_build(
            "v2", "-o", out.name, cwd=corpus.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        _wait_for_first_write(out, build)
        time.sleep(rng.uniform(0, 1.5))
        os.killpg(build.pid, signal.SIGINT)
        stdout, stderr = build.communicate(timeout=60)
        assert build.returncode == 130, stderr
        assert "Traceback" not in stderr
        lines = stderr.splitlines()
        assert len(lines) == 1 and INTERRUPTED.match(lines[0]), stderr
        built, failed = map(int, INTERRUPTED.match(lines[0]).groups())
        assert failed == 0 and built < DOCUMENTS
        reported = [line for line in stdout.splitlines() if " -> " in line]
        assert len(reported) == built
        snapshot = _snapshot(out, corpus)
        assert snapshot.temporaries == []
        for line in reported:  # every input reported built has both outputs in the new version
            for output in line.split(" -> ")[1].split(", "):
                assert Path(output).name in snapshot.new
        print(f"\nCtrl-C {i}: {lines[0]}; {len(snapshot.old)} old, {len(snapshot.new)} new")


class _FullDiskFile:
    """A file on a disk with `room` bytes left: a write beyond them fills the disk and fails."""

    def __init__(self, file: Any, disk: _FullDisk) -> None:
        self._file, self._disk = file, disk

    def write(self, data: bytes) -> int:
        if len(data) > self._disk.room:
            self._file.write(data[: self._disk.room])
            self._file.flush()
            self._disk.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._disk.room -= len(data)
        return self._file.write(data)

    def __enter__(self) -> _FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


class _FullDisk:
    """The `os` module as the pipeline sees it, on a disk with `room` bytes left."""

    def __init__(self, room: int) -> None:
        self.room = room

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> _FullDiskFile:
        return _FullDiskFile(os.fdopen(fd, *args, **kwargs), self)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def test_full_disk_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"previous version")
    monkeypatch.setattr(atomic_files, "os", _FullDisk(room=1000))
    with pytest.raises(OSError) as caught:
        write_atomically(target, b"%PDF" + b"x" * 4000)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.pdf"]


def test_disk_filling_up_during_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    formats = ["html", "docx"]
    names = [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))]
    copy_examples(Path.cwd())
    assert briefgen.build(formats=formats).failed == []
    previous = _read_outputs(Path("output"))
    for name in names:
        path = Path("inputs") / f"{name}.yaml"
        path.write_text(_revise(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert briefgen.build(output_dir="expected", formats=formats).failed == []
    expected = _read_outputs(Path("expected"))
    # Room for the first input's outputs and half of the second's HTML, the next file written.
    room = sum(len(expected[f"{names[0]}.{f}"]) for f in formats)
    room += len(expected[f"{names[1]}.html"]) // 2
    with monkeypatch.context() as full:
        full.setattr(atomic_files, "os", _FullDisk(room))
        report = briefgen.build(formats=formats)
    assert [r.input.stem for r in report.succeeded] == names[:1]
    assert [r.input.stem for r in report.failed] == names[1:]
    for result in report.failed:
        assert [str(p) for p in result.problems] == [
            f"output: error: cannot write {result.input.stem}.html in this folder: "
            "no space left on the disk"
        ]
    now = _read_outputs(Path("output"))
    assert sorted(now) == sorted(previous)  # no temporary file left
    for output in now:  # the first input's outputs are new, the others' as they were
        version = expected if output.startswith(f"{names[0]}.") else previous
        assert now[output] == version[output], output
