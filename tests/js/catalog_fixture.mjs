// The catalog the page's modules are tested with: the real one (nnwatch.catalog, written to the file that
// NNWATCH_CATALOG names; tests/test_js.py does) or, without it, this small sample of the same shape.
import { readFileSync } from "node:fs";

const SAMPLE = {
  version: 1,
  domain: [[-6, 6], [-6, 6]],
  datasets: [
    { name: "circle", label: "circle", task: "classification", two_d: true, description: "a disc in a ring",
      thumbnail: [[0.5, 0.5, 1], [4.5, 0, 0], [0, -4, 0]] },
    { name: "reg_plane", label: "plane", task: "regression", two_d: true, description: "a plane",
      thumbnail: [[6, 6, 1.2], [-6, -6, -1.2]] },
    { name: "shapes", label: "shapes", task: "classification", two_d: false, description: "images" },
  ],
  features: [
    { name: "x1", label: "X₁", formula: "x1", playground_name: "x", thumbnail: [-1, 1, -1, 1] },
    { name: "x1x2", label: "X₁X₂", formula: "x1*x2", playground_name: "xTimesY", thumbnail: [1, -1, -1, 1] },
  ],
  feature_thumbnail_density: 2,
  activations: [
    { name: "relu", label: "ReLU", formula: "max(0, z)", short: "relu", hidden: true, output: false },
    { name: "tanh", label: "Tanh", formula: "tanh(z)", short: "tanh", hidden: true, output: true },
    { name: "linear", label: "Linear", formula: "z", short: "", hidden: true, output: true },
  ],
  output_units: {
    tanh: { name: "tanh", low: -1, high: 1, negative: -1, positive: 1, threshold: 0, multi_class: false },
    sigmoid: { name: "sigmoid", low: 0, high: 1, negative: 0, positive: 1, threshold: 0.5, multi_class: false },
    softmax: { name: "softmax", low: 0, high: 1, negative: 0, positive: 1, threshold: 0.5, multi_class: true },
    linear: { name: "linear", low: null, high: null, negative: 0, positive: 1, threshold: 0.5, multi_class: false },
  },
  palettes: { playground: { negative: "#f59322", neutral: "#e8eaeb", positive: "#0877bd",
    shades: [[245, 147, 34], [238, 189, 138], [232, 234, 235], [120, 176, 212], [8, 119, 189]] } },
  class_colors: ["#f59322", "#0877bd", "#2ca02c"],
  class_color_names: ["orange", "blue", "green"],
  choices: { lr: [["0.03", "0.03"], ["0.1", "0.1"]], activation: [["relu", "ReLU"], ["tanh", "Tanh"]] },
  sliders: { noise: { min: 0, max: 50, step: 5, per_unit: 100 } },
  playground_keys: { learningRate: "lr", xTimesY: "x1x2" },
  limits: { max_layers: 300 },
};

export const REAL = Boolean(process.env.NNWATCH_CATALOG);

export function loadCatalog() {
  return REAL ? JSON.parse(readFileSync(process.env.NNWATCH_CATALOG, "utf8")) : structuredClone(SAMPLE);
}
