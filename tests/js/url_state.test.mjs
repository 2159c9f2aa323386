import { test } from "node:test";
import assert from "node:assert/strict";

import { hiddenKeys, isPageKey, joinHash, splitHash } from "../../src/nnwatch/live/static/url_state.js";
import { loadCatalog } from "./catalog_fixture.mjs";

test("the page's keys are its view options and the classroom hides", () => {
  assert.ok(isPageKey("discretize") && isPageKey("show_test") && isPageKey("speed"));
  assert.ok(isPageKey("x1_hide") && isPageKey("learningRate_hide"));
  assert.ok(!isPageKey("dataset") && !isPageKey("lr") && !isPageKey("hide"));
});

test("splitHash keeps spec pairs as written and decodes the page's", () => {
  const { spec, page } = splitHash("#dataset=xor&lr=0.1&x1_hide=true&speed=5&features=x1%2Cx2&discretize=true");
  assert.equal(spec, "dataset=xor&lr=0.1&features=x1%2Cx2");
  assert.deepEqual([...page], [["x1_hide", "true"], ["speed", "5"], ["discretize", "true"]]);
  assert.deepEqual(splitHash("").page.size, 0);
  assert.equal(splitHash("#").spec, "");
  assert.equal(splitHash("#a%20b_hide=x+y").page.get("a b_hide"), "x y");
  assert.equal(splitHash("#show_test").page.get("show_test"), "");
});

test("joinHash is splitHash's inverse", () => {
  const page = new Map([["speed", "3"], ["x1x2_hide", "true"]]);
  const hash = joinHash("dataset=circle&hidden=4%2C2", page);
  assert.equal(hash, "#dataset=circle&hidden=4%2C2&speed=3&x1x2_hide=true");
  const back = splitHash(hash);
  assert.equal(back.spec, "dataset=circle&hidden=4%2C2");
  assert.deepEqual([...back.page], [...page]);
  assert.equal(joinHash(null, new Map()), "#");
  const odd = new Map([["a&b_hide", "x=y"]]);
  assert.deepEqual([...splitHash(joinHash("", odd)).page], [...odd]);
});

test("hiddenKeys: true/1/yes hide, the Playground's names through the catalog's aliases", () => {
  const catalog = loadCatalog();
  const page = new Map([["lr_hide", "true"], ["xTimesY_hide", "1"], ["noise_hide", "false"], ["seed_hide", "yes"],
    ["learningRate_hide", "true"], ["speed", "4"]]);
  const hidden = hiddenKeys(page, catalog.playground_keys);
  assert.deepEqual([...hidden].sort(), ["lr", "seed", "x1x2"]);
  assert.ok(hiddenKeys(new Map([["constructor_hide", "true"]]), {}).has("constructor"), "no prototype lookups");
});
