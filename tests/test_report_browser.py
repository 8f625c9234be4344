"""The HTML conformance report renders in a real browser (headless Chromium) with its matrix and links.

Needs Debian's ``chromium`` package (or ``$CHROMIUM``); skipped, saying so, only when no Chromium is found.
"""

from __future__ import annotations

import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rekognition_conformance.checks import Violation
from rekognition_conformance.report.html import write_html
from rekognition_conformance.report.model import build_matrix
from rekognition_conformance.report.screenshot import dump_dom, find_chromium, main, screenshot
from rekognition_conformance.summary import build_document
from rekognition_conformance.verdict import Ledger

pytestmark = pytest.mark.skipif(
    find_chromium() is None, reason="headless Chromium not installed (apt-get install -y chromium)"
)

TEST = "conformance/suite/test_label_results.py::test_pages"
VOID = {"meta", "br", "hr", "img", "input", "link"}


class Page(HTMLParser):
    """What the rendered DOM shows: matrix cells, link targets, element ids and texts by id."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], dict[str, str]] = {}
        self.ids: set[str] = set()
        self.texts: dict[str, str] = {}
        self._stack: list[tuple[str, str | None]] = []  # open elements, with their ids
        self._cell: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
            self.texts[a["id"]] = ""
        if tag not in VOID:
            self._stack.append((tag, a.get("id")))
        if tag == "td" and "data-outcome" in a:
            self._cell = {"outcome": a["data-outcome"], "href": "", "text": ""}
            self.cells[(a["data-operation"], a["data-category"])] = self._cell
        if tag == "a" and self._cell is not None:
            self._cell["href"] = a.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, open_id in self._stack:
            if open_id is not None:
                self.texts[open_id] += data
        if self._cell is not None:
            self._cell["text"] += data


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    ledger = Ledger()
    ledger.record(TEST, ("PAGINATION.COMPLETE", "PAGINATION.TOKEN"), [
        Violation("PAGINATION.TOKEN", "GetLabelDetection", "a page short of the end has no NextToken",
                  request={"JobId": "j-1", "MaxResults": 2}, pointer="/NextToken", offending=None),
    ], ("GetLabelDetection", "GetFaceDetection"))
    ledger.record(TEST, ("PAGINATION.ORDER",), [
        Violation("PAGINATION.ORDER", "GetFaceDetection", "pages repeat an item", pointer="/Faces/0"),
    ], ("GetFaceDetection",))
    ledger.record(TEST, ("SCHEMA.RESPONSE",), [])
    document = build_document(ledger, target=None, pool=None, run_id="browser", exitstatus=1,
                              unsupported={"text": "declared unsupported"},
                              tests={TEST: {"family": "labels", "outcome": "failed"}},
                              started="2026-01-01T10:00:00+00:00", finished="2026-01-01T10:01:00+00:00")
    document["target"] = "bundled reference backend at http://127.0.0.1:4599"
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_html(path, document)
    return path, document


def test_rendered_report_shows_the_matrix_summary_and_links(report):
    path, document = report
    dom = dump_dom(path)
    page = Page()
    page.feed(dom)
    matrix = build_matrix(document)
    # Every cell of the model is in the rendered table, with the model's outcome.
    assert len(page.cells) == len(matrix.cells)
    assert {k: v["outcome"] for k, v in page.cells.items()} == {k: c.outcome for k, c in matrix.cells.items()}
    failing = page.cells[("GetLabelDetection", "pagination")]
    assert failing["outcome"] == "fail" and failing["text"].startswith("FAIL")
    assert failing["href"] == "#cell-GetLabelDetection-pagination"
    target = failing["href"][1:]
    assert target in page.ids
    assert "PAGINATION.TOKEN" in page.texts[target] and "/NextToken" in page.texts[target]
    assert page.cells[("GetFaceDetection", "pagination")]["href"] == "#cell-GetFaceDetection-pagination"
    assert page.cells[("GetTextDetection", "errors")]["outcome"] == "not_implemented"
    assert page.cells[("GetLabelDetection", "schema")]["outcome"] == "pass"
    assert re.fullmatch(r"2 of 3 MUST rules pass \(\d+ of \d+ not checked in this run\)", page.texts["summary"])
    assert "http://127.0.0.1:4599" in page.texts["target"]
    assert "2026-01-01T10:01:00" in page.texts["time"]


def test_screenshot_command_writes_a_png_of_the_page(report, tmp_path):
    path, _ = report
    png = tmp_path / "report.png"
    assert main([str(path), str(png), "--width", "1200", "--height", "900"]) == 0
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1200, 900)
    # A blank page compresses to almost nothing; the matrix's coloured cells do not.
    assert png.stat().st_size > 20_000
    assert screenshot(path, tmp_path / "again.png", width=800, height=600).exists()
