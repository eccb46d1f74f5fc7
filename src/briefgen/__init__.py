"""briefgen: YAML meeting summaries in, finished DOCX and PDF briefs out."""

from importlib.metadata import PackageNotFoundError, version

from .errors import (
    BriefgenError,
    ConfigError,
    InputError,
    Problem,
    ResourceError,
    TemplateError,
)
from .loader import load_meeting
from .model import Meeting
from .options import Options
from .pipeline import Interrupted, Report, Result, build, check, find_inputs
from .render import Templates, render_html

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "BriefgenError",
    "ConfigError",
    "InputError",
    "Interrupted",
    "Meeting",
    "Options",
    "Problem",
    "Report",
    "ResourceError",
    "Result",
    "TemplateError",
    "Templates",
    "build",
    "check",
    "find_inputs",
    "load_meeting",
    "render_html",
]
