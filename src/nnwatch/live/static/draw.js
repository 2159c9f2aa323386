// Draw mode: click (or drag) on the output to place points of the chosen class, shift-click to remove the
// nearest one, then train on them. The points live here until cleared; they are drawn on their own canvas
// (one circle per new point, no full redraw) and sent as one {"type": "points"} message.

import { CLASS_NAMES, classColor, cssColor } from "./colors.js";

const $ = (id) => document.getElementById(id);
const SPACING = 10; // px between points placed by a drag
const RADIUS = 4;
// Regression targets to place, named by the colours of their ends (the palette's: class 1's and class 0's hue).
const values = () => [["1", `+1 (${CLASS_NAMES[1]})`], ["0.5", "+0.5"], ["0", "0"], ["-0.5", "−0.5"],
  ["-1", `−1 (${CLASS_NAMES[0]})`]];

export class DrawMode {
  constructor(actions, catalog) {
    this.actions = actions; // {points(list, task), error(text)}
    this.maxPoints = catalog.live_limits.max_points; // this server's cap (its LiveLimits, in the catalog it serves)
    this.on = false;
    this.points = [];
    this.changed = false; // points placed or removed since the last "Train on them"
    this.task = null;
    this.button = $("draw");
    this.select = $("draw-class");
    this.canvas = $("output-drawn");
    this.area = $("heatmap");
    this.button.addEventListener("click", () => this.toggle());
    $("draw-use").addEventListener("click", () => this.use());
    $("draw-clear").addEventListener("click", () => this.clear());
    this.area.addEventListener("pointerdown", (e) => this.down(e));
    this.area.addEventListener("pointermove", (e) => this.move(e));
    window.addEventListener("resize", () => this.redraw());
    this.sync();
  }

  // A new state: the class list follows the task (a change of task forgets points of the other kind).
  update(state) {
    if (state.task === this.task) return;
    if (this.task !== null && this.points.length) this.clear();
    this.task = state.task;
    this.select.textContent = "";
    const options = state.task === "regression" ? values()
      : CLASS_NAMES.map((hue, c) => [String(c), `class ${c} (${hue})`]);
    for (const [value, label] of options) {
      const option = new Option(label, value);
      option.style.color = state.task === "regression" ? cssColor(+value) : classColor(+value);
      this.select.add(option);
    }
    this.select.value = options[0][0];
  }

  toggle(on = !this.on) {
    this.on = on;
    this.button.setAttribute("aria-pressed", String(on));
    this.button.classList.toggle("active", on);
    this.area.classList.toggle("drawing", on);
    this.canvas.hidden = !on;
    if (on) this.redraw();
    this.sync();
  }

  sync() {
    $("draw-tools").hidden = !this.on;
    $("draw-count").textContent = `${this.points.length} point${this.points.length === 1 ? "" : "s"}`;
    $("draw-use").disabled = this.points.length < 2;
  }

  // Pointer position -> data coordinates ([-6, 6] both ways, x2 up), or null outside the map.
  at(e) {
    const rect = $("output").getBoundingClientRect();
    const u = (e.clientX - rect.left) / rect.width;
    const v = (e.clientY - rect.top) / rect.height;
    if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return null;
    const round = (x) => Math.round(x * 1000) / 1000;
    return { x1: round(u * 12 - 6), x2: round(6 - v * 12), px: e.clientX, py: e.clientY };
  }

  down(e) {
    if (!this.on || e.button !== 0) return;
    const p = this.at(e);
    if (!p) return;
    e.preventDefault();
    if (e.shiftKey) return this.removeNearest(p);
    this.last = p;
    this.add(p);
  }

  move(e) {
    if (!this.on || !(e.buttons & 1) || e.shiftKey || !this.last) return;
    const p = this.at(e);
    if (p && Math.hypot(p.px - this.last.px, p.py - this.last.py) >= SPACING) {
      this.last = p;
      this.add(p);
    }
  }

  label() {
    return this.task === "regression" ? parseFloat(this.select.value) : parseInt(this.select.value, 10);
  }

  add(p) {
    if (this.points.length >= this.maxPoints) return this.actions.error(`at most ${this.maxPoints} points`);
    this.changed = true;
    const point = [p.x1, p.x2, this.label()];
    const ctx = this.context();
    this.points.push(point);
    this.drawPoint(ctx, point);
    this.sync();
  }

  removeNearest(p) {
    let best = -1;
    let bestDist = Infinity;
    this.points.forEach(([x1, x2], i) => {
      const d = (x1 - p.x1) ** 2 + (x2 - p.x2) ** 2;
      if (d < bestDist) { bestDist = d; best = i; }
    });
    if (best < 0) return;
    this.points.splice(best, 1);
    this.changed = true;
    this.redraw();
    this.sync();
  }

  // Points placed that the server has not been sent (a reload would lose them).
  unsent() {
    return this.changed && this.points.length > 0;
  }

  clear() {
    this.points = [];
    this.changed = false;
    this.redraw();
    this.sync();
  }

  use() {
    const n = this.points.length;
    if (n < 2) return this.actions.error("draw at least 2 points");
    if (this.task === "classification" && new Set(this.points.map((p) => p[2])).size < 2) {
      return this.actions.error("draw points of at least 2 classes");
    }
    this.actions.points(this.points.map((p) => p.slice()), this.task);
    this.changed = false;
    this.toggle(false);
  }

  // The canvas sized to the map, in CSS pixels; a size change clears it.
  context() {
    const W = this.canvas.clientWidth || 300;
    const H = this.canvas.clientHeight || 300;
    const dpr = window.devicePixelRatio || 1;
    const ctx = this.canvas.getContext("2d");
    if (this.canvas.width !== Math.round(W * dpr) || this.canvas.height !== Math.round(H * dpr)) {
      this.canvas.width = Math.round(W * dpr);
      this.canvas.height = Math.round(H * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this.size = [W, H];
      for (const point of this.points) this.drawPoint(ctx, point);
    }
    return ctx;
  }

  drawPoint(ctx, [x1, x2, label]) {
    const [W, H] = this.size;
    ctx.fillStyle = this.task === "regression" ? cssColor(label) : classColor(label);
    ctx.strokeStyle = "#222";
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    ctx.arc(((x1 + 6) / 12) * W, (1 - (x2 + 6) / 12) * H, RADIUS, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }

  redraw() {
    if (!this.on) return;
    const ctx = this.context();
    ctx.clearRect(0, 0, this.size[0], this.size[1]);
    for (const point of this.points) this.drawPoint(ctx, point);
  }
}
