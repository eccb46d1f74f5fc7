"""Incremental builds: a brief whose inputs have not changed is not built again, and anything
doubtful (an output missing or edited, a state file damaged) means "build again"."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import briefs, copy_examples, run_cli

EXAMPLES = {  # the examples and what each brief reads of its series
    "vn-uk-reception-brief": set(),
    "vn-uk-reception-summary": {"vn-uk-reception-brief", "vn-uk-reception-summary-vi"},
    "vn-uk-reception-summary-vi": {"vn-uk-reception-brief", "vn-uk-reception-summary"},
    "vn-uk-dialogue-4-brief": {
        "vn-uk-reception-brief",
        "vn-uk-reception-summary",
        "vn-uk-reception-summary-vi",
    },
}


def built(result) -> set[str]:
    """The inputs a build reports built."""
    return {
        Path(line.split(" -> ")[0]).stem for line in result.stdout.splitlines() if " -> " in line
    }


def build(root: Path, *args: str):
    result = run_cli("build", "-f", "html,docx", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return result


def test_a_second_build_builds_nothing_and_says_so(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    first = build(tmp_path)
    assert built(first) == set(EXAMPLES)
    outputs = {p.name: p.read_bytes() for p in briefs(tmp_path / "output")}
    second = build(tmp_path)
    assert built(second) == set()
    assert second.stdout.endswith("0 built, 4 up to date, 0 failed\n")
    assert {p.name: p.read_bytes() for p in briefs(tmp_path / "output")} == outputs
    forced = build(tmp_path, "--force")
    assert built(forced) == set(EXAMPLES)


def test_a_change_rebuilds_the_brief_and_those_of_its_series_after_it(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    build(tmp_path)
    for changed, readers in (
        ("vn-uk-dialogue-4-brief", set()),
        ("vn-uk-reception-summary-vi", {"vn-uk-reception-summary", "vn-uk-dialogue-4-brief"}),
        ("vn-uk-reception-brief", set(EXAMPLES) - {"vn-uk-reception-brief"}),
    ):
        path = tmp_path / "inputs" / f"{changed}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "# revised\n", encoding="utf-8")
        assert built(build(tmp_path)) == {changed} | readers, changed
        assert {changed} | readers >= {name for name, reads in EXAMPLES.items() if changed in reads}


def test_settings_templates_and_register_are_inputs_too(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    build(tmp_path)
    assert built(build(tmp_path, "--paper", "letter")) == set(EXAMPLES)
    assert built(build(tmp_path, "--paper", "letter")) == set()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "notes.txt").write_text("house style\n", encoding="utf-8")
    assert built(build(tmp_path, "--paper", "letter")) == set(EXAMPLES)
    people = tmp_path / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "# revised\n", encoding="utf-8")
    assert built(build(tmp_path, "--paper", "letter")) == set()  # the same people: the same key
    people.write_text(
        people.read_text(encoding="utf-8").replace("Simon Ridley", "Sir Simon Ridley"),
        encoding="utf-8",
    )
    assert built(build(tmp_path, "--paper", "letter")) == set(EXAMPLES)


def test_a_missing_or_edited_output_or_a_damaged_state_means_build_again(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    build(tmp_path)
    output = tmp_path / "output"
    (output / "vn-uk-reception-brief.docx").unlink()
    with (output / "vn-uk-reception-summary.html").open("a", encoding="utf-8") as f:
        f.write("<!-- edited -->")
    assert built(build(tmp_path)) == {"vn-uk-reception-brief", "vn-uk-reception-summary"}
    for damage in ("", "{", '{"version": 1, "briefs": []}', json.dumps({"version": 99})):
        (output / ".briefgen-state.json").write_text(damage, encoding="utf-8")
        assert built(build(tmp_path)) == set(EXAMPLES), repr(damage)
    state = json.loads((output / ".briefgen-state.json").read_text(encoding="utf-8"))
    state["briefs"]["vn-uk-dialogue-4-brief"]["key"] = "0" * 64
    (output / ".briefgen-state.json").write_text(json.dumps(state), encoding="utf-8")
    assert built(build(tmp_path)) == {"vn-uk-dialogue-4-brief"}


def test_an_up_to_date_briefs_warnings_are_said_at_every_build(tmp_path: Path) -> None:
    copy_examples(tmp_path)
    (tmp_path / "inputs" / "fr.yaml").write_text(
        "kind: post-meeting\ntitle: Réunion\ndate: 2025-05-06\nlanguage: fr\n", encoding="utf-8"
    )
    first = build(tmp_path)
    second = build(tmp_path)
    warning = "inputs/fr.yaml:4:11: warning: language: no labels for 'fr'"
    assert any(line.startswith(warning) for line in first.stderr.splitlines())
    assert any(line.startswith(warning) for line in second.stderr.splitlines())
    strict = run_cli("build", "-f", "html,docx", "--strict", cwd=tmp_path)
    assert strict.returncode == 1  # an up-to-date brief's warning still fails --strict
