import { test } from "node:test";
import assert from "node:assert/strict";

import { keep, keptFor, restorable } from "../../src/nnwatch/live/static/kept_data.js";

class Storage {
  constructor() { this.items = new Map(); }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(k, v) { this.items.set(k, String(v)); }
  removeItem(k) { this.items.delete(k); }
}

const state = { custom: true, query: "dataset=circle&hidden=3", task: "classification",
  dataset: { train: [[1, 2, 0], [3, 4, 1]], test: [[5, 6, 1]] } };

test("custom points are kept with their query and given back only for that query", () => {
  const storage = new Storage();
  assert.ok(keep(storage, keptFor(state, "rings.csv")));
  const kept = restorable(storage, state.query);
  assert.deepEqual(kept.points, [[1, 2, 0], [3, 4, 1], [5, 6, 1]]);
  assert.equal(kept.name, "rings.csv");
  assert.equal(kept.task, "classification");
  assert.equal(restorable(storage, "dataset=xor"), null, "another URL starts from its own settings");
});

test("a built-in dataset forgets them; a full storage is not an error", () => {
  const storage = new Storage();
  keep(storage, keptFor(state));
  assert.equal(restorable(storage, state.query).name, "drawn");
  keep(storage, keptFor({ ...state, custom: false }));
  assert.equal(restorable(storage, state.query), null);
  const full = { setItem() { throw new Error("QuotaExceededError"); }, removeItem() {}, getItem() { return "{bad"; } };
  assert.equal(keep(full, keptFor(state)), false);
  assert.equal(restorable(full, state.query), null);
});
