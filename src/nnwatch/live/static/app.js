// nnwatch play: the browser side. One WebSocket to /ws; JSON messages for state, binary frames for pictures.
// Frames are drawn as they come and acknowledged with {"type": "ready"} once drawn (flow control);
// nothing ever waits on the socket, so the page stays responsive while the server compiles or trains.

import { decodeFrame } from "./frame.js";
import { NetworkView } from "./network.js";
import { OutputView } from "./output.js";
import { Tooltip } from "./tooltip.js";
import { Controls, applyHides } from "./controls.js";
import { FlowView } from "./flow.js";
import { DrawMode } from "./draw.js";
import { ConfusionView } from "./confusion.js";
import { Files, withToken } from "./files.js";
import { BLUE, NEUTRAL, ORANGE, useColors } from "./colors.js";
import { orderFeatures } from "./menus.js";
import { joinHash, splitHash } from "./url_state.js";
import { keep, keptFor, restorable } from "./kept_data.js";

const $ = (id) => document.getElementById(id);

// What the menus, thumbnails, formulas and colours are built from: the server's catalog, fetched once.
const catalog = await (await fetch(withToken("/catalog"))).json();
useColors(catalog);
for (const [name, value] of [["--orange", ORANGE], ["--neutral", NEUTRAL], ["--blue", BLUE]]) {
  document.documentElement.style.setProperty(name, value);
}

const app = {
  ws: null,
  state: null,
  playing: false,
  pending: null, // the newest undrawn frame (an older undrawn one is dropped)
  unacked: 0, // frames received and not yet acknowledged
  drawQueued: false,
  page: new Map(), // page-only hash pairs
  lastQuery: null,
  frames: 0,
  scrubbing: false,
  dataName: null, // an uploaded file's name, or "drawn": the server's spec still names the last built-in set
  catalog,
};
window.__nnwatch = app; // for tests and the console

// -- the URL hash (url_state.js) ------------------------------------------------------------------------------
function writeHash() {
  const hash = joinHash(app.lastQuery, app.page);
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

function readPageOptions() {
  applyHides(app.page, catalog);
  $("discretize").checked = app.page.get("discretize") === "true";
  $("show-test").checked = app.page.get("show_test") === "true";
  output.setOptions({ discretize: $("discretize").checked, showTest: $("show-test").checked });
}

// -- the socket -------------------------------------------------------------------------------------------------
function send(message) {
  if (message.type === "hello" || (message.type === "set" && message.key === "dataset")) app.dataName = null;
  if (app.ws && app.ws.readyState === WebSocket.OPEN) app.ws.send(JSON.stringify(message));
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}${withToken("/ws")}`;
  const ws = new WebSocket(url);
  ws.binaryType = "arraybuffer";
  app.ws = ws;
  ws.onopen = () => {
    setStatus("connecting", "");
    app.firstState = true; // the hello's reply: the moment to send kept points again (kept_data.js)
    app.pending = null;
    app.unacked = 0;
    hello(splitHash(location.hash).spec);
  };
  ws.onmessage = (event) => {
    if (typeof event.data === "string") return onJson(JSON.parse(event.data));
    app.lastFrameAt = performance.now();
    app.pending = event.data;
    app.unacked++;
    // Drawing at once (the canvases show it at the next vsync) rather than in the next animation frame saves up
    // to a frame of latency per round trip: measured 54 vs 37 frames/s for six layers of 8. A hidden tab waits
    // for requestAnimationFrame, which it does not run, so the server stops sending until the tab is back.
    if (document.visibilityState === "visible" && !app.drawQueued) drawPending();
    else if (!app.drawQueued) {
      app.drawQueued = true;
      requestAnimationFrame(drawPending);
    }
  };
  ws.onclose = () => {
    if (app.ws !== ws) return;
    setStatus("disconnected", "disconnected — reconnecting…");
    setTimeout(connect, 1000);
  };
}

// Start (or restart) from a spec query and the page's own pairs; the server translates a Playground link's.
function hello(query) {
  send({ type: "hello", query, page: Object.fromEntries(app.page) });
}

function onJson(msg) {
  if (app.awaitingPoints && (msg.type === "state" || msg.type === "error")) {
    app.awaitingPoints = false;
    if (msg.type === "state") app.dataName = app.restoringName || "drawn";
    app.restoringName = null;
    setStatus("compiling", "");
  }
  if (msg.type === "state") onState(msg);
  else if (msg.type === "status") {
    if (msg.compiling !== undefined) setStatus("compiling", msg.compiling ? "compiling…" : "");
    if (msg.playing !== undefined) setPlaying(msg.playing);
    $("diverged").hidden = !msg.diverged;
  } else if (msg.type === "error") {
    showError(msg.message);
    // A hash the server refused before any state arrived: start from the defaults rather than show nothing.
    if (!app.state && !app.fellBack) {
      app.fellBack = true;
      hello("");
    }
  }
}

function onState(state) {
  app.state = state;
  // A pasted Playground link: the server's translation of the page's pairs (nnwatch's names) replaces them, the
  // URL is rewritten in nnwatch's keys below, and what could not be honoured is said.
  if (state.link) {
    app.page = new Map(Object.entries(state.link.page));
    readPageOptions();
    showNotices(state.link.notices);
  }
  keepData(state);
  network.update(state);
  applyHides(app.page, catalog);
  output.update(state);
  controls.update(state);
  draw.update(state);
  files.update(state);
  showDataName();
  app.lastQuery = state.query;
  writeHash();
  setPlaying(state.playing);
  const wanted = parseInt(app.page.get("speed"), 10);
  if (wanted >= 1 && wanted <= 100 && wanted !== state.epochs_per_frame) {
    send({ type: "speed", epochs_per_frame: wanted });
    controls.setSpeed(wanted);
  }
  document.body.classList.add("ready");
}

// Uploaded or drawn points survive a reload: kept in the tab's storage while the session trains on them, and
// sent again when the page (re)connects to the same settings; a built-in dataset forgets them.
function keepData(state) {
  const first = app.firstState;
  app.firstState = false;
  if (state.custom) return keep(sessionStorage, keptFor(state, app.dataName));
  const kept = first && restorable(sessionStorage, state.query);
  if (kept) {
    app.restoringName = kept.name;
    actions.points(kept.points, kept.task);
  } else if (!first) keep(sessionStorage, null);
}

// -- drawing ----------------------------------------------------------------------------------------------------
function drawPending() {
  app.drawQueued = false;
  const buffer = app.pending;
  app.pending = null;
  if (!buffer) return;
  const started = performance.now();
  try {
    const frame = decodeFrame(buffer);
    const h = frame.header;
    // A frame of another network (sent before the state that describes it) is acknowledged, not drawn.
    if (!network.draw(frame)) return;
    if (flow.wanted) flow.setParams(frame.params);
    output.draw(frame);
    confusion.draw(h.confusion, app.state);
    setText("epoch", String(Math.floor(h.epoch)).padStart(6, "0"));
    if (h.playing !== undefined) setPlaying(h.playing);
    $("diverged").hidden = !h.diverged; // every frame says (protocol.py FRAME_HEADER)
    // A stop condition of the spec (epochs, target loss) paused training: say which.
    if (h.stopped) setStatus("stopped", `stopped: ${h.stopped}`);
    else if ($("status").dataset.kind === "stopped") setStatus("stopped", "");
    const timeline = $("timeline");
    if (!app.scrubbing && h.history !== undefined) {
      const max = Math.max(0, h.history - 1);
      if (+timeline.max !== max) timeline.max = max;
      if (+timeline.value !== h.position) timeline.value = h.position;
    }
    setText("timeline-label", h.position < h.history - 1 ? `epoch ${Math.floor(h.epoch)} (rewound)` : "live");
    tooltip.refresh();
    app.frames++;
    app.drawMs = 0.9 * (app.drawMs ?? performance.now() - started) + 0.1 * (performance.now() - started);
  } catch (err) {
    console.error(err);
  } finally {
    while (app.unacked > 0) {
      send({ type: "ready" });
      app.unacked--;
    }
  }
}

const texts = {};
function setText(id, text) {
  if (texts[id] !== text) {
    texts[id] = text;
    $(id).textContent = text;
  }
}

// Uploaded or drawn data: its name and size under the data controls, and no built-in set selected.
function showDataName() {
  const el = $("data-name");
  const state = app.state;
  el.hidden = !app.dataName || !state;
  if (el.hidden) return;
  const n = state.dataset.train.length + state.dataset.test.length;
  el.textContent = `Data: ${app.dataName}, ${n} points`;
  for (const b of document.querySelectorAll(".dataset.selected")) b.classList.remove("selected");
}

function setPlaying(playing) {
  app.playing = !!playing;
  flow.setRunning(app.playing);
  const button = $("play");
  button.classList.toggle("playing", app.playing);
  button.setAttribute("aria-label", app.playing ? "pause" : "play");
  button.title = app.playing ? "pause (space)" : "play (space)";
}

function setStatus(kind, text) {
  const el = $("status");
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

function showNotices(notices) {
  const box = $("notices");
  const list = box.querySelector("ul");
  list.textContent = "";
  for (const text of notices) list.appendChild(Object.assign(document.createElement("li"), { textContent: text }));
  box.hidden = notices.length === 0;
}
$("notices-close").addEventListener("click", () => ($("notices").hidden = true));

let errorTimer = null;
function showError(message) {
  const el = $("error");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => (el.hidden = true), 5000);
}

// Slider drags fire many events: send at most one message per key every 100 ms, and always the last one.
const throttle = new Map();
function throttled(key, fn) {
  const t = throttle.get(key) || { last: 0, timer: null, fn: null };
  throttle.set(key, t);
  t.fn = fn;
  const wait = t.last + 100 - performance.now();
  if (wait <= 0 && !t.timer) {
    t.last = performance.now();
    fn();
  } else if (!t.timer) {
    t.timer = setTimeout(() => {
      t.timer = null;
      t.last = performance.now();
      t.fn();
    }, Math.max(0, wait));
  }
}

// -- actions ----------------------------------------------------------------------------------------------------
const actions = {
  set(key, value) {
    send({ type: "set", key, value: String(value) });
  },
  speed(n) {
    app.page.set("speed", String(n));
    writeHash();
    throttled("speed", () => send({ type: "speed", epochs_per_frame: n }));
  },
  setHidden(list) {
    actions.set("hidden", list.length ? list.join(",") : "none");
  },
  toggleFeature(name) {
    const now = app.state.features;
    const on = now.includes(name) ? now.filter((f) => f !== name) : now.concat([name]);
    if (!on.length) return showError("keep at least one input feature");
    actions.set("features", orderFeatures(catalog, on).join(","));
  },
  edit(message) {
    send({ type: "edit", ...message });
  },
  points(points, task) {
    send({ type: "points", points, task });
    app.awaitingPoints = true; // the server builds a network for them (about a second): say so until it answers
    setStatus("compiling", "compiling…");
  },
  uploaded(name) {
    app.dataName = name;
    showDataName();
    if (app.state && app.state.custom) keep(sessionStorage, keptFor(app.state, name));
  },
  error: (text) => showError(text),
  hover: (target) => output.setFocus(target),
};

const network = new NetworkView($("network"), actions, catalog);
const output = new OutputView(catalog);
const tooltip = new Tooltip(network, actions, catalog);
const controls = new Controls(actions, catalog);
const flow = new FlowView(network);
const draw = new DrawMode(actions, catalog);
const confusion = new ConfusionView($("confusion-box"));
const files = new Files(actions);
Object.assign(app, { network, output, tooltip, flow, draw, confusion, files });

$("play").addEventListener("click", () => {
  send({ type: app.playing ? "pause" : "play" });
  setPlaying(!app.playing);
});
for (const kind of ["step", "reset", "regenerate"]) $(kind).addEventListener("click", () => send({ type: kind }));
for (const [id, key] of [["discretize", "discretize"], ["show-test", "show_test"]]) {
  $(id).addEventListener("change", () => {
    if ($(id).checked) app.page.set(key, "true"); else app.page.delete(key);
    writeHash();
    output.setOptions({ discretize: $("discretize").checked, showTest: $("show-test").checked });
  });
}
const timeline = $("timeline");
timeline.addEventListener("pointerdown", () => (app.scrubbing = true));
for (const kind of ["change", "pointerup", "pointercancel"]) timeline.addEventListener(kind, () => (app.scrubbing = false));
timeline.addEventListener("input", () => throttled("seek", () => send({ type: "seek", index: +timeline.value })));
document.addEventListener("keydown", (e) => {
  if (e.code !== "Space" || e.target.closest("input, select, textarea, button")) return;
  e.preventDefault();
  $("play").click();
});
window.addEventListener("hashchange", () => {
  const { spec, page } = splitHash(location.hash);
  app.page = page;
  readPageOptions();
  if (spec !== app.lastQuery) hello(spec);
});

// Points drawn and not yet trained on live only in this page: say so before a reload or close loses them.
window.addEventListener("beforeunload", (e) => {
  if (draw.unsent()) e.preventDefault();
});

// Flow-control watchdog: the server drops messages beyond its rate limit, and a lost "ready" would stall the
// frames for good; a spare "ready" is harmless, so send one when frames have stopped for a while.
setInterval(() => {
  if (!app.pending && app.unacked === 0 && performance.now() - (app.lastFrameAt || 0) > 700) send({ type: "ready" });
}, 700);

app.page = splitHash(location.hash).page;
readPageOptions();
connect();
