// The network diagram: input feature toggles, hidden layers, the output unit(s), each a small canvas with its map,
// links on one canvas behind them (colour by sign, width by |w|), a bias square beside each neuron.
// Built once per architecture; each frame repaints the maps (putImageData into reused ImageData) and the links.

import { LUTS, classByteLut, paintMap, paintValues, shadeIndex, SHADE_CSS } from "./colors.js";
import { paramLayout, mapStarts, sameSizes } from "./frame.js";
import { bodyHeight, columnGeometry, gapX, linkProgress, linkWidth, nodeTop, rowCentre } from "./layout.js";
import { featureInfo, featureLabel, featureNames, outputScale } from "./menus.js";

export { linkWidth }; // flow.js sizes its dots by it

// The frame's dead links ([layer, from, to]) as link numbers in linkXY's order: the links layer by layer, without
// the biases that sit between layers in the params.
function deadIndices(dead, sizes) {
  const layout = paramLayout(sizes);
  const linkStart = [0];
  for (const l of layout) linkStart.push(linkStart[linkStart.length - 1] + l.rows * l.cols);
  const out = new Set();
  for (const [g, r, c] of dead) {
    if (g < layout.length && r < layout[g].rows && c < layout[g].cols) out.add(linkStart[g] + r * layout[g].cols + c);
  }
  return out;
}

const WIDTHS = 19; // link widths 1..10 px in half-pixel steps
let bucketCounts = new Uint32Array(0); // one per (shade, width), sized once the catalog's shades are known
const DEAD_CSS = "#8a8a8a";

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
  constructor(root, actions, catalog) {
    this.root = root;
    this.catalog = catalog;
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
    if (delta > 0 && hidden.length < this.state.limits.max_layers) hidden.push(2);
    else if (delta < 0 && hidden.length > 0) hidden.pop();
    else return;
    this.actions.setHidden(hidden);
  }

  changeNeurons(layer, delta) {
    const hidden = this.hidden();
    const n = hidden[layer] + delta;
    if (n < 1 || n > this.state.limits.max_neurons) return;
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
    const known = featureNames(this.catalog);
    const all = known.concat(features.filter((f) => !known.includes(f)));
    const featureCol = all.map((name) => {
      const node = el("div", "node feature");
      node.dataset.kind = "feature";
      node.dataset.feature = name;
      node.dataset.key = name; // classroom mode: x1_hide=true hides this toggle
      const active = features.indexOf(name);
      node.classList.toggle("off", active < 0);
      node.dataset.index = active;
      const label = featureLabel(this.catalog, name);
      node.title = active < 0 ? `use ${label} as an input` : `stop using ${label}`;
      node.appendChild(el("span", "label", label));
      // The Playground's features are drawn from the catalog (computed by nnwatch's feature functions, clamped
      // to [-1, 1] as the Playground does); a custom expression, which only the server knows, from the frame.
      const info = featureInfo(this.catalog, name);
      const thumb = makeThumb(info ? this.catalog.feature_thumbnail_density : d);
      node.appendChild(thumb.canvas);
      node.addEventListener("click", () => this.actions.toggleFeature(name));
      this.body.appendChild(node);
      if (info) {
        paintValues(thumb.px, info.thumbnail, thumb.canvas.width);
        thumb.ctx.putImageData(thumb.image, 0, 0);
      }
      return { node, thumb, active, fromFrame: !info && active >= 0 };
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

  // Geometry (layout.js): column centres, node sizes and row positions; nodes are placed absolutely.
  layout() {
    const W = Math.max(this.body.clientWidth, 320);
    this.geo = columnGeometry(this.columns.map((col) => col.length), W);
    this.columns.forEach((col, j) => {
      const g = this.geo[j];
      col.forEach((item, i) => {
        const s = item.node.style;
        s.left = `${g.x - g.size / 2}px`;
        s.top = `${nodeTop(g, i)}px`;
        s.width = s.height = `${g.size}px`;
        item.node.classList.toggle("tiny", g.size < 20);
      });
    });
    for (const box of this.body.querySelectorAll(".layer-controls")) {
      box.style.left = `${this.geo[+box.dataset.layer + 1].x}px`;
    }
    for (const label of this.body.querySelectorAll(".col-label")) {
      label.style.left = `${this.geo[+label.dataset.col].x}px`;
    }
    this.height = bodyHeight(this.geo);
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
    return rowCentre(this.geo[col], col === 0 ? this.featureRows[i] : i);
  }

  // Link gap g joins column g's right edges to column g+1's left edges.
  gapX(g) {
    return gapX(this.geo, g);
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
        if (!item.fromFrame) continue;
        paintMap(item.thumb.px, maps, item.active * n, d, LUTS.plain);
        item.thumb.ctx.putImageData(item.thumb.image, 0, 0);
      }
      this.featuresPainted = true;
    }
    const outLut = LUTS[outputScale(this.catalog, this.state.output, this.state.task)];
    const layout = paramLayout(sizes);
    // A multi-class network's outputs are one per class: each is drawn in its class's colour.
    const perClass = this.state.task === "classification" && sizes[last] > 1;
    for (let L = 1; L <= last; L++) {
      const lut = L === last ? outLut : LUTS.plain;
      const col = this.columns[L];
      const bOff = layout[L - 1].b;
      for (let i = 0; i < col.length; i++) {
        const item = col[i];
        paintMap(item.thumb.px, maps, (starts[L] + i) * n, d, L === last && perClass ? classByteLut(i) : lut);
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
    this.dead = deadIndices(dead, sizes); // the flow layer moves no marks along them
    if (!dead.length) return;
    const ctx = this.linkCtx;
    const xy = this.linkXY;
    ctx.save();
    ctx.strokeStyle = DEAD_CSS;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    for (const k of this.dead) {
      const o = k * 4;
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
    if (bucketCounts.length !== SHADE_CSS.length * WIDTHS) bucketCounts = new Uint32Array(SHADE_CSS.length * WIDTHS);
    const counts = bucketCounts;
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
      const s = linkProgress((mx - x0) / (x1 - x0));
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
