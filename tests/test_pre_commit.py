"""The pre-commit hook (`.pre-commit-hooks.yaml`), tried as a workspace would use it: pre-commit
installs briefgen from this repository into its own environment and runs the hook on a
temporary git repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL, ROOT, write_tree

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_the_hook_refuses_a_broken_meeting_file_and_passes_a_fixed_one(tmp_path: Path) -> None:
    repo = write_tree(
        tmp_path / "workspace",
        {
            "inputs/good.yaml": MINIMAL,
            "inputs/bad.yaml": MINIMAL + "summry: Agreed.\n",
            "notes.yaml": "not: [a meeting\n",  # outside inputs/: not the hook's
        },
    )
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def try_hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), "briefgen-check", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    first = try_hook()
    assert first.returncode == 1, first.stdout + first.stderr
    assert (
        "inputs/bad.yaml:4:1: error: summry: unknown field (did you mean 'summary'?)"
        in first.stdout
    )
    assert "1 valid, 1 failed" in first.stdout
    assert "notes.yaml" not in first.stdout

    (repo / "inputs" / "bad.yaml").write_text(MINIMAL + "summary: Agreed.\n", encoding="utf-8")
    _git(repo, "add", ".")
    second = try_hook()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
