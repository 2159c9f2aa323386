import { test } from "node:test";
import assert from "node:assert/strict";

import * as colors from "../../src/nnwatch/live/static/colors.js";
import { loadCatalog } from "./catalog_fixture.mjs";

const catalog = loadCatalog();
colors.useColors(catalog);
const pal = catalog.palettes.playground;

function unpack(pixel) {
  const b = new Uint8Array(new Uint32Array([pixel]).buffer);
  return [b[0], b[1], b[2], b[3]]; // the little-endian RGBA the canvases use
}

test("the colours are the catalog's: palette ends, shades and class hues", () => {
  assert.equal(colors.ORANGE, pal.negative);
  assert.equal(colors.BLUE, pal.positive);
  assert.equal(colors.NUM_SHADES, pal.shades.length - 1);
  assert.deepEqual(colors.SHADES[0], colors.parseHex(pal.negative));
  assert.deepEqual(colors.SHADES[colors.NUM_SHADES], colors.parseHex(pal.positive));
  assert.equal(colors.classColor(0), pal.negative, "class 0 is the palette's negative end (the Playground's -1)");
  assert.equal(colors.classColor(1), pal.positive, "class 1 is its positive end (+1)");
  assert.equal(colors.classColor(catalog.class_colors.length), catalog.class_colors[0], "hues cycle");
  assert.equal(colors.CLASS_NAMES[0], catalog.class_color_names[0]);
});

test("shadeIndex quantises [-1, 1] as the Playground: clamped, NaN in the middle", () => {
  const top = colors.NUM_SHADES;
  assert.equal(colors.shadeIndex(-1), 0);
  assert.equal(colors.shadeIndex(-5), 0);
  assert.equal(colors.shadeIndex(1), top);
  assert.equal(colors.shadeIndex(7), top);
  assert.equal(colors.shadeIndex(NaN), top >> 1);
  assert.equal(colors.shadeIndex(0), Math.floor((top + 1) / 2));
  for (let v = -1; v < 1; v += 0.01) assert.ok(colors.shadeIndex(v) <= colors.shadeIndex(v + 0.01), "monotone");
  assert.equal(colors.cssColor(-1), `rgb(${colors.parseHex(pal.negative).join(",")})`);
});

test("pack writes RGBA bytes in memory order", () => {
  assert.deepEqual(unpack(colors.pack([1, 2, 3])), [1, 2, 3, 255]);
  assert.deepEqual(unpack(colors.pack([10, 20, 30], 160)), [10, 20, 30, 160]);
});

test("the map LUTs: byte 0 is -1, 255 is +1; the unit scale shows 0..1 over the whole range", () => {
  assert.deepEqual(unpack(colors.LUTS.plain[0]).slice(0, 3), colors.SHADES[0]);
  assert.deepEqual(unpack(colors.LUTS.plain[255]).slice(0, 3), colors.SHADES[colors.NUM_SHADES]);
  // byte 128 is v = 0.004: for the unit scale that is probability 0 (the negative end)
  assert.deepEqual(unpack(colors.LUTS.unit[128]).slice(0, 3), colors.SHADES[0]);
  assert.equal(unpack(colors.LUTS.output[0])[3], 255, "blended over white, then opaque");
  assert.ok(unpack(colors.LUTS.output[0])[0] > colors.SHADES[0][0] - 1, "lighter than the opaque shade");
  // discretized: every byte is one of the two ends
  const ends = new Set([colors.LUTS.plainDiscrete[0], colors.LUTS.plainDiscrete[255]]);
  for (let b = 0; b < 256; b++) assert.ok(ends.has(colors.LUTS.plainDiscrete[b]));
  assert.equal(colors.LUTS.outputUnitDiscrete[127], colors.LUTS.outputDiscrete[0], "unit below 0.5: class 0");
  assert.equal(colors.LUTS.outputUnitDiscrete[255], colors.LUTS.outputDiscrete[255]);
});

test("paintMap flips rows (row 0 = lowest x2 goes to the bottom)", () => {
  const out = new Uint32Array(4);
  colors.paintMap(out, new Uint8Array([0, 0, 255, 255]), 0, 2, colors.LUTS.plain);
  assert.deepEqual([...out], [colors.LUTS.plain[255], colors.LUTS.plain[255], colors.LUTS.plain[0], colors.LUTS.plain[0]]);
});

test("paintValues paints a catalog thumbnail's values in [-1, 1], row 0 at the bottom", () => {
  const out = new Uint32Array(4);
  colors.paintValues(out, [-1, -1, 1, 1], 2);
  const neg = colors.pack(colors.SHADES[0]);
  const pos = colors.pack(colors.SHADES[colors.NUM_SHADES]);
  assert.deepEqual([...out], [pos, pos, neg, neg]);
});

test("paintArgmax: the winning class's hue, lighter when unsure", () => {
  const k = 3;
  const lut = colors.classLut(k, 255, false);
  const out = new Uint32Array(1);
  // One pixel (d = 1), k maps of one byte each. All at probability 0: class 0 at the lowest confidence.
  colors.paintArgmax(out, new Uint8Array([128, 128, 128]), 0, 1, k, lut);
  assert.equal(out[0], lut[0]);
  // Class 2 certain: its hue at full confidence.
  colors.paintArgmax(out, new Uint8Array([128, 128, 255]), 0, 1, k, lut);
  const certain = lut[2 * colors.CONF_LEVELS + colors.CONF_LEVELS - 1];
  assert.equal(out[0], certain);
  assert.deepEqual(unpack(certain).slice(0, 3), colors.parseHex(colors.classColor(2)));
});

test("classByteLut runs from the neutral grey to the class's hue", () => {
  const lut = colors.classByteLut(1);
  assert.deepEqual(unpack(lut[127]).slice(0, 3), colors.parseHex(colors.NEUTRAL));
  assert.deepEqual(unpack(lut[255]).slice(0, 3), colors.parseHex(colors.classColor(1)));
});

test("resampleMaps interpolates a d x d map bilinearly onto R x R over the same square", () => {
  const d = 3;
  // A plane: byte = 100 * column + 10 * row, so any bilinear sample is exact.
  const map = Uint8Array.from({ length: 2 + d * d }, (_, k) => (k < 2 ? 0 : 100 * ((k - 2) % d) + 10 * Math.floor((k - 2) / d)));
  const R = 4;
  const table = colors.resampleTable(d, R);
  const out = new Uint8Array(R * R);
  colors.resampleMaps(out, map, 2, 1, table);
  for (let y = 0; y < R; y++) {
    for (let x = 0; x < R; x++) {
      const tx = ((x + 0.5) / R) * (d - 1);
      const ty = ((y + 0.5) / R) * (d - 1);
      assert.equal(out[y * R + x], Math.round(100 * tx + 10 * ty), `pixel ${x}, ${y}`);
    }
  }
  // Two maps at once (multi-class outputs) land one after the other.
  const two = new Uint8Array(2 * R * R);
  const pair = new Uint8Array(2 * d * d).fill(7, 0, d * d).fill(200, d * d);
  colors.resampleMaps(two, pair, 0, 2, table);
  assert.ok(two.subarray(0, R * R).every((v) => v === 7) && two.subarray(R * R).every((v) => v === 200));
});
