// The confusion matrix under the output: rows are the true classes, columns the predicted ones, counted over
// the test set (the frame header's `confusion`). The table is built when the classes change; a frame only
// rewrites the cells whose count changed.

import { classColor } from "./colors.js";

export class ConfusionView {
  constructor(box) {
    this.box = box; // a wrapper holding the table (hidden for regression)
    this.table = box.querySelector("table");
    this.key = null;
    this.cells = [];
    this.values = new Int32Array(0);
  }

  build(k, names) {
    const table = this.table;
    table.textContent = "";
    const head = table.createTHead().insertRow();
    const corner = document.createElement("th");
    corner.className = "corner";
    corner.textContent = "true ↓ predicted →";
    head.appendChild(corner);
    const label = (c) => {
      const th = document.createElement("th");
      const swatch = document.createElement("i");
      swatch.style.background = classColor(c);
      th.append(swatch, names[c] ?? String(c));
      return th;
    };
    for (let c = 0; c < k; c++) head.appendChild(label(c));
    const body = table.createTBody();
    this.cells = [];
    for (let r = 0; r < k; r++) {
      const row = body.insertRow();
      const th = label(r);
      th.scope = "row";
      row.appendChild(th);
      for (let c = 0; c < k; c++) {
        const td = row.insertCell();
        if (r === c) td.className = "diag";
        this.cells.push(td);
      }
    }
    this.values = new Int32Array(k * k).fill(-1);
  }

  // One frame's matrix (a k x k list of counts, or null when there is none).
  draw(matrix, state) {
    if (!matrix || !matrix.length || !state || state.task !== "classification") {
      if (!this.box.hidden) this.box.hidden = true;
      return;
    }
    const k = matrix.length;
    // Two classes make one output unit: the names still come from the state (e.g. -1, +1).
    const names = state.classes && state.classes.length === k ? state.classes : null;
    const key = `${k}:${names ? names.join("\u0000") : ""}`;
    if (key !== this.key) {
      this.key = key;
      this.build(k, names || []);
    }
    if (this.box.hidden) this.box.hidden = false;
    const values = this.values;
    const cells = this.cells;
    for (let r = 0; r < k; r++) {
      const row = matrix[r];
      for (let c = 0; c < k; c++) {
        const i = r * k + c;
        const v = row[c] | 0;
        if (values[i] !== v) {
          if (r !== c && (values[i] > 0) !== (v > 0)) cells[i].classList.toggle("miss", v > 0);
          values[i] = v;
          cells[i].textContent = String(v);
        }
      }
    }
  }
}
