// Uploaded or drawn data kept across a reload: the server forgets a session's points when its socket closes, so
// the page keeps them in the tab's sessionStorage with the spec query they were trained under, and sends them
// again when the reloaded (or reconnected) page comes back to that same query. A new tab, or a URL naming other
// settings, starts from its URL as usual. Pure over the storage given; tested by tests/js/kept_data.test.mjs.

const KEY = "nnwatch:data";

// What to keep for a state that trains on the page's own points (state.custom), or null.
export function keptFor(state, name) {
  if (!state || !state.custom) return null;
  return { query: state.query, task: state.task, name: name || "drawn",
    points: state.dataset.train.concat(state.dataset.test) };
}

export function keep(storage, kept) {
  try {
    if (kept) storage.setItem(KEY, JSON.stringify(kept));
    else storage.removeItem(KEY);
    return true;
  } catch (err) {
    return false; // storage full or refused: the data live as long as the page
  }
}

// The kept data to send again for a page that starts with this query, or null.
export function restorable(storage, query) {
  let kept = null;
  try {
    kept = JSON.parse(storage.getItem(KEY) || "null");
  } catch (err) {
    return null;
  }
  return kept && kept.query === query && Array.isArray(kept.points) && kept.points.length ? kept : null;
}
