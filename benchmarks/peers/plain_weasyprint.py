"""A brief per meeting file with Jinja and WeasyPrint, the script people write without briefgen.

Usage: python plain_weasyprint.py OUTPUT_FOLDER MEETING.yaml...  (one PDF after another, in one
process). A peer `benchmarks/workspace.py` times briefgen against.
"""

import re
import sys
from pathlib import Path

import jinja2
import weasyprint
import yaml
from markupsafe import Markup, escape

HERE = Path(__file__).resolve().parent


def md(text: object) -> Markup:
    """**bold** and *italic*, the only Markdown the examples use."""
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", str(escape(text)))
    return Markup(re.sub(r"\*(.+?)\*", r"<em>\1</em>", html))


def main(out: str, *paths: str) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True)
    env.filters["md"] = md
    template = env.get_template("brief.html.j2")
    for path in paths:
        m = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        people = m.get("participants", [])
        names = {p["id"]: f"{p.get('honorific', '')} {p['name']}".strip() for p in people}
        html = template.render(m=m, names=names)
        target = Path(out) / f"{Path(path).stem}.pdf"
        weasyprint.HTML(string=html, base_url=str(HERE) + "/").write_pdf(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
