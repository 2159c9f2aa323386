// Hover card for links, biases, neurons and features: live values (refreshed with every frame, unlike the
// Playground's frozen card), a neuron's formula with its current numbers, and click-to-edit for weights and biases.

import { paramLayout, mapStarts } from "./frame.js";
import { activationDefinition, activationInfo, featureInfo, featureLabel, neuronFormula } from "./menus.js";

export function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(2).replace("-", "−");
  return v.toFixed(digits).replace("-", "−");
}

function neuronName(catalog, state, L, i) {
  const last = state.sizes.length - 1;
  if (L === 0) return featureLabel(catalog, state.features[i]);
  if (L === last) return state.sizes[last] > 1 ? `out${i + 1}` : "out";
  return `h${L}.${i + 1}`;
}

export class Tooltip {
  constructor(view, actions, catalog) {
    this.view = view;
    this.catalog = catalog;
    this.actions = actions; // {edit(message), hover(target or null)}
    this.box = document.getElementById("tooltip");
    this.target = null;
    this.editing = false;
    const body = view.body;
    body.addEventListener("mousemove", (e) => this.move(e));
    body.addEventListener("mouseleave", () => !this.editing && this.hide());
    body.addEventListener("click", (e) => this.click(e));
    document.addEventListener("keydown", (e) => e.key === "Escape" && this.hide());
  }

  pick(e) {
    const hit = e.target.closest("[data-kind]");
    if (hit && this.view.body.contains(hit)) {
      const kind = hit.dataset.kind;
      if (kind === "feature") {
        const active = +hit.dataset.index;
        return active < 0 ? null : { kind: "neuron", L: 0, i: active, el: hit };
      }
      return { kind, L: +hit.dataset.layer, i: +hit.dataset.index, el: hit };
    }
    const rect = this.view.body.getBoundingClientRect();
    const link = this.view.linkAt(e.clientX - rect.left, e.clientY - rect.top);
    return link ? { kind: "link", ...link } : null;
  }

  move(e) {
    if (this.editing) return;
    this.target = this.pick(e);
    this.x = e.clientX;
    this.y = e.clientY;
    this.view.body.style.cursor = this.target && this.target.kind !== "neuron" ? "pointer" : "";
    this.actions.hover?.(this.target); // the output panel shows a hovered neuron's map large
    if (!this.target) return this.hide();
    this.render();
  }

  hide() {
    this.target = null;
    this.actions.hover?.(null);
    this.editing = false;
    this.box.hidden = true;
    this.box.classList.remove("editing");
  }

  // Called after each frame: a hovered value follows training.
  refresh() {
    if (this.target && !this.editing) this.render();
  }

  // The current number of a link or bias, from the last frame.
  paramValue(t) {
    const frame = this.view.frame;
    if (!frame) return NaN;
    const layout = paramLayout(frame.header.sizes);
    if (t.kind === "link") {
      const l = layout[t.layer];
      return frame.params[l.w + t.row * l.cols + t.col];
    }
    return frame.params[layout[t.L - 1].b + t.i];
  }

  render() {
    const t = this.target;
    const state = this.view.state;
    const frame = this.view.frame;
    if (!frame || !state) return;
    let title;
    let value;
    let detail = "";
    let definition = "";
    if (t.kind === "link") {
      title = `weight ${neuronName(this.catalog, state, t.layer, t.row)} → ${neuronName(this.catalog, state, t.layer + 1, t.col)}`;
      value = this.paramValue(t);
      detail = "click to edit";
    } else if (t.kind === "bias") {
      title = `bias of ${neuronName(this.catalog, state, t.L, t.i)}`;
      value = this.paramValue(t);
      detail = "click to edit";
    } else {
      const at = this.mapValue(t);
      title = `${neuronName(this.catalog, state, t.L, t.i)} at (${fmt(at.x1, 1)}, ${fmt(at.x2, 1)})`;
      value = at.value;
      detail = t.L === 0 ? this.featureDetail(state.features[t.i]) : this.formula(t.L, t.i);
      definition = t.L === 0 ? "" : activationDefinition(activationInfo(this.catalog, this.activation(t.L)));
    }
    if (!this.parts) {
      // One set of elements reused for every refresh (the card updates with each frame while hovered).
      this.box.textContent = "";
      this.parts = ["title", "value", "detail", "definition"].map((cls) => {
        const e = document.createElement(cls === "value" ? "span" : "div");
        e.className = cls;
        this.box.appendChild(e);
        return e;
      });
    }
    const texts = [title, fmt(value), detail, definition];
    this.parts.forEach((e, k) => e.textContent !== texts[k] && (e.textContent = texts[k]));
    this.place();
  }

  place() {
    this.box.hidden = false;
    const w = this.box.offsetWidth;
    const h = this.box.offsetHeight;
    const left = Math.min(this.x + 14, window.innerWidth - w - 4);
    const top = this.y + 14 + h > window.innerHeight ? this.y - h - 10 : this.y + 14;
    this.box.style.left = `${Math.max(4, left)}px`;
    this.box.style.top = `${Math.max(4, top)}px`;
  }

  // The neuron's output at the pointer, read from its map (quantised to 1/127.5).
  mapValue(t) {
    const { header, maps } = this.view.frame;
    const d = header.density;
    const canvas = t.el.querySelector("canvas");
    const rect = canvas.getBoundingClientRect();
    const xi = Math.max(0, Math.min(d - 1, Math.floor(((this.x - rect.left) / rect.width) * d)));
    const yc = Math.max(0, Math.min(d - 1, Math.floor(((this.y - rect.top) / rect.height) * d)));
    const row = d - 1 - yc;
    const start = (mapStarts(header.sizes)[t.L] + t.i) * d * d;
    const byte = maps[start + row * d + xi];
    return { value: byte / 127.5 - 1, x1: -6 + (12 * xi) / (d - 1), x2: -6 + (12 * row) / (d - 1) };
  }

  featureDetail(name) {
    const info = featureInfo(this.catalog, name);
    return `input feature${info ? ` ${info.formula}` : ""} (scaled to [−1, 1])`;
  }

  // The activation of layer L (the output unit's for the last).
  activation(L) {
    const state = this.view.state;
    return L === state.sizes.length - 1 ? state.output : state.activations[L - 1];
  }

  // e.g. tanh(0.53·X₁ − 1.20·X₂ + 0.10), with the numbers of the shown frame.
  formula(L, i) {
    const state = this.view.state;
    const { params, header } = this.view.frame;
    const l = paramLayout(header.sizes)[L - 1];
    const terms = [];
    for (let r = 0; r < l.rows; r++) terms.push([params[l.w + r * l.cols + i], neuronName(this.catalog, state, L - 1, r)]);
    const act = this.activation(L);
    return neuronFormula(terms, params[l.b + i], activationInfo(this.catalog, act) ?? { short: act });
  }

  click(e) {
    if (this.editing) return;
    const t = this.pick(e);
    if (!t || (t.kind !== "link" && t.kind !== "bias")) return;
    e.stopPropagation();
    this.target = t;
    this.x = e.clientX;
    this.y = e.clientY;
    this.editing = true;
    this.parts = null;
    this.box.textContent = "";
    this.box.classList.add("editing");
    const label = document.createElement("div");
    label.className = "title";
    label.textContent = t.kind === "link" ? "new weight (Enter to set, Esc to cancel)" : "new bias (Enter to set)";
    const input = document.createElement("input");
    input.id = "edit-value";
    input.type = "number";
    input.step = "0.1";
    input.value = this.paramValue(t).toFixed(3);
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        const value = parseFloat(input.value);
        if (Number.isFinite(value) && Math.abs(value) <= 1000) {
          const msg = t.kind === "link"
            ? { layer: t.layer, param: "w", row: t.row, col: t.col, value }
            : { layer: t.L - 1, param: "b", row: t.i, col: 0, value };
          this.actions.edit(msg);
        }
        this.hide();
      } else if (ev.key === "Escape") this.hide();
    });
    input.addEventListener("blur", () => this.editing && this.hide());
    this.box.append(label, input);
    this.place();
    input.focus();
    input.select();
  }
}
