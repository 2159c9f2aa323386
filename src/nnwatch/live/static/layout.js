// The network diagram's geometry: where each column and node sits, and the shape and width of a link.
// Pure functions, tested by tests/js/layout.test.mjs; network.js places the DOM by them.

export const TOP = 44; // room above the columns for the per-layer +/- buttons
export const LEFT = 64; // room for the feature labels
export const RIGHT = 16;
export const PITCH = 50; // row spacing for up to ROWS_MAX neurons; larger layers are squeezed into that height
export const ROWS_MAX = 8;
export const NODE = 34;
export const MIN_NODE = 6;

// Columns of `counts[j]` nodes across a body `width` pixels wide (at least 320): for each, its centre x, row
// pitch and node size.
export function columnGeometry(counts, width) {
  const W = Math.max(width, 320);
  const C = counts.length;
  const span = W - LEFT - RIGHT - NODE;
  return counts.map((n, j) => {
    const pitch = n <= ROWS_MAX ? PITCH : (PITCH * ROWS_MAX) / n;
    const size = Math.max(MIN_NODE, Math.min(NODE, pitch - 6));
    return { n, pitch, size, x: LEFT + NODE / 2 + (C > 1 ? (span * j) / (C - 1) : 0) };
  });
}

// The top of node `i` of a column (its box is size x size, centred in its row).
export function nodeTop(g, i) {
  return TOP + i * g.pitch + (g.pitch - g.size) / 2;
}

// The centre y of row `row` of a column.
export function rowCentre(g, row) {
  return TOP + row * g.pitch + g.pitch / 2;
}

// The body's height: the tallest column and a margin.
export function bodyHeight(geo) {
  return geo.reduce((h, g) => Math.max(h, TOP + g.n * g.pitch), 0) + 8;
}

// Link gap k joins column k's right edges to column k+1's left edges: [x0, x1].
export function gapX(geo, k) {
  return [geo[k].x + geo[k].size / 2, geo[k + 1].x - geo[k + 1].size / 2];
}

// x of the link curve (control points at the middle) as a fraction of the gap, for t in [0, 1].
export function bezierX(t) {
  const m = 1 - t;
  return 3 * m * m * t * 0.5 + 3 * m * t * t * 0.5 + t * t * t;
}

// For a point a fraction u across a gap, how far from its start y to its end y every link has come (0..1):
// x(t) is the same cubic for every link, solved once by bisection; y follows smoothstep(t).
export function linkProgress(u) {
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 20; k++) {
    const t = (lo + hi) / 2;
    if (bezierX(t) < u) lo = t; else hi = t;
  }
  const t = (lo + hi) / 2;
  return t * t * (3 - 2 * t);
}

// A link's width in pixels: 1 to 10 with |w| up to 5.
export function linkWidth(w) {
  const a = Math.min(Math.abs(w), 5);
  return 1 + (9 * a) / 5 || 1;
}
