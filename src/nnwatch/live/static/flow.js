// Flow on the links while training runs, after the Playground's moving dashes: short marks in the sign's
// colour, as wide as the link, travel from the inputs towards the output along every link, on a canvas over
// the (dimmed) links canvas. Each animation frame repaints only that layer.
//
// Cost, measured in headless Chromium (software raster) for six hidden layers of 8 (344 links): dashed
// Bezier strokes (lineDashOffset) took 5.6 ms a repaint, most of it Skia stroking thick curved dashes; marks
// drawn as pixel-aligned rectangles, one fill per (sign, width) bucket, at positions looked up in a table of
// points every pixel along each link (built once per layout), take 0.6-0.9 ms, rasterisation included.
// Larger networks get sparser marks (the cost follows the number of marks), and none past MAX_LINKS.

import { BLUE, ORANGE } from "./colors.js";
import { linkWidth } from "./network.js";

const SPACING = 30; // px between marks along a link, up to SPREAD links; more links, sparser marks
const SPREAD = 400;
const SPEED = 30; // px per second
const STEP = 1; // px between the precomputed points along a link
const SIZES = 12; // mark sizes 1..12 px
const MAX_LINKS = 1200; // beyond this the marks would cost more than they show: the links stay still

export class FlowView {
  constructor(network) {
    this.network = network;
    this.canvas = document.createElement("canvas");
    this.canvas.id = "flow";
    network.body.insertBefore(this.canvas, network.links.nextSibling);
    this.ctx = this.canvas.getContext("2d");
    this.buckets = [];
    this.geo = -1;
    this.running = false;
    this.wanted = false;
    this.ms = 0; // moving average of one repaint (JS side), for the page's numbers
  }

  // After a (re)layout: match the links canvas and tabulate points every STEP px along each link.
  fit() {
    const net = this.network;
    if (this.geo === net.geoVersion) return;
    this.geo = net.geoVersion;
    const c = this.canvas;
    c.width = net.links.width;
    c.height = net.links.height;
    c.style.width = net.links.style.width;
    c.style.height = net.links.style.height;
    const dpr = window.devicePixelRatio || 1;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const n = net.nLinks;
    const xy = net.linkXY;
    const SEG = 24;
    const px = new Float32Array(SEG + 1);
    const py = new Float32Array(SEG + 1);
    const start = new Uint32Array(n + 1);
    const chunks = [];
    let total = 0;
    for (let k = 0; k < n; k++) {
      const o = k * 4;
      const [x0, y0, x1, y1] = [xy[o], xy[o + 1], xy[o + 2], xy[o + 3]];
      const mid = (x0 + x1) / 2;
      let length = 0;
      for (let i = 0; i <= SEG; i++) {
        const t = i / SEG;
        const m = 1 - t;
        px[i] = m * m * m * x0 + 3 * m * t * mid + t * t * t * x1;
        py[i] = (m * m * m + 3 * m * m * t) * y0 + (3 * m * t * t + t * t * t) * y1;
        if (i) length += Math.hypot(px[i] - px[i - 1], py[i] - py[i - 1]);
      }
      const count = Math.max(1, Math.floor(length / STEP));
      const points = new Float32Array(count * 2);
      let seg = 1;
      let walked = 0;
      for (let j = 0; j < count; j++) {
        const want = j * STEP;
        let len = Math.hypot(px[seg] - px[seg - 1], py[seg] - py[seg - 1]);
        while (walked + len < want && seg < SEG) {
          walked += len;
          seg++;
          len = Math.hypot(px[seg] - px[seg - 1], py[seg] - py[seg - 1]);
        }
        const f = len > 0 ? Math.min(1, (want - walked) / len) : 0;
        points[2 * j] = px[seg - 1] + (px[seg] - px[seg - 1]) * f;
        points[2 * j + 1] = py[seg - 1] + (py[seg] - py[seg - 1]) * f;
      }
      chunks.push(points);
      start[k] = total;
      total += count;
    }
    start[n] = total;
    this.points = new Float32Array(total * 2);
    chunks.forEach((points, k) => this.points.set(points, start[k] * 2));
    this.start = start;
  }

  // One frame's weights: the live links grouped by (sign, mark size), so a repaint is one fill per group.
  setParams(params) {
    const net = this.network;
    this.params = params;
    this.sync();
    if (!this.running) return;
    this.fit();
    const groups = new Array(2 * SIZES);
    const dead = net.dead || new Set(); // links L1 has killed carry nothing: no marks move along them
    for (let k = 0; k < net.nLinks; k++) {
      if (dead.has(k)) continue;
      const v = params[net.linkParam[k]];
      const size = Math.min(SIZES, Math.max(2, Math.round(net.linkScale * linkWidth(v) + 1)));
      const b = (v < 0 ? SIZES : 0) + size - 1;
      (groups[b] || (groups[b] = [])).push(k);
    }
    this.buckets = [];
    groups.forEach((links, b) => {
      if (links) this.buckets.push({ links, size: (b % SIZES) + 1, colour: b >= SIZES ? ORANGE : BLUE });
    });
  }

  // One repaint at time t (ms): every link's marks, moved SPEED px/s along it.
  paint(t) {
    const started = performance.now();
    const net = this.network;
    if (this.geo !== net.geoVersion) {
      this.buckets = []; // a new layout: nothing until the next frame's weights
      this.fit();
    }
    const ctx = this.ctx;
    ctx.clearRect(0, 0, net.width, net.height);
    // Marks SPACING px apart up to SPREAD links, sparser beyond, so that a repaint costs about the same.
    const every = Math.round((SPACING * Math.max(1, net.nLinks / SPREAD)) / STEP); // in table steps
    const phase = Math.floor((t * SPEED) / 1000 / STEP) % every;
    const { points, start } = this;
    for (const { links, size, colour } of this.buckets) {
      const half = size / 2;
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (const k of links) {
        const end = start[k + 1];
        for (let j = start[k] + phase; j < end; j += every) {
          ctx.rect(Math.round(points[2 * j] - half), Math.round(points[2 * j + 1] - half), size, size);
        }
      }
      ctx.fill();
    }
    this.ms = 0.9 * this.ms + 0.1 * (performance.now() - started);
  }

  // Animate while training runs and the tab shows; the links canvas is dimmed under the marks meanwhile.
  setRunning(on) {
    this.wanted = !!on;
    const was = this.running;
    this.sync();
    if (this.running && !was && this.network.frame) this.setParams(this.network.frame.params);
  }

  sync() {
    const on = this.wanted && this.network.nLinks <= MAX_LINKS;
    if (on === this.running) return;
    this.running = on;
    this.network.body.classList.toggle("flowing", on);
    if (!on) return;
    const loop = (this.loop = (this.loop || 0) + 1);
    const tick = (t) => {
      if (!this.running || this.loop !== loop) return;
      if (document.visibilityState === "visible") this.paint(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  // The full cost of n repaints, rasterisation included (reading a pixel back forces it): ms per repaint.
  measure(n = 200) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      this.paint(t0 + i * 16.7);
      this.ctx.getImageData(0, 0, 1, 1);
    }
    return (performance.now() - t0) / n;
  }
}
