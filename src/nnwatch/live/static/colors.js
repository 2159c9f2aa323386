// Colour scales as lookup tables: a map byte (value v = byte / 127.5 - 1) -> one packed RGBA pixel.
// The colours themselves come from the server's catalog (nnwatch.catalog: the palettes and class colours of
// nnwatch/views/style.py), set once by useColors() before anything is drawn; the exported names below are live
// bindings, so every importer sees them once set. The Playground quantises [-1, 1] into 31 shades from its
// negative colour (orange) through a neutral grey to its positive colour (blue).

export let ORANGE = null; // the palette's negative end (class 0, label -1)
export let NEUTRAL = null;
export let BLUE = null; // the palette's positive end (class 1, label +1)
export let NUM_SHADES = 0; // 30: 31 colours, as the Playground's d3.range(0, 1 + 1e-9, 1 / 30)
export let SHADES = []; // the shades, negative (-1) to positive (+1), as [r, g, b]
export let SHADE_CSS = [];
export let CLASS_COLORS = []; // one hue per class for multi-class data (class 0 and 1 are the palette's ends)
export let CLASS_NAMES = []; // what each hue is called ("orange")
export let LUTS = {};

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function parseHex(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

export function pack(rgb, alpha = 255) {
  const [r, g, b] = rgb;
  return LITTLE_ENDIAN ? ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | alpha) >>> 0;
}

// Take the colours from the catalog: {palettes: {playground: {negative, neutral, positive, shades}},
// class_colors, class_color_names}.
export function useColors(catalog) {
  const pal = catalog.palettes.playground;
  ORANGE = pal.negative;
  NEUTRAL = pal.neutral;
  BLUE = pal.positive;
  SHADES = pal.shades.map((rgb) => rgb.slice());
  NUM_SHADES = SHADES.length - 1;
  SHADE_CSS = SHADES.map(([r, g, b]) => `rgb(${r},${g},${b})`);
  CLASS_COLORS = catalog.class_colors.slice();
  CLASS_NAMES = catalog.class_color_names.slice();
  LUTS = makeLuts();
  classLutCache.clear();
}

export function shadeIndex(v) {
  if (!(v === v)) return NUM_SHADES >> 1; // NaN: the middle
  const i = Math.floor(((v + 1) / 2) * (NUM_SHADES + 1));
  return i < 0 ? 0 : i > NUM_SHADES ? NUM_SHADES : i;
}

// CSS colour of a value in [-1, 1] (weights, biases, points): clamped, quantised like the maps.
export function cssColor(v) {
  return SHADE_CSS[shadeIndex(v)];
}

// The hue of class c (cycled past the last one).
export function classColor(c) {
  return CLASS_COLORS[c % CLASS_COLORS.length];
}

// Blend over white, as the Playground's heatmap draws its shades at alpha 160.
function overWhite(rgb, alpha) {
  return rgb.map((c) => Math.round(255 + (c - 255) * (alpha / 255)));
}

function byteLut(valueOf, alpha) {
  const lut = new Uint32Array(256);
  for (let b = 0; b < 256; b++) lut[b] = pack(overWhite(SHADES[shadeIndex(valueOf(b / 127.5 - 1))], alpha));
  return lut;
}

const identity = (v) => v;
const sign = (v) => (v >= 0 ? 1 : -1);
const unit = (v) => 2 * v - 1; // sigmoid / probability outputs in [0, 1] shown on the [-1, 1] scale

// Lookup tables by name: thumbnails opaque, the output heatmap lighter (alpha 160) so points stand out.
function makeLuts() {
  return {
    plain: byteLut(identity, 255),
    plainDiscrete: byteLut(sign, 255),
    unit: byteLut(unit, 255),
    output: byteLut(identity, 160),
    outputDiscrete: byteLut(sign, 160),
    outputUnit: byteLut(unit, 160),
    outputUnitDiscrete: byteLut((v) => sign(unit(v)), 160),
  };
}

// Multi-class: CONF_LEVELS lightness steps per class, from the neutral grey (chance) to the full hue (certain).
export const CONF_LEVELS = 16;
const classLutCache = new Map();

export function classLut(k, alpha = 160, discrete = false) {
  const key = `${k}:${alpha}:${discrete}`;
  if (classLutCache.has(key)) return classLutCache.get(key);
  const lut = new Uint32Array(k * CONF_LEVELS);
  const neutral = parseHex(NEUTRAL);
  for (let c = 0; c < k; c++) {
    const hue = parseHex(classColor(c));
    for (let l = 0; l < CONF_LEVELS; l++) {
      const t = discrete ? 1 : l / (CONF_LEVELS - 1);
      lut[c * CONF_LEVELS + l] = pack(overWhite(mix(neutral, hue, t), alpha));
    }
  }
  classLutCache.set(key, lut);
  return lut;
}

// One output neuron of a multi-class network: its probability (byte value v in [0, 1]) from the neutral grey
// (0) to its class's hue (1), opaque, so each output thumbnail shows its class's colour.
export function classByteLut(c) {
  const key = `byte:${c}`;
  if (classLutCache.has(key)) return classLutCache.get(key);
  const lut = new Uint32Array(256);
  const neutral = parseHex(NEUTRAL);
  const hue = parseHex(classColor(c));
  for (let b = 0; b < 256; b++) lut[b] = pack(mix(neutral, hue, Math.min(1, Math.max(0, b / 127.5 - 1))));
  classLutCache.set(key, lut);
  return lut;
}

// Paint one neuron's map (density d, row 0 = lowest x2) into a d*d Uint32Array with row 0 at the top.
export function paintMap(out32, maps, offset, d, lut) {
  let o = 0;
  for (let y = d - 1; y >= 0; y--) {
    const s = offset + y * d;
    for (let x = 0; x < d; x++) out32[o++] = lut[maps[s + x]];
  }
}

// Paint the argmax of k probability maps (consecutive, d*d each from offset): hue by class, lightness by confidence.
export function paintArgmax(out32, maps, offset, d, k, lut) {
  const n = d * d;
  const chance = 1 / k;
  const scale = (CONF_LEVELS - 1) / (1 - chance);
  let o = 0;
  for (let y = d - 1; y >= 0; y--) {
    const row = offset + y * d;
    for (let x = 0; x < d; x++) {
      const s = row + x;
      let best = 0;
      let top = maps[s];
      for (let c = 1; c < k; c++) {
        const b = maps[s + c * n];
        if (b > top) { top = b; best = c; }
      }
      let level = Math.round((top / 127.5 - 1 - chance) * scale);
      level = level < 0 ? 0 : level >= CONF_LEVELS ? CONF_LEVELS - 1 : level;
      out32[o++] = lut[best * CONF_LEVELS + level];
    }
  }
}

// Paint values in [-1, 1] (a catalog thumbnail: d*d, row 0 = lowest x2) opaque, row 0 at the top.
export function paintValues(out32, values, d) {
  let o = 0;
  for (let y = d - 1; y >= 0; y--) {
    for (let x = 0; x < d; x++) out32[o++] = pack(SHADES[shadeIndex(values[y * d + x])]);
  }
}

// Where each of R output pixels falls among d grid points spanning the same square (the maps' points sit on the
// square's edges, the pixels' centres inside it): the lower point and the weight of the upper one.
export function resampleTable(d, R) {
  const low = new Uint16Array(R);
  const frac = new Float32Array(R);
  for (let x = 0; x < R; x++) {
    const t = ((x + 0.5) / R) * (d - 1);
    const i = Math.min(Math.floor(t), d - 2);
    low[x] = i;
    frac[x] = t - i;
  }
  return { d, R, low, frac };
}

// Bilinear resampling of `count` consecutive d x d byte maps (from `offset`) onto R x R (same layout: row 0 =
// lowest x2, map after map), so the output heatmap is coloured per screen pixel from smoothly interpolated values:
// a boundary (Discretize's above all) is a smooth curve instead of the grid's stair steps.
export function resampleMaps(out, maps, offset, count, table) {
  const { d, R, low, frac } = table;
  let o = 0;
  for (let m = 0; m < count; m++) {
    const base = offset + m * d * d;
    for (let y = 0; y < R; y++) {
      const r0 = base + low[y] * d;
      const r1 = r0 + d;
      const fy = frac[y];
      for (let x = 0; x < R; x++) {
        const i = low[x];
        const fx = frac[x];
        const top = maps[r0 + i] + (maps[r0 + i + 1] - maps[r0 + i]) * fx;
        const bottom = maps[r1 + i] + (maps[r1 + i + 1] - maps[r1 + i]) * fx;
        out[o++] = (top + (bottom - top) * fy + 0.5) | 0;
      }
    }
  }
}
