// Binary frames (see nnwatch/live/protocol.py): "NNWF", uint32 LE header length, JSON header (padded so the
// float32 payload is aligned; its fields are protocol.py's FRAME_HEADER), float32 params (each layer's w
// row-major, then b), uint8 neuron maps. Decoding makes views on the received buffer: no copies of the payloads.

// The frame layout this decoder reads: protocol.py's PROTOCOL_VERSION. The golden frame
// tests/live/goldens/frame.bin is decoded by both (tests/live/test_frame_golden.py, tests/js/frame.test.mjs),
// so a new layout cannot reach one side only.
export const PROTOCOL_VERSION = 3;

const decoder = new TextDecoder();

export function decodeFrame(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 8 || bytes[0] !== 78 || bytes[1] !== 78 || bytes[2] !== 87 || bytes[3] !== 70) {
    throw new Error("not an nnwatch frame");
  }
  const length = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(8, 8 + length)));
  if (header.version !== PROTOCOL_VERSION) {
    // A server of another version (upgraded while the page stayed open): its frames mean something else.
    throw new Error(`frame version ${header.version}; this page reads version ${PROTOCOL_VERSION}: reload the page`);
  }
  const start = 8 + length;
  if (bytes.length !== start + header.params_bytes + header.maps_bytes) {
    throw new Error(`frame is ${bytes.length} bytes; its header says ${start + header.params_bytes + header.maps_bytes}`);
  }
  const params = new Float32Array(buffer, start, header.params_bytes / 4);
  const maps = new Uint8Array(buffer, start + header.params_bytes, header.maps_bytes);
  return { header, params, maps };
}

// Offsets into the params array: layout[i] = {w, b, rows, cols} for weight layer i (sizes[i] -> sizes[i+1]).
export function paramLayout(sizes) {
  const layout = [];
  let at = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const rows = sizes[i];
    const cols = sizes[i + 1];
    layout.push({ w: at, b: at + rows * cols, rows, cols });
    at += rows * cols + cols;
  }
  return layout;
}

// Offset (in neurons) of each layer's first map: maps run from the input features to the output, neuron-major.
export function mapStarts(sizes) {
  const starts = [];
  let at = 0;
  for (const n of sizes) {
    starts.push(at);
    at += n;
  }
  return starts;
}

// Offset (in bytes) of the output layer's fine maps (the heatmap's, side header.output_density): after every
// neuron's map on the coarse grid.
export function fineOutputStart(header) {
  return header.sizes.reduce((sum, n) => sum + n, 0) * header.density * header.density;
}

export function sameSizes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
