"""The built wheel carries the default templates (and the meeting schema), so an installed
briefgen works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_default_templates(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("briefgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "templates"
    shipped = {
        f"briefgen/templates/{p.relative_to(templates).as_posix()}"
        for p in templates.rglob("*")
        if p.is_file()
    }
    assert len(shipped) >= 15
    assert shipped <= names
    assert "briefgen/cli.py" in names
    assert "briefgen/schemas/meeting.schema.json" in names  # what `briefgen schema` prints
