"""Time the DOCX and PDF paths for the example briefs and a generated ~10-page brief.

Prints, per document: warm times (median of repeated in-process builds, each stage timed) and cold
times (a fresh Python process: imports, template compilation and one build), and the share of the
PDF time spent inside WeasyPrint. Run with `make bench`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfReader

from briefgen import Templates, load_meeting, render_html
from briefgen.atomic_files import write_atomically
from briefgen.docx_writer import write_docx
from briefgen.options import DEFAULT_OPTIONS
from briefgen.pdf_writer import write_pdf
from briefgen.people import find_register
from briefgen.pipeline import find_inputs, read

ROOT = Path(__file__).resolve().parent.parent
COLD_SCRIPT = textwrap.dedent("""
    import sys, time
    start = time.perf_counter()
    import briefgen
    briefgen.build([sys.argv[1]], sys.argv[2], formats=[sys.argv[3]])
    print(time.perf_counter() - start)
""")


def generated_meeting(folder: Path) -> Path:
    """A large post-meeting summary: many participants, proposals, agreements and actions."""
    sides = ["Viet Nam", "United Kingdom", "Observers"]
    people = [
        {
            "id": f"p{i}",
            "name": f"Nguyễn Văn Đức {i}",
            "honorific": "Mr",
            "title": "Director-General",
            "organisation": f"Department {i}",
            "side": sides[i % 3],
        }
        for i in range(30)
    ]
    text = "Strengthen **cooperation** on border management, data sharing and joint training. " * 3
    data = {
        "kind": "post-meeting",
        "title": "Generated ten-page summary",
        "date": "2025-03-04",
        "summary": "\n\n".join([text] * 4),
        "participants": people,
        "proposals": [
            {"text": text, "by": f"p{i % 30}", "response": "Welcomed.", "status": "agreed"}
            for i in range(30)
        ],
        "agreements": [
            {
                "title": f"MoU {i} on cooperation",
                "kind": "MoU",
                "status": "signed",
                "date": "2025-03-04",
                "parties": ["Ministry A", "Ministry B"],
            }
            for i in range(15)
        ],
        "actions": [
            {"id": f"A{i}", "action": text[:90], "owner": "Ministry A", "due": "2025-06-30"}
            for i in range(60)
        ],
    }
    path = folder / "generated-10-pages.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, time.perf_counter() - start


def warm(path: Path, out: Path, runs: int) -> dict[str, float]:
    """Median seconds per stage over `runs` in-process builds, after one untimed build."""
    templates = Templates()
    register = find_register(ROOT / "people.yaml")
    series = read([path], find_inputs([path]), register)[1][path]  # with its folder's series
    samples: dict[str, list[float]] = {}
    for run in range(runs + 1):
        meeting, t_load = timed(load_meeting, path, register)
        html, t_render = timed(render_html, meeting, templates, DEFAULT_OPTIONS, series)
        docx, t_docx = timed(write_docx, html, templates)
        pdf, t_weasy = timed(write_pdf, html, templates)
        _, t_save_docx = timed(write_atomically, out / f"{path.stem}.docx", docx)
        _, t_save_pdf = timed(write_atomically, out / f"{path.stem}.pdf", pdf)
        if run:
            stages = {
                "load": t_load,
                "render": t_render,
                "docx": t_docx,
                "weasyprint": t_weasy,
                "save_docx": t_save_docx,
                "save_pdf": t_save_pdf,
            }
            for name, value in stages.items():
                samples.setdefault(name, []).append(value)
    return {name: statistics.median(values) for name, values in samples.items()}


def cold(path: Path, out: Path, fmt: str, runs: int = 3) -> float:
    """Median seconds for a fresh process to import briefgen and build one document."""
    times = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT, str(path), str(out), fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(result.stdout))
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        documents = sorted((ROOT / "inputs").glob("*.yaml")) + [generated_meeting(folder)]
        header = f"{'document':<28}{'pages':>6}{'docx warm':>11}{'docx cold':>11}"
        header += f"{'pdf warm':>10}{'pdf cold':>10}{'in weasy':>10}{'overhead':>10}"
        print(header)
        print("-" * len(header))
        for path in documents:
            runs = 5 if path.parent == folder else 15
            t = warm(path, folder, runs)
            common = t["load"] + t["render"]
            docx_warm = common + t["docx"] + t["save_docx"]
            pdf_warm = common + t["weasyprint"] + t["save_pdf"]
            pages = len(PdfReader(BytesIO((folder / f"{path.stem}.pdf").read_bytes())).pages)
            share = t["weasyprint"] / pdf_warm
            out = folder / "out"
            print(
                f"{path.stem:<28}{pages:>6}{docx_warm * 1000:>9.1f}ms"
                f"{cold(path, out, 'docx') * 1000:>9.0f}ms{pdf_warm * 1000:>8.0f}ms"
                f"{cold(path, out, 'pdf') * 1000:>8.0f}ms{share:>10.1%}{1 - share:>10.1%}"
            )
            stages = ", ".join(f"{k} {v * 1000:.1f}ms" for k, v in t.items())
            print(f"{'':<28}warm stages: {stages}")
    print("\nwarm: median of in-process builds after one untimed build; cold: fresh process,")
    print("imports included. overhead = PDF time outside WeasyPrint (load, render, save).")
    print("targets: docx warm < 60 ms per brief; overhead < 10%.")


if __name__ == "__main__":
    main()
