"""Render a meeting to semantic HTML through the Jinja templates (workspace overrides first)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2
from babel.dates import format_date, get_timezone_location
from jinja2.loaders import split_template_path
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .errors import Problem, TemplateError
from .folders import find, read_limited
from .limits import TEMPLATE_TEXT_BYTES
from .links import link_target
from .model import Meeting, Paragraph
from .options import DEFAULT_OPTIONS, Options
from .series import Context, alone
from .template_set import DEFAULT_TEMPLATES, Templates

if TYPE_CHECKING:
    from .annexes import Annex

BUILTIN_PREFIX = "builtin"


class _Markdown(MarkdownIt):
    """markdown-it whose links may lead only to web and mail addresses (see `links.py`)."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return link_target(url) is not None


_markdown = _Markdown("zero").enable(["emphasis", "link", "escape", "backticks", "autolink"])


def render_html(
    meeting: Meeting,
    templates: Templates,
    options: Options = DEFAULT_OPTIONS,
    series: Context | None = None,
    annexes: Sequence[Annex] = (),
    pack_pages: int | None = None,
) -> str:
    """The brief as one HTML document, from the template named after the meeting's kind.

    `series` is what the brief knows of its series (see `series.py`); by default, the meeting
    read on its own. `annexes` are the meeting's, as checked (see `annexes.py`). `pack_pages`,
    when given, is the page count the running lines print (a pack's, numbered throughout)."""
    name = f"{meeting.kind}.html.j2"
    series = series or alone(meeting)
    try:
        template = templates.environment.get_template(name)
        return template.render(
            meeting=meeting,
            series=series,
            labels=templates.labels(meeting.language),
            paper=options.paper,
            brand=options.brand,
            modified=(options.modified or meeting.date).isoformat(),
            cite=lambda ids: cite(meeting, ids),
            annexes=annexes,
            pack_pages=pack_pages,
        )
    except jinja2.TemplateSyntaxError as e:  # Jinja's own account follows briefgen's words
        message = f"template syntax error: {e.message}"
        raise TemplateError([Problem(Path(e.filename or e.name or name), message, e.lineno)]) from e
    except jinja2.TemplateNotFound as e:
        raise TemplateError([Problem(Path(e.name or name), "template not found")]) from e
    except jinja2.UndefinedError as e:
        where = _template_frame(e)
        raise TemplateError([Problem(where[0] or Path(name), str(e), where[1])]) from e


def _template_frame(error: BaseException) -> tuple[Path | None, int | None]:
    """The innermost template file and line of an error: Jinja rewrites the traceback so that
    template frames carry the template's own file name and line number."""
    found: tuple[Path | None, int | None] = (None, None)
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


class _Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined value, failing in briefgen's words: what the template asked for
    and what it asked it of."""

    @property
    def _undefined_message(self) -> str:
        name, owner = self._undefined_name, self._undefined_obj
        if self._undefined_hint:
            return f"undefined: {self._undefined_hint}"
        if owner is jinja2.utils.missing:
            return f"undefined: there is no variable '{name}'"
        if isinstance(owner, (list, tuple)):
            return f"undefined: there is no item {name!r} in a list of {len(owner)}"
        return f"undefined: {type(owner).__name__} has no field or key {name!r}"


class _ConfinedLoader(jinja2.BaseLoader):
    """Jinja's file loader, confined: a template is read only from a regular file really inside
    one of the folders (see `folders.py`)."""

    def __init__(self, search_path: tuple[Path, ...]) -> None:
        self.search_path = search_path

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple:
        path = find(self.search_path, "/".join(split_template_path(template)))
        if path is None:
            raise jinja2.TemplateNotFound(template)
        mtime = path.stat().st_mtime
        try:
            text = read_limited(path, TEMPLATE_TEXT_BYTES).decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateError([Problem(path, "is not valid UTF-8 text")]) from None
        return text, str(path), lambda: _unchanged(path, mtime)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


def environment(search_path: tuple[Path, ...], font_faces: Callable[[], str]) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({BUILTIN_PREFIX: _ConfinedLoader((DEFAULT_TEMPLATES,))}),
            _ConfinedLoader(search_path),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=inline_markdown, paragraphs=paragraphs, page_number=page_number)
    env.filters["date"] = long_date
    env.filters["zone"] = zone_name
    env.globals["asset"] = lambda name: _asset_url(search_path, name)
    env.globals["font_faces"] = lambda: Markup(font_faces())
    return env


def _asset_url(search_path: tuple[Path, ...], name: str) -> str:
    """The file URL of a template asset (a font, an image), for the PDF's stylesheet."""
    found = find(search_path, name)
    if found is None:
        raise TemplateError([Problem(Path(name), "template asset not found")])
    return Markup("file://" + quote(str(found.resolve())))


def inline_markdown(text: str | None) -> Markup:
    """Light inline Markdown (bold, italic, code, links) as safe HTML; raw HTML stays text.

    A link (`[label](target)` or `<target>`) is live only when it leads to an http or https
    address with a host, or to a mailto address; any other is printed as typed, whole, so the
    reader sees where it pointed (`[notes](smb://host/share)`)."""
    if not text:
        return Markup("")
    return Markup(_breakable(_markdown.renderInline(text).strip()))


# WeasyPrint cannot wrap a long word that crosses an inline element's edge (`(**a-long-word…**)`,
# `**x**a-long-word…`): it runs off the page and is cut. A <wbr> at such an edge lets each piece
# wrap on its own; words of ordinary length keep their punctuation and markup together.
TAG = re.compile(r"<[^>]*>")
LONG_WORD = 20  # characters; no word that long should rely on crossing markup to wrap


def _breakable(html: str) -> str:
    """`html` with a <wbr> at each tag inside a long unbroken word (one pass each way)."""
    texts, tags = TAG.split(html), TAG.findall(html)
    left = _runs_up_to_each_tag(texts)
    right = _runs_up_to_each_tag([t[::-1] for t in reversed(texts)])[::-1]
    out = [texts[0]]
    for i, tag in enumerate(tags):
        if left[i] + right[i] > LONG_WORD:
            tag = tag + "<wbr>" if tag.startswith("</") else "<wbr>" + tag
        out += [tag, texts[i + 1]]
    return "".join(out)


def _runs_up_to_each_tag(texts: list[str]) -> list[int]:
    """For each tag between `texts`, the length of the unbroken run of text just before it."""
    runs, run = [], 0
    for text in texts[:-1]:
        if text and text[-1].isspace():
            run = 0
        elif text:
            last = text.rsplit(maxsplit=1)[-1]
            run = run + len(text) if len(last) == len(text) else len(last)
        runs.append(run)
    return runs


def paragraphs(text: str | list[Paragraph] | None) -> list[str]:
    """Text (or the paragraphs of the summary or background) split into paragraphs at blank
    lines."""
    if isinstance(text, list):
        return [p for entry in text for p in paragraphs(entry.text)]
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def page_number(pattern: str, pages: int | None = None) -> Markup:
    """A `Page {page} of {pages}` label as HTML whose numbers the layout fills in: spans of
    class `page` and `pages` (CSS counters in the PDF, PAGE and NUMPAGES fields in Word); with
    `pages`, that count instead of the document's own."""
    parts = re.split(r"(\{pages?\})", pattern)
    spans = {"{page}": '<span class="page"></span>', "{pages}": '<span class="pages"></span>'}
    if pages is not None:
        spans["{pages}"] = str(pages)
    return Markup("").join(Markup(spans[p]) if p in spans else escape(p) for p in parts)


NBSP = "\u00a0"  # a space no line breaks at, in PDF and Word alike


def long_date(value: date, language: str = "en", style: str = "long") -> str:
    """A date written out in the brief's language (Babel's long or full style; in Vietnamese,
    as administrative documents write it), in one piece: no line breaks inside it ("21 March"
    at the end of a line, "2025" on the next)."""
    locale = language.replace("-", "_")
    if locale.partition("_")[0] == "vi":
        if style != "full":
            return _vietnamese_date(value)
        weekday = format_date(value, "EEEE", locale=locale).replace(" ", NBSP)
        return f"{weekday},{NBSP}{_vietnamese_date(value)}"
    return format_date(value, style, locale=locale).replace(" ", NBSP)


def _vietnamese_date(value: date) -> str:
    """ "ngày 04 tháng 3 năm 2025", as Decree 30/2020/NĐ-CP (appendix I) has official documents
    write dates: a leading zero for days below 10, and for January and February. A narrow
    column may break it before "năm" (the year), as Vietnamese text does, nowhere else."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày{NBSP}{value.day:02d}{NBSP}tháng{NBSP}{month} năm{NBSP}{value.year}"


def zone_name(zone: str, language: str = "en") -> str:
    """A time zone as a reader knows it, in the brief's language: `United Kingdom Time`."""
    return get_timezone_location(zone, locale=language.replace("-", "_"))


def cite(meeting: Meeting, ids: list[str]) -> Markup:
    """Numbered references to declared sources: ` [1, 2]`, in one piece."""
    if not ids:
        return Markup("")
    numbers = f",{NBSP}".join(str(meeting.source_number(i)) for i in ids)
    return Markup('<sup class="cite">[{}]</sup>').format(escape(numbers))
