// The output panel: the output heatmap (one canvas, resampled from the density x density maps to at least
// HEATMAP_PIXELS a side, smoothed again by the browser as it scales it), the data points on an overlay canvas
// redrawn only when the data or options change, axis ticks over the catalog's domain, the loss chart and the
// loss/accuracy numbers. Hovering a neuron shows its map here, large, until the pointer leaves it (as the
// Playground does).

import { BLUE, LUTS, classByteLut, classColor, classLut, cssColor, paintMap, paintArgmax, resampleMaps,
  resampleTable } from "./colors.js";
import { fineOutputStart, mapStarts, sameSizes } from "./frame.js";
import { outputScale } from "./menus.js";
import { fmt } from "./tooltip.js";

const $ = (id) => document.getElementById(id);
// The heatmap's side in canvas pixels: three times the default 50-point maps (the Playground draws 100 points),
// coloured from bilinearly interpolated values. Measured in headless Chromium: under a millisecond a frame.
const HEATMAP_PIXELS = 150;
const TICK_STEP = 1; // the axes' ticks, one unit apart over the domain, labelled every other (as the Playground)

// Growable columns of the loss history (capacity doubles; nothing is allocated per frame otherwise).
class Series {
  constructor() {
    this.n = 0;
    this.epoch = new Float64Array(1024);
    this.train = new Float64Array(1024);
    this.test = new Float64Array(1024);
  }

  grow() {
    for (const k of ["epoch", "train", "test"]) {
      const bigger = new Float64Array(this[k].length * 2);
      bigger.set(this[k]);
      this[k] = bigger;
    }
  }

  // Live frames only: an earlier epoch (reset, new network, resuming after a scrub) cuts the later points off.
  add(epoch, train, test) {
    while (this.n > 0 && this.epoch[this.n - 1] > epoch) this.n--;
    if (this.n > 0 && this.epoch[this.n - 1] === epoch) this.n--;
    if (this.n === this.epoch.length) this.grow();
    this.epoch[this.n] = epoch;
    this.train[this.n] = train ?? NaN;
    this.test[this.n] = test ?? NaN;
    this.n++;
  }
}

export class OutputView {
  constructor(catalog) {
    this.catalog = catalog;
    this.canvas = $("output");
    this.ctx = this.canvas.getContext("2d");
    this.overlay = $("output-points");
    this.chart = $("loss-chart");
    this.series = new Series();
    this.discretize = false;
    this.showTest = false;
    this.text = {};
    this.focus = null; // the hovered neuron {L, i} shown instead of the output, or null
    this.axes(catalog.domain);
    window.addEventListener("resize", () => this.state && (this.drawPoints(), this.drawChart()));
  }

  update(state) {
    const d = state.density;
    const R = Math.max(HEATMAP_PIXELS, d);
    const outputs = state.sizes[state.sizes.length - 1];
    if (this.canvas.width !== R || !this.image) {
      this.canvas.width = this.canvas.height = R;
      this.image = this.ctx.createImageData(R, R);
      this.px = new Uint32Array(this.image.data.buffer);
    }
    if (!this.table || this.table.d !== d || this.table.R !== R) this.table = resampleTable(d, R);
    if (!this.dense || this.dense.length < R * R * outputs) this.dense = new Uint8Array(R * R * outputs);
    if (this.state && !sameSizes(this.state.sizes, state.sizes)) this.series.n = 0;
    // A reloaded page (or a new socket) draws the chart from the server's history rather than from now on.
    if (this.series.n === 0 && state.losses) for (const [e, train, test] of state.losses) this.series.add(e, train, test);
    this.state = state;
    this.multi = state.task === "classification" && state.sizes[state.sizes.length - 1] > 1;
    this.pointsKey = null;
    this.drawPoints();
    this.legend(state);
    for (const id of ["train-acc", "test-acc"]) {
      $(id).parentElement.hidden = state.task !== "classification";
    }
    if (this.frame) this.drawMap(this.frame);
  }

  // Multi-class: a swatch per class instead of the -1..1 bar.
  legend(state) {
    $("legend").hidden = this.multi;
    const box = $("class-legend");
    box.hidden = !this.multi;
    box.textContent = "";
    if (!this.multi) return;
    state.classes.forEach((name, c) => {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = classColor(c);
      item.append(swatch, String(name));
      box.appendChild(item);
    });
  }

  setOptions({ discretize, showTest }) {
    this.discretize = !!discretize;
    this.showTest = !!showTest;
    if (!this.state) return;
    this.drawPoints();
    if (this.frame) this.drawMap(this.frame);
  }

  lut() {
    if (outputScale(this.catalog, this.state.output, this.state.task) === "unit") {
      return this.discretize ? LUTS.outputUnitDiscrete : LUTS.outputUnit;
    }
    return this.discretize ? LUTS.outputDiscrete : LUTS.output;
  }

  // The hovered neuron's map instead of the output (null: the output again). L = 0 is an input feature.
  setFocus(target) {
    const focus = target && target.kind === "neuron" ? { L: target.L, i: target.i } : null;
    if (JSON.stringify(focus) === JSON.stringify(this.focus)) return;
    this.focus = focus;
    const box = $("heatmap");
    box.classList.toggle("focused", !!focus);
    box.dataset.focus = focus ? `${focus.L},${focus.i}` : "";
    if (this.frame && this.state) this.drawMap(this.frame);
  }

  drawMap(frame) {
    const { header, maps } = frame;
    const sizes = header.sizes;
    if (!sameSizes(sizes, this.state.sizes) || header.density !== this.table.d) return;
    const d = header.density;
    const R = this.table.R;
    const last = sizes.length - 1;
    const starts = mapStarts(sizes);
    // The output layer comes once more on the finer grid (header.output_density): the heatmap draws that one.
    const fine = header.output_density;
    if (!this.fine || this.fine.d !== fine || this.fine.R !== R) this.fine = resampleTable(fine, R);
    const outAt = fineOutputStart(header);
    const f = this.focus;
    if (f && f.L < last && f.i < sizes[f.L]) {
      resampleMaps(this.dense, maps, (starts[f.L] + f.i) * d * d, 1, this.table);
      paintMap(this.px, this.dense, 0, R, this.discretize ? LUTS.outputDiscrete : LUTS.output);
    } else if (f && f.L === last && f.i < sizes[last]) {
      resampleMaps(this.dense, maps, outAt + f.i * fine * fine, 1, this.fine);
      paintMap(this.px, this.dense, 0, R, this.multi ? classByteLut(f.i) : this.lut());
    } else if (this.multi) {
      resampleMaps(this.dense, maps, outAt, sizes[last], this.fine);
      paintArgmax(this.px, this.dense, 0, R, sizes[last], classLut(sizes[last], 160, this.discretize));
    } else {
      resampleMaps(this.dense, maps, outAt, 1, this.fine);
      paintMap(this.px, this.dense, 0, R, this.lut());
    }
    this.ctx.putImageData(this.image, 0, 0);
  }

  // Ticks under the heatmap (x1) and beside it (x2) over the catalog's domain, as the Playground's -6..6.
  axes(domain) {
    const box = $("heatmap");
    for (const old of box.querySelectorAll(".tick")) old.remove();
    domain.forEach(([lo, hi], axis) => {
      const n = Math.round((hi - lo) / TICK_STEP);
      for (let k = 0; k <= n; k++) {
        const v = lo + k * TICK_STEP;
        const at = (100 * (v - lo)) / (hi - lo);
        const tick = document.createElement("span");
        tick.className = `tick ${axis === 0 ? "x" : "y"}${k % 2 ? " minor" : ""}`;
        tick.dataset.value = String(v);
        tick.textContent = k % 2 ? "" : String(v).replace("-", "−");
        if (axis === 0) tick.style.left = `${at}%`; else tick.style.bottom = `${at}%`;
        box.appendChild(tick);
      }
    });
  }

  pointColor(label) {
    if (this.state.task !== "classification") return cssColor(label);
    if (this.multi) return classColor(label);
    return cssColor(label > 0 ? 1 : -1);
  }

  drawPoints() {
    const W = this.overlay.clientWidth || 300;
    const H = this.overlay.clientHeight || 300;
    const dpr = window.devicePixelRatio || 1;
    this.overlay.width = Math.round(W * dpr);
    this.overlay.height = Math.round(H * dpr);
    const ctx = this.overlay.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const data = this.state.dataset || { train: [], test: [] };
    const parts = [["train", "white"]];
    if (this.showTest) parts.push(["test", "black"]);
    ctx.lineWidth = 1;
    for (const [part, stroke] of parts) {
      ctx.strokeStyle = stroke;
      for (const [x1, x2, label] of data[part] || []) {
        ctx.fillStyle = this.pointColor(label);
        ctx.beginPath();
        ctx.arc(((x1 + 6) / 12) * W, (1 - (x2 + 6) / 12) * H, 3, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
  }

  setText(id, text) {
    if (this.text[id] !== text) {
      this.text[id] = text;
      $(id).textContent = text;
    }
  }

  // One frame: heatmap, chart, numbers. Frames showing a scrubbed-back moment do not add to the chart.
  draw(frame) {
    this.frame = frame;
    const h = frame.header;
    if (!this.state) return;
    this.drawMap(frame);
    const live = h.position === undefined || h.history === undefined || h.position >= h.history - 1;
    if (live) this.series.add(h.epoch, h.train_loss, h.test_loss);
    this.marker = live ? null : h.epoch;
    this.drawChart();
    this.setText("train-loss", fmt(h.train_loss));
    this.setText("test-loss", fmt(h.test_loss));
    const pct = (v) => (v === null || v === undefined || Number.isNaN(v) ? "–" : `${(100 * v).toFixed(1)}%`);
    this.setText("train-acc", pct(h.train_accuracy));
    this.setText("test-acc", pct(h.test_accuracy));
  }

  drawChart() {
    const c = this.chart;
    const W = c.clientWidth || 300;
    const H = c.clientHeight || 60;
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== Math.round(W * dpr) || c.height !== Math.round(H * dpr)) {
      c.width = Math.round(W * dpr);
      c.height = Math.round(H * dpr);
    }
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const s = this.series;
    if (s.n < 1) return;
    const e0 = s.epoch[0];
    const e1 = Math.max(s.epoch[s.n - 1], e0 + 1e-9);
    // The y-axis spans the losses drawn, lowest to highest (the Playground's extent), not 0 to the highest:
    // a curve that falls from 0.30 to 0.25 fills the chart instead of lying flat at its top.
    let top = -Infinity;
    let bottom = Infinity;
    for (let i = 0; i < s.n; i++) {
      for (const v of [s.train[i], s.test[i]]) {
        if (!Number.isFinite(v)) continue;
        if (v > top) top = v;
        if (v < bottom) bottom = v;
      }
    }
    if (!(top >= bottom)) [bottom, top] = [0, 1];
    const span = top - bottom || Math.abs(top) || 1;
    this.yRange = [bottom, top];
    const step = Math.max(1, Math.floor(s.n / (2 * W)));
    const x = (e) => 2 + ((e - e0) / (e1 - e0)) * (W - 4);
    const y = (v) => H - 2 - ((Math.min(v, top) - bottom) / span) * (H - 4);
    for (const [values, colour] of [[s.train, "#777"], [s.test, "#000"]]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < s.n; i += step) {
        const v = values[i];
        if (!Number.isFinite(v)) { pen = false; continue; }
        if (pen) ctx.lineTo(x(s.epoch[i]), y(v)); else ctx.moveTo(x(s.epoch[i]), y(v));
        pen = true;
      }
      const v = values[s.n - 1];
      if (pen && Number.isFinite(v)) ctx.lineTo(x(s.epoch[s.n - 1]), y(v));
      ctx.stroke();
    }
    if (this.marker !== null && this.marker !== undefined) {
      ctx.strokeStyle = BLUE;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x(this.marker), 0);
      ctx.lineTo(x(this.marker), H);
      ctx.stroke();
    }
  }
}
