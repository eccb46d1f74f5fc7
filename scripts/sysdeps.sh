#!/usr/bin/env bash
# Install the Debian packages briefgen needs when they are missing: Pango and HarfBuzz for
# WeasyPrint, cairo for the PNG an SVG picture in a DOCX falls back to. With --test, also the
# real clients the tests read documents back with: poppler-utils (pdftotext, pdffonts, pdftoppm),
# qpdf, LibreOffice Writer, DejaVu (the only fonts of a machine without the briefs' own), and
# Chromium with its driver (for the live preview). With --bench, also pandoc, a peer the
# benchmarks time briefgen against.
set -euo pipefail
missing=()
ldconfig -p | grep -q libpangoft2-1.0.so.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset.so.0 || missing+=(libharfbuzz-subset0)
ldconfig -p | grep -q libcairo.so.2 || missing+=(libcairo2)
if [ "${1:-}" = "--test" ]; then
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  command -v qpdf >/dev/null || missing+=(qpdf)
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
  command -v chromedriver >/dev/null || missing+=(chromium chromium-driver)
fi
if [ "${1:-}" = "--bench" ]; then
  command -v pandoc >/dev/null || missing+=(pandoc)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "please install: ${missing[*]}" >&2
  exit 1
fi
sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
echo "installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
