// Files to and from the server: exports (run file, weights JSON, GIF, MP4 of this session's history) fetched
// as blobs so the button can show that a video is still rendering, and a CSV (or NPZ) upload that the server
// trains on (it then sends a new state over the socket, which the page draws like any other).

const $ = (id) => document.getElementById(id);

export function withToken(path) {
  const token = new URLSearchParams(location.search).get("token");
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}

// The server's one-line message of a refused request, or a fallback naming the status.
async function failure(response, what) {
  let text = "";
  try {
    text = (await response.text()).trim();
  } catch (err) {
    // the body could not be read: the status says enough
  }
  return text && text.length < 500 ? text : `${what} failed (HTTP ${response.status})`;
}

function setBusy(el, busy) {
  el.classList.toggle("busy", busy);
  el.setAttribute("aria-busy", String(busy));
  if ("disabled" in el) el.disabled = busy;
}

export class Files {
  constructor(actions) {
    this.actions = actions; // {error(text), uploaded(name)}
    this.session = null;
    for (const button of document.querySelectorAll("[data-export]")) {
      button.addEventListener("click", () => this.download(button.dataset.export, button));
    }
    const input = $("upload");
    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = ""; // the same file can be chosen again
      if (file) this.upload(file);
    });
  }

  update(state) {
    this.session = state.session || null;
    const offered = new Set(state.exports || []);
    for (const button of document.querySelectorAll("[data-export]")) button.hidden = !offered.has(button.dataset.export);
    $("exports").hidden = !this.session || offered.size === 0;
    $("upload-button").classList.toggle("disabled", !this.session);
  }

  async download(name, button) {
    if (!this.session || button.classList.contains("busy")) return;
    setBusy(button, true);
    try {
      const response = await fetch(withToken(`/export/${encodeURIComponent(this.session)}/${encodeURIComponent(name)}`));
      if (!response.ok) return this.actions.error(await failure(response, `export of ${name}`));
      const blob = await response.blob();
      const given = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") || "");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = given ? given[1] : `nnwatch-${name}`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (err) {
      this.actions.error(`export of ${name} failed: ${err.message}`);
    } finally {
      setBusy(button, false);
    }
  }

  async upload(file) {
    if (!this.session) return this.actions.error("not connected yet; try again in a moment");
    const label = $("upload-button");
    setBusy(label, true);
    try {
      const binary = /\.npz$/i.test(file.name);
      const response = await fetch(withToken(`/upload/${encodeURIComponent(this.session)}`), {
        method: "POST",
        body: file,
        headers: {
          "Content-Type": binary ? "application/octet-stream" : "text/csv",
          "X-Filename": file.name.replace(/[^\x20-\x7e]/g, "_"), // header values must be plain ASCII
        },
      });
      if (!response.ok) return this.actions.error(await failure(response, "upload"));
      this.actions.uploaded(file.name);
    } catch (err) {
      this.actions.error(`upload of ${file.name} failed: ${err.message}`);
    } finally {
      setBusy(label, false);
    }
  }
}
