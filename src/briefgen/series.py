"""Meeting series: the meetings that share a `series`, read together in order, so that each
brief knows what is still open from the meetings before it.

- **Order.** Date, then start time, then a pre-meeting brief before the summary of the same
  meeting, then file name. Each file sees only what comes before it, and itself.
- **Translations.** Files of one meeting and one kind in different languages are one step of the
  series (a second file in the same language is a step of its own, after the first). They must
  agree on ids, statuses, due dates and owners (owners that name participants; an organisation
  written in two languages cannot be compared). A brief reads each earlier step in
  its own language when the step has it, else in the series' language (its first file's).
- **Ids.** An action or proposal id names one item for the whole series: an entry whose id an
  earlier step declared is an update, whose fields replace the earlier ones from then on.
- **Breakage.** A file with errors fails every later brief of its series, with one line naming it.

A file without a series is a series of its own, so that every brief is made the same way."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError, Problem, did_you_mean, quoted
from .model import Action, Agreement, Meeting, Proposal, iso_date
from .references import TEXT_FIELDS, WHAT
from .yaml_source import Loc, Source, dotted

KIND_ORDER = {"pre-meeting": 0, "post-meeting": 1}
CLOSED = ("done", "dropped")
IN_PLAY = ("proposed", "deferred")
OPEN_PROPOSALS = ("proposed", "deferred", "noted")  # not yet agreed or declined
AGREED = ("signed", "in-force")


@dataclass(eq=False)
class MeetingFile:
    """One meeting file as a command read it: the meeting, or the problems that stopped it."""

    path: Path
    meeting: Meeting | None = None
    source: Source | None = None
    problems: list[Problem] = field(default_factory=list)
    depends_on: list[MeetingFile] = field(default_factory=list)  # broken earlier files

    @property
    def series(self) -> str | None:
        if self.meeting is not None:
            return self.meeting.series
        series = _raw(self, "series")
        return series if isinstance(series, str) else None

    @property
    def step(self) -> tuple[date, str, int]:
        """Where the file stands in its series, but for the file name: a broken file whose
        date cannot be read stands first, so that every brief of its series depends on it."""
        if self.meeting is not None:
            m = self.meeting
            return (m.date, m.start, KIND_ORDER[m.kind])
        try:
            when = iso_date(_raw(self, "date"))
        except ValueError:
            when = None
        time, kind = _raw(self, "time"), _raw(self, "kind")
        start = time[:5] if isinstance(time, str) else ""
        if not isinstance(when, date):
            return (date.min, "", 0)
        return (when, start, KIND_ORDER.get(kind, 0) if isinstance(kind, str) else 0)


def _language(file: MeetingFile) -> str | None:
    return file.meeting.language if file.meeting is not None else None


def _raw(file: MeetingFile, key: str) -> Any:
    data = file.source.data if file.source is not None else None
    return data.get(key) if isinstance(data, dict) else None


@dataclass(frozen=True)
class Tracked:
    """An action or a proposal as its series knows it at one point: its latest fields, the
    meeting that declared it, the last that changed it, and the one that set its status."""

    item: Action | Proposal
    origin: MeetingFile
    updated_in: MeetingFile | None = None
    status_in: MeetingFile | None = None
    status_step: int = 0
    sources_in: MeetingFile | None = None  # the file whose `sources` the item cites


@dataclass
class Context:
    """What one brief knows of its series, as of that brief (its own entries included)."""

    series: str | None
    file: MeetingFile
    actions: list[Tracked]  # every action of the series, in the order declared
    proposals: list[Tracked]
    own: dict[str, list[Tracked]]  # this file's entries by section, new ones and updates
    previous: MeetingFile | None = None  # the last file of the meeting before this one
    closed_since: list[Tracked] = field(default_factory=list)
    agreed_at_previous: list[Tracked] = field(default_factory=list)
    agreements_at_previous: list[Agreement] = field(default_factory=list)
    title: str | None = None  # the series' title in the brief's language (see `series_title`)

    @property
    def own_actions(self) -> list[Tracked]:
        return self.own["actions"]

    @property
    def own_proposals(self) -> list[Tracked]:
        return self.own["proposals"]

    @property
    def open_actions(self) -> list[Tracked]:
        return [t for t in self.actions if t.item.is_open]

    @property
    def proposals_in_play(self) -> list[Tracked]:
        """Earlier meetings' proposals still proposed or deferred, and this meeting's own but
        those agreed or declined."""
        return [
            t
            for t in self.proposals
            if t.item.status in (IN_PLAY if self.from_earlier(t) else OPEN_PROPOSALS)
        ]

    def from_earlier(self, tracked: Tracked) -> bool:
        """Whether an item came from an earlier meeting than this brief's."""
        return _sitting(tracked.origin) != _sitting(self.file)

    def sources(self, tracked: Tracked) -> list[str]:
        """The sources an item cites in this brief: those of this brief's own list (an earlier
        meeting's sources are that meeting's)."""
        return tracked.item.sources if tracked.sources_in is self.file else []


def _sitting(file: MeetingFile) -> tuple[date, str]:
    return file.step[:2]


@dataclass
class Step:
    """One meeting of one kind in a series: a file per language."""

    files: list[MeetingFile]  # by file name
    language: str | None  # the series' language

    @property
    def primary(self) -> MeetingFile:
        """The file in the series' language, else the first."""
        return self._valid_in(self.language) or self.files[0]

    def __contains__(self, language: str | None) -> bool:
        return any(_language(f) == language for f in self.files)

    def in_language(self, language: str | None) -> MeetingFile:
        """The file in `language`, else the primary one."""
        return self._valid_in(language) or self.primary

    def _valid_in(self, language: str | None) -> MeetingFile | None:
        found = (f for f in self.files if f.meeting is not None and f.meeting.language == language)
        return next(found, None)


def link(files: Iterable[MeetingFile]) -> dict[Path, Context]:
    """Group the files by series and read each series in order: the context of every valid
    file, and the series' problems added to the files they concern."""
    contexts: dict[Path, Context] = {}
    for steps in group(files).values():
        contexts.update(_link_series(steps))
    return contexts


def history(files: Iterable[MeetingFile]) -> dict[Path, str]:
    """For each file, a digest of the files of its series that a brief of it reads (those of
    the steps before its own, and the other translations of its own step): what it depends on
    besides itself."""
    found: dict[Path, str] = {}
    for steps in group(files).values():
        running = hashlib.sha256()
        for step in steps:
            for f in step.files:
                digest = running.copy()
                for other in step.files:
                    if other is not f:
                        digest.update(_digest(other))
                found[f.path] = digest.hexdigest()
            for f in step.files:
                running.update(_digest(f))
    return found


def _digest(file: MeetingFile) -> bytes:
    return (file.source.digest if file.source is not None else "").encode() + b"\n"


def group(files: Iterable[MeetingFile]) -> dict[str | Path, list[Step]]:
    """The files by series (a file without one alone, keyed by its path), each series as its
    steps in order."""
    series: dict[str | Path, list[MeetingFile]] = {}
    for f in files:
        if f.series is None and f.meeting is None:
            continue  # unreadable, and in no series anyone can tell
        series.setdefault(f.series or f.path, []).append(f)
    grouped = {}
    for name, members in series.items():
        members.sort(key=lambda f: (f.step, f.path.name, str(f.path)))
        language = next((f.meeting.language for f in members if f.meeting), None)
        steps: list[Step] = []
        for f in members:  # a second file in one language is a step of its own, after the first
            if steps and steps[-1].files[0].step == f.step and _language(f) not in steps[-1]:
                steps[-1].files.append(f)
            else:
                steps.append(Step([f], language))
        grouped[name] = steps
    return grouped


def _link_series(steps: list[Step]) -> dict[Path, Context]:
    for step in steps:
        _check_translations(step)
    languages = dict.fromkeys(f.meeting.language for s in steps for f in s.files if f.meeting)
    contexts: dict[Path, Context] = {}
    for language in languages:
        contexts.update(_Pass(steps, language).run())
    return {path: c for path, c in contexts.items() if not c.file.problems}


class _Pass:
    """The series read in order in one language: each step in that language where it has it."""

    def __init__(self, steps: list[Step], language: str | None, report: bool = True) -> None:
        self.steps, self.language, self.report = steps, language, report
        self.items: dict[str, dict[Any, Tracked]] = {"actions": {}, "proposals": {}}
        self.broken: list[MeetingFile] = []
        self.title: str | None = None  # the latest series_title given in this language

    def run(self) -> dict[Path, Context]:
        contexts = {}
        sittings: list[int] = []  # the index of the first step of each meeting
        for k, step in enumerate(self.steps):
            if not sittings or _sitting(self.steps[sittings[-1]].files[0]) != _sitting(
                step.files[0]
            ):
                sittings.append(k)
            file = step.in_language(self.language)
            mine = self.report and _language(file) == self.language
            if self.broken:
                if mine:
                    for b in self.broken:
                        _depends(file, b)
                self._note_broken(step)
                continue
            own = self._apply(file, k, report=mine)
            if mine and file.meeting is not None and file.meeting.series_title:
                self.title = file.meeting.series_title
            self._note_broken(step)
            if mine and not file.problems:
                contexts[file.path] = self._context(file, own, sittings)
        return contexts

    def _note_broken(self, step: Step) -> None:
        """The files of a step with problems of their own (not only a broken file before them:
        the briefs after them are told of that one)."""
        for f in step.files:
            if len(f.problems) > len(f.depends_on) and f not in self.broken:
                self.broken.append(f)

    def _apply(self, file: MeetingFile, k: int, report: bool) -> dict[str, list[Tracked]]:
        """Declare and update the items of one file; its own entries as they now are."""
        own: dict[str, list[Tracked]] = {section: [] for section in TEXT_FIELDS}
        if file.meeting is None:
            return own
        for section in TEXT_FIELDS:
            known = self.items[section]
            updates: dict[Any, Tracked] = {}
            for i, entry in enumerate(getattr(file.meeting, section)):
                earlier = known.get(entry.id) if entry.id is not None else None
                if earlier is not None:
                    tracked = _update(earlier, entry, file, k)
                elif getattr(entry, TEXT_FIELDS[section]) is None:
                    if report:
                        _unknown_update(file, section, i, entry.id, known)
                    continue
                else:
                    tracked = Tracked(entry, file, None, file, k, file)
                updates[entry.id if entry.id is not None else (file.path, section, i)] = tracked
                own[section].append(tracked)
            known.update(updates)
        return own

    def _context(
        self, file: MeetingFile, own: dict[str, list[Tracked]], sittings: list[int]
    ) -> Context:
        context = Context(
            file.meeting.series,
            file,
            list(self.items["actions"].values()),
            list(self.items["proposals"].values()),
            own,
            title=self.title,
        )
        if len(sittings) < 2:
            return context
        first, last = sittings[-2], sittings[-1] - 1  # the steps of the meeting before
        previous = self.steps[last].in_language(self.language)
        context.previous = previous
        context.closed_since = [
            t for t in context.actions if t.item.status in CLOSED and t.status_step >= first
        ]
        context.agreed_at_previous = [
            t
            for t in context.proposals
            if t.item.status == "agreed" and first <= t.status_step <= last
        ]
        if previous.meeting is not None:
            context.agreements_at_previous = [
                a for a in previous.meeting.agreements if a.status in AGREED
            ]
        return context


def _update(earlier: Tracked, entry: Any, file: MeetingFile, k: int) -> Tracked:
    given = {f: getattr(entry, f) for f in entry.model_fields_set if f != "id"}
    given["internal"] = earlier.item.internal or entry.internal  # once internal, always
    item = earlier.item.model_copy(update=given)
    changed = "status" in given and given["status"] != earlier.item.status
    return replace(
        earlier,
        item=item,
        updated_in=file,
        status_in=file if changed else earlier.status_in,
        status_step=k if changed else earlier.status_step,
        sources_in=file if "sources" in given else earlier.sources_in,
    )


def _unknown_update(
    file: MeetingFile, section: str, i: int, ref: str, known: dict[Any, Tracked]
) -> None:
    declared = tuple(k for k in reversed(known) if isinstance(k, str))  # the latest first
    what = WHAT[section]
    message = (
        f"{quoted(ref)} is the id of no {what} of an earlier meeting of series "
        f"{quoted(file.meeting.series)}, so this entry needs its "
        f"'{TEXT_FIELDS[section]}'{did_you_mean(ref, declared)}"
    )
    _report(file, (section, i, "id"), message)


def _depends(file: MeetingFile, broken: MeetingFile) -> None:
    file.depends_on.append(broken)
    message = f"series {quoted(file.meeting.series)}: the earlier meeting {broken.path} has errors"
    file.problems.append(Problem(file.path, message))


def _report(file: MeetingFile, loc: Loc, message: str) -> None:
    from .loader import problem

    if file.source is None:  # a meeting given as a model, not read from a file
        file.problems.append(Problem(file.path, message, field=dotted(loc)))
    else:
        file.problems.append(problem(file.source, loc, message))


def _check_translations(step: Step) -> None:
    """The translations of one meeting must agree on what the series tracks."""
    valid = [f for f in step.files if f.meeting is not None]
    if len(valid) < 2:
        return
    first = valid[0]
    for other in valid[1:]:
        for section, fields in (
            ("actions", ("id", "status", "due", "internal")),
            ("proposals", ("id", "status", "internal")),
        ):
            _compare(first, other, section, fields)


def _compare(first: MeetingFile, other: MeetingFile, section: str, fields: tuple[str, ...]) -> None:
    mine, theirs = getattr(other.meeting, section), getattr(first.meeting, section)
    if len(mine) != len(theirs):
        message = (
            f"{len(mine)} {section} here but {len(theirs)} in {first.path}, a translation of "
            "the same meeting; translations must list the same ones"
        )
        _report(other, (section,), message)
        return
    for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        for name in fields:
            _disagree(first, other, (section, i, name), getattr(a, name), getattr(b, name))
        if section == "actions":
            ours, yours = _person(other.meeting, a.owner), _person(first.meeting, b.owner)
            if (ours or yours) and ours != yours:
                _disagree(first, other, (section, i, "owner"), a.owner, b.owner)


def _person(meeting: Meeting, ref: str | None) -> str | None:
    """The participant an owner names (by id or name), as their id or name."""
    p = meeting.participant(ref)
    return (p.id or p.name) if p else None


def _disagree(first: MeetingFile, other: MeetingFile, loc: Loc, mine: Any, theirs: Any) -> None:
    if mine == theirs:
        return
    line = first.source.position(loc)[0]
    message = (
        f"{_shown(mine)} here but {_shown(theirs)} in {first.path}:{line}; translations of one "
        "meeting must agree"
    )
    _report(other, loc, message)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return quoted(str(value).lower())  # as YAML writes it
    return "nothing" if value is None else quoted(str(value))


def alone(meeting: Meeting) -> Context:
    """The context of a meeting read on its own (as `render_html` is given one)."""
    file = MeetingFile(Path("<meeting>"), meeting)
    contexts = _link_series([Step([file], meeting.language)])
    if file.problems:
        raise InputError(file.problems)
    return contexts[file.path]


def latest(files: Iterable[MeetingFile]) -> list[tuple[str | None, Any, Tracked]]:
    """Every action of every series in its latest state (the series read in its language), by
    series, with its key: its id, or (file, section, index) for an action without one."""
    rows = []
    for steps in group(files).values():
        language = steps[0].language
        tracker = _Pass(steps, language, report=False)  # the files' problems are reported
        tracker.run()
        if tracker.broken:
            continue
        rows += [(t.origin.meeting.series, key, t) for key, t in tracker.items["actions"].items()]
    return rows
