"""The organisation's look, set once in `briefgen.yaml`: name, logo, letterhead lines, accent
colour and fonts, followed by the PDF (read back with poppler and looked at as pixels) and by
the HTML both formats are made from; through the real command."""

from __future__ import annotations

import subprocess
from collections import Counter
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image

from conftest import copy_examples, pdf_text, require, run_cli, write_tree

REPO = Path(__file__).resolve().parents[1]
ACCENT = (0x1F, 0x4E, 0x79)
LOGO_GREEN = (0x00, 0xA6, 0x51)
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
    '<rect width="120" height="60" rx="8" fill="#00a651"/></svg>'
)
BRAND = """\
brand:
  name: Riverside Community Trust
  logo: brand/logo.svg
  letterhead:
    - 14 Mill Lane, Riverside RV1 2AB
    - 01234 567890 · office@riverside.example
  accent: "#1F4E79"
  fonts:
    headings: Riverside Sans
"""
SUMMARY = "vn-uk-reception-summary"


def renamed_font(family: str) -> bytes:
    """briefgen's own sans font under another family name: an organisation's font file."""
    font = TTFont(REPO / "templates" / "fonts" / "NotoSans-Regular.ttf")
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        if record.nameID == 6:
            postscript = family.replace(" ", "") + "-Regular"
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def branded(tmp_path: Path, config: str = BRAND) -> Path:
    root = write_tree(
        tmp_path,
        {
            "briefgen.yaml": config,
            "brand/logo.svg": LOGO,
            "templates/fonts/RiversideSans-Regular.ttf": renamed_font("Riverside Sans"),
        },
    )
    copy_examples(root)
    return root


def pixels(pdf: Path, page: int) -> Counter[tuple[int, ...]]:
    """How many pixels of each colour a page shows, at 60 dpi."""
    png = subprocess.run(
        [require("pdftoppm"), "-r", "60", "-png", "-f", str(page), "-l", str(page), pdf],
        capture_output=True,
        check=True,
    ).stdout
    rgb = Image.open(BytesIO(png)).convert("RGB").tobytes()
    return Counter(tuple(rgb[i : i + 3]) for i in range(0, len(rgb), 3))


def fonts_of(pdf: Path) -> str:
    return subprocess.run(
        [require("pdffonts"), pdf], capture_output=True, text=True, check=True
    ).stdout


def test_the_brand_sets_letterhead_running_lines_colour_logo_and_fonts(tmp_path: Path) -> None:
    root = branded(tmp_path)
    result = run_cli("build", "-f", "pdf,html", cwd=root)
    assert result.returncode == 0, result.stderr
    pdf = root / "output" / f"{SUMMARY}.pdf"
    pages = pdf_text(pdf).split("\f")
    assert len(pages) >= 3
    # the letterhead on the first page only, above the title; the name on every page's header
    first = pages[0]
    assert first.index("Riverside Community Trust") < first.index("14 Mill Lane, Riverside RV1")
    assert first.index("01234 567890") < first.index("Reception of the UK Home Office")
    assert all("Riverside Community Trust" in page for page in pages if page.strip())
    assert not any("14 Mill Lane" in page for page in pages[1:])
    # the organisation's font, dropped into templates/fonts, sets headings and running lines
    fonts = fonts_of(pdf)
    assert "Riverside-Sans" in fonts and "Noto-Sans" not in fonts
    # the accent colour (titles, headings) and the SVG logo, as a reader sees page one
    first_page = pixels(pdf, 1)
    assert first_page[ACCENT] > 50 and first_page[LOGO_GREEN] > 500
    assert pixels(pdf, 2)[LOGO_GREEN] == 0
    html = (root / "output" / f"{SUMMARY}.html").read_text(encoding="utf-8")
    assert '<meta name="briefgen:heading-font" content="Riverside Sans">' in html
    assert '<meta name="briefgen:accent" content="#1f4e79">' in html
    assert 'src="data:image/svg+xml;base64,' in html  # the logo travels inside the brief


def test_without_a_brand_nothing_of_it_is_printed(tmp_path: Path) -> None:
    root = copy_examples(tmp_path).parent
    result = run_cli("build", "-f", "pdf,html", f"inputs/{SUMMARY}.yaml", cwd=root)
    assert result.returncode == 0, result.stderr
    pdf = root / "output" / f"{SUMMARY}.pdf"
    assert pixels(pdf, 1)[ACCENT] == 0 and pixels(pdf, 1)[LOGO_GREEN] == 0
    assert "Noto-Sans" in fonts_of(pdf)
    html = (root / "output" / f"{SUMMARY}.html").read_text(encoding="utf-8")
    assert 'class="letterhead"' not in html and "briefgen:accent" not in html


def test_a_changed_brand_rebuilds_the_briefs(tmp_path: Path) -> None:
    root = branded(tmp_path)
    assert run_cli("build", "-f", "html", cwd=root).returncode == 0
    again = run_cli("build", "-f", "html", "-v", cwd=root)
    assert "up to date" in again.stdout
    (root / "briefgen.yaml").write_text(BRAND.replace("#1F4E79", "#7a1f1f"), encoding="utf-8")
    changed = run_cli("build", "-f", "html", "-v", cwd=root)
    assert changed.returncode == 0 and "up to date" not in changed.stdout
    assert "#7a1f1f" in (root / "output" / f"{SUMMARY}.html").read_text(encoding="utf-8")


def test_a_bad_brand_is_one_line_at_its_place_in_the_workspace_file(tmp_path: Path) -> None:
    cases = {
        "logo: brand/missing.png": "6:9: error: brand.logo: cannot be read",
        "logo: briefgen.yaml": "6:9: error: brand.logo: is not a PNG, JPEG or SVG image",
        "logo: ../outside.png": "6:9: error: brand.logo: lies outside the workspace folder",
        'accent: "blue"': "6:11: error: brand.accent: expected a colour as #RRGGBB",
        "fonts: {body: 'Evil\"; }'}": "6:17: error: brand.fonts.body: expected a font family name",
    }
    for n, (line, expected) in enumerate(cases.items()):
        root = tmp_path / str(n)
        write_tree(
            root,
            {
                "briefgen.yaml": f"formats: [html]\n\n\nbrand:\n  name: Trust\n  {line}\n",
                "inputs/m.yaml": "kind: pre-meeting\ntitle: T\ndate: 2025-03-04\n",
            },
        )
        (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        result = run_cli("build", cwd=root)
        assert result.returncode == 2, (line, result.stderr)
        assert result.stderr.startswith(f"briefgen.yaml:{expected}"), (line, result.stderr)
        assert "Traceback" not in result.stderr and not (root / "output").exists()
