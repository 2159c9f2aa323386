"""The Playground page in a real (headless) Chromium against the real server: what a user sees and does.

Skipped where Chromium or Playwright is missing. The server runs in a thread (uvicorn) on a free port.
"""

import os
import re
import time

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("NNWATCH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def server(module_server):
    """The real server as `nnwatch play` runs it, Host and Origin checks included (tests/live/conftest.py)."""
    return module_server


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda err: errors.append(str(err)))
    pg.on("console", lambda msg: msg.type == "error" and "favicon" not in msg.text
          and not _refused_on_purpose(msg) and errors.append(msg.text))
    yield pg
    context.close()
    assert not errors, errors


def _refused_on_purpose(msg):
    """Chromium logs a refused export or upload as a console error; the page shows the server's reason itself."""
    url = (msg.location or {}).get("url", "")
    return msg.text.startswith("Failed to load resource") and ("/export/" in url or "/upload/" in url)


def _open(page, url, timeout=30_000):
    """Load the page and wait until it has drawn a frame of the network the URL asks for."""
    page.goto(url)
    page.wait_for_function("window.__nnwatch && window.__nnwatch.state && window.__nnwatch.frames > 0",
                           timeout=timeout)


def _frames(page, more=1, timeout=20_000):
    """Wait until `more` further frames have been drawn."""
    start = page.evaluate("window.__nnwatch.frames")
    page.wait_for_function(f"window.__nnwatch.frames >= {start + more}", timeout=timeout)


def _neurons(page):
    return page.locator(".node.neuron").count()


def _epoch(page):
    return int(page.inner_text("#epoch"))


def _wait_state(page, js_condition, timeout=20_000):
    page.wait_for_function(f"(() => {{ const s = window.__nnwatch.state; return !!s && ({js_condition}); }})()",
                           timeout=timeout)


def test_page_shows_the_network(server, page):
    _open(page, server.url)
    assert page.locator(".node.feature").count() == 7
    assert page.locator(".node.feature:not(.off)").count() == 2  # X1, X2 by default
    assert _neurons(page) == 4 + 2 + 1
    assert page.inner_text("#epoch") == "000000"
    assert page.input_value("#lr") == "0.03" and page.input_value("#activation") == "tanh"
    assert page.locator("[data-dataset='circle']").get_attribute("class").split().count("selected") == 1
    assert re.fullmatch(r"[0-9.]+", page.inner_text("#test-loss"))
    # The output heatmap was painted: its centre pixel is not blank.
    alpha = page.evaluate("document.getElementById('output').getContext('2d').getImageData(25, 25, 1, 1).data[3]")
    assert alpha == 255


def test_dataset_feature_and_layer_changes(server, page):
    _open(page, server.url)
    page.click("[data-dataset='spiral']")
    _wait_state(page, "s.spec.dataset === 'spiral'")
    assert "dataset=spiral" in page.evaluate("location.hash")
    page.wait_for_selector("[data-dataset='spiral'].selected")

    page.click(".node.feature[data-feature='x1sq']")
    page.wait_for_selector(".node.feature[data-feature='x1sq']:not(.off)")
    assert page.locator(".node.feature:not(.off)").count() == 3

    page.click("#add-layer")
    page.wait_for_function("document.querySelectorAll('.node.neuron').length === 9")  # [4, 2, 2] + output
    assert page.inner_text("#layer-count") == "3"
    page.click(".layer-controls[data-layer='2'] .add-neuron")
    page.wait_for_function("document.querySelectorAll('.node.neuron').length === 10")
    page.click("#remove-layer")
    page.wait_for_function("document.querySelectorAll('.node.neuron').length === 7")
    page.wait_for_function("window.__nnwatch.network.frame.header.sizes.join() === '3,4,2,1'")


def test_play_trains_and_the_test_loss_falls(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4,2&lr=0.03")
    before = float(page.inner_text("#test-loss"))
    page.click("#play")
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) >= 60", timeout=20_000)
    first = _epoch(page)
    time.sleep(1.0)
    assert _epoch(page) > first  # still counting
    after = float(page.inner_text("#test-loss"))
    assert after < 0.7 * before, (before, after)
    assert page.locator("#play.playing").count() == 1
    page.click("#play")  # pause
    page.wait_for_function("!window.__nnwatch.playing")


def test_tooltip_shows_live_values_while_playing(server, page):
    _open(page, server.url)
    page.hover(".node.neuron[data-layer='1'][data-index='0']")
    page.wait_for_selector("#tooltip:not([hidden]) .value")
    first = page.inner_text("#tooltip")
    assert re.search(r"tanh\(.*X₁.*X₂.*\)", first) and re.fullmatch(r"−?\d+\.\d{3}", page.inner_text("#tooltip .value"))
    page.keyboard.press("Space")  # play, with the mouse still on the neuron
    _frames(page, 20)
    assert page.inner_text("#tooltip") != first
    # A link's card shows its weight; clicking a bias lets you type a new value.
    page.keyboard.press("Space")
    page.wait_for_function("!window.__nnwatch.playing")
    box = page.locator(".node.neuron[data-layer='2'][data-index='1'] .bias").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.fill("#edit-value", "2.5")
    page.press("#edit-value", "Enter")
    page.wait_for_function("""(() => { const f = window.__nnwatch.network.frame;
        return f && Math.abs(f.params[21] - 2.5) < 1e-6; })()""")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.querySelector('#tooltip .value')?.textContent === '2.500'")


def test_the_url_hash_restores_the_settings(server, page):
    _open(page, server.url + "#dataset=xor&hidden=3,3,3&lr=0.1&activation=relu")
    assert page.input_value("#lr") == "0.1" and page.input_value("#activation") == "relu"
    assert _neurons(page) == 3 + 3 + 3 + 1
    page.select_option("#lr", "0.3")
    _wait_state(page, "s.spec.lr === '0.3'")
    url = page.url
    assert "lr=0.3" in url and "hidden=3%2C3%2C3" in url
    page.reload()
    page.wait_for_function("window.__nnwatch && window.__nnwatch.state && window.__nnwatch.frames > 0")
    assert page.input_value("#lr") == "0.3" and page.input_value("#activation") == "relu"
    assert _neurons(page) == 10 and page.locator("[data-dataset='xor'].selected").count() == 1


def test_classroom_mode_hides_controls(server, page):
    _open(page, server.url + "#hidden=2&lr_hide=true&activation_hide=true&learningRate_hide=true&x2_hide=true")
    assert not page.is_visible("#lr") and not page.is_visible("#activation")
    assert page.is_visible("#regularization")
    assert not page.is_visible(".node.feature[data-feature='x2']")
    assert "lr_hide=true" in page.evaluate("location.hash")  # kept beside the server's query
    assert _neurons(page) == 2 + 1 and not page.is_visible("#error")  # the hides never reach the server


def test_a_bad_url_falls_back_to_the_defaults(server, page):
    page.goto(server.url + "#hidden=lots")
    page.wait_for_selector("#error:not([hidden])")
    assert "hidden" in page.inner_text("#error")
    page.wait_for_function("window.__nnwatch.state && window.__nnwatch.frames > 0")
    assert _neurons(page) == 4 + 2 + 1 and "hidden=4%2C2" in page.evaluate("location.hash")


def test_other_tasks_timeline_and_errors(server, page):
    _open(page, server.url + "#dataset=gaussians&hidden=4")
    assert page.locator(".node.neuron.output").count() == 4  # one output unit per class
    page.click("#step")
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) === 1")
    page.click("#step")
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) === 2")
    # Drag the timeline back to the start: the page shows the first recorded moment.
    page.evaluate("""(() => { const t = document.getElementById('timeline'); t.value = 0;
        t.dispatchEvent(new Event('input')); })()""")
    page.wait_for_function("document.getElementById('epoch').textContent === '000000'")
    assert "rewound" in page.inner_text("#timeline-label")
    page.click("[data-dataset='reg_plane']")
    _wait_state(page, "s.task === 'regression'")
    assert page.input_value("#task") == "regression" and not page.is_visible("#test-acc")
    # A setting the server refuses shows its message and the page goes on.
    page.evaluate("window.__nnwatch.ws.send(JSON.stringify({type: 'set', key: 'lr', value: 'fast'}))")
    page.wait_for_selector("#error:not([hidden])")
    assert "lr" in page.inner_text("#error")
    page.click("#step")  # and the session goes on
    page.wait_for_function("parseInt(document.getElementById('epoch').textContent) === 1")


def test_token_travels_to_the_websocket(browser, live_server):
    s = live_server(token="sesame")
    context = browser.new_context()
    pg = context.new_page()
    assert pg.goto(s.url).status == 403
    _open(pg, s.url + "?token=sesame#hidden=2")
    assert _neurons(pg) == 3
    context.close()


def test_ui_frame_rate_with_six_hidden_layers(server, page):
    _open(page, server.url + "#dataset=spiral&hidden=8,8,8,8,8,8&speed=1")
    assert _neurons(page) == 6 * 8 + 1
    page.click("#play")
    _frames(page, 10)
    result = page.evaluate("""() => new Promise((done) => {
        const app = window.__nnwatch; const f0 = app.frames; let n = 0; const t0 = performance.now();
        const tick = (t) => { n++; if (t - t0 < 3000) requestAnimationFrame(tick);
            else done({ raf: n / ((t - t0) / 1000), drawn: (app.frames - f0) / ((t - t0) / 1000),
                        ms: app.drawMs }); };
        requestAnimationFrame(tick); })""")
    print(f"\nUI with six hidden layers of 8 at 1 epoch/frame: {result['raf']:.1f} rAF/s, "
          f"{result['drawn']:.1f} network frames drawn/s, {result['ms']:.1f} ms to draw one")
    assert result["raf"] >= 30
    assert result["drawn"] >= 10
    # The flow on the links: marks that move with time, a repaint costing about a millisecond (rasterised).
    flow = page.evaluate("""() => {
        const f = window.__nnwatch.flow; const c = f.canvas.getContext('2d');
        const moment = (t) => { f.paint(t); const a = c.getImageData(0, 0, f.canvas.width, f.canvas.height).data;
            let s = 0; for (let i = 3; i < a.length; i += 4) s += a[i] * (i % 9973); return s; };
        return { running: f.running, links: window.__nnwatch.network.nLinks, ms: f.measure(200),
                 moved: moment(0) !== moment(250), flowing: document.getElementById('net-body').classList.contains('flowing') };
    }""")
    print(f"link flow: {flow['ms']:.2f} ms a repaint for {flow['links']} links (rasterisation included)")
    assert flow["running"] and flow["flowing"] and flow["moved"]
    assert flow["ms"] < 3
    page.click("#play")  # paused: the flow stops and the links show undimmed
    page.wait_for_selector("#net-body:not(.flowing)")


def test_menus_and_thumbnails_come_from_the_catalog(server, page):
    from nnwatch.catalog import catalog

    cat = catalog()
    _open(page, server.url)
    options = page.eval_on_selector_all("#activation option", "os => os.map(o => [o.value, o.text])")
    assert options == cat["choices"]["activation"]
    shades = cat["palettes"]["playground"]["shades"]
    negative, positive = shades[0], shades[-1]
    # X1X2 (off by default) is drawn from the catalog: four solid quadrants, +1 where x1 and x2 share a sign.
    quadrants = page.evaluate("""() => {
        const c = document.querySelector(".node.feature[data-feature='x1x2'] canvas");
        const px = (x, y) => [...c.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)];
        const a = Math.floor(c.width / 4), b = c.width - 1 - a;
        return {left_top: px(a, a), right_top: px(b, a), left_bottom: px(a, b), right_bottom: px(b, b)};
    }""")
    assert quadrants == {"left_top": negative, "right_top": positive, "left_bottom": positive,
                         "right_bottom": negative}
    # The circle's thumbnail dots are the generator's points, class 0 (-1) orange and class 1 (+1) blue.
    circle = next(d for d in cat["datasets"] if d["name"] == "circle")
    colours = [[int(cat["class_colors"][c][i:i + 2], 16) for i in (1, 3, 5)] for c in (0, 1)]
    drawn = page.evaluate("""(points) => {
        const c = document.querySelector("[data-dataset='circle'] canvas");
        const ctx = c.getContext('2d');
        return points.map(([x, y]) => [...ctx.getImageData(Math.floor((x + 6) / 12 * c.width),
            Math.floor((1 - (y + 6) / 12) * c.height), 1, 1).data.slice(0, 3)]);
    }""", circle["thumbnail"])
    # (a canvas may shift a channel by a few levels)
    for pixel, (_, _, label) in zip(drawn, circle["thumbnail"]):
        assert max(abs(a - b) for a, b in zip(pixel, colours[int(label)])) <= 8, (pixel, label)
