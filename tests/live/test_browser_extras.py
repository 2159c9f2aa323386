"""More of the Playground page in a real (headless) Chromium against the real server: the confusion matrix.

Skipped where Chromium or Playwright is missing (the fixtures are test_browser.py's).
"""

import importlib.util
import time
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

# The fixtures and helpers of test_browser.py (tests run with --import-mode=importlib: load it by path).
_spec = importlib.util.spec_from_file_location("nnwatch_browser_tests", Path(__file__).with_name("test_browser.py"))
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
server, browser, page, pytestmark = _base.server, _base.browser, _base.page, _base.pytestmark
_open, _wait_state, _epoch = _base._open, _base._wait_state, _base._epoch


def test_confusion_matrix_follows_training(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4,2&lr=0.03")
    page.click("#play")
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) >= 40")
    time.sleep(0.5)
    page.click("#play")
    page.wait_for_function("!window.__nnwatch.playing")
    cells = page.locator("#confusion tbody td").all_inner_texts()
    assert len(cells) == 4 and page.locator("#confusion tbody tr").count() == 2
    counts = [int(c) for c in cells]
    assert sum(counts) == 250  # the test set
    assert counts[0] + counts[3] > 200  # circle is learnt by now: mostly on the diagonal
    assert page.locator("#confusion td.diag").count() == 2
    frame = page.evaluate("window.__nnwatch.network.frame.header.confusion")
    assert counts == [n for row in frame for n in row]
    # Regression has none.
    page.click("[data-dataset='reg_plane']")
    _wait_state(page, "s.task === 'regression'")
    page.wait_for_selector("#confusion-box", state="hidden")
    assert _epoch(page) == 0
