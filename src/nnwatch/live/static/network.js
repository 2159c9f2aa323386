// The network diagram: input feature toggles, hidden layers, the output unit(s), each a small canvas with its map,
// links on one canvas behind them (colour by sign, width by |w|), a bias square beside each neuron.
// Built once per architecture; each frame repaints the maps (putImageData into reused ImageData) and the links.

import { LUTS, paintMap, shadeIndex, SHADE_CSS } from "./colors.js";
import { paramLayout, mapStarts, sameSizes } from "./frame.js";

export const PLAYGROUND_FEATURES = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"];
export const FEATURE_LABELS = { x1: "X₁", x2: "X₂", x1sq: "X₁²", x2sq: "X₂²", x1x2: "X₁X₂",
  sinx1: "sin(X₁)", sinx2: "sin(X₂)" };
const FEATURE_FUNCS = { x1: (a) => a, x2: (a, b) => b, x1sq: (a) => a * a, x2sq: (a, b) => b * b,
  x1x2: (a, b) => a * b, sinx1: (a) => Math.sin(a), sinx2: (a, b) => Math.sin(b) };

const TOP = 44; // room above the columns for the per-layer +/- buttons
const LEFT = 64; // room for the feature labels
const RIGHT = 16;
const PITCH = 50; // row spacing for up to 8 neurons; larger layers are squeezed into 8 rows' height
const NODE = 34;
const WIDTHS = 19; // link widths 1..10 px in half-pixel steps
const BUCKET_COUNTS = new Uint32Array(31 * WIDTHS);
const DEAD_CSS = "#8a8a8a";

export function featureLabel(name) {
  return FEATURE_LABELS[name] || name;
}

// A neuron's display: a canvas with reusable ImageData and its Uint32 view.
function makeThumb(d) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = d;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(d, d);
  return { canvas, ctx, image, px: new Uint32Array(image.data.buffer) };
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class NetworkView {
  constructor(root, actions) {
    this.root = root;
    this.actions = actions; // {toggleFeature(name), setHidden(list)}
    this.body = root.querySelector("#net-body");
    this.links = root.querySelector("#links");
    this.linkCtx = this.links.getContext("2d");
    this.state = null;
    this.columns = [];
    root.querySelector("#add-layer").addEventListener("click", () => this.changeLayers(+1));
    root.querySelector("#remove-layer").addEventListener("click", () => this.changeLayers(-1));
    window.addEventListener("resize", () => this.state && (this.layout(), this.frame && this.draw(this.frame)));
  }

  hidden() {
    return this.state ? this.state.sizes.slice(1, -1) : [];
  }

  changeLayers(delta) {
    const hidden = this.hidden();
    const limits = this.state.limits || {};
    if (delta > 0 && hidden.length < (limits.max_layers ?? 6)) hidden.push(2);
    else if (delta < 0 && hidden.length > 0) hidden.pop();
    else return;
    this.actions.setHidden(hidden);
  }

  changeNeurons(layer, delta) {
    const hidden = this.hidden();
    const n = hidden[layer] + delta;
    if (n < 1 || n > (this.state.limits?.max_neurons ?? 8)) return;
    hidden[layer] = n;
    this.actions.setHidden(hidden);
  }

  // (Re)build the DOM when the architecture or the density changed; otherwise keep it (hover stays put).
  update(state) {
    const key = JSON.stringify([state.sizes, state.features, state.activations, state.output, state.density]);
    this.state = state;
    if (key === this.key) return;
    this.key = key;
    this.build();
  }

  build() {
    const { sizes, features, density: d } = this.state;
    for (const old of this.body.querySelectorAll(".node, .layer-controls, .col-label")) old.remove();
    const all = PLAYGROUND_FEATURES.concat(features.filter((f) => !PLAYGROUND_FEATURES.includes(f)));
    const featureCol = all.map((name) => {
      const node = el("div", "node feature");
      node.dataset.kind = "feature";
      node.dataset.feature = name;
      node.dataset.key = name; // classroom mode: x1_hide=true hides this toggle
      const active = features.indexOf(name);
      node.classList.toggle("off", active < 0);
      node.dataset.index = active;
      node.title = active < 0 ? `use ${featureLabel(name)} as an input` : `stop using ${featureLabel(name)}`;
      node.appendChild(el("span", "label", featureLabel(name)));
      const thumb = makeThumb(d);
      node.appendChild(thumb.canvas);
      node.addEventListener("click", () => this.actions.toggleFeature(name));
      this.body.appendChild(node);
      if (active < 0) this.paintLocalFeature(thumb, name, d);
      return { node, thumb, active };
    });
    this.columns = [featureCol];
    this.featureRows = features.map((f) => all.indexOf(f)); // active feature r -> its row in column 0
    const last = sizes.length - 1;
    for (let L = 1; L <= last; L++) {
      const col = [];
      for (let i = 0; i < sizes[L]; i++) {
        const node = el("div", L === last ? "node neuron output" : "node neuron");
        node.dataset.kind = "neuron";
        node.dataset.layer = L;
        node.dataset.index = i;
        const thumb = makeThumb(d);
        node.appendChild(thumb.canvas);
        const bias = el("div", "bias");
        bias.dataset.kind = "bias";
        bias.dataset.layer = L;
        bias.dataset.index = i;
        node.appendChild(bias);
        this.body.appendChild(node);
        col.push({ node, thumb, bias, shade: -1 });
      }
      this.columns.push(col);
      if (L < last) this.body.appendChild(this.layerControls(L - 1, sizes[L]));
    }
    const label = el("div", "col-label", sizes[last] > 1 ? "outputs" : "output");
    label.dataset.col = last;
    this.body.appendChild(label);
    const featLabel = el("div", "col-label", "features");
    featLabel.dataset.col = 0;
    this.body.appendChild(featLabel);
    const nHidden = sizes.length - 2;
    this.root.querySelector("#layer-count").textContent = String(nHidden);
    this.root.querySelector("#layer-word").textContent = nHidden === 1 ? "HIDDEN LAYER" : "HIDDEN LAYERS";
    this.layout();
    this.featuresPainted = false;
  }

  layerControls(h, n) {
    const box = el("div", "layer-controls");
    box.dataset.layer = h;
    box.dataset.key = "hidden";
    const plus = el("button", "add-neuron", "+");
    const minus = el("button", "remove-neuron", "−");
    plus.title = "add a neuron";
    minus.title = "remove a neuron";
    plus.addEventListener("click", () => this.changeNeurons(h, +1));
    minus.addEventListener("click", () => this.changeNeurons(h, -1));
    box.append(plus, minus, el("span", "neuron-count", n === 1 ? "1 neuron" : `${n} neurons`));
    return box;
  }

  // Inactive features are drawn from their formula (scaled by the largest |value|, as the server does).
  paintLocalFeature(thumb, name, d) {
    const f = FEATURE_FUNCS[name];
    if (!f) return;
    const values = new Float32Array(d * d);
    let top = 1e-9;
    for (let yi = 0; yi < d; yi++) {
      for (let xi = 0; xi < d; xi++) {
        const v = f(-6 + (12 * xi) / (d - 1), -6 + (12 * yi) / (d - 1));
        values[yi * d + xi] = v;
        top = Math.max(top, Math.abs(v));
      }
    }
    const bytes = new Uint8Array(d * d);
    for (let i = 0; i < d * d; i++) bytes[i] = Math.max(0, Math.min(255, Math.round((values[i] / top + 1) * 127.5)));
    paintMap(thumb.px, bytes, 0, d, LUTS.plain);
    thumb.ctx.putImageData(thumb.image, 0, 0);
  }

  // Geometry: column centres, node sizes and row positions; nodes are placed absolutely.
  layout() {
    const W = Math.max(this.body.clientWidth, 320);
    const cols = this.columns;
    const C = cols.length;
    const rowsMax = 8;
    this.geo = cols.map((col) => {
      const n = col.length;
      const pitch = n <= rowsMax ? PITCH : (PITCH * rowsMax) / n;
      const size = Math.max(6, Math.min(NODE, pitch - 6));
      return { n, pitch, size, x: 0 };
    });
    const span = W - LEFT - RIGHT - NODE;
    this.geo.forEach((g, j) => (g.x = LEFT + NODE / 2 + (C > 1 ? (span * j) / (C - 1) : 0)));
    let height = 0;
    cols.forEach((col, j) => {
      const g = this.geo[j];
      col.forEach((item, i) => {
        const s = item.node.style;
        s.left = `${g.x - g.size / 2}px`;
        s.top = `${TOP + i * g.pitch + (g.pitch - g.size) / 2}px`;
        s.width = s.height = `${g.size}px`;
        item.node.classList.toggle("tiny", g.size < 20);
      });
      height = Math.max(height, TOP + col.length * g.pitch);
    });
    for (const box of this.body.querySelectorAll(".layer-controls")) {
      box.style.left = `${this.geo[+box.dataset.layer + 1].x}px`;
    }
    for (const label of this.body.querySelectorAll(".col-label")) {
      label.style.left = `${this.geo[+label.dataset.col].x}px`;
    }
    this.height = height + 8;
    this.width = W;
    this.body.style.height = `${this.height}px`;
    const dpr = window.devicePixelRatio || 1;
    this.links.width = Math.round(W * dpr);
    this.links.height = Math.round(this.height * dpr);
    this.links.style.width = `${W}px`;
    this.links.style.height = `${this.height}px`;
    this.linkCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.linkGeometry();
    this.geoVersion = (this.geoVersion || 0) + 1; // the flow layer follows
  }

  rowY(col, i) {
    const g = this.geo[col];
    const row = col === 0 ? this.featureRows[i] : i;
    return TOP + row * g.pitch + g.pitch / 2;
  }

  // Link gap g joins column g's right edges to column g+1's left edges.
  gapX(g) {
    return [this.geo[g].x + this.geo[g].size / 2, this.geo[g + 1].x - this.geo[g + 1].size / 2];
  }

  // Repaint for one decoded frame (skipped when it belongs to another architecture).
  draw(frame) {
    const { header, params, maps } = frame;
    if (!this.state || !sameSizes(header.sizes, this.state.sizes) || header.density !== this.state.density) return false;
    this.frame = frame;
    const sizes = header.sizes;
    const d = header.density;
    const n = d * d;
    const starts = mapStarts(sizes);
    const last = sizes.length - 1;
    if (!this.featuresPainted) {
      for (const item of this.columns[0]) {
        if (item.active < 0) continue;
        paintMap(item.thumb.px, maps, item.active * n, d, LUTS.plain);
        item.thumb.ctx.putImageData(item.thumb.image, 0, 0);
      }
      this.featuresPainted = true;
    }
    const out = this.state.output;
    const outLut = out === "sigmoid" || out === "softmax" ? LUTS.unit : LUTS.plain;
    const layout = paramLayout(sizes);
    for (let L = 1; L <= last; L++) {
      const lut = L === last ? outLut : LUTS.plain;
      const col = this.columns[L];
      const bOff = layout[L - 1].b;
      for (let i = 0; i < col.length; i++) {
        const item = col[i];
        paintMap(item.thumb.px, maps, (starts[L] + i) * n, d, lut);
        item.thumb.ctx.putImageData(item.thumb.image, 0, 0);
        const shade = shadeIndex(params[bOff + i]);
        if (shade !== item.shade) {
          item.shade = shade;
          item.bias.style.background = SHADE_CSS[shade];
        }
      }
    }
    this.drawLinks(params);
    this.drawDeadLinks(header.dead || [], sizes);
    return true;
  }

  // Links L1 has killed for good (weight exactly 0, never to return): dashed grey, unlike a link that is merely
  // small. The count is kept on the canvas (data-dead) for anyone reading the page.
  drawDeadLinks(dead, sizes) {
    this.links.dataset.dead = String(dead.length);
    if (!dead.length) return;
    const layout = paramLayout(sizes);
    const ctx = this.linkCtx;
    const xy = this.linkXY;
    ctx.save();
    ctx.strokeStyle = DEAD_CSS;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    // linkXY holds the links layer by layer, without the biases that sit between layers in the params.
    const linkStart = [0];
    for (const l of layout) linkStart.push(linkStart[linkStart.length - 1] + l.rows * l.cols);
    ctx.beginPath();
    for (const [g, r, c] of dead) {
      if (g >= layout.length || r >= layout[g].rows || c >= layout[g].cols) continue;
      const o = (linkStart[g] + r * layout[g].cols + c) * 4;
      const mid = (xy[o] + xy[o + 2]) / 2;
      ctx.moveTo(xy[o], xy[o + 1]);
      ctx.bezierCurveTo(mid, xy[o + 1], mid, xy[o + 3], xy[o + 2], xy[o + 3]);
    }
    ctx.stroke();
    ctx.restore();
  }

  // Link geometry in parameter order, computed once per layout: x0, y0, x1, y1 and the weight's params index.
  linkGeometry() {
    const layout = paramLayout(this.state.sizes);
    const total = layout.reduce((n, l) => n + l.rows * l.cols, 0);
    this.nLinks = total;
    this.linkXY = new Float32Array(total * 4);
    this.linkParam = new Uint32Array(total);
    this.linkKey = new Uint16Array(total);
    this.linkOrder = new Uint32Array(total);
    let k = 0;
    let widest = 0;
    for (let g = 0; g < layout.length; g++) {
      const { w, rows, cols } = layout[g];
      const [x0, x1] = this.gapX(g);
      widest = Math.max(widest, rows * cols);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++, k++) {
          this.linkXY.set([x0, this.rowY(g, r), x1, this.rowY(g + 1, c)], k * 4);
          this.linkParam[k] = w + r * cols + c;
        }
      }
    }
    this.linkScale = widest > 256 ? 0.5 : 1; // dense layers: thinner links so the picture stays readable
  }

  // All links in one pass per (shade, width) bucket: a few hundred strokes at most, however many links.
  drawLinks(params) {
    const ctx = this.linkCtx;
    ctx.clearRect(0, 0, this.width, this.height);
    const n = this.nLinks;
    const key = this.linkKey;
    const order = this.linkOrder;
    const counts = BUCKET_COUNTS;
    counts.fill(0);
    for (let k = 0; k < n; k++) {
      const v = params[this.linkParam[k]];
      const b = shadeIndex(v) * WIDTHS + Math.round((linkWidth(v) - 1) * 2);
      key[k] = b;
      counts[b]++;
    }
    let at = 0;
    for (let b = 0; b < counts.length; b++) {
      const c = counts[b];
      counts[b] = at;
      at += c;
    }
    for (let k = 0; k < n; k++) order[counts[key[k]]++] = k;
    const xy = this.linkXY;
    let i = 0;
    while (i < n) {
      const b = key[order[i]];
      ctx.strokeStyle = SHADE_CSS[Math.floor(b / WIDTHS)];
      ctx.lineWidth = this.linkScale * (1 + (b % WIDTHS) / 2);
      ctx.beginPath();
      for (; i < n && key[order[i]] === b; i++) {
        const o = order[i] * 4;
        const x0 = xy[o];
        const y0 = xy[o + 1];
        const x1 = xy[o + 2];
        const y1 = xy[o + 3];
        const mid = (x0 + x1) / 2;
        ctx.moveTo(x0, y0);
        ctx.bezierCurveTo(mid, y0, mid, y1, x1, y1);
      }
      ctx.stroke();
    }
  }

  // The link under (mx, my) in body coordinates: {layer, row, col} or null.
  linkAt(mx, my) {
    if (!this.frame) return null;
    const layout = paramLayout(this.state.sizes);
    for (let g = 0; g < layout.length; g++) {
      const [x0, x1] = this.gapX(g);
      if (mx < x0 || mx > x1) continue;
      // x(t) is the same cubic for every link in the gap: solve it once, then each link's y is y0 + dy * s(t).
      const u = (mx - x0) / (x1 - x0);
      let lo = 0;
      let hi = 1;
      for (let k = 0; k < 20; k++) {
        const t = (lo + hi) / 2;
        if (bezierX(t) < u) lo = t; else hi = t;
      }
      const t = (lo + hi) / 2;
      const s = t * t * (3 - 2 * t);
      const { w, rows, cols } = layout[g];
      let best = null;
      let bestDist = Infinity;
      for (let r = 0; r < rows; r++) {
        const y0 = this.rowY(g, r);
        for (let c = 0; c < cols; c++) {
          const y = y0 + (this.rowY(g + 1, c) - y0) * s;
          const dist = Math.abs(y - my) - linkWidth(this.frame.params[w + r * cols + c]) / 2;
          if (dist < bestDist) { bestDist = dist; best = { layer: g, row: r, col: c }; }
        }
      }
      return bestDist <= 4 ? best : null;
    }
    return null;
  }
}

// x of the link curve (control points at the middle) as a fraction of the gap, for t in [0, 1].
function bezierX(t) {
  const m = 1 - t;
  return 3 * m * m * t * 0.5 + 3 * m * t * t * 0.5 + t * t * t;
}

export function linkWidth(w) {
  const a = Math.min(Math.abs(w), 5);
  return 1 + (9 * a) / 5 || 1;
}
