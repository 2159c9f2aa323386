// What the page shows, read from the server's catalog (GET /catalog, built by nnwatch/catalog.py from the
// package's own tables): menus, dataset and feature thumbnails, labels and formulas. Nothing here knows a
// dataset, a feature or an activation by name. Pure functions, tested by tests/js/menus.test.mjs.

// [value, label] options of each menu, by flat key.
export function menuOptions(catalog) {
  return catalog.choices;
}

// The 2-D datasets (the ones the page can draw) grouped by task, in the catalog's order: {task: [dataset]}.
export function datasetGroups(catalog) {
  const groups = {};
  for (const d of catalog.datasets) {
    if (!d.two_d) continue;
    (groups[d.task] ||= []).push(d);
  }
  return groups;
}

// The dataset a change of task switches to: the first 2-D one of that task.
export function firstDataset(catalog, task) {
  return datasetGroups(catalog)[task]?.[0]?.name;
}

// A dataset thumbnail's dots on an S x S canvas over the catalog's domain: [px, py, colour]. Classification
// points take their class's colour, regression points the shade of their target.
export function thumbnailDots(dataset, S, colours, domain) {
  const [[x0, x1], [y0, y1]] = domain;
  const colour = dataset.task === "regression" ? (v) => colours.cssColor(v) : (v) => colours.classColor(v);
  return dataset.thumbnail.map(([x, y, v]) => [((x - x0) / (x1 - x0)) * S, (1 - (y - y0) / (y1 - y0)) * S, colour(v)]);
}

export function featureInfo(catalog, name) {
  return catalog.features.find((f) => f.name === name);
}

// The Playground's features in its order; a custom expression is its own label.
export function featureNames(catalog) {
  return catalog.features.map((f) => f.name);
}

export function featureLabel(catalog, name) {
  return featureInfo(catalog, name)?.label ?? name;
}

// Features in the Playground's order, custom expressions after them (in the order given).
export function orderFeatures(catalog, names) {
  const known = featureNames(catalog);
  const rank = (f) => (known.includes(f) ? known.indexOf(f) : known.length);
  return names.slice().sort((a, b) => rank(a) - rank(b));
}

export function activationInfo(catalog, name) {
  return catalog.activations.find((a) => a.name === name);
}

// Which colour scale an output map takes: "unit" when the unit's class 0 and class 1 targets are 0 and 1
// (sigmoid, softmax, a linear classifier: its byte value v in [0, 1] is shown at 2v - 1, so the map turns colour
// at the unit's threshold 0.5), "plain" otherwise (tanh's -1/+1, regression values).
export function outputScale(catalog, output, task) {
  const unit = catalog.output_units[output];
  if (!unit || task === "regression") return "plain";
  return unit.negative === 0 && unit.positive === 1 ? "unit" : "plain";
}

// A neuron's formula with its numbers, e.g. "tanh(0.53·X₁ − 1.20·X₂ + 0.10)": terms [weight, input name],
// the bias, and the activation's catalog entry (its short name wraps the sum; linear's is empty). At most
// `most` terms are written.
export function neuronFormula(terms, bias, activation, most = 16) {
  const shown = terms.slice(0, most);
  let text = "";
  shown.forEach(([w, name], r) => {
    const term = `${Math.abs(w).toFixed(2)}·${name}`;
    text += r === 0 ? (w < 0 ? `−${term}` : term) : ` ${w < 0 ? "−" : "+"} ${term}`;
  });
  if (shown.length < terms.length) text += ` + … (${terms.length - shown.length} more)`;
  text += ` ${bias < 0 ? "−" : "+"} ${Math.abs(bias).toFixed(2)}`;
  const short = activation ? activation.short : "";
  return short ? `${short}(${text})` : text;
}

// The activation's definition for a tooltip ("relu(z) = max(0, z)"), or "" where it says nothing new.
export function activationDefinition(activation) {
  if (!activation || !activation.short) return "";
  const left = `${activation.short}(z)`;
  return activation.formula === left ? "" : `${left} = ${activation.formula}`;
}
