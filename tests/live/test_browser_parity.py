"""The Playground's last gaps, closed, in a real (headless) Chromium against the real server: reset's new seed,
a batch change that keeps the epochs, the hovered neuron shown large, the smooth output heatmap, L1's dead links
while scrubbing, data that survive a reload, the axes, and a pasted Playground link.

Skipped where Chromium or Playwright is missing (the fixtures are test_browser.py's).
"""

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

_spec = importlib.util.spec_from_file_location("nnwatch_browser_tests", Path(__file__).with_name("test_browser.py"))
_base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_base)
server, browser, page, pytestmark = _base.server, _base.browser, _base.page, _base.pytestmark
_open, _wait_state, _epoch, _frames = _base._open, _base._wait_state, _base._epoch, _base._frames

_link_spec = importlib.util.spec_from_file_location("nnwatch_link_tests",
                                                    Path(__file__).with_name("test_playground_link.py"))
_link = importlib.util.module_from_spec(_link_spec)
_link_spec.loader.exec_module(_link)

_extras_spec = importlib.util.spec_from_file_location("nnwatch_browser_extras",
                                                      Path(__file__).with_name("test_browser_extras.py"))
_extras = importlib.util.module_from_spec(_extras_spec)
_extras_spec.loader.exec_module(_extras)

FIRST_WEIGHTS = "Array.from(window.__nnwatch.network.frame.params.slice(0, 8))"


def _pause(page):
    """Pause a playing page and let the last frame of the run arrive."""
    page.click("#play")
    page.wait_for_function("!window.__nnwatch.playing")
    page.wait_for_timeout(300)


def _play_to(page, epochs: int):
    """Play until the epoch counter reaches ``epochs``, then pause."""
    page.click("#play")
    page.wait_for_function(f"parseInt(document.getElementById('epoch').textContent) >= {epochs}", timeout=30_000)
    _pause(page)


def _weights_after(page, action):
    """The first weights drawn after ``action`` (a click) has brought a new state and its epoch-0 frame."""
    before = page.evaluate("window.__nnwatch.state.spec.seed")
    page.click(action)
    _wait_state(page, f"s.spec.seed !== '{before}'")
    page.wait_for_function("window.__nnwatch.network.frame.header.epoch === 0 && "
                           "window.__nnwatch.network.frame.header.history === 1")
    return page.evaluate(FIRST_WEIGHTS)


def test_reset_draws_new_weights_and_the_url_reproduces_them(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4,2")
    data = page.evaluate("window.__nnwatch.state.dataset.train")
    first = _weights_after(page, "#reset")
    second = _weights_after(page, "#reset")
    assert first != second
    seed = page.evaluate("window.__nnwatch.state.spec.seed")
    assert page.inner_text("#seed-shown") == seed and f"seed={seed}" in page.evaluate("location.hash")
    assert page.evaluate("window.__nnwatch.state.dataset.train") == data  # reset keeps the data
    url = page.url
    page.goto("about:blank")
    _open(page, url)  # the link as shown: the same run
    assert page.evaluate(FIRST_WEIGHTS) == second
    assert page.evaluate("window.__nnwatch.state.dataset.train") == data
    # Regenerate: new data, the same initial weights, the data seed shown.
    data_seed = page.evaluate("window.__nnwatch.state.spec.data_seed")  # read before the click: its answer is quick
    page.click("#regenerate")
    _wait_state(page, f"s.spec.data_seed !== '{data_seed}'")
    assert page.evaluate("window.__nnwatch.state.dataset.train") != data
    page.wait_for_function("window.__nnwatch.network.frame.header.history === 1")
    assert page.evaluate(FIRST_WEIGHTS) == second
    assert page.inner_text("#data-seed-shown") == page.evaluate("window.__nnwatch.state.spec.data_seed")


def test_a_batch_change_keeps_the_epoch_and_the_loss_chart(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4,2&batch=10")
    _play_to(page, 40)
    epoch, points = _epoch(page), page.evaluate("window.__nnwatch.output.series.n")
    for key, value in (("batch", "1"), ("lr", "0.1"), ("reg_rate", "0.003")):
        if key == "batch":
            page.evaluate("""() => { const b = document.getElementById('batch'); b.value = 1;
                b.dispatchEvent(new Event('change')); }""")
        else:
            page.select_option(f"#{key.replace('_', '-')}", value)
        _wait_state(page, f"s.spec.{key} === '{value}'")
        assert _epoch(page) == epoch, key
        assert page.evaluate("window.__nnwatch.output.series.n") >= points, key
    page.click("#step")  # one epoch at batch 1
    page.wait_for_function(f"parseInt(document.getElementById('epoch').textContent) === {epoch + 1}")
    assert page.evaluate("window.__nnwatch.output.series.n") >= points + 1


def test_a_pasted_playground_link_builds_its_experiment_in_nnwatch_keys(server, page):
    # SEEDS.md section 6's circle experiment (ReLU, batch 1, one layer of 4, L1 0.001) as the Playground's link.
    _open(page, server.url + "#" + _link.CIRCLE + "&learningRate_hide=true")
    state = page.evaluate("window.__nnwatch.state")
    assert state["spec"]["batch"] == "1" and state["spec"]["hidden"] == "4" and state["spec"]["seed"] == "12345"
    assert page.input_value("#activation") == "relu" and page.input_value("#regularization") == "l1"
    assert page.input_value("#reg-rate") == "0.001" and page.input_value("#batch") == "1"
    assert page.locator(".node.neuron").count() == 4 + 1 and page.inner_text("#layer-count") == "1"
    assert page.locator("[data-dataset='circle'].selected").count() == 1
    assert page.locator(".node.feature:not(.off)").count() == 2
    assert not page.is_visible("#lr")  # learningRate_hide, now lr_hide
    hash_ = page.evaluate("location.hash")
    for ours in ("batch=1", "hidden=4", "regularization=l1", "reg_rate=0.001", "activation=relu", "lr_hide=true"):
        assert ours in hash_, (ours, hash_)
    for theirs in ("batchSize", "networkShape", "learningRate", "percTrainData", "xTimesY"):
        assert theirs not in hash_, (theirs, hash_)
    page.wait_for_selector("#notices:not([hidden])")
    assert "seed" in page.inner_text("#notices") and not page.is_visible("#error")  # a notice, not a refusal
    # The rewritten link is an nnwatch link: reloaded, it is the same experiment, without notices.
    page.reload()
    page.wait_for_function("window.__nnwatch && window.__nnwatch.state && window.__nnwatch.frames > 0")
    assert page.evaluate("window.__nnwatch.state.query") == state["query"] and not page.is_visible("#notices")


def _heatmap_pixels(page):
    return page.evaluate("""() => { const c = document.getElementById('output');
        return {w: c.width, px: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)}; }""")


def test_hovering_a_neuron_shows_its_map_in_the_output_panel(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4,2")
    output = _heatmap_pixels(page)
    page.hover(".node.neuron[data-layer='1'][data-index='0']")
    page.wait_for_function("document.getElementById('heatmap').dataset.focus === '1,0'")
    hovered = _heatmap_pixels(page)
    assert hovered["px"] != output["px"]
    # It is that neuron's map: the heatmap's colours follow its thumbnail's (same sign at the same places).
    same = page.evaluate("""() => {
        const big = document.getElementById('output'), small = document.querySelector(
            ".node.neuron[data-layer='1'][data-index='0'] canvas");
        const a = big.getContext('2d'), b = small.getContext('2d');
        let agree = 0, n = 0;
        for (let v = 0.1; v < 1; v += 0.2) for (let u = 0.1; u < 1; u += 0.2) {
            const p = a.getImageData(u * big.width, v * big.height, 1, 1).data;
            const q = b.getImageData(u * small.width, v * small.height, 1, 1).data;
            agree += Math.sign(p[2] - p[0]) === Math.sign(q[2] - q[0]); n++;
        }
        return agree / n; }""")
    assert same >= 0.9, same
    page.mouse.move(5, 5)  # off the network: the output again
    page.wait_for_function("document.getElementById('heatmap').dataset.focus === ''")
    assert _heatmap_pixels(page)["px"] == output["px"]


def test_the_output_heatmap_is_dense_and_smooth_with_axes(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4,2&discretize=true")
    _play_to(page, 60)
    shot = _heatmap_pixels(page)
    w, px = shot["w"], shot["px"]
    assert w >= 100  # at least the Playground's 100 x 100
    assert page.evaluate("getComputedStyle(document.getElementById('output')).imageRendering") != "pixelated"
    # Discretize's boundary is a curve at the canvas's own resolution, not the 50-point grid's stair steps: along
    # a row the colour changes at columns that are not all on the grid's cell edges.
    cell = w / 50
    changes = []
    for y in range(0, w, 7):
        row = [tuple(px[4 * (y * w + x): 4 * (y * w + x) + 3]) for x in range(w)]
        changes += [x for x in range(1, w) if row[x] != row[x - 1]]
    assert changes, "no boundary drawn"
    off_grid = [x for x in changes if abs(x / cell - round(x / cell)) > 0.2]
    assert len(off_grid) > len(changes) / 3, (len(off_grid), len(changes))
    # Axis ticks: -6..6 under the map and beside it, from the catalog's domain.
    for axis in ("x", "y"):
        labels = page.locator(f"#heatmap .tick.{axis}:not(.minor)").all_inner_texts()
        assert labels == ["−6", "−4", "−2", "0", "2", "4", "6"], (axis, labels)
    # The loss chart's y-axis spans the losses drawn, not 0 to the highest.
    low, high = page.evaluate("window.__nnwatch.output.yRange")
    series = page.evaluate("""() => { const s = window.__nnwatch.output.series;
        return [...s.train.slice(0, s.n), ...s.test.slice(0, s.n)].filter(Number.isFinite); }""")
    assert low == min(series) and high == max(series) and low > 0


def test_l1_dead_links_carry_no_flow_and_stay_dead_when_scrubbed_back(server, page):
    _open(page, server.url + "#dataset=circle&hidden=4&regularization=l1&reg_rate=0.3&lr=0.1")
    page.click("#play")
    page.wait_for_function("parseInt(document.getElementById('links').dataset.dead || '0') > 2", timeout=30_000)
    moving = page.evaluate("""() => { const f = window.__nnwatch.flow, dead = window.__nnwatch.network.dead;
        const links = f.buckets.flatMap((b) => b.links);
        return {running: f.running, links: links.length, onDead: links.filter((k) => dead.has(k)).length,
                dead: dead.size, all: window.__nnwatch.network.nLinks}; }""")
    assert moving["running"] and moving["onDead"] == 0 and moving["links"] == moving["all"] - moving["dead"], moving
    _pause(page)
    history = page.evaluate("window.__nnwatch.network.frame.header.history")
    # Back to a moment a little earlier: the links dead then are drawn dead (the frame of that moment says so).
    page.evaluate(f"""(() => {{ const t = document.getElementById('timeline'); t.value = {history - 3};
        t.dispatchEvent(new Event('input')); }})()""")
    page.wait_for_function(f"window.__nnwatch.network.frame.header.position === {history - 3}")
    then = page.evaluate("window.__nnwatch.network.frame.header.dead")
    assert then and page.evaluate("document.getElementById('links').dataset.dead") == str(len(then))
    page.click("#play")  # resumed from there: the same links stay dead
    page.wait_for_function(f"window.__nnwatch.network.frame.header.history > {history - 2} && "
                           "window.__nnwatch.network.frame.header.position === "
                           "window.__nnwatch.network.frame.header.history - 1")
    now = page.evaluate("window.__nnwatch.network.frame.header.dead")
    assert all(link in now for link in then), (then, now)
    page.click("#play")


def test_uploaded_and_drawn_data_survive_a_reload(server, page):
    csv = _extras._csv()
    _open(page, server.url + "#hidden=4")
    page.set_input_files("#upload", files=[{"name": "rings.csv", "mimeType": "text/csv", "buffer": csv}])
    _wait_state(page, "s.custom && s.dataset.train.length + s.dataset.test.length === 60")
    page.wait_for_selector("#data-name:not([hidden])")
    points = page.evaluate("(() => { const d = window.__nnwatch.state.dataset; return d.train.concat(d.test); })()")
    page.reload()
    page.wait_for_function("window.__nnwatch && window.__nnwatch.state && window.__nnwatch.state.custom", timeout=30_000)
    page.wait_for_selector("#data-name:not([hidden])")
    assert "rings.csv" in page.inner_text("#data-name") and "60 points" in page.inner_text("#data-name")
    again = page.evaluate("(() => { const d = window.__nnwatch.state.dataset; return d.train.concat(d.test); })()")
    assert sorted(map(tuple, again)) == sorted(map(tuple, points))
    # Drawn points too; a built-in dataset then forgets them (a reload shows the URL's data).
    page.click("#draw")
    for i, label in enumerate((0, 1, 0, 1)):
        page.select_option("#draw-class", str(label))
        page.click("#output", position={"x": 40 + 50 * i, "y": 60 + 30 * i})
    page.click("#draw-use")
    _wait_state(page, "s.custom && s.dataset.train.length + s.dataset.test.length === 4")
    page.reload()
    page.wait_for_function("window.__nnwatch && window.__nnwatch.state && window.__nnwatch.state.custom && "
                           "window.__nnwatch.state.dataset.train.length + "
                           "window.__nnwatch.state.dataset.test.length === 4", timeout=30_000)
    page.wait_for_selector("#data-name:not([hidden])")
    assert "drawn" in page.inner_text("#data-name")
    page.click("[data-dataset='xor']")
    _wait_state(page, "!s.custom && s.spec.dataset === 'xor'")
    page.reload()
    page.wait_for_function("window.__nnwatch && window.__nnwatch.state && window.__nnwatch.frames > 0")
    page.wait_for_timeout(500)
    assert not page.evaluate("window.__nnwatch.state.custom") and page.is_hidden("#data-name")


def test_multi_class_output_thumbnails_take_their_class_colours(server, page):
    from nnwatch.catalog import catalog

    colours = [[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in catalog()["class_colors"]]
    _open(page, server.url + "#dataset=gaussians&hidden=6&lr=0.1")
    for epoch in range(1, 6):
        page.click("#step")
        page.wait_for_function(f"parseInt(document.getElementById('epoch').textContent) === {epoch}")
    strongest = page.evaluate("""() => [...document.querySelectorAll('.node.neuron.output canvas')].map((c) => {
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let best = null, most = -1;
        for (let i = 0; i < px.length; i += 4) {
            const s = Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]);
            if (s > most) { most = s; best = [px[i], px[i + 1], px[i + 2]]; }
        }
        return best; })""")
    assert len(strongest) == 4
    for i, pixel in enumerate(strongest):  # each output's most certain pixel is nearest its own class's hue
        nearest = min(range(len(strongest)), key=lambda c: sum((a - b) ** 2 for a, b in zip(pixel, colours[c])))
        assert nearest == i, (i, pixel)
