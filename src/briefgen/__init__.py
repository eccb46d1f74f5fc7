"""briefgen: YAML meeting summaries in, finished DOCX and PDF briefs out."""

from importlib.metadata import PackageNotFoundError, version

from .errors import BriefgenError, ConfigError, InputError, Problem, TemplateError
from .loader import load_meeting
from .model import Meeting
from .pipeline import Report, Result, build, check, find_inputs
from .render import Templates, render_html

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "BriefgenError",
    "ConfigError",
    "InputError",
    "Meeting",
    "Problem",
    "Report",
    "Result",
    "TemplateError",
    "Templates",
    "build",
    "check",
    "find_inputs",
    "load_meeting",
    "render_html",
]
