"""The golden files: the HTML and the DOCX `word/document.xml` of each example, as readable text.

Run `make golden` after an intended change to the templates or writers, and review the diff.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from briefgen import Templates, render_html
from briefgen.docx_writer import write_docx
from briefgen.people import load_register
from briefgen.pipeline import read
from briefgen.template_set import DEFAULT_TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
REGISTER = load_register(ROOT / "people.yaml")
CONTEXTS = read(EXAMPLES, EXAMPLES, REGISTER)[1]


def rendered(example: Path) -> dict[str, str]:
    """The golden texts of one example (read with the others, for its series), by file name."""
    templates = Templates()
    context = CONTEXTS[example]
    html = render_html(context.file.meeting, templates, series=context)
    # assets are linked by absolute file URL; the golden text must not depend on the checkout
    html = html.replace(quote(str(DEFAULT_TEMPLATES.resolve())), "TEMPLATES")
    with zipfile.ZipFile(BytesIO(write_docx(html, templates))) as docx:
        xml = etree.tostring(etree.fromstring(docx.read("word/document.xml")), pretty_print=True)
    return {f"{example.stem}.html": html, f"{example.stem}.document.xml": xml.decode()}


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for example in EXAMPLES:
        for name, text in rendered(example).items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
            print(f"wrote {GOLDEN / name}")


if __name__ == "__main__":
    main()
