"""Problems for people and for machines: --error-format text|github|json, --strict, NO_COLOR and
shell completion, through the real command."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, write_tree

SRC = Path(__file__).resolve().parent.parent / "src"
FRENCH = MINIMAL + "language: fr\n"  # no French labels: a warning, and the brief is built
# One error of each kind: a field's value, an unknown field, a YAML syntax error (no field), and
# a value and a file name holding the characters GitHub's annotations escape.
BROKEN = {
    "inputs/bad-date.yaml": MINIMAL.replace("2025-05-06", "2025-13-06") + "bogus: 1\n",
    "inputs/syntax.yaml": MINIMAL.replace("Budget review", "Budget: review: again"),
    "inputs/a,b%c.yaml": MINIMAL.replace("post-meeting", '"100% post, ok: yes"'),
    "inputs/french.yaml": FRENCH,
    "inputs/good.yaml": MINIMAL,
}
TEXT_LINE = re.compile(r"^(?P<where>.+?): (?P<severity>error|warning): (?P<rest>.*)$")
ANNOTATION = re.compile(r"^::(?P<level>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")


def briefgen(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The command of this source tree, run as `python -m briefgen` with `env` added (and no
    NO_COLOR unless given)."""
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update(PYTHONPATH=str(SRC), **env)
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def unescape(value: str) -> str:
    """A value of a GitHub workflow command as the runner reads it."""
    for escaped, char in [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]:
        value = value.replace(escaped, char)
    return value


def annotations(stderr: str) -> list[dict[str, str]]:
    """The workflow commands printed, each as {level, file, line, col, title, message}."""
    found = []
    for line in stderr.splitlines():
        if line.startswith("::"):
            match = ANNOTATION.match(line)
            assert match, line
            fields = {"level": match["level"], "message": unescape(match["message"])}
            for prop in match["properties"].split(","):
                name, _, value = prop.partition("=")
                fields[name] = unescape(value)
            found.append(fields)
    return found


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if TEXT_LINE.match(line)]


def as_text(problem: dict) -> str:
    """A JSON problem as the text format prints it."""
    where = problem["file"]
    for key in ("line", "column"):
        if problem[key] is not None:
            where += f":{problem[key]}"
    field = f"{problem['field']}: " if problem["field"] is not None else ""
    return f"{where}: {problem['severity']}: {field}{problem['message']}"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_tree(tmp_path, BROKEN)


def test_github_annotations_carry_file_line_column_and_message(broken: Path) -> None:
    text = briefgen("check", cwd=broken)
    github = briefgen("check", "--error-format", "github", cwd=broken)
    assert (github.returncode, text.returncode) == (1, 1)
    lines = problem_lines(text.stderr)
    found = annotations(github.stderr)
    assert len(found) == len(lines) >= 5
    for annotation, line in zip(found, lines, strict=True):
        assert annotation["title"] == "briefgen"
        where = f"{annotation['file']}:{annotation['line']}:{annotation['col']}"
        assert f"{where}: {annotation['level']}: {annotation['message']}" == line
    # the human summary stays as it is, on its usual stream
    assert github.stderr.splitlines()[-1] == text.stderr.splitlines()[-1] == "2 valid, 3 failed"
    assert "\x1b[" not in github.stderr


def test_github_annotations_escape_per_the_workflow_command_syntax(broken: Path) -> None:
    result = briefgen("check", "--error-format", "github", "inputs/a,b%c.yaml", cwd=broken)
    assert result.returncode == 1
    # in a property `%`, `,` and `:` are escaped; in the message only `%` (and line breaks)
    assert result.stderr.splitlines()[0] == (
        "::error file=inputs/a%2Cb%25c.yaml,line=1,col=7,title=briefgen::"
        "kind: '100%25 post, ok: yes' is not one of: pre-meeting, post-meeting"
    )
    found = annotations(briefgen("check", "--error-format", "github", cwd=broken).stderr)
    (warning,) = [a for a in found if a["level"] == "warning"]
    assert (warning["file"], warning["line"], warning["col"]) == ("inputs/french.yaml", "4", "11")
    assert warning["message"].startswith("language: no labels for 'fr'")


def test_github_annotations_leave_out_an_unknown_line_and_column(tmp_path: Path) -> None:
    result = briefgen("check", "--error-format", "github", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("::error file=missing.yaml,title=briefgen::")
    assert "line=" not in result.stderr and "col=" not in result.stderr


def test_json_is_one_array_with_the_text_formats_problems_field_by_field(broken: Path) -> None:
    text = briefgen("check", cwd=broken)
    result = briefgen("check", "--error-format", "json", cwd=broken)
    assert result.returncode == text.returncode == 1
    array, summary = result.stderr.splitlines()  # the array on one line, then the summary
    assert summary == "2 valid, 3 failed"
    problems = json.loads(array)
    assert [set(p) for p in problems] == [
        {"file", "line", "column", "severity", "field", "message"}
    ] * len(problems)
    assert [as_text(p) for p in problems] == problem_lines(text.stderr)
    for problem, line in zip(problems, problem_lines(text.stderr), strict=True):
        match = TEXT_LINE.match(line)
        assert match["where"] == f"{problem['file']}:{problem['line']}:{problem['column']}"
        assert match["severity"] == problem["severity"]
        assert match["rest"].endswith(problem["message"])
    by_file = {p["file"]: p for p in problems}
    assert by_file["inputs/syntax.yaml"]["field"] is None  # a YAML error names no field
    assert by_file["inputs/french.yaml"] == {
        "file": "inputs/french.yaml",
        "line": 4,
        "column": 11,
        "severity": "warning",
        "field": "language",
        "message": "no labels for 'fr' (add labels/fr.yaml to the templates); English labels "
        "are used",
    }
    assert {"inputs/bad-date.yaml", "inputs/a,b%c.yaml"} <= set(by_file)
    assert any(p["field"] == "bogus" for p in problems)
    assert by_file["inputs/a,b%c.yaml"]["message"].startswith("'100% post, ok: yes'")


def test_json_without_problems_is_an_empty_array_and_the_summary_stays_on_stdout(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, {"inputs/good.yaml": MINIMAL})
    result = briefgen("check", "--error-format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stderr) == []
    assert result.stdout == "1 valid, 0 failed\n"


def test_json_nulls_where_line_and_column_are_unknown(tmp_path: Path) -> None:
    result = briefgen("check", "--error-format", "json", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    (problem,) = json.loads(result.stderr)
    assert problem["file"] == "missing.yaml"
    assert (problem["line"], problem["column"], problem["severity"]) == (None, None, "error")


def test_json_of_actions_leaves_standard_output_to_the_actions(broken: Path) -> None:
    result = briefgen("actions", "--format", "json", "--error-format", "json", cwd=broken)
    assert result.returncode == 1
    assert isinstance(json.loads(result.stdout), list)  # the actions, as before
    problems = json.loads(result.stderr)  # nothing but the array
    assert {p["file"] for p in problems} == {
        "inputs/bad-date.yaml",
        "inputs/syntax.yaml",
        "inputs/a,b%c.yaml",
    }


def test_json_of_build_keeps_the_listing_on_standard_output(broken: Path) -> None:
    result = briefgen("build", "-f", "html", "--error-format", "json", cwd=broken)
    assert result.returncode == 1
    assert "inputs/good.yaml -> output/good.html" in result.stdout
    array, summary = result.stderr.splitlines()
    assert len(json.loads(array)) == len(problem_lines(briefgen("check", cwd=broken).stderr))
    assert summary == "2 built, 3 failed"


def test_strict_turns_a_warning_into_a_failure(tmp_path: Path) -> None:
    write_tree(tmp_path, {"inputs/french.yaml": FRENCH})
    lenient = briefgen("check", cwd=tmp_path)
    assert lenient.returncode == 0
    assert lenient.stdout == "1 valid, 0 failed\n"
    assert "warning: language: no labels for 'fr'" in lenient.stderr
    strict = briefgen("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout == ""
    assert strict.stderr.splitlines()[-1] == "1 valid, 0 failed, 1 warning (--strict)"
    built = briefgen("build", "-f", "html", "--strict", "--error-format", "json", cwd=tmp_path)
    assert built.returncode == 1
    assert (tmp_path / "output" / "french.html").is_file()  # built all the same
    array, summary = built.stderr.splitlines()
    assert [p["severity"] for p in json.loads(array)] == ["warning"]
    assert summary == "1 built, 0 failed, 1 warning (--strict)"


def test_strict_without_warnings_changes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {"inputs/good.yaml": MINIMAL})
    result = briefgen("check", "--strict", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "1 valid, 0 failed\n", "")
    actions = briefgen("actions", "--strict", "--format", "csv", cwd=tmp_path)
    assert (actions.returncode, actions.stderr) == (0, "")


@pytest.mark.parametrize("no_color", [None, "1"])
def test_no_colour_off_a_terminal(broken: Path, no_color: str | None) -> None:
    env = {} if no_color is None else {"NO_COLOR": no_color}
    for args in (["check"], ["build", "-f", "html"], ["check", "--strict"]):
        result = briefgen(*args, cwd=broken, **env)
        assert "\x1b[" not in result.stdout + result.stderr
        assert problem_lines(result.stderr)


def on_a_terminal(
    *args: str, cwd: Path, until: bytes | None = None, status: int = 1, **env: str
) -> bytes:
    """What the command prints on a pseudo-terminal (both streams); `until`: Ctrl-C once it
    has printed that (for the commands that run until stopped)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment.update(PYTHONPATH=str(SRC), **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        env=environment,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    printed = b""
    try:
        while chunk := os.read(leader, 4096):
            printed += chunk
            if until is not None and until in printed:
                process.send_signal(signal.SIGINT)
                until = None
    except OSError:  # Linux: the other end closed
        pass
    finally:
        os.close(leader)
    assert process.wait(timeout=300) == status
    return printed


def test_no_color_turns_off_the_colours_of_a_terminal(broken: Path) -> None:
    assert b"\x1b[31m" in on_a_terminal("check", cwd=broken)  # in colour, as before
    assert b"\x1b[31m" in on_a_terminal("check", cwd=broken, NO_COLOR="")  # empty: not set
    plain = on_a_terminal("check", cwd=broken, NO_COLOR="1")
    assert b"\x1b[" not in plain
    assert b"inputs/french.yaml:4:11: warning: language:" in plain


COLOUR = re.compile(rb"\x1b\[[0-9;]*m")  # a colour (or any other SGR) escape


@pytest.mark.parametrize(
    ("args", "until", "status", "shown"),
    [
        (["build", "-f", "html", "-v", "--force"], None, 1, b"5/5 ETA"),  # the rich bar
        (["serve", "--port", "0"], b"(Ctrl-C stops)", 0, b"serving the briefs on http://"),
    ],
    ids=["build", "serve"],
)
def test_no_color_holds_for_the_progress_bar_and_serve(
    broken: Path, args: list[str], until: bytes | None, status: int, shown: bytes
) -> None:
    coloured = on_a_terminal(*args, cwd=broken, until=until, status=status)
    assert COLOUR.search(coloured)
    plain = on_a_terminal(*args, cwd=broken, until=until, status=status, NO_COLOR="1")
    assert COLOUR.findall(plain) == []
    assert shown in plain
    assert b"inputs/french.yaml:4:11: warning: language:" in plain


def test_shell_completion_offers_the_options_and_formats(tmp_path: Path) -> None:
    script = tmp_path / "briefgen"  # completion is keyed to the program's name
    script.write_text(f"#!{sys.executable}\nfrom briefgen.__main__ import main\nmain()\n")
    script.chmod(0o755)

    def complete(words: str, shell: str = "bash") -> str:
        env = {**os.environ, "PYTHONPATH": str(SRC), "_BRIEFGEN_COMPLETE": f"{shell}_complete"}
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
        return subprocess.run(
            [str(script)], env=env, capture_output=True, text=True, timeout=60, check=True
        ).stdout

    for command in ("build", "check", "actions"):
        assert complete(f"briefgen {command} --error-format ").split() == [
            "plain,text",
            "plain,github",
            "plain,json",
        ]
        assert "plain,--strict" in complete(f"briefgen {command} --str").split()
    assert "--error-format" in complete("briefgen check --err", "zsh")
