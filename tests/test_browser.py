"""The HTML report of the sample in a real headless Chromium (Playwright): rows, filters, keys, print, escaping.

Needs a Chromium executable (Debian: ``apt-get install chromium``; ``.ci/run`` installs it). Set
``TQCHECK_CHROMIUM`` to use another one. Skipped, with a message saying so, only when none is found.
"""
from __future__ import annotations

import os
import shutil
import struct
from dataclasses import replace
from pathlib import Path

import pytest

from tqcheck.render import render
from tqcheck.types import Alignment, Document, Flag, Position, Report, Scores, Sentence, Severity, Span, Unit
from tqcheck.units import unit_alignments, unit_document

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    """$TQCHECK_CHROMIUM, or the first Chromium/Chrome on PATH."""
    given = os.environ.get("TQCHECK_CHROMIUM")
    if given:
        return given if Path(given).is_file() else shutil.which(given)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium executable found (apt-get install chromium, or set TQCHECK_CHROMIUM): "
                    "the HTML report was not checked in a browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def report_file(rahnam_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "rahnam.html"
    path.write_text(render(rahnam_report, "html", result="pass", elapsed=5.0), encoding="utf-8")
    return path


@pytest.fixture
def page(browser, report_file):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report_file.as_uri())
    page.requests = requests
    yield page
    context.close()


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("tbody.seg", "rows => rows.filter(r => r.offsetHeight > 0).map(r => r.id)")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_flagged_rows_and_their_evidence_are_visible(page, rahnam_report, tmp_path):
    flagged = sorted({f.alignment for f in rahnam_report.flags})
    assert len(visible_rows(page)) == len(rahnam_report.alignments)
    for k in flagged:
        row = page.locator(f"#seg-{k + 1}")
        row.scroll_into_view_if_needed()
        assert row.is_visible()
        assert row.locator("li.flag").first.is_visible()
    capital = page.locator("#seg-5 td.tgt mark")
    assert capital.inner_text() == "The" and capital.is_visible()
    assert page.locator("#toolbar").is_visible()  # the script ran and showed the filters
    assert page.locator(".minimap a").count() == len(flagged)
    assert all(url.startswith("file:") for url in page.requests), page.requests  # nothing fetched
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert png_size(shot) == (1280, 900) and shot.stat().st_size > 50_000


def test_filters_hide_unflagged_rows_and_other_kinds(page):
    page.check("#only-flagged")
    assert visible_rows(page) == ["seg-5", "seg-7", "seg-15", "seg-26", "seg-31"]
    assert not page.locator("#seg-1").is_visible()
    assert page.locator("#shown").inner_text() == "5 of 31 rows shown"
    page.keyboard.press("j")  # the keys still work while the check box has the focus
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "seg-7"
    page.uncheck("#only-flagged")  # back to every row: the page stays at seg-7 and the keys go on from there
    assert page.locator("#seg-7").bounding_box()["y"] < 900 and len(visible_rows(page)) == 31
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "seg-15"
    page.check("#only-flagged")
    page.select_option("#kind-filter", "fragment")
    assert visible_rows(page) == ["seg-7", "seg-15", "seg-26"]
    assert [m.get_attribute("href") for m in page.locator(".minimap a.mm:visible").all()] == [
        "#seg-7", "#seg-15", "#seg-26"]  # the map shows only the problems that pass the filter
    page.uncheck("#only-flagged")
    assert visible_rows(page) == ["seg-7", "seg-15", "seg-26"]  # a kind implies flagged rows
    page.select_option("#kind-filter", "")
    assert len(visible_rows(page)) == 31
    page.locator(".count-table tr[data-kind='addition']").click()
    assert visible_rows(page) == ["seg-31"]


def test_keys_move_focus_to_the_next_and_previous_problem(page):
    def focused() -> str:
        return page.evaluate("document.activeElement.id")

    page.keyboard.press("j")
    assert focused() == "seg-5"
    page.keyboard.press("j")
    assert focused() == "seg-7"
    box = page.locator("#seg-7").bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.keyboard.press("n")  # stays on the last problem
    assert focused() == "seg-31"
    page.keyboard.press("k")
    assert focused() == "seg-26"
    page.select_option("#kind-filter", "mid-sentence-capital")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("p")
    assert focused() == "seg-5"  # only problems that pass the filter
    page.click("#next-problem")
    assert focused() == "seg-5"


def test_right_to_left_source_and_print_layout(page):
    src = page.locator("#seg-3 td.src")
    assert src.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("#seg-3 td.tgt").evaluate("e => getComputedStyle(e).direction") == "ltr"
    src_box, tgt_box = src.bounding_box(), page.locator("#seg-3 td.tgt").bounding_box()
    assert src_box["x"] < tgt_box["x"]  # source on the left, translation on the right
    page.emulate_media(media="print")
    assert not page.locator("#toolbar").is_visible() and not page.locator(".minimap").is_visible()
    assert page.locator("#seg-5 li.flag").is_visible()
    assert len(page.pdf()) > 20_000


def test_works_without_javascript(browser, report_file):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(report_file.as_uri())
    assert not page.locator("#toolbar").is_visible()
    assert page.locator("p.noscript").is_visible()
    assert len(visible_rows(page)) == 31
    page.click(".problem-list a[href='#seg-15']")
    assert page.url.endswith("#seg-15") and page.locator("#seg-15").is_visible()
    page.click("#seg-15 .probnav a[href='#seg-26']")
    assert page.url.endswith("#seg-26")
    page.click(".minimap a[href='#seg-31']")
    assert page.url.endswith("#seg-31")
    context.close()


def test_script_in_a_source_is_shown_not_run(browser, tmp_path):
    text = "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> Hallo Welt."
    src = Document("x.txt", "de", text, (Sentence(0, text, 0, len(text), 0),))
    tgt = Document("y.txt", "en", "Hello world.", (Sentence(0, "Hello world.", 0, 12, 0),))
    report = Report(src, tgt, (Alignment((0,), (0,), 0.9),), (), Scores(90, 0.9, 1, 1, 1), "tqcheck:test", "m", "en")
    path = tmp_path / "evil.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    assert page.evaluate("window.pwned") is None
    assert page.locator("#seg-1 td.src").inner_text().endswith(text)
    assert page.locator("img").count() == 0
    page.close()


def test_mini_map_follows_the_rows_and_the_scroll(page):
    def top(selector: str) -> float:
        return page.locator(selector).bounding_box()["y"]

    tops = [top(f".minimap a[href='#seg-{n}']") for n in (5, 7, 15, 26, 31)]
    assert tops == sorted(tops) and tops[-1] - tops[0] > 400  # spread along the 900-pixel map, in order
    view = page.locator(".minimap .mm-view")
    assert view.is_visible()
    before = view.bounding_box()
    page.locator("#seg-26").scroll_into_view_if_needed()
    page.wait_for_function("parseFloat(document.querySelector('.mm-view').style.top) > 10", timeout=5000)
    after = view.bounding_box()
    assert after["y"] > before["y"] + 100 and abs(after["height"] - before["height"]) < 2
    assert after["y"] <= top(".minimap a[href='#seg-26']") <= after["y"] + after["height"]



def repeated(report: Report, times: int) -> Report:
    """The report of ``times`` copies of the sample one after another (offsets, alignments and flags shifted)."""
    def doc(d: Document) -> tuple[Document, int, int]:
        step, n = len(d.text) + 2, len(d.sentences)
        sentences = tuple(replace(s, index=s.index + c * n, start=s.start + c * step, end=s.end + c * step)
                          for c in range(times) for s in d.sentences)
        return replace(d, text="\n\n".join([d.text] * times), sentences=sentences), step, n

    (src, src_step, src_n), (tgt, tgt_step, tgt_n) = doc(report.source), doc(report.target)
    rows, step = len(report.alignments), {"source": src_step, "target": tgt_step}
    alignments = tuple(replace(a, src=tuple(i + c * src_n for i in a.src), tgt=tuple(j + c * tgt_n for j in a.tgt))
                       for c in range(times) for a in report.alignments)
    flags = tuple(replace(f, alignment=f.alignment + c * rows,
                          spans=tuple(replace(s, start=s.start + c * step[s.side], end=s.end + c * step[s.side])
                                      for s in f.spans))
                  for c in range(times) for f in report.flags)
    return replace(report, source=src, target=tgt, alignments=alignments, flags=flags)


def test_the_page_opens_at_the_top_and_filters_keep_the_reader_place(browser, rahnam_report, tmp_path):
    path = tmp_path / "long.html"
    path.write_text(render(repeated(rahnam_report, 4), "html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    assert page.evaluate("window.scrollY") == 0 and page.locator("tbody.seg").count() == 124
    page.evaluate("document.getElementById('seg-51').scrollIntoView({block: 'start'})")
    check_box = page.locator("#only-flagged").bounding_box()

    def click_check_box() -> None:  # with the mouse where it is, as a reader does (no scrolling to it first)
        page.mouse.click(check_box["x"] + check_box["width"] / 2, check_box["y"] + check_box["height"] / 2)

    click_check_box()  # seg-51 is hidden: the next shown row, seg-57, takes its place under the headings
    assert page.locator("#only-flagged").is_checked()
    y = page.locator("#seg-57").bounding_box()["y"]
    heading = page.locator(".segments thead th").first.bounding_box()
    assert heading["y"] + heading["height"] - 1 <= y <= heading["y"] + heading["height"] + 60, (y, heading)
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == "seg-57"
    y = page.locator("#seg-57").bounding_box()["y"]
    click_check_box()  # and back to every row: seg-57 stays where it was
    assert not page.locator("#only-flagged").is_checked() and len(visible_rows(page)) == 124
    assert abs(page.locator("#seg-57").bounding_box()["y"] - y) < 2
    page.close()


def test_column_headings_stay_under_the_toolbar(page):
    page.evaluate("document.getElementById('seg-20').scrollIntoView({block: 'start'})")
    toolbar = page.locator("#toolbar").bounding_box()
    heading = page.locator(".segments thead th").first.bounding_box()
    assert 0 <= toolbar["y"] < 1 and abs(heading["y"] - toolbar["height"]) < 2
    row = page.locator("#seg-20").bounding_box()
    assert row["y"] >= heading["y"] + heading["height"] - 1  # a row scrolled to is not hidden under them


BROKEN_WORDS_JS = """() => {
  const bad = [];
  for (const cell of document.querySelectorAll('td.src, td.tgt')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest('.sn')) continue;
      const words = /[^\\s\\-\u2010\u2013\u2014\\/]+/g;  // a line may break after a hyphen or slash, not inside a word
      let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) bad.push(m[0]);
      }
    }
  }
  return bad;
}"""


def open_at(browser, path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri())
    return context, page


@pytest.mark.parametrize("width", [400, 1400])
def test_layout_fits_the_screen_without_breaking_words(browser, report_file, width):
    """At 400 px the rows stack (source above translation); at 1400 px they sit side by side. Either way nothing
    scrolls sideways and no word (Persian letter joins included) is split across lines."""
    context, page = open_at(browser, report_file, width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(BROKEN_WORDS_JS) == []
        boxes = page.evaluate("""() => [...document.querySelectorAll('tbody.seg')].slice(0, 8).map(row => {
            const s = row.querySelector('td.src').getBoundingClientRect();
            const t = row.querySelector('td.tgt').getBoundingClientRect();
            return [s.top, s.bottom, s.width, t.top, t.width]; })""")
        for src_top, src_bottom, src_width, tgt_top, tgt_width in boxes:
            if width == 400:
                assert tgt_top >= src_bottom - 1 and src_width > 300 and tgt_width > 300
            else:
                assert abs(src_top - tgt_top) < 2 and src_width > 300
    finally:
        context.close()


def test_gauge_colour_follows_the_verdict(browser, rahnam_report, tmp_path):
    colours = {}
    for result in ("pass", "fail"):
        path = tmp_path / f"{result}.html"
        path.write_text(render(rahnam_report, "html", result=result), encoding="utf-8")
        context, page = open_at(browser, path, 1000)
        colours[result] = page.evaluate("getComputedStyle(document.querySelector('.gauge .fill')).stroke")
        context.close()
    assert colours["pass"] == "rgb(46, 125, 50)" and colours["fail"] == "rgb(198, 40, 40)"  # score 98.4 either way


def test_quoted_text_in_reasons_is_isolated(browser, rahnam_report, tmp_path):
    from tqcheck.types import Flag, Severity

    flag = Flag("untranslated", Severity.ERROR, 0, "sentence 1 contains arabic-script text left untranslated: "
                "'شکست بزرگ' and more")
    path = tmp_path / "bdi.html"
    path.write_text(render(replace(rahnam_report, flags=(flag,)), "html"), encoding="utf-8")
    context, page = open_at(browser, path, 1000)
    try:
        assert page.locator(".flag .msg bdi").all_inner_texts() == ["شکست بزرگ"]
        text = page.locator(".flag .msg").inner_text()
        assert text.endswith("'شکست بزرگ' and more")  # the quote stays where the English puts it
    finally:
        context.close()


def test_batch_index_page_links_every_pair_and_fits_a_phone(browser, rahnam_report, tmp_path):
    from tqcheck.batch import BatchResult, Pair, PairResult
    from tqcheck.render.html_index import render_index

    batch = BatchResult((PairResult(Pair("news/rahnam", "fa.txt", "en.txt"), "pass", rahnam_report),
                         PairResult(Pair("broken", "x.txt", None), "error", error="missing translation x.en.txt")))
    path = tmp_path / "index.html"
    path.write_text(render_index(batch, {"news/rahnam": "news__rahnam.html"}), encoding="utf-8")
    for width in (400, 1400):
        context, page = open_at(browser, path, width)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == \
                ["news__rahnam.html"]
            assert "missing translation x.en.txt" in page.inner_text("body")
        finally:
            context.close()


def test_unit_placeholders_and_tags_read_left_to_right_in_a_right_to_left_translation(browser, tmp_path):
    """A Persian unit's ``<g id="1">``, ``{name}`` and ``%s`` are boxed tokens isolated from the text's direction
    (their ``<`` stays left of their ``>``), the highlight on the number stays on it, and a long tag does not
    push the page sideways on a phone."""
    long_tag = '<ph id="9" ctype="x-html-img" equiv-text="&lt;img src=&quot;banner.png&quot;/&gt;"/>'
    units = (Unit("welcome", 'Welcome back, <g id="1">{name}</g>! You have 3 files at %s.',
                  f'خوش برگشتی، <g id="1">{{name}}</g>! شما ۵ فایل در %s دارید.{long_tag}',
                  Position("a.xlf", 3, 17), Position("a.xlf", 4, 17)),)
    (src, src_ids), (tgt, tgt_ids) = unit_document(units, "source", "en"), unit_document(units, "target", "fa")
    five = tgt.text.index("۵")
    flag = Flag("number-mismatch", Severity.ERROR, 0, "3 is not 5", {}, (Span("target", five, five + 1, "۵"),))
    alignments = tuple(Alignment(s, t, 0.9) for s, t in unit_alignments(src_ids, tgt_ids))
    report = Report(src, tgt, alignments, (flag,), Scores(50.0, 0.9, 1.0, 1.0, 1.0), "sig", "test", "fa",
                    units=units)
    path = tmp_path / "units.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    for width in (400, 1200):
        context, page = open_at(browser, path, width)
        try:
            tokens = page.locator("#seg-1 td.tgt code.markup")
            assert tokens.all_inner_texts() == ['<g id="1">', "{name}", "</g>", "%s", long_tag]
            assert page.evaluate("""() => [...document.querySelectorAll('td.tgt code.markup')].map(c => {
                const style = getComputedStyle(c), range = document.createRange(), t = c.firstChild;
                range.setStart(t, 0); range.setEnd(t, 1); const first = range.getBoundingClientRect();
                range.setStart(t, t.length - 1); range.setEnd(t, t.length); const last = range.getBoundingClientRect();
                return style.unicodeBidi === 'isolate' && style.direction === 'ltr' && c.offsetWidth > 0
                    && (first.top < last.top - 1 || first.left < last.left); })""") == [True] * 5
            assert page.locator("#seg-1 td.tgt mark").all_inner_texts() == ["۵"]
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        finally:
            context.close()
