"""The Playground page's files and data tools in a real (headless) Chromium against the real server: exports,
CSV upload, drawn points, and the confusion matrix.

Skipped where Chromium or Playwright is missing (the fixtures are test_browser.py's).
"""

import importlib.util
import json
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

Image = pytest.importorskip("PIL.Image")


def _csv(rows=60, bad=False):
    lines = ["a,b,kind"]
    for i in range(rows):
        a, b = (i % 10) - 4.5, ((i * 7) % 10) - 4.5
        lines.append(f"{a},{'x' if bad and i == 3 else b},{'inner' if abs(a) < 2.5 and abs(b) < 2.5 else 'outer'}")
    return ("\n".join(lines) + "\n").encode()


def test_exports_download_weights_and_a_gif(server, page):
    _open(page, server.url + "#dataset=xor&hidden=3")
    for epoch in (1, 2, 3):
        page.click("#step")
        page.wait_for_function(f"parseInt(document.getElementById('epoch').textContent) === {epoch}")
    assert page.is_visible("#export-run") and page.is_visible("#export-mp4")
    with page.expect_download() as info:
        page.click("#export-weights")
    weights = json.loads(open(info.value.path()).read())
    assert weights["sizes"] == [2, 3, 1] and len(weights["layers"]) == 2
    assert info.value.suggested_filename.endswith(".json")
    # A video takes a few seconds to render: the button shows it is busy until the file comes.
    with page.expect_download(timeout=60_000) as info:
        page.click("#export-gif")
        page.wait_for_selector("#export-gif.busy", timeout=2_000)
    with Image.open(info.value.path()) as gif:
        assert gif.format == "GIF" and gif.n_frames >= 1
    page.wait_for_selector("#export-gif:not(.busy):not([disabled])")


def test_an_export_the_server_refuses_shows_its_message(server, page):
    _open(page, server.url + "#hidden=2")
    page.evaluate("window.__nnwatch.files.session = 'gone'")  # as if the session had ended
    page.click("#export-weights")
    page.wait_for_selector("#error:not([hidden])")
    assert "no such export" in page.inner_text("#error")


def test_csv_upload_trains_on_the_file(server, page):
    _open(page, server.url + "#hidden=4")
    page.set_input_files("#upload", files=[{"name": "rings.csv", "mimeType": "text/csv", "buffer": _csv()}])
    _wait_state(page, "s.classes.join() === 'inner,outer' && s.dataset.train.length + s.dataset.test.length === 60")
    page.wait_for_selector("#data-name:not([hidden])")
    assert "rings.csv" in page.inner_text("#data-name") and "60 points" in page.inner_text("#data-name")
    assert page.locator(".dataset.selected").count() == 0  # no built-in set is shown
    page.click("#play")
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) >= 20")
    page.click("#play")
    # A file the server cannot read: its one-line reason, and the page goes on with the data it had.
    page.set_input_files("#upload", files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": _csv(bad=True)}])
    page.wait_for_selector("#error:not([hidden])")
    assert "'x' is not a number" in page.inner_text("#error")
    assert "bad.csv" in page.inner_text("#error") and "/tmp" not in page.inner_text("#error")  # the user's file
    assert "rings.csv" in page.inner_text("#data-name")
    # One over the size limit gets the server's 413 message.
    page.set_input_files("#upload", files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": b"1," * 1_200_000}])
    page.wait_for_function("document.getElementById('error').textContent.includes('limit of 2 MB')")
    # Choosing a built-in set again forgets the file.
    page.click("[data-dataset='circle']")
    page.wait_for_selector("#data-name", state="hidden")
    _wait_state(page, "s.dataset.train.length === 250")


def test_draw_points_and_train_on_them(server, page):
    _open(page, server.url + "#hidden=3&lr=0.1")
    page.click("#draw")
    assert page.get_attribute("#draw", "aria-pressed") == "true" and page.is_visible("#draw-class")
    box = page.locator("#output").bounding_box()
    clicked = []
    for label, left in ((0, 0.08), (1, 0.62)):
        page.select_option("#draw-class", str(label))
        for i in range(10):
            x, y = box["width"] * (left + 0.03 * i), box["height"] * (0.1 + 0.08 * i)
            page.click("#output", position={"x": x, "y": y})
            clicked.append((12 * x / box["width"] - 6, 6 - 12 * y / box["height"], label))
    page.wait_for_function("document.getElementById('draw-count').textContent === '20 points'")
    # Shown at once, before the server knows of them: the drawn layer is painted where the first click was.
    x0, y0 = box["width"] * 0.08, box["height"] * 0.1
    alpha = page.evaluate(f"""(() => {{ const c = document.getElementById('output-drawn');
        const r = c.width / c.clientWidth; return c.getContext('2d').getImageData({x0} * r, {y0} * r, 1, 1).data[3]; }})()""")
    assert alpha > 0
    # Shift-click removes the nearest point; another click puts it back.
    page.click("#output", position={"x": x0, "y": y0}, modifiers=["Shift"])
    page.wait_for_function("document.getElementById('draw-count').textContent === '19 points'")
    page.select_option("#draw-class", "0")
    page.click("#output", position={"x": x0, "y": y0})
    page.click("#draw-use")
    _wait_state(page, "s.dataset.train.length + s.dataset.test.length === 20 && s.classes.join() === '0,1'")
    assert "drawn" in page.inner_text("#data-name")
    state = page.evaluate("window.__nnwatch.state")
    shown = state["dataset"]["train"] + state["dataset"]["test"]
    for x1, x2, label in shown:  # every point the server trains on is one that was drawn, with its class
        assert any(abs(x1 - a) < 0.02 and abs(x2 - b) < 0.02 and label == c for a, b, c in clicked), (x1, x2, label)
    # The training points are drawn on the output like any dataset's.
    x1, x2, _ = state["dataset"]["train"][0]
    px, py = (x1 + 6) / 12 * box["width"], (6 - x2) / 12 * box["height"]
    alpha = page.evaluate(f"""(() => {{ const c = document.getElementById('output-points');
        const r = c.width / c.clientWidth; return c.getContext('2d').getImageData({px} * r, {py} * r, 1, 1).data[3]; }})()""")
    assert alpha > 0
    before = float(page.inner_text("#train-loss"))
    page.click("#play")
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) >= 30")
    assert float(page.inner_text("#train-loss")) < before
    page.click("#play")


def test_drawing_needs_two_classes(server, page):
    _open(page, server.url + "#hidden=2")
    page.click("#draw")
    for i in range(3):
        page.click("#output", position={"x": 40 + 20 * i, "y": 60})
    page.click("#draw-use")
    page.wait_for_selector("#error:not([hidden])")
    assert "2 classes" in page.inner_text("#error")
    page.click("#draw-clear")
    assert page.inner_text("#draw-count") == "0 points" and page.is_disabled("#draw-use")


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


def test_a_stop_condition_pauses_and_says_why(server, page):
    _open(page, server.url + "#dataset=circle&hidden=3&epochs=5")
    page.click("#play")
    page.wait_for_function("document.querySelector('#status').textContent.includes('reached 5 epochs')",
                           timeout=15000)
    assert page.text_content("#epoch").strip() == "000005"


def test_links_killed_by_l1_are_drawn_dashed_grey(server, page):
    # A strong L1 rate kills links within a few epochs; the page draws them grey and dashed.
    _open(page, server.url + "#dataset=circle&hidden=4&regularization=l1&reg_rate=0.3&lr=0.1")
    page.click("#play")
    page.wait_for_function("parseInt(document.getElementById('links').dataset.dead || '0') > 0", timeout=30_000)
    page.click("#play")  # pause, so the picture holds still while it is read
    grey = page.evaluate("""() => {
        const c = document.getElementById('links');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) {
            const [r, g, b, a] = [px[i], px[i + 1], px[i + 2], px[i + 3]];
            if (a > 200 && Math.abs(r - g) < 8 && Math.abs(g - b) < 8 && r > 115 && r < 160) n++;
        }
        return n;
    }""")
    assert grey > 10  # the dashes of at least one dead link (live links are orange, blue or near-white)
