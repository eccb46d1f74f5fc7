"""briefgen: YAML meeting summaries in, finished DOCX and PDF briefs out.

The names below are imported on first use, so that `import briefgen` (and the command line's
start-up) stays fast; WeasyPrint, python-docx and Jinja load only when they are needed.
"""

from importlib import import_module

_EXPORTS = {
    "BriefgenError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "Problem": "errors",
    "ResourceError": "errors",
    "TemplateError": "errors",
    "load_meeting": "loader",
    "Meeting": "model",
    "Options": "options",
    "Interrupted": "results",
    "Report": "results",
    "Result": "results",
    "build": "pipeline",
    "check": "pipeline",
    "find_inputs": "pipeline",
    "Shard": "shards",
    "Templates": "template_set",
    "render_html": "render",
    "Tracker": "tracker",
    "actions": "tracker",
    "Settings": "workspace",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("briefgen")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    if name not in _EXPORTS:
        raise AttributeError(f"module 'briefgen' has no attribute '{name}'")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
