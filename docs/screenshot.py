"""Rewrite docs/report.png: the HTML report of samples/rahnam in headless Chromium.

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
    """Render the sample's report and save a 1280-pixel-wide screenshot of its top."""
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
        page = browser.new_page(viewport={"width": 1280, "height": 1500})
        page.goto(page_file.as_uri())
        page.screenshot(path=str(ROOT / "docs" / "report.png"))
        browser.close()
    print(f"wrote {ROOT / 'docs' / 'report.png'}")


if __name__ == "__main__":
    main()
