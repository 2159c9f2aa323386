// The URL hash: the spec's query (flat keys, passed to the server as they are) and the page's own pairs
// (classroom hides, view options). Pure functions, tested by tests/js/url_state.test.mjs.

// Hash keys that belong to the page, not the spec: classroom hides (<key>_hide) and view options.
export const PAGE_KEYS = new Set(["discretize", "show_test", "speed"]);

export function isPageKey(key) {
  return key.endsWith("_hide") || PAGE_KEYS.has(key);
}

function decode(text) {
  return decodeURIComponent(text.replace(/\+/g, " "));
}

// "#dataset=xor&x1_hide=true" -> {spec: "dataset=xor", page: Map {x1_hide => "true"}}. Spec pairs stay encoded.
export function splitHash(hash) {
  const spec = [];
  const page = new Map();
  for (const pair of hash.replace(/^#/, "").split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (isPageKey(key)) page.set(key, eq < 0 ? "" : decode(pair.slice(eq + 1)));
    else spec.push(pair);
  }
  return { spec: spec.join("&"), page };
}

// The hash for the spec's query and the page's pairs: the inverse of splitHash.
export function joinHash(query, page) {
  const pairs = [];
  if (query) pairs.push(query);
  for (const [k, v] of page) pairs.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `#${pairs.join("&")}`;
}

// Classroom mode: the flat keys (data-key names) that <name>_hide=true pairs hide. `aliases` maps the
// Playground's control names (learningRate, xTimesY) to ours (the catalog's playground_keys).
export function hiddenKeys(page, aliases = {}) {
  const hidden = new Set();
  for (const [k, v] of page) {
    if (!k.endsWith("_hide") || !["true", "1", "yes"].includes(v)) continue;
    const name = k.slice(0, -5);
    hidden.add(Object.hasOwn(aliases, name) ? aliases[name] : name);
  }
  return hidden;
}
