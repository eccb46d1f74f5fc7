"""Strict YAML: a file as plain data (text, lists, mappings) with the position of every value."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, os_reason
from .yaml_messages import explain

Loc = tuple[str | int, ...]
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
NULLS = {"", "~", "null", "Null", "NULL"}
MAX_DEPTH = 50  # a meeting nests four levels deep; far deeper input is refused, not recursed into
MAX_BYTES = 1024 * 1024  # a meeting summary is a few kilobytes; larger files are refused unread
# Characters no XML document (so neither DOCX nor the HTML the PDF is made from) can hold: the C0
# controls but tab and line ends, lone surrogates, and U+FFFE/U+FFFF. Text holding them is refused.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Vietnamese stacks two combining marks on a letter; Hebrew, Arabic and Tibetan up to four or so.
MAX_MARKS = 4
# YAML 1.1 (what PyYAML reads) ends lines at NEL, LS and PS too; YAML 1.2, editors and people do
# not. They are read as stand-ins (private-use characters the file does not hold) and put back in
# the text, so they neither break a value nor shift the line numbers reported.
YAML11_BREAKS = "\x85\u2028\u2029"
PRIVATE_USE = range(0xF0000, 0x10FFFE)
LINE_BREAK = re.compile("\r\n|\r|\n")


class _PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _Composer(yaml.composer.Composer, yaml.resolver.BaseResolver):
    """Composes nodes only (constructs no objects); every plain scalar stays the text typed,
    because no implicit resolver re-types it by YAML 1.1 rules. Composing is in Python, where
    deep nesting is refused (briefgen's own limit) instead of overflowing any stack."""

    yaml_implicit_resolvers: dict = {}
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not supported; write the value out", problem_mark=mark
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PyLoader(_Composer, _PyParser):
    """The reference reader: every message and position briefgen reports comes from it."""

    def __init__(self, stream: str) -> None:
        _PyParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


if yaml.__with_libyaml__:

    class _FastLoader(_Composer, yaml._yaml.CParser):
        """libyaml's scanner and parser, for speed; a file it refuses is read again by the
        reference reader, because libyaml words its errors differently and, in some versions,
        refuses deep nesting by limits of its own."""

        def __init__(self, stream: str) -> None:
            yaml._yaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

    LOADERS: tuple[type, ...] = (_FastLoader, _PyLoader)
else:
    LOADERS = (_PyLoader,)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document; YAML errors are the last loader's (the reference
    reader's), whatever the faster one made of the file."""
    for loader_class in LOADERS[:-1]:
        try:
            return _compose_with(loader_class, text)
        except (yaml.MarkedYAMLError, yaml.reader.ReaderError):
            pass
    return _compose_with(LOADERS[-1], text)


def _compose_with(loader_class: type, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@dataclass
class Source:
    """A YAML file turned into plain data, with positions to point errors at."""

    path: Path
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    restore: dict[int, str] = field(default_factory=dict, repr=False)  # see _stand_ins
    digest: str = ""  # the SHA-256 of the file's bytes, as read
    text: str = field(default="", repr=False)  # as parsed; after `compact`, in `packed`
    packed: bytes = field(default=b"", repr=False)
    compacted: bool = field(default=False, repr=False)

    def compact(self) -> None:
        """Let go of the data and the positions, most of what a Source holds, once the meeting
        is read from them (the text is kept compressed): a build holds every file of a
        workspace at once. `expand` reads them again from the text, as the file has them
        (without what loading added: the workspace's defaults, the register's entries)."""
        if self.text:
            self.packed = zlib.compress(self.text.encode(), 1)
            self.text, self.data, self.values, self.keys = "", None, {}, {}
            self.compacted = True

    def expand(self) -> None:
        """The data and positions again, after `compact`."""
        if self.compacted:
            again = Source(self.path, None, restore=self.restore)
            self.data = _convert(compose(self.parsed_text()), (), again)
            self.values, self.keys, self.compacted = again.values, again.keys, False

    def parsed_text(self) -> str:
        """The text the data was read from."""
        return zlib.decompress(self.packed).decode() if self.packed else self.text

    def report(self, message: str, line: int | None, column: int | None, loc: Loc = ()) -> None:
        """Record a problem at a position, naming the field at `loc`."""
        self.problems.append(Problem(self.path, message, line, column, field=dotted(loc)))

    def warning(self, loc: Loc, message: str) -> Problem:
        """A warning about the value at `loc`, located in the file."""
        return Problem(
            self.path, message, *self.position(loc), field=dotted(loc), severity="warning"
        )

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value at `loc`, or of its key, or of its nearest ancestor."""
        self.expand()
        if key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))


def read_yaml(path: Path, expected: str | None = "a meeting (kind, title, date, …)") -> Source:
    """Parse `path` into a Source; what is wrong with it is in `Source.problems`. `expected`
    names what the file should hold, for the problem of an empty file (None: an empty file is
    no problem, and its data is None)."""
    source = Source(path, None)
    try:
        raw = _read_regular_file(path)
        source.digest = hashlib.sha256(raw).hexdigest()
    except OSError as e:
        source.report(f"cannot be read: {os_reason(e)}", None, None)
        return source
    except ValueError as e:
        source.report(str(e), None, None)
        return source
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        prefix = raw[: e.start].decode("utf-8", "replace")
        source.report("file is not valid UTF-8 text", *_line_column(prefix, len(prefix)))
        return source
    text = text.removeprefix("\ufeff")  # a byte-order mark is no part of line 1's columns
    stand_ins = _stand_ins(text)
    text = text.translate(stand_ins)
    source.restore = {ord(v): k for k, v in stand_ins.items()}
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as e:
        message, where = explain(e, text, compose)
        source.report(message, *(where or (None, None)))
        return source
    except yaml.reader.ReaderError as e:  # a character YAML does not allow in a file
        char = chr(e.character) if isinstance(e.character, int) else e.character
        message = f"the character U+{ord(char):04X} is not allowed in YAML"
        source.report(message, *_line_column(text, e.position))
        return source
    if node is None:
        if expected is not None:
            source.report(f"file is empty; expected {expected}", 1, 1)
        return source
    source.data = _convert(node, (), source)
    source.text = text
    return source


def _stand_ins(text: str) -> dict[int, str]:
    """A private-use character the text does not hold for each YAML 1.1 line break it holds."""
    present = set() if text.isascii() else set(text)
    breaks = [b for b in YAML11_BREAKS if b in present]
    free = (chr(c) for c in PRIVATE_USE if chr(c) not in present)
    return {ord(b): stand_in for b, stand_in in zip(breaks, free, strict=False)}


def _line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`; lines end at LF, CRLF or a lone CR."""
    line = len(LINE_BREAK.findall(text, 0, index)) + 1
    return line, index - max(text.rfind("\n", 0, index), text.rfind("\r", 0, index))


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; a FIFO, a device or a folder is refused
    without blocking on it (opened non-blocking, checked on the open file itself)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
            raise ValueError(f"is {kind}, not a meeting file")
        data = b""
        while info.st_size <= MAX_BYTES and len(data) <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    size = max(info.st_size, len(data))  # a file may grow while it is read
    if size > MAX_BYTES:
        raise ValueError(f"is {size:,} bytes; meeting files are limited to {MAX_BYTES:,} bytes")
    return data


def _convert(node: yaml.Node, loc: Loc, source: Source) -> Any:
    source.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode) and node.tag == MAP_TAG:
        return _convert_mapping(node, loc, source)
    if isinstance(node, yaml.SequenceNode) and node.tag == SEQ_TAG:
        return [_convert(item, (*loc, i), source) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode) and node.tag == STR_TAG:
        plain = not node.style  # libyaml marks plain scalars '', the Python parser None
        if plain and node.value in NULLS:
            return None
        text = node.value.translate(source.restore)
        refusal = _refused_text(text)
        if refusal:
            source.report(refusal, *source.values[loc], loc)
            return None
        return text
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    source.report(f"YAML tags ({tag}) are not supported", *source.values[loc], loc)
    return None


def _refused_text(text: str) -> str | None:
    """Why a text cannot go into a document, if it cannot: a character XML cannot hold, or
    combining marks stacked higher than any script stacks them (they would paint over the lines
    above, and over the classification marking)."""
    bad = FORBIDDEN.search(text)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        return f"contains the character {code}, which documents cannot hold; remove it"
    stacked = 0 if text.isascii() else _most_stacked_marks(text)
    if stacked > MAX_MARKS:
        return (
            f"stacks {stacked:,} combining marks on one character; at most {MAX_MARKS} are "
            "allowed (no script stacks more)"
        )
    return None


def _most_stacked_marks(text: str) -> int:
    most = run = 0
    for char in text:
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        most = max(most, run)
    return most


def _convert_mapping(node: yaml.MappingNode, loc: Loc, source: Source) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == STR_TAG):
            source.report("keys must be plain text", *where, loc)
            continue
        key = key_node.value.translate(source.restore)
        if key in result:
            first = source.keys[(*loc, key)][0]
            source.report(f"duplicate key '{key}' (first on line {first})", *where, (*loc, key))
            continue
        source.keys[(*loc, key)] = where
        result[key] = _convert(value_node, (*loc, key), source)
    return result


def texts(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text in plain data read from YAML, with its location."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts(value, (*loc, i))


def dotted(loc: Loc) -> str:
    """A field path as users write it: `participants[1].title`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
