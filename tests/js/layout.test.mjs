import { test } from "node:test";
import assert from "node:assert/strict";

import * as layout from "../../src/nnwatch/live/static/layout.js";

test("columns spread evenly between the margins; small layers keep the full pitch and node size", () => {
  const geo = layout.columnGeometry([7, 4, 2, 1], 800);
  assert.equal(geo.length, 4);
  assert.equal(geo[0].x, layout.LEFT + layout.NODE / 2);
  assert.equal(geo[3].x, 800 - layout.RIGHT - layout.NODE / 2);
  const steps = geo.slice(1).map((g, j) => g.x - geo[j].x);
  for (const s of steps) assert.ok(Math.abs(s - steps[0]) < 1e-9);
  for (const g of geo) {
    assert.equal(g.pitch, layout.PITCH);
    assert.equal(g.size, layout.NODE);
  }
});

test("a layer over eight neurons is squeezed into eight rows' height; nodes never vanish", () => {
  const [g16, g32, g1000] = layout.columnGeometry([16, 32, 1000], 600);
  assert.equal(g16.pitch * 16, layout.PITCH * layout.ROWS_MAX);
  assert.equal(g16.size, g16.pitch - 6);
  assert.ok(g32.size < g16.size);
  assert.equal(g1000.size, layout.MIN_NODE);
  assert.equal(layout.bodyHeight([g16, g32]), layout.TOP + layout.PITCH * layout.ROWS_MAX + 8);
});

test("a narrow body is laid out as 320 px wide; one column sits at the left", () => {
  assert.deepEqual(layout.columnGeometry([2, 2], 100), layout.columnGeometry([2, 2], 320));
  assert.equal(layout.columnGeometry([3], 500)[0].x, layout.LEFT + layout.NODE / 2);
});

test("nodes are centred in their rows; gaps run between node edges", () => {
  const geo = layout.columnGeometry([2, 3], 500);
  const g = geo[1];
  assert.equal(layout.nodeTop(g, 1) + g.size / 2, layout.rowCentre(g, 1));
  assert.deepEqual(layout.gapX(geo, 0), [geo[0].x + geo[0].size / 2, geo[1].x - geo[1].size / 2]);
});

test("the link curve: ends fixed, symmetric, progress monotone", () => {
  assert.equal(layout.bezierX(0), 0);
  assert.equal(layout.bezierX(1), 1);
  assert.ok(Math.abs(layout.bezierX(0.5) - 0.5) < 1e-12);
  assert.ok(layout.linkProgress(0) < 1e-5 && layout.linkProgress(1) > 1 - 1e-5);
  assert.ok(Math.abs(layout.linkProgress(0.5) - 0.5) < 1e-5);
  let last = -1;
  for (let u = 0; u <= 1; u += 0.05) {
    const p = layout.linkProgress(u);
    assert.ok(p >= last);
    last = p;
  }
});

test("link widths: 1 px at 0, 10 px from |w| = 5, 1 px for NaN", () => {
  assert.equal(layout.linkWidth(0), 1);
  assert.equal(layout.linkWidth(-5), 10);
  assert.equal(layout.linkWidth(50), 10);
  assert.equal(layout.linkWidth(2.5), 5.5);
  assert.equal(layout.linkWidth(NaN), 1);
});
