"""Regenerate docs/gallery: the pages of every example brief as PNG contact sheets, and of the
branded workspace in docs/examples/riverside (its releasable variant beside the original).

The PDF pages come from WeasyPrint; the DOCX pages from LibreOffice on a machine without the
briefs' fonts (DejaVu only: the DOCX brings its own), so the gallery shows both formats as a
reader meets them. Needs `soffice`, `pdftoppm` and DejaVu: `make gallery`.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from briefgen import Settings, build

from conftest import ROOT, libreoffice_pdfs

GALLERY = ROOT / "docs" / "gallery"
BRANDED = ROOT / "docs" / "examples" / "riverside"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # a machine's fonts, without Noto
DPI = 50
GAP = 12


def main() -> None:
    GALLERY.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = build(
            [ROOT / "inputs"], work / "out", ("docx", "pdf"), people=ROOT / "people.yaml"
        )
        assert not report.failed, report.failed
        branded = Settings.resolve(BRANDED / "briefgen.yaml", output=work / "out").build()
        assert not branded.failed, branded.failed
        documents = sorted((work / "out").glob("*.docx"))
        converted = libreoffice_pdfs(documents, work / "lo", only_fonts=DEJAVU)
        for pdf in sorted((work / "out").glob("*.pdf")):
            _sheet(pdf, GALLERY / f"{pdf.stem}.pdf.png", work)
            _sheet(converted / pdf.name, GALLERY / f"{pdf.stem}.docx.png", work)


def _sheet(pdf: Path, target: Path, work: Path) -> None:
    """All pages of `pdf` side by side on a grey ground, as one PNG."""
    prefix = work / "pages" / target.stem
    prefix.parent.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(prefix)], check=True)
    pages = [Image.open(p) for p in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))]
    width = sum(p.width for p in pages) + GAP * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * GAP
    sheet = Image.new("RGB", (width, height), "#9a9a9a")
    x = GAP
    for page in pages:
        sheet.paste(page, (x, GAP))
        x += page.width + GAP
    sheet.save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
