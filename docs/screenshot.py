"""Rewrite docs/report.png, docs/report-1400.png and docs/report-400.png: the HTML report of samples/rahnam in
headless Chromium at 1280, 1400 and 400 pixels wide (the last one stacked, as on a phone).

    python docs/screenshot.py [CHROMIUM]      # default: chromium on PATH

Uses the bundled model (about 5 s) and Playwright driving the given Chromium; nothing is downloaded.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main() -> None:
    """Render the sample's report and save screenshots of its top at three widths."""
    sys.path.insert(0, str(ROOT))
    import tqcheck
    from playwright.sync_api import sync_playwright
    from tqcheck.render import render

    executable = sys.argv[1] if len(sys.argv) > 1 else shutil.which("chromium")
    if not executable:
        sys.exit("no chromium on PATH; pass its path")
    sample = ROOT / "samples" / "rahnam"
    started = time.perf_counter()
    report = tqcheck.check((sample / "fa.txt").read_text(encoding="utf-8"),
                           (sample / "en.txt").read_text(encoding="utf-8"),
                           source_path="samples/rahnam/fa.txt", target_path="samples/rahnam/en.txt")
    html = render(report, "html", result="pass", elapsed=time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        browser = p.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        for width, height, name in ((1280, 1500, "report.png"), (1400, 1100, "report-1400.png"),
                                    (400, 1600, "report-400.png")):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(page_file.as_uri())
            page.screenshot(path=str(ROOT / "docs" / name))
            page.close()
            print(f"wrote {ROOT / 'docs' / name}")
        browser.close()


if __name__ == "__main__":
    main()
