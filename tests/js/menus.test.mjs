import { test } from "node:test";
import assert from "node:assert/strict";

import * as menus from "../../src/nnwatch/live/static/menus.js";
import { REAL, loadCatalog } from "./catalog_fixture.mjs";

const catalog = loadCatalog();

test("datasets: the 2-D ones grouped by task in the catalog's order; a task change picks its first", () => {
  const groups = menus.datasetGroups(catalog);
  const expected = {};
  for (const d of catalog.datasets.filter((d) => d.two_d)) (expected[d.task] ||= []).push(d.name);
  assert.deepEqual(Object.fromEntries(Object.entries(groups).map(([t, ds]) => [t, ds.map((d) => d.name)])), expected);
  assert.ok(groups.classification.length > 0 && groups.regression.length > 0);
  assert.equal(menus.firstDataset(catalog, "regression"), expected.regression[0]);
  assert.equal(menus.firstDataset(catalog, "nothing"), undefined);
});

test("thumbnail dots: the catalog's points on the canvas, coloured by class or by target", () => {
  const colours = { classColor: (c) => `class${c}`, cssColor: (v) => `shade${v}` };
  const circle = catalog.datasets.find((d) => d.name === "circle");
  const dots = menus.thumbnailDots(circle, 48, colours, catalog.domain);
  assert.equal(dots.length, circle.thumbnail.length);
  circle.thumbnail.forEach(([x, y, label], i) => {
    assert.ok(Math.abs(dots[i][0] - ((x + 6) / 12) * 48) < 1e-9);
    assert.ok(Math.abs(dots[i][1] - (1 - (y + 6) / 12) * 48) < 1e-9, "y grows upwards");
    assert.equal(dots[i][2], `class${label}`);
  });
  const plane = catalog.datasets.find((d) => d.task === "regression");
  assert.ok(menus.thumbnailDots(plane, 48, colours, catalog.domain).every(([, , c], i) => c === `shade${plane.thumbnail[i][2]}`));
});

test("the circle thumbnail comes from the generator: class 1 (+1) inside radius 2.5, class 0 outside", () => {
  const circle = catalog.datasets.find((d) => d.name === "circle");
  for (const [x, y, label] of circle.thumbnail) assert.equal(label, Math.hypot(x, y) < 2.5 ? 1 : 0);
  if (REAL) assert.equal(circle.thumbnail.length, 200);
});

test("features: labels, order (custom expressions last), X1X2's thumbnail in four solid quadrants", () => {
  assert.equal(menus.featureLabel(catalog, "x1x2"), "X₁X₂");
  assert.equal(menus.featureLabel(catalog, "sin(x1*x2)"), "sin(x1*x2)");
  assert.deepEqual(menus.orderFeatures(catalog, ["cos(x1)", "x1x2", "x1"]), ["x1", "x1x2", "cos(x1)"]);
  const x1x2 = menus.featureInfo(catalog, "x1x2");
  const d = catalog.feature_thumbnail_density;
  assert.equal(x1x2.thumbnail.length, d * d);
  const at = (col, row) => x1x2.thumbnail[row * d + col];
  assert.equal(at(0, 0), 1, "x1 < 0, x2 < 0: +1");
  assert.equal(at(d - 1, d - 1), 1);
  assert.equal(at(0, d - 1), -1, "x1 < 0, x2 > 0: -1");
  assert.equal(at(d - 1, 0), -1);
  assert.ok(x1x2.thumbnail.every((v) => v >= -1 && v <= 1), "clamped");
});

test("output scale follows the output unit's targets: 0/1 units on the unit scale, the rest plain", () => {
  assert.equal(menus.outputScale(catalog, "tanh", "classification"), "plain");
  assert.equal(menus.outputScale(catalog, "sigmoid", "classification"), "unit");
  assert.equal(menus.outputScale(catalog, "softmax", "classification"), "unit");
  assert.equal(menus.outputScale(catalog, "linear", "classification"), "unit", "a linear classifier decides at 0.5");
  assert.equal(menus.outputScale(catalog, "linear", "regression"), "plain");
  assert.equal(menus.outputScale(catalog, "no such unit", "classification"), "plain");
});

test("a neuron's formula: signed terms, the bias, wrapped in the activation's short name", () => {
  const tanh = menus.activationInfo(catalog, "tanh");
  const linear = menus.activationInfo(catalog, "linear");
  assert.equal(menus.neuronFormula([[0.531, "X₁"], [-1.2, "X₂"]], 0.1, tanh), "tanh(0.53·X₁ − 1.20·X₂ + 0.10)");
  assert.equal(menus.neuronFormula([[-2, "h1.1"]], -0.5, linear), "−2.00·h1.1 − 0.50");
  const many = Array.from({ length: 20 }, (_, i) => [1, `x${i}`]);
  assert.match(menus.neuronFormula(many, 0, tanh), /\+ … \(4 more\) \+ 0\.00\)$/);
});

test("an activation's definition comes from the catalog's formula, and only when it says something", () => {
  assert.equal(menus.activationDefinition(menus.activationInfo(catalog, "relu")), "relu(z) = max(0, z)");
  assert.equal(menus.activationDefinition(menus.activationInfo(catalog, "tanh")), "");
  assert.equal(menus.activationDefinition(menus.activationInfo(catalog, "linear")), "");
});

test("every menu is [value, label] pairs; the activation menu lists the catalog's hidden activations", () => {
  const options = menus.menuOptions(catalog);
  for (const list of Object.values(options)) for (const pair of list) assert.equal(pair.length, 2);
  if (REAL) {
    const hidden = catalog.activations.filter((a) => a.hidden).map((a) => a.name);
    assert.deepEqual(options.activation.map(([v]) => v), hidden);
  }
});
