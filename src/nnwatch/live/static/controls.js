// Settings controls: menus, sliders and dataset thumbnails built from the server's catalog (see menus.js),
// showing the server's spec, sending changes as flat keys, and classroom mode (<key>_hide=true in the hash).

import { classColor, cssColor } from "./colors.js";
import { datasetGroups, firstDataset, menuOptions, thumbnailDots } from "./menus.js";
import { hiddenKeys } from "./url_state.js";

const $ = (id) => document.getElementById(id);

// Sliders: key -> element id. The catalog gives each its range and how many slider steps make one spec unit
// (noise 0..50 is 0..0.5). The batch slider's top shows the spec's "full".
const SLIDER_IDS = { noise: "noise", train_share: "train-share", batch: "batch" };

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
  constructor(actions, catalog) {
    this.actions = actions; // {set(key, value), speed(n)}
    this.catalog = catalog;
    // The page decides which menus it shows (a <select> per key); the catalog fills them.
    this.selects = Object.entries(menuOptions(catalog)).filter(([key]) => $(selectId(key)));
    for (const [key, options] of this.selects) {
      const select = $(selectId(key));
      for (const [value, label] of options) select.add(new Option(label, value));
      select.addEventListener("change", () => actions.set(key, select.value));
    }
    this.sliders = Object.entries(SLIDER_IDS).map(([key, id]) => [key, id, catalog.sliders[key]]);
    for (const [key, id, range] of this.sliders) {
      const input = $(id);
      Object.assign(input, { min: range.min, max: range.max, step: range.step });
      input.addEventListener("input", () => ($(`${id}-value`).textContent = input.value));
      input.addEventListener("change", () => actions.set(key, String(+input.value / range.per_unit)));
    }
    const task = $("task");
    for (const name of Object.keys(datasetGroups(catalog))) task.add(new Option(name[0].toUpperCase() + name.slice(1), name));
    task.addEventListener("change", () => actions.set("dataset", firstDataset(catalog, task.value)));
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
    for (const [task, sets] of Object.entries(datasetGroups(this.catalog))) {
      const box = $(`datasets-${task}`);
      if (!box) continue;
      for (const set of sets) {
        const button = document.createElement("button");
        button.className = "dataset";
        button.dataset.dataset = set.name;
        button.title = set.description;
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 48;
        drawThumbnail(canvas, set, this.catalog.domain);
        const label = document.createElement("span");
        label.textContent = set.label;
        button.append(canvas, label);
        button.addEventListener("click", () => this.actions.set("dataset", set.name));
        box.appendChild(button);
      }
    }
  }

  // Show the server's spec (strings, flat keys) in the controls.
  update(state) {
    const spec = state.spec;
    for (const [key] of this.selects) {
      if (spec[key] !== undefined) setSelect($(selectId(key)), spec[key].split(",")[0]);
    }
    for (const [key, id, range] of this.sliders) {
      if (spec[key] === undefined) continue;
      const input = $(id);
      const full = spec[key] === "full";
      const v = full ? range.max : Math.round(parseFloat(spec[key]) * range.per_unit);
      if (Number.isFinite(v)) input.value = v;
      $(`${id}-value`).textContent = full ? "full" : input.value;
    }
    $("task").value = state.task;
    if (spec.seed !== undefined && document.activeElement !== $("seed")) $("seed").value = spec.seed;
    // The run's seeds, in sight: reset draws a new seed, regenerate a new data seed (the data follow the seed
    // until a reset pins them).
    $("seed-shown").textContent = spec.seed ?? "0";
    $("data-seed-shown").textContent = spec.data_seed ?? spec.seed ?? "0";
    for (const b of document.querySelectorAll(".dataset")) b.classList.toggle("selected", b.dataset.dataset === spec.dataset);
    this.setSpeed(state.epochs_per_frame);
  }

  setSpeed(n) {
    if (!n) return;
    $("speed").value = n;
    $("speed-value").textContent = String(n);
  }
}

// Classroom mode: hide every element whose data-key is named by a <key>_hide=true pair (the Playground's
// control names work too, through the catalog's playground_keys).
export function applyHides(page, catalog) {
  const hidden = hiddenKeys(page, catalog.playground_keys);
  for (const el of document.querySelectorAll("[data-key]")) el.classList.toggle("url-hidden", hidden.has(el.dataset.key));
}

// A dataset's thumbnail: the points the catalog made with the dataset's own generator.
function drawThumbnail(canvas, dataset, domain) {
  const ctx = canvas.getContext("2d");
  const S = canvas.width;
  ctx.fillStyle = "#f7f7f7";
  ctx.fillRect(0, 0, S, S);
  for (const [x, y, colour] of thumbnailDots(dataset, S, { classColor, cssColor }, domain)) {
    ctx.fillStyle = colour;
    ctx.fillRect(x - 1, y - 1, 2.2, 2.2);
  }
}
