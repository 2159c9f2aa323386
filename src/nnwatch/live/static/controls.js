// Settings controls: value lists (the Playground's, plus ours), reading them from the server's spec, sending
// changes as flat keys, dataset thumbnails, and classroom mode (<key>_hide=true in the URL hash).

import { CLASS_COLORS, cssColor } from "./colors.js";

const $ = (id) => document.getElementById(id);

export const LEARNING_RATES = ["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"];
export const REG_RATES = ["0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"];
const ACTIVATIONS = [["relu", "ReLU"], ["tanh", "Tanh"], ["sigmoid", "Sigmoid"], ["linear", "Linear"],
  ["elu", "ELU"], ["leaky_relu", "Leaky ReLU"], ["softplus", "Softplus"], ["sine", "Sine"], ["gaussian", "Gaussian"]];
const SELECTS = {
  lr: LEARNING_RATES.map((v) => [v, v]),
  activation: ACTIVATIONS,
  regularization: [["none", "None"], ["l1", "L1"], ["l2", "L2"]],
  reg_rate: REG_RATES.map((v) => [v, v]),
  optimizer: [["sgd", "SGD"], ["momentum", "Momentum"], ["adam", "Adam"]],
  init: [["playground", "Playground"], ["xavier", "Xavier"], ["he", "He"], ["zeros", "Zeros"]],
  dropout: ["0", "0.1", "0.2", "0.3", "0.5"].map((v) => [v, v]),
  loss: [["auto", "Auto"], ["half_squared", "½ squared"], ["mse", "MSE"], ["cross_entropy", "Cross-entropy"]],
};
// Sliders: key -> [element id, to spec value, from spec value].
const SLIDERS = {
  noise: ["noise", (v) => String(v / 100), (s) => Math.round(parseFloat(s) * 100)],
  train_share: ["train-share", (v) => String(v / 100), (s) => Math.round(parseFloat(s) * 100)],
  batch: ["batch", (v) => String(v), (s) => (s === "full" ? 30 : parseInt(s, 10))],
};
export const CLASSIFICATION_SETS = ["circle", "xor", "gauss", "spiral", "moons", "gaussians"];
export const REGRESSION_SETS = ["reg_plane", "reg_gauss"];
// Classroom mode: the Playground's control names for <name>_hide, mapped to our flat keys.
const HIDE_ALIASES = { learningRate: "lr", regularizationRate: "reg_rate", batchSize: "batch", percTrainData: "train_share",
  problem: "task", networkShape: "hidden", showTestData: "show_test", x: "x1", y: "x2", xSquared: "x1sq",
  ySquared: "x2sq", xTimesY: "x1x2", sinX: "sinx1", sinY: "sinx2", playButton: "play", stepButton: "step",
  resetButton: "reset", dataRegenButton: "regenerate" };

function selectId(key) {
  return key.replace(/_/g, "-");
}

function setSelect(select, value) {
  const num = parseFloat(value);
  let match = [...select.options].find((o) => o.value === value)
    || (Number.isFinite(num) && [...select.options].find((o) => Math.abs(parseFloat(o.value) - num) <= 1e-12 * Math.abs(num)));
  if (!match) {
    match = new Option(value, value);
    select.add(match);
  }
  select.value = match.value;
}

export class Controls {
  constructor(actions) {
    this.actions = actions; // {set(key, value), speed(n)}
    for (const [key, options] of Object.entries(SELECTS)) {
      const select = $(selectId(key));
      for (const [value, label] of options) select.add(new Option(label, value));
      select.addEventListener("change", () => actions.set(key, select.value));
    }
    for (const [key, [id, toSpec]] of Object.entries(SLIDERS)) {
      const input = $(id);
      input.addEventListener("input", () => ($(`${id}-value`).textContent = input.value));
      input.addEventListener("change", () => actions.set(key, toSpec(+input.value)));
    }
    const task = $("task");
    task.addEventListener("change", () => actions.set("dataset", task.value === "regression" ? "reg_plane" : "circle"));
    const seed = $("seed");
    seed.addEventListener("change", () => seed.value !== "" && actions.set("seed", String(Math.max(0, Math.floor(+seed.value)))));
    const speed = $("speed");
    speed.addEventListener("input", () => {
      $("speed-value").textContent = speed.value;
      actions.speed(+speed.value);
    });
    this.buildDatasets();
  }

  buildDatasets() {
    for (const [id, names] of [["datasets-classification", CLASSIFICATION_SETS], ["datasets-regression", REGRESSION_SETS]]) {
      const box = $(id);
      for (const name of names) {
        const button = document.createElement("button");
        button.className = "dataset";
        button.dataset.dataset = name;
        button.title = name;
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 48;
        drawThumbnail(canvas, name);
        const label = document.createElement("span");
        label.textContent = name.replace("reg_", "");
        button.append(canvas, label);
        button.addEventListener("click", () => this.actions.set("dataset", name));
        box.appendChild(button);
      }
    }
  }

  // Show the server's spec (strings, flat keys) in the controls.
  update(state) {
    const spec = state.spec;
    for (const key of Object.keys(SELECTS)) {
      if (spec[key] !== undefined) setSelect($(selectId(key)), spec[key].split(",")[0]);
    }
    for (const [key, [id, , fromSpec]] of Object.entries(SLIDERS)) {
      if (spec[key] === undefined) continue;
      const input = $(id);
      const v = fromSpec(spec[key]);
      if (Number.isFinite(v)) input.value = v;
      $(`${id}-value`).textContent = key === "batch" && spec[key] === "full" ? "full" : input.value;
    }
    $("task").value = state.task;
    if (spec.seed !== undefined && document.activeElement !== $("seed")) $("seed").value = spec.seed;
    for (const b of document.querySelectorAll(".dataset")) b.classList.toggle("selected", b.dataset.dataset === spec.dataset);
    this.setSpeed(state.epochs_per_frame);
  }

  setSpeed(n) {
    if (!n) return;
    $("speed").value = n;
    $("speed-value").textContent = String(n);
  }
}

// Classroom mode: hide every element whose data-key is named by a <key>_hide=true pair.
export function applyHides(page) {
  const hidden = new Set();
  for (const [k, v] of page) {
    if (!k.endsWith("_hide") || !["true", "1", "yes"].includes(v)) continue;
    const name = k.slice(0, -5);
    hidden.add(HIDE_ALIASES[name] || name);
  }
  for (const el of document.querySelectorAll("[data-key]")) el.classList.toggle("url-hidden", hidden.has(el.dataset.key));
}

// -- dataset thumbnails: a small seeded sample from each generator's look --------------------------------------
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r) {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

function samples(name, r) {
  const out = []; // [x1, x2, colour]
  const n = 160;
  const cls = (c) => CLASS_COLORS[c];
  const u = (lo, hi) => lo + (hi - lo) * r();
  for (let i = 0; i < n; i++) {
    const half = i < n / 2;
    if (name === "circle") {
      const rad = half ? u(0, 2.5) : u(3.5, 5);
      const ang = u(0, 2 * Math.PI);
      out.push([rad * Math.sin(ang), rad * Math.cos(ang), cls(half ? 1 : 0)]);
    } else if (name === "xor") {
      const pad = (v) => v + (v > 0 ? 0.3 : -0.3);
      const x = pad(u(-5, 5));
      const y = pad(u(-5, 5));
      out.push([x, y, cls(x * y >= 0 ? 1 : 0)]);
    } else if (name === "gauss") {
      const c = half ? 2 : -2;
      out.push([c + normal(r), c + normal(r), cls(half ? 1 : 0)]);
    } else if (name === "spiral") {
      const k = (i % (n / 2)) / (n / 2);
      const ang = 1.75 * 2 * Math.PI * k + (half ? 0 : Math.PI);
      out.push([5 * k * Math.sin(ang), 5 * k * Math.cos(ang), cls(half ? 1 : 0)]);
    } else if (name === "moons") {
      const t = u(0, Math.PI);
      const p = half ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      out.push([(p[0] - 0.5) * 3.5 + 0.3 * normal(r), (p[1] - 0.25) * 3.5 + 0.3 * normal(r), cls(half ? 1 : 0)]);
    } else if (name === "gaussians") {
      const c = i % 4;
      const centre = [[-2.5, 2.5], [2.5, 2.5], [2.5, -2.5], [-2.5, -2.5]][c];
      out.push([centre[0] + 1.3 * normal(r), centre[1] + 1.3 * normal(r), cls(c)]);
    } else {
      const x = u(-6, 6);
      const y = u(-6, 6);
      out.push([x, y, cssColor(name === "reg_plane" ? (x + y) / 10 : regGauss(x, y))]);
    }
  }
  return out;
}

function regGauss(x, y) {
  const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  let best = 0;
  for (const [cx, cy, s] of centres) {
    const v = s * Math.max(0, Math.min(1, 1 - Math.hypot(x - cx, y - cy) / 2));
    if (Math.abs(v) > Math.abs(best)) best = v;
  }
  return best;
}

function drawThumbnail(canvas, name) {
  const ctx = canvas.getContext("2d");
  const S = canvas.width;
  ctx.fillStyle = "#f7f7f7";
  ctx.fillRect(0, 0, S, S);
  for (const [x, y, colour] of samples(name, rng(7))) {
    ctx.fillStyle = colour;
    ctx.fillRect(((x + 6) / 12) * S - 1, (1 - (y + 6) / 12) * S - 1, 2.2, 2.2);
  }
}
